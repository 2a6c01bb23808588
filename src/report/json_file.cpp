#include "report/json_file.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "common/error.hpp"

namespace exa::report {

void write_json_atomically(const std::string& path, const nlohmann::json& doc) {
    write_text_atomically(path, doc.dump(2) + "\n");
}

void write_text_atomically(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp." + std::to_string(getpid());
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) throw InputError(path + ": cannot write the result file");
        out << text;
        out.flush();
        if (!out) {
            std::remove(tmp.c_str());
            throw Error(path + ": writing the result file failed");
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw Error(path + ": cannot move the result file into place");
    }
}

namespace {

nlohmann::json phases_json(const hpl::PhaseTimes& t) {
    return {{"panel_factorization", t.pfact},
            {"broadcast_wait", t.bcast},
            {"row_swap", t.swap},
            {"update", t.update},
            {"back_solve", t.backsolve}};
}

}  // namespace

nlohmann::json hpl_run_record(const hpl::TestResult& r) {
    const auto& p = r.params;
    const char* status = r.info ? "SKIPPED" : (!r.checked ? "UNCHECKED" : (r.passed ? "PASSED" : "FAILED"));
    nlohmann::json j = {
        {"tv", hpl::tv_code(p)},
        {"n", p.n},
        {"nb", p.nb},
        {"p", p.p},
        {"q", p.q},
        {"pmap", p.pmap == layout::ProcessMap::row_major ? "row" : "column"},
        {"pfact", hpl::factorization_name(p.pfact)},
        {"nbmin", p.nbmin},
        {"ndiv", p.ndiv},
        {"rfact", hpl::factorization_name(p.rfact)},
        {"bcast", hpl::broadcast_name(p.bcast)},
        {"depth", p.depth},
        {"swap", hpl::swap_name(p.swap)},
        {"swap_threshold", p.swap_threshold},
        {"l1_transposed", p.l1_transposed},
        {"u_transposed", p.u_transposed},
        {"equil", p.equil},
        {"align", p.align},
        {"seed", p.seed},
        {"threshold", p.threshold},
        {"time_s", r.time_s},
        {"gflops", r.gflops},
        {"status", status},
        {"passed", r.passed && r.info == 0},
        {"phases_s", phases_json(r.phases)},
        {"phases_max_s", phases_json(r.phases_max)},
        {"generate_s", r.generate_s},
        {"check_s", r.check_s},
        {"start_unix", r.start},
        {"end_unix", r.end},
    };
    if (r.info) j["zero_pivot_column"] = r.info;
    if (r.checked) {
        j["scaled_residual"] = r.check.resid;
        j["norms"] = {{"r_inf", r.check.r_inf}, {"a_inf", r.check.a_inf}, {"a_one", r.check.a_one},
                      {"x_inf", r.check.x_inf}, {"x_one", r.check.x_one}, {"b_inf", r.check.b_inf},
                      {"eps", r.check.eps}};
    } else {
        j["scaled_residual"] = nullptr;
    }
    return j;
}

}  // namespace exa::report
