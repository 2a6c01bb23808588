#include "cli/predict_command.hpp"

#include <fmt/format.h>

#include "cli/flags.hpp"
#include "cli/hpl_command.hpp"
#include "cli/hpl_dat.hpp"
#include "common/error.hpp"
#include "common/text_file.hpp"
#include "report/html_report.hpp"
#include "report/json_file.hpp"
#include "report/trace_json.hpp"
#include "report/benchmark_predictions.hpp"
#include "report/prediction_report.hpp"
#include "report/progress.hpp"
#include "twin/catalog.hpp"
#include "twin/device.hpp"
#include "twin/device_machine.hpp"
#include "twin/hpcg_predict.hpp"
#include "twin/mxp_predict.hpp"
#include "twin/predict.hpp"
#include "version.hpp"

namespace exa::cli {

namespace {
std::string calibration_file(const std::string& path) { return path.empty() ? default_calibration_file : path; }

/// A trace follows configurations given whole, and of a size a file can hold.
void check_traceable(const std::vector<twin::PredictOptions>& runs, bool tune) {
    if (tune) throw InputError("--trace: not with --tune (a trace follows one configuration)");
    constexpr double most_steps = 2e7;
    for (const auto& o : runs) {
        if (!o.n_given || !o.nb_given || !o.grid_given)
            throw InputError("--trace: give -n, --nb, -p and -q (or --dat): a trace follows one configuration");
        const auto& t = o.params;
        // Each process runs a few steps per panel, and a few more per piece of its update.
        const double steps = double(t.p) * t.q * double(hpl::schedule::panel_count(t.n, t.nb)) * 12;
        if (steps > most_steps)
            throw InputError(fmt::format("--trace: N = {} on a {} x {} grid makes about {:.0f} million steps; "
                                         "trace at most {:.0f} million (a smaller N, a larger NB or a smaller grid)",
                                         t.n, t.p, t.q, steps / 1e6, most_steps / 1e6));
    }
}
}  // namespace

std::unique_ptr<probe::Calibration> load_calibration(const std::string& path) {
    const std::string file = calibration_file(path);
    const auto text = read_text_file(file);
    if (!text) {
        if (path.empty()) return nullptr;
        throw InputError(fmt::format("{}: cannot open the calibration file", file));
    }
    return std::make_unique<probe::Calibration>(probe::parse_calibration(*text, file));
}

void warn_if_unsteady(const probe::Calibration& cal, const std::string& path) {
    if (const auto warning = cal.unsteady_warning(); !warning.empty())
        fmt::print(stderr, "exabench: warning: {}: {}\n", calibration_file(path), warning);
}

/// A machine grown by `more` nodes must still be one network: a single node cannot grow,
/// and a torus holds only the positions of its dimensions.
void check_can_grow(const twin::Machine& m, int more) {
    const auto& net = m.network;
    if (net.topology == twin::Topology::single_node)
        throw InputError(fmt::format("--nodes: {} is a single node (its network has no topology to grow)", m.name));
    if (net.topology != twin::Topology::torus) return;
    double positions = 1, nodes = more;
    for (int d : net.dimensions) positions *= d;
    for (const auto& mod : m.modules) nodes += mod.nodes;
    if (nodes > positions)
        throw InputError(fmt::format("--nodes: {}'s torus has {:.0f} positions, not the {:.0f} nodes asked", m.name,
                                     positions, nodes));
}

void add_predict_flags(CLI::App& app, PredictOptions& opt) {
    app.add_option("MACHINE", opt.machines,
                   "Machines of the catalog (exabench machines), `this`, or machine files (.toml); several "
                   "are compared in one table")
        ->required();
    add_hpl_flags(app, opt.run);
    opt.nb_option = app.get_option("--nb");
    app.add_option("--module", opt.module, "Module of the machine (default: its first)");
    app.add_option("--nodes", opt.nodes,
                   "Nodes the run uses (default: the whole module; more than it has: the module grown to that size)")
        ->check(at_least(1));
    app.add_option("--accelerator", opt.accelerators,
                   "What if: the module's accelerators replaced by these catalog devices (exabench devices), "
                   "same packages per node; one prediction each")
        ->delimiter(',');
    app.add_option("--cpu", opt.cpus,
                   "What if: the module's CPUs replaced by these catalog devices, same sockets; one prediction each")
        ->delimiter(',');
    app.add_option("--ranks-per-node", opt.ranks_per_node,
                   "Processes per node (default: one per accelerator, else one per socket)")
        ->check(at_least(1));
    app.add_option("--matrix-memory", opt.matrix_memory,
                   "Where the matrix lives: gpu, gpu+cpu (Grace-Hopper) or cpu (default: the machine's)")
        ->check(CLI::IsMember({"gpu", "gpu+cpu", "cpu"}));
    app.add_option("--memory-fraction", opt.memory_fraction,
                   "Fraction of the matrix memory that an automatic N fills")
        ->check(CLI::Range(0.01, 0.99))->capture_default_str();
    app.add_option("--calibration", opt.calibration,
                   fmt::format("probe::Calibration file for `this` (default: ./{} when present)", default_calibration_file));
    app.add_flag("--tune", opt.tune, "Print the best configurations the twin found, not just the best");
    app.add_flag("--scaling", opt.scaling,
                 "HPL also on 1, 2, 4, ... nodes up to the whole module, each sized and tuned as the whole is "
                 "(Rmax against nodes, in the text, the JSON and --html)");
    app.add_option("--benchmark", opt.benchmark, "What to predict: hpl, mxp (HPL-MxP), hpcg or all")
        ->check(CLI::IsMember({"hpl", "mxp", "hpcg", "all"}))
        ->capture_default_str();
    app.add_option("--precision", opt.precision, "HPL-MxP's factorization: fp32, bf16 or fp16")
        ->check(CLI::IsMember({"fp32", "bf16", "fp16"}))
        ->capture_default_str();
}

namespace {

/// One machine to predict: as its file says, or with devices swapped and its size changed.
struct Variant {
    twin::Machine machine;
    bool changed = false;
};

/// Every machine x accelerator x CPU the flags ask for, in that order.
std::vector<Variant> variants(const PredictOptions& opt, const probe::Calibration* cal) {
    std::vector<const twin::Device*> accels{nullptr}, cpus{nullptr};
    std::vector<twin::Device> devices;
    devices.reserve(opt.accelerators.size() + opt.cpus.size());
    auto lookup = [&](const std::string& name, const char* flag) {
        try {
            devices.push_back(twin::find_device(name));
        } catch (const InputError& e) {
            throw InputError(fmt::format("{}: {}", flag, e.what()));
        }
        return &devices.back();
    };
    if (!opt.accelerators.empty()) accels.clear();
    for (const auto& a : opt.accelerators) accels.push_back(lookup(a, "--accelerator"));
    if (!opt.cpus.empty()) cpus.clear();
    for (const auto& c : opt.cpus) cpus.push_back(lookup(c, "--cpu"));

    std::vector<Variant> out;
    for (const auto& name : opt.machines) {
        const twin::Machine base = twin::find_machine(name, cal);
        for (const auto* accel : accels) {
            for (const auto* cpu : cpus) {
                Variant v{base, accel || cpu};
                auto& mod = v.machine.module(opt.module);
                twin::swap_devices(mod, accel, cpu);
                std::string what;
                if (accel) what += fmt::format(", {} x {}", mod.accelerator.count / mod.accelerator.dies, accel->name);
                if (cpu) what += fmt::format(", {} x {}", mod.cpu.sockets, cpu->name);
                if (opt.nodes > mod.nodes) {
                    check_can_grow(v.machine, opt.nodes - mod.nodes);
                    mod.assumptions.push_back(fmt::format("module {} grown from {} to {} nodes", mod.name, mod.nodes,
                                                          opt.nodes));
                    what += fmt::format(", {} nodes", opt.nodes);
                    mod.nodes = opt.nodes;
                    v.changed = true;
                }
                if (v.changed) {
                    v.machine.name += " (what if" + what + ")";
                    v.machine.published = {};  // a published result is of the machine as built
                }
                out.push_back(std::move(v));
            }
        }
    }
    return out;
}

}  // namespace

int run_predict(comm::Communicator& world, PredictOptions opt) {
    if (world.rank() != 0) return 0;  // a prediction needs one process
    auto self = comm::make_self();  // one process decides
    if (!opt.run.json.empty()) check_writable(*self, opt.run.json, "--json");
    if (!opt.run.trace.empty()) check_writable(*self, opt.run.trace, "--trace");
    if (!opt.run.html.empty()) check_writable(*self, opt.run.html, "--html");
    const auto cal = load_calibration(opt.calibration);
    const auto machines = variants(opt, cal.get());

    twin::PredictOptions base;
    base.module = opt.module;
    base.nodes = opt.nodes;
    base.ranks_per_node = opt.ranks_per_node;
    base.threads = opt.run.threads;
    base.memory_fraction = opt.memory_fraction;
    if (!opt.matrix_memory.empty())
        base.matrix_memory = opt.matrix_memory == "gpu"       ? twin::MatrixMemory::gpu
                             : opt.matrix_memory == "gpu+cpu" ? twin::MatrixMemory::gpu_cpu
                                                              : twin::MatrixMemory::cpu;

    std::vector<twin::PredictOptions> runs;
    if (!opt.run.dat.empty()) {
        const auto plan = parse_hpl_dat(read_on_root(world, opt.run.dat, "the HPL.dat file"), opt.run.dat);
        for (const auto& t : plan.tests()) {
            auto o = base;
            o.params = t;
            o.n_given = o.nb_given = o.grid_given = true;
            runs.push_back(o);
        }
    } else {
        auto o = base;
        o.params = opt.run.params;
        o.n_given = opt.run.n_given;
        o.nb_given = opt.nb_option && opt.nb_option->count() > 0;
        o.grid_given = opt.run.grid_given;
        runs.push_back(o);
    }

    const bool tracing = !opt.run.trace.empty();
    if (tracing) check_traceable(runs, opt.tune);
    if (opt.scaling)
        for (const auto& o : runs)
            if (o.n_given || o.grid_given || !opt.run.dat.empty())
                throw InputError("--scaling: the twin sizes N and the grid at each node count (leave out -n, -p, -q "
                                 "and --dat)");
    if (tracing && machines.size() > 1) throw InputError("--trace: one machine (a trace follows one configuration)");

    const bool hpl = opt.benchmark == "hpl" || opt.benchmark == "all";
    const bool mxp = opt.benchmark == "mxp" || opt.benchmark == "all";
    const bool hpcg = opt.benchmark == "hpcg" || opt.benchmark == "all";
    if (tracing && opt.benchmark != "hpl") throw InputError("--trace: HPL's predictions only (--benchmark hpl)");
    const auto low = opt.precision == "fp32" ? twin::LuPrecision::fp32 : twin::LuPrecision::fp16;

    nlohmann::json records = nlohmann::json::array(), traces = nlohmann::json::array();
    std::vector<report::ComparisonRow> table;
    bool first = true;
    auto separate = [&] {
        if (!first) std::printf("\n");
        first = false;
    };
    for (const auto& v : machines) {
        const twin::Machine& machine = v.machine;
        const bool here = machine.name == "this";
        if (here && cal) warn_if_unsteady(*cal, opt.calibration);
        for (auto o : runs) {
            o.calibration = here ? cal.get() : nullptr;
            std::unique_ptr<report::Progress> bar;  // a simulation of seconds shows its progress
            o.progress = [&](std::size_t done, std::size_t total) {
                if (!bar) bar = std::make_unique<report::Progress>("predict " + machine.name, double(total), true,
                                                                   "configurations/s");
                bar->update(double(done) / double(total));
            };
            if (hpl) {
                separate();
                twin::Prediction p;
                if (opt.tune) {
                    const auto all = twin::tune_hpl(machine, o);
                    bar.reset();
                    p = all.front();
                    report::print_prediction(stdout, machine, p);
                    report::print_tuning(stdout, all, 10);
                } else {
                    std::vector<hpl::TraceEvent> events;
                    if (tracing) o.trace = &events;
                    p = twin::predict_hpl(machine, o);
                    bar.reset();
                    report::print_prediction(stdout, machine, p);
                    if (tracing) traces.push_back(report::trace_test(p.params, p.threads, events));
                }
                records.push_back(report::prediction_record(machine, p));
                table.push_back(report::comparison_row(machine, p));
                if (opt.scaling) {
                    std::vector<twin::Prediction> points;
                    for (int nodes = 1; nodes < p.nodes; nodes *= 2) {
                        auto s = o;
                        s.nodes = nodes;
                        s.trace = nullptr;
                        points.push_back(twin::predict_hpl(machine, s));
                        bar.reset();
                    }
                    points.push_back(p);
                    report::print_scaling(stdout, points);
                    records.back()["scaling"] = report::scaling_record(points);
                }
            }
            if (mxp) {
                separate();
                auto m = o;
                m.precision = low;
                const auto p = twin::predict_mxp(machine, m);
                bar.reset();
                report::print_mxp_prediction(stdout, machine, p);
                records.push_back(report::mxp_record(machine, p));
                table.push_back(report::comparison_row(machine, p));
            }
        }
        if (hpcg) {
            separate();
            const auto p = twin::predict_hpcg(machine, base);
            report::print_hpcg_prediction(stdout, machine, p);
            records.push_back(report::hpcg_record(machine, p));
            table.push_back(report::comparison_row(machine, p));
        }
    }
    if (machines.size() > 1 || opt.benchmark == "all") report::print_comparison(stdout, table);
    nlohmann::json doc = records.size() == 1 ? records.front() : nlohmann::json{{"predictions", records}};
    doc["exabench_version"] = EXA_VERSION;
    doc["schema_version"] = report::result_schema_version;
    if (!opt.run.json.empty()) report::write_json_atomically(opt.run.json, doc);
    nlohmann::json trace_doc;
    if (tracing) {
        trace_doc = report::trace_document("hpl", "twin", std::move(traces));
        report::write_json_atomically(opt.run.trace, trace_doc);
    }
    if (!opt.run.html.empty()) {
        std::vector<std::pair<std::string, nlohmann::json>> page{
            {opt.run.json.empty() ? "prediction" : opt.run.json, std::move(doc)}};
        if (tracing) page.emplace_back(opt.run.trace, std::move(trace_doc));
        report::write_html_page(opt.run.html, std::move(page));
    }
    return 0;
}

int run_devices() {
    report::print_devices(stdout, twin::builtin_devices());
    return 0;
}

int run_machines() {
    report::print_catalog(stdout, twin::builtin_machines());
    std::printf("%-32s %7s  %s\n", "this", "1", "this machine: detected, with `exabench calibrate`'s measurements");
    return 0;
}

}  // namespace exa::cli
