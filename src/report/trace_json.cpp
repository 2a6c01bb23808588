#include "report/trace_json.hpp"

#include "report/json_file.hpp"
#include "version.hpp"

namespace exa::report {
namespace {

nlohmann::json step_record(const hpl::TraceEvent& e) {
    using hpl::schedule::StepKind;
    const auto& s = e.step;
    nlohmann::json j = {{"rank", e.rank}, {"kind", hpl::schedule::step_name(s.kind)}};
    if (s.kind != StepKind::back_solve) j["panel"] = s.panel;
    if (s.kind == StepKind::swap || s.kind == StepKind::solve || s.kind == StepKind::update)
        j["cols"] = {s.col0, s.col1};
    if (s.kind == StepKind::update) j["rows"] = {s.row0, s.row1};
    if (s.pool >= 0) {
        j["pool"] = s.pool;
        j["worker"] = e.worker;
    } else if (e.worker != 0) {
        j["worker"] = e.worker;
    }
    j["t0"] = e.t0;
    j["t1"] = e.t1;
    return j;
}

}  // namespace

nlohmann::json trace_test(const hpl::Params& p, int threads, const std::vector<hpl::TraceEvent>& events) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& e : events) steps.push_back(step_record(e));
    return {{"n", p.n},
            {"nb", p.nb},
            {"p", p.p},
            {"q", p.q},
            {"pmap", p.pmap == layout::ProcessMap::row_major ? "row" : "column"},
            {"depth", p.depth},
            {"bcast", hpl::broadcast_name(p.bcast)},
            {"swap", hpl::swap_name(p.swap)},
            {"threads", threads},
            {"steps", std::move(steps)}};
}

nlohmann::json trace_document(const std::string& benchmark, const std::string& source, nlohmann::json tests) {
    return {{"trace", "exabench step trace"},
            {"version", 1},
            {"exabench_version", EXA_VERSION},
            {"schema_version", result_schema_version},
            {"benchmark", benchmark},
            {"source", source},
            {"tests", std::move(tests)}};
}

}  // namespace exa::report
