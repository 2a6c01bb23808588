#include "report/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "common/error.hpp"
#include "common/text_file.hpp"
#include "hpl/run.hpp"
#include "report/json_file.hpp"
#include "report/prediction_report.hpp"
#include "report/svg.hpp"
#include "report/top500.hpp"
#include "twin/catalog.hpp"
#include "version.hpp"

namespace exa::report {
namespace {

using nlohmann::json;
using svg::escape;

constexpr std::size_t most_trace_spans = 60000;  // beyond this a timeline is too dense to read
constexpr std::size_t most_trace_lanes = 256;
constexpr std::size_t most_table_lanes = 16;  // rows of the time-by-kind table

double number(const json& j, const char* key, double fallback = 0) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() && std::isfinite(it->get<double>()) ? it->get<double>() : fallback;
}

std::string text(const json& j, const char* key, const std::string& fallback = "") {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

/// Sentence case names of the phases in the JSON records.
std::string phase_name(const std::string& key) {
    static const std::map<std::string, std::string> names = {
        {"panel_factorization", "panel factorization"}, {"panel_factorization_s", "panel factorization"},
        {"broadcast_wait", "broadcast"},                {"broadcast_s", "broadcast"},
        {"waiting_s", "waiting"},                       {"row_swap", "row swaps"},
        {"row_swaps_s", "row swaps"},                   {"update", "update"},
        {"update_s", "update"},                         {"back_solve", "back-solve"},
        {"back_solve_s", "back-solve"},                 {"refinement_s", "refinement"}};
    const auto it = names.find(key);
    return it != names.end() ? it->second : key;
}

std::vector<svg::Part> phases(const json& table) {
    std::vector<svg::Part> out;
    if (!table.is_object()) return out;
    // A fixed order, so that the bars of several runs line up.
    for (const char* key : {"panel_factorization", "panel_factorization_s", "broadcast_wait", "broadcast_s",
                            "waiting_s", "row_swap", "row_swaps_s", "update", "update_s", "back_solve",
                            "back_solve_s", "refinement_s"})
        if (const auto it = table.find(key); it != table.end() && it->is_number())
            out.push_back({phase_name(key), it->get<double>()});
    return out;
}

std::string run_label(const json& r) {
    return fmt::format("{} N={} NB={} {}x{}", text(r, "tv"), number(r, "n"), number(r, "nb"), number(r, "p"),
                       number(r, "q"));
}

std::string machine_line(const json& doc) {
    const auto it = doc.find("machine");
    if (it == doc.end() || !it->is_object()) return "";
    const json& m = *it;
    return fmt::format("<p class=\"machine\">{} ({} cores, {} on {}); {} ranks x {} threads; {}; {}</p>\n",
                       escape(text(m, "cpu")), number(m, "cores"), escape(text(m, "cpu_isa")),
                       escape(text(m, "hostname")), number(m, "ranks"), number(m, "threads_per_rank"),
                       escape(text(m, "accelerator").empty() ? text(m, "blas_kernels", text(m, "blas"))
                                                             : text(m, "accelerator")),
                       escape(text(m, "mpi")));
}

/// The energy a run measured ("12.3 kJ, 245 W, 0.40 GFLOP/s per W"), or "not measured".
std::string energy_text(const json& record) {
    const json e = record.value("energy", json::object());
    if (!e.value("measured", false)) return "not measured";
    return fmt::format("{:.4g} kJ, {:.4g} W, {:.3g} GFLOP/s per W", number(e, "joules") / 1e3,
                       number(e, "average_w"), number(e, "gflops_per_watt"));
}

std::string status_cell(bool ok, const std::string& word) {
    return fmt::format("<td class=\"{}\">{}</td>", ok ? "pass" : "fail", escape(word));
}

// ---------------------------------------------------------------- HPL and HPL-MxP results

std::string runs_section(const ReportInput& in) {
    const bool mxp = in.kind == InputKind::mxp_runs;
    const json& runs = in.doc.at("runs");
    std::string s = fmt::format("<section><h2>{}: {}</h2>\n{}", mxp ? "HPL-MxP" : "HPL", escape(in.name),
                                machine_line(in.doc));
    s += "<table><tr><th>T/V</th><th>N</th><th>NB</th><th>P</th><th>Q</th><th>Time (s)</th><th>GFLOP/s</th>";
    if (mxp) s += "<th>precision</th><th>LU GFLOP/s</th><th>GMRES iterations</th>";
    s += "<th>scaled residual</th><th>check</th><th>energy</th>";
    const bool predicted = std::any_of(runs.begin(), runs.end(), [](const json& r) { return r.contains("predicted_gflops"); });
    if (predicted) s += "<th>twin GFLOP/s</th><th>twin - measured</th>";
    s += "</tr>\n";
    std::vector<svg::StackedRow> rows;
    std::vector<svg::Series> residuals;
    std::vector<svg::Part> rates;
    for (const auto& r : runs) {
        s += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2f}</td><td>{:.4g}</td>",
                         escape(text(r, "tv")), number(r, "n"), number(r, "nb"), number(r, "p"), number(r, "q"),
                         number(r, "time_s"), number(r, "gflops"));
        if (mxp) {
            const json refinement = r.value("refinement", json::object());
            s += fmt::format("<td>{}</td><td>{:.4g}</td><td>{}</td>", escape(text(r, "precision")),
                             number(r, "lu_gflops"), number(refinement, "iterations"));
        }
        s += fmt::format("<td>{:.4e}</td>", number(r, "scaled_residual"));
        s += status_cell(r.value("passed", false), text(r, "status", "?"));
        s += "<td>" + escape(energy_text(r)) + "</td>";
        if (predicted) {
            const double p = number(r, "predicted_gflops"), m = number(r, "gflops");
            s += p > 0 && m > 0 ? fmt::format("<td>{:.4g}</td><td>{:+.1f}%</td>", p, 100 * (p / m - 1)) : "<td></td><td></td>";
        }
        s += "</tr>\n";
        rows.push_back({run_label(r), phases(r.value("phases_max_s", json::object()))});
        if (r.contains("predicted_phases_s"))
            rows.push_back({"  twin's prediction", phases(r.at("predicted_phases_s"))});
        if (mxp) {
            rates.push_back({run_label(r) + " LU only", number(r, "lu_gflops")});
            rates.push_back({run_label(r) + " with refinement", number(r, "gflops")});
            svg::Series history{run_label(r), {}};
            const json refinement = r.value("refinement", json::object());
            const json h = refinement.value("scaled_residual_history", json::array());
            for (std::size_t i = 0; i < h.size(); ++i)
                if (h[i].is_number()) history.points.push_back({double(i), h[i].get<double>()});
            if (history.points.size() > 1) residuals.push_back(std::move(history));
        }
    }
    s += "</table>\n";
    s += svg::stacked_bars("Where the time went (the slowest process's phases)", rows, "s");
    if (mxp) {
        s += svg::bars("Rate of the factorization alone and with the refinement", rates, "GFLOP/s");
        if (!residuals.empty())
            s += svg::lines("Scaled residual after each refinement step", residuals, "step", "residual", true);
    }
    return s + "</section>\n";
}

// ---------------------------------------------------------------- HPCG

std::string hpcg_section(const ReportInput& in) {
    const json& d = in.doc;
    const bool valid = d.value("valid", false);
    std::string s = fmt::format("<section><h2>HPCG: {}</h2>\n{}", escape(in.name), machine_line(d));
    s += fmt::format("<p>Rating <b>{:.4g} GFLOP/s</b> on a {} x {} x {} local grid, {} x {} x {} processes; ",
                     number(d, "gflops"), number(d, "nx"), number(d, "ny"), number(d, "nz"), number(d, "npx"),
                     number(d, "npy"), number(d, "npz"));
    s += fmt::format("<span class=\"{}\">{}</span>; energy over the timed sets: {}</p>\n", valid ? "pass" : "fail",
                     valid ? "VALID" : "INVALID", escape(energy_text(d)));
    std::vector<svg::Part> flops, bandwidth;
    svg::Series points{"kernels", {}, true, false}, roof{"highest kernel bandwidth", {}, false};
    double best_gbs = 0, lo = 1e300, hi = 0;
    s += "<table><tr><th>kernel</th><th>GFLOP/s</th><th>GB/s</th><th>flop per byte</th><th>time (s)</th></tr>\n";
    const json kernels = d.value("kernels", json::object());
    for (const auto& [name, k] : kernels.items()) {
        const double gf = number(k, "gflops"), gbs = number(k, "bandwidth_gbs");
        const double intensity = number(k, "bytes") > 0 ? number(k, "flops") / number(k, "bytes") : 0;
        s += fmt::format("<tr><td>{}</td><td>{:.4g}</td><td>{:.4g}</td><td>{:.3f}</td><td>{:.3f}</td></tr>\n",
                         escape(name), gf, gbs, intensity, number(k, "time_s"));
        flops.push_back({name, gf});
        bandwidth.push_back({name, gbs});
        if (intensity > 0 && gf > 0) {
            points.points.push_back({intensity, gf});
            lo = std::min(lo, intensity), hi = std::max(hi, intensity);
        }
        best_gbs = std::max(best_gbs, gbs);
    }
    s += "</table>\n";
    s += svg::bars("GFLOP/s of each kernel", flops, "GFLOP/s");
    s += svg::bars("Memory bandwidth of each kernel (counted bytes over time)", bandwidth, "GB/s");
    if (!points.points.empty() && best_gbs > 0) {
        roof.points = {{lo / 2, best_gbs * lo / 2}, {hi * 2, best_gbs * hi * 2}};
        s += svg::lines("The kernels on a roofline: rate against flop per byte, under the highest kernel bandwidth",
                        {points, roof}, "flop per byte", "GFLOP/s", true);
    }
    return s + "</section>\n";
}

// ---------------------------------------------------------------- predictions

std::vector<const json*> prediction_records(const json& doc) {
    std::vector<const json*> out;
    if (doc.contains("predictions"))
        for (const auto& p : doc.at("predictions")) out.push_back(&p);
    else
        out.push_back(&doc);
    return out;
}

std::string benchmark_of(const json& p) { return text(p, "benchmark", "hpl"); }

std::string prediction_label(const json& p) {
    return fmt::format("{} {} ({} nodes)", text(p, "machine"), benchmark_of(p), number(p, "nodes"));
}

std::string predictions_section(const ReportInput& in) {
    std::string s = fmt::format("<section><h2>Twin predictions: {}</h2>\n", escape(in.name));
    s += "<table><tr><th>machine</th><th>benchmark</th><th>nodes</th><th>N</th><th>NB</th><th>P x Q</th>"
         "<th>time</th><th>rate</th><th>of Rpeak</th><th>power (kW)</th><th>published</th><th>twin - published</th></tr>\n";
    std::vector<svg::StackedRow> rows;
    std::vector<svg::Part> rates;
    std::string assumptions;
    for (const json* pp : prediction_records(in.doc)) {
        const json& p = *pp;
        const bool hpcg = benchmark_of(p) == "hpcg";
        const double gf = number(p, "gflops"), rpeak = number(p, "rpeak_gflops");
        const json published = p.value("published", json::object());
        const double pub = number(published, "gflops", number(published, "rmax_gflops"));
        s += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                         "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                         escape(text(p, "machine")), escape(benchmark_of(p)), number(p, "nodes"),
                         hpcg ? "" : fmt::format("{}", number(p, "n")), hpcg ? "" : fmt::format("{}", number(p, "nb")),
                         hpcg ? "" : fmt::format("{} x {}", number(p, "p"), number(p, "q")),
                         hpcg ? fmt::format("{:.3g} ms per iteration", 1e3 * number(p, "iteration_s"))
                              : duration(number(p, "time_s")),
                         flops_with_unit(gf), rpeak > 0 && !hpcg ? fmt::format("{:.1f}%", 100 * gf / rpeak) : "",
                         number(p, "power_kw") > 0 ? grouped(number(p, "power_kw")) : "",
                         pub > 0 ? flops_with_unit(pub) : "", pub > 0 ? fmt::format("{:+.1f}%", 100 * (gf / pub - 1)) : "");
        std::vector<svg::Part> parts;
        if (hpcg) {
            const json breakdown = p.value("iteration_breakdown_s", json::object());
            for (const auto& [name, v] : breakdown.items())
                if (v.is_number()) parts.push_back({name, v.get<double>()});
        } else {
            parts = phases(p.value("breakdown", json::object()));
        }
        rows.push_back({prediction_label(p), std::move(parts)});
        rates.push_back({prediction_label(p), gf});
        assumptions += fmt::format("<li><b>{}</b><ul>", escape(prediction_label(p)));
        for (const auto& a : p.value("assumptions", json::array()))
            if (a.is_string()) assumptions += "<li>" + escape(a.get<std::string>()) + "</li>";
        assumptions += "</ul></li>\n";
    }
    s += "</table>\n";
    s += svg::stacked_bars("Where the time goes, as simulated", rows, "s");
    for (const json* pp : prediction_records(in.doc)) {
        const json scaling = pp->value("scaling", json::array());
        if (!scaling.is_array() || scaling.size() < 2) continue;
        svg::Series rate{"predicted Rmax", {}}, ideal{"one node's rate times the nodes", {}, false};
        double per_node = 0;
        for (const auto& point : scaling) {
            const double nodes = number(point, "nodes"), gflops = number(point, "gflops");
            if (per_node == 0 && nodes > 0) per_node = gflops / nodes;
            rate.points.push_back({nodes, gflops});
            ideal.points.push_back({nodes, per_node * nodes});
        }
        s += svg::lines(fmt::format("Rmax against nodes on {}, each size tuned as the whole", text(*pp, "machine")),
                        {rate, ideal}, "nodes", "GFLOP/s", true);
    }
    if (rates.size() > 1) s += svg::bars("Predicted rates side by side", rates, "GFLOP/s");
    s += "<details><summary>What each prediction assumes</summary><ul>" + assumptions + "</ul></details>\n";
    return s + "</section>\n";
}

// ---------------------------------------------------------------- traces

/// What is wrong with one step of a trace (".rank: ..."), or nothing.
std::string step_problem(const json& st) {
    if (!st.is_object()) return ": must be an object";
    auto whole = [&](const char* key, bool required) -> std::string {
        const auto it = st.find(key);
        if (it == st.end()) return required ? fmt::format(".{}: missing", key) : "";
        if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 2147483647.0 ||
            it->get<double>() != std::floor(it->get<double>()))
            return fmt::format(".{}: must be a whole number from 0 to 2^31 - 1", key);
        return "";
    };
    for (const auto& why : {whole("rank", true), whole("worker", false), whole("panel", false)})
        if (!why.empty()) return why;
    for (const char* key : {"t0", "t1"}) {
        const auto it = st.find(key);
        if (it == st.end() || !it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < 0)
            return fmt::format(".{}: must be a time in seconds, 0 or more", key);
    }
    if (st.at("t1").get<double>() < st.at("t0").get<double>()) return ".t1: ends before t0";
    if (!st.contains("kind") || !st.at("kind").is_string()) return ".kind: must be a string";
    return "";
}

/// The steps of one lane of a trace: their spans, and their seconds by kind.
struct LaneTime {
    std::vector<std::pair<double, double>> spans;
    std::map<std::string, double> by_kind;
};

/// Each lane's time by kind of step, and idle (the time to the trace's end covered by none of
/// its steps): where the time went, in numbers beside the timeline.
std::string time_by_kind(const std::vector<std::string>& labels, const std::vector<LaneTime>& lanes) {
    static const std::vector<std::string> order = {"factor", "send", "recv", "swap", "solve", "update", "back_solve"};
    std::vector<std::string> kinds;
    for (const auto& k : order)
        if (std::any_of(lanes.begin(), lanes.end(), [&](const auto& l) { return l.by_kind.count(k) > 0; }))
            kinds.push_back(k);
    for (const auto& l : lanes)
        for (const auto& [k, v] : l.by_kind)
            if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.push_back(k);
    double end = 0;
    for (const auto& l : lanes)
        for (const auto& sp : l.spans) end = std::max(end, sp.second);
    if (end <= 0) return "";
    std::string s = "<table><tr><th>lane</th>";
    for (const auto& k : kinds) s += fmt::format("<th>{}</th>", escape(k));
    s += "<th>idle</th></tr>\n";
    auto cell = [&](double v, double whole) { return fmt::format("<td>{:.3f} s ({:.1f}%)</td>", v, 100 * v / whole); };
    std::map<std::string, double> all;
    double all_idle = 0;
    const std::size_t shown = std::min<std::size_t>(labels.size(), most_table_lanes);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        auto spans = lanes[i].spans;
        std::sort(spans.begin(), spans.end());
        double covered = 0, reach = 0;
        for (const auto& [t0, t1] : spans) {
            if (t1 > reach) covered += t1 - std::max(t0, reach);
            reach = std::max(reach, t1);
        }
        const double idle = end - covered;
        all_idle += idle;
        const auto& by_kind = lanes[i].by_kind;
        for (const auto& [k, v] : by_kind) all[k] += v;
        if (i >= shown) continue;
        s += fmt::format("<tr><td>{}</td>", escape(labels[i]));
        for (const auto& k : kinds) s += cell(by_kind.count(k) ? by_kind.at(k) : 0.0, end);
        s += cell(idle, end) + "</tr>\n";
    }
    if (labels.size() > 1) {
        const double whole = end * double(labels.size());
        s += "<tr><td>all lanes</td>";
        for (const auto& k : kinds) s += cell(all[k], whole);
        s += cell(all_idle, whole) + "</tr>\n";
    }
    s += "</table>\n";
    if (shown < labels.size())
        s += fmt::format("<p class=\"note\">The table shows {} of the {} lanes, and all of them together.</p>\n", shown,
                         labels.size());
    return s;
}

std::string trace_section(const ReportInput& in) {
    std::string s = fmt::format("<section><h2>Step trace: {}</h2>\n<p>Source: {} ({}).</p>\n", escape(in.name),
                                escape(text(in.doc, "benchmark", "hpl")), escape(text(in.doc, "source")));
    for (const auto& test : in.doc.at("tests")) {
        const double n = number(test, "n"), nb = number(test, "nb");
        const json& steps = test.at("steps");
        // Lanes: one per rank, and one per worker thread of a threaded lookahead (whose steps
        // without a worker are worker 0's, the thread that runs the lookahead's lane).
        std::set<int> threaded;
        for (const auto& st : steps)
            if (st.contains("worker")) threaded.insert(int(number(st, "rank")));
        const auto lane_of = [&](const json& st) {
            const int rank = int(number(st, "rank"));
            return std::pair<int, int>{rank, int(number(st, "worker", threaded.count(rank) ? 0 : -1))};
        };
        std::map<std::pair<int, int>, int> lanes;
        for (const auto& st : steps) lanes[lane_of(st)] = 0;
        std::vector<std::string> labels;
        for (auto& [key, row] : lanes) {
            row = labels.size() < most_trace_lanes ? int(labels.size()) : -1;
            if (row >= 0)
                labels.push_back(key.second < 0 ? fmt::format("rank {}", key.first)
                                                : fmt::format("rank {} thread {}", key.first, key.second));
        }
        std::vector<svg::Span> spans;
        std::map<int, double> panel_end;
        std::size_t left_out = 0;
        std::vector<LaneTime> lane_time(labels.size());
        for (const auto& st : steps) {
            const double t0 = number(st, "t0"), t1 = number(st, "t1");
            const int row = lanes[lane_of(st)];
            if (row >= 0) {
                lane_time[std::size_t(row)].spans.push_back({t0, t1});
                lane_time[std::size_t(row)].by_kind[text(st, "kind")] += t1 - t0;
            }
            if (spans.size() < most_trace_spans && row >= 0) spans.push_back({row, t0, t1, text(st, "kind")});
            else ++left_out;
            if (st.contains("panel")) {
                double& end = panel_end[int(number(st, "panel"))];
                end = std::max(end, t1);
            }
        }
        s += fmt::format("<h3>N={} NB={} {} x {}, BCAST {}, DEPTH {}</h3>\n", n, nb, number(test, "p"),
                         number(test, "q"), escape(text(test, "bcast")), number(test, "depth"));
        if (left_out > 0)
            s += fmt::format("<p class=\"note\">The timeline draws {} of the {} steps (at most {} lanes, {} steps).</p>\n",
                             spans.size(), steps.size(), most_trace_lanes, most_trace_spans);
        s += svg::timeline("Every step of every process, in time", labels, spans);
        s += time_by_kind(labels, lane_time);
        // The rate of each panel's share of the factorization: LU's flops between the ends
        // of successive panels' last steps.
        svg::Series rate{"measured", {}};
        double before = 0;
        for (const auto& [k, end] : panel_end) {
            const double rest = std::max(0.0, n - k * nb), after = std::max(0.0, n - (k + 1) * nb);
            const double flops = 2.0 / 3.0 * (rest * rest * rest - after * after * after);
            if (end > before && flops > 0) rate.points.push_back({double(k), flops / (end - before) / 1e9});
            before = std::max(before, end);
        }
        if (!rate.points.empty())
            s += svg::lines("Rate panel by panel: the LU's flops of each panel over the time until it is done",
                            {rate}, "panel", "GFLOP/s");
    }
    return s + "</section>\n";
}

// ---------------------------------------------------------------- across inputs

struct Rate {
    std::string label;
    double gflops = 0;
    bool predicted = false;
};

std::vector<Rate> hpl_rates(const std::vector<ReportInput>& inputs) {
    std::vector<Rate> out;
    for (const auto& in : inputs) {
        if (in.kind == InputKind::hpl_runs)
            for (const auto& r : in.doc.at("runs")) out.push_back({in.name + ": " + run_label(r), number(r, "gflops"), false});
        if (in.kind == InputKind::predictions)
            for (const json* p : prediction_records(in.doc))
                if (benchmark_of(*p) == "hpl") out.push_back({prediction_label(*p), number(*p, "gflops"), true});
    }
    return out;
}

std::string comparison_section(const std::vector<ReportInput>& inputs) {
    std::vector<svg::Part> parts;
    for (const auto& in : inputs) {
        if (in.kind == InputKind::hpl_runs || in.kind == InputKind::mxp_runs)
            for (const auto& r : in.doc.at("runs"))
                parts.push_back({fmt::format("{}: {}", in.name, run_label(r)), number(r, "gflops")});
        if (in.kind == InputKind::hpcg) parts.push_back({in.name + ": HPCG", number(in.doc, "gflops")});
    }
    if (parts.size() < 2) return "";
    return "<section><h2>Side by side</h2>\n" + svg::bars("Measured rates of every result given", parts, "GFLOP/s") +
           "</section>\n";
}

/// Where the best HPL rate given would stand: among the November 2025 list's rows carried
/// (their ranks known) and the other TOP500 entries the machine catalog cites (ranks not
/// carried), with the nearest above and below.
std::string placement_section(const std::vector<ReportInput>& inputs) {
    const auto rates = hpl_rates(inputs);
    if (rates.empty()) return "";
    // A measured result when there is one: a prediction beside it is not what the page is about.
    const bool measured = std::any_of(rates.begin(), rates.end(), [](const Rate& r) { return !r.predicted; });
    Rate best;
    for (const auto& r : rates)
        if (r.predicted != measured && r.gflops > best.gflops) best = r;
    struct Listed {
        int rank;  ///< 0: not carried
        std::string name, list;
        double gflops;
    };
    std::vector<Listed> listed;
    for (const auto& [rank, sys] : top500_2025_11) listed.push_back({rank, sys.name, sys.list, sys.rmax_gflops});
    for (const auto& m : twin::builtin_machines()) {
        if (m.published.rmax_gflops <= 0 || !m.published.list.starts_with("TOP500")) continue;
        const bool known = std::any_of(listed.begin(), listed.end(), [&](const Listed& l) {
            return std::abs(l.gflops / m.published.rmax_gflops - 1) < 1e-3;
        });
        if (!known) listed.push_back({0, m.name, m.published.list, m.published.rmax_gflops});
    }
    std::sort(listed.begin(), listed.end(), [](const Listed& a, const Listed& b) { return a.gflops > b.gflops; });
    std::size_t above = 0;
    while (above < listed.size() && listed[above].gflops > best.gflops) ++above;
    const std::string place = top500_place(best.gflops);
    std::string s = "<section><h2>Where it would stand</h2>\n";
    s += fmt::format("<p>The best {} HPL rate given, {} ({}), would place <b>{}</b> on the November 2025 TOP500. "
                     "The page carries the rows of that list with a public source, {}, and the other TOP500 systems "
                     "exabench's machine catalog cites, not the whole list: between the rows carried, the rank is a "
                     "range, and the neighbours shown are these systems only.</p>\n"
                     "<table class=\"place\"><tr><th>rank</th><th>system</th><th>list</th><th>Rmax</th></tr>\n",
                     measured ? "measured" : "predicted", flops_with_unit(best.gflops), escape(best.label), place,
                     top500_rows_carried());
    // The nearest three above and below.
    const std::size_t from = above > 3 ? above - 3 : 0, to = std::min(listed.size(), above + 3);
    for (std::size_t i = from; i <= to; ++i) {
        if (i == above)
            s += fmt::format("<tr class=\"this\"><td>{}</td><td>this result</td><td></td><td>{}</td></tr>\n",
                             escape(place), flops_with_unit(best.gflops));
        if (i < to)
            s += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                             listed[i].rank > 0 ? fmt::format("#{}", listed[i].rank) : "",
                             escape(listed[i].name), escape(listed[i].list), flops_with_unit(listed[i].gflops));
    }
    s += "</table>\n";
    if (best.gflops > 0)
        s += fmt::format("<p>JUPITER ({}, {}) equals <b>{}</b> of this machine.</p>\n",
                         flops_with_unit(jupiter.rmax_gflops), escape(jupiter.list),
                         grouped(jupiter.rmax_gflops / best.gflops));
    return s + "</section>\n";
}

constexpr const char* style = R"(
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1000px; color: #222; }
h1 { font-size: 24px; margin-bottom: 0; } h2 { font-size: 19px; border-bottom: 1px solid #ddd; margin-top: 32px; }
h3 { font-size: 15px; } .machine, .note, header p { color: #555; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 9px; border-bottom: 1px solid #eee; text-align: right; } th { background: #f5f5f5; }
td:first-child, th:first-child { text-align: left; }
table.place td, table.place th { text-align: left; } table.place td:last-child { text-align: right; }
.pass { color: #137333; font-weight: 600; } .fail { color: #c5221f; font-weight: 600; }
tr.this td { background: #fff4d6; font-weight: 600; }
figure { margin: 12px 0 20px; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg text { font: 11px system-ui, sans-serif; fill: #333; } svg .inbar { fill: #fff; }
svg .grid { stroke: #e4e4e4; } svg .axis { font-weight: 600; }
footer { margin-top: 40px; color: #777; font-size: 12px; }
)";

// Counts each chart's drawn marks (a non-empty box) against the marks its data gives; the
// result goes on <body data-check> for a headless browser to read.
constexpr const char* self_check = R"(
(function () {
  let ok = true;
  for (const f of document.querySelectorAll('figure.chart')) {
    let drawn = 0;
    for (const m of f.querySelectorAll('.mark')) { const b = m.getBBox(); if (b.width > 0 && b.height > 0) ++drawn; }
    f.dataset.drawn = drawn;
    if (String(drawn) !== f.dataset.marks) ok = false;
  }
  document.body.dataset.check = ok ? 'ok' : 'mismatch';
})();
)";

}  // namespace

ReportInput classify_report_input(const std::string& name, json doc) {
    ReportInput in{name, InputKind::hpl_runs, std::move(doc)};
    const json& d = in.doc;
    auto fail = [&](const std::string& why) { throw InputError(fmt::format("{}: {}", name, why)); };
    if (!d.is_object()) fail("not an exabench result (a JSON object from --json or --trace)");
    const std::string bench = text(d, "benchmark");
    if (text(d, "trace") == "exabench step trace") {
        if (!d.contains("tests") || !d.at("tests").is_array()) fail("tests: missing (a trace lists its tests)");
        for (std::size_t i = 0; i < d.at("tests").size(); ++i) {
            const json& t = d.at("tests")[i];
            if (!t.is_object() || !t.contains("steps") || !t.at("steps").is_array())
                fail(fmt::format("tests[{}]: every test needs its steps", i));
            for (std::size_t j = 0; j < t.at("steps").size(); ++j) {
                const std::string at = fmt::format("tests[{}].steps[{}]", i, j);
                if (const auto why = step_problem(t.at("steps")[j]); !why.empty()) fail(at + why);
            }
        }
        in.kind = InputKind::trace;
    } else if ((bench == "hpl" || bench == "mxp") && d.contains("runs")) {
        if (!d.at("runs").is_array()) fail("runs: must be an array of results");
        for (const auto& r : d.at("runs"))
            if (!r.is_object()) fail("runs: must be an array of results");
        in.kind = bench == "mxp" ? InputKind::mxp_runs : InputKind::hpl_runs;
    } else if (bench == "hpcg" && d.contains("kernels")) {
        if (!d.at("kernels").is_object()) fail("kernels: must be an object");
        in.kind = InputKind::hpcg;
    } else if (d.contains("predictions") || (d.contains("machine") && d.at("machine").is_string() && d.contains("gflops"))) {
        if (d.contains("predictions") && !d.at("predictions").is_array()) fail("predictions: must be an array");
        for (const json* p : prediction_records(d))
            if (!p->is_object()) fail("predictions: must be an array of records");
        in.kind = InputKind::predictions;
    } else {
        fail("not an exabench result: expected the JSON of hpl, mxp, hpcg or predict (--json), or a --trace file");
    }
    return in;
}

ReportInput read_report_input(const std::string& path) {
    const auto body = read_text_file(path);
    if (!body) throw InputError(fmt::format("{}: cannot be read", path));
    json doc;
    try {
        doc = json::parse(*body);
    } catch (const json::parse_error& e) {
        // nlohmann gives the byte; people read lines.
        const std::size_t at = std::min(e.byte > 0 ? e.byte - 1 : 0, body->size());
        const auto line = 1 + std::count(body->begin(), body->begin() + std::ptrdiff_t(at), '\n');
        throw InputError(fmt::format("{}:{}: not JSON (a result file written by exabench --json or --trace)", path, line));
    }
    return classify_report_input(path, std::move(doc));
}

void write_html_page(const std::string& path, std::vector<std::pair<std::string, nlohmann::json>> docs) {
    std::vector<ReportInput> inputs;
    for (auto& [name, doc] : docs) inputs.push_back(classify_report_input(name, std::move(doc)));
    write_text_atomically(path, html_report(inputs));
}

std::string html_report(const std::vector<ReportInput>& inputs) {
    std::string files;
    for (const auto& in : inputs) files += (files.empty() ? "" : ", ") + escape(in.name);
    std::string page = fmt::format("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                                   "<title>exabench report</title>\n<style>{}</style></head>\n<body>\n"
                                   "<header><h1>exabench report</h1><p>From {}</p></header>\n",
                                   style, files);
    page += placement_section(inputs);
    page += comparison_section(inputs);
    for (const auto& in : inputs) {
        switch (in.kind) {
            case InputKind::hpl_runs:
            case InputKind::mxp_runs: page += runs_section(in); break;
            case InputKind::hpcg: page += hpcg_section(in); break;
            case InputKind::predictions: page += predictions_section(in); break;
            case InputKind::trace: page += trace_section(in); break;
        }
    }
    page += fmt::format("<footer>exabench {}: every figure on this page comes from the files named above.</footer>\n"
                        "<script>{}</script>\n</body></html>\n",
                        EXA_VERSION, self_check);
    return page;
}

}  // namespace exa::report
