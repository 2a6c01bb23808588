#pragma once
// The step trace as JSON (`--trace FILE`): one document per invocation, one entry per test,
// one record per step and process: rank, worker, kind, panel, the columns and rows it
// covered (local indices), start and end in seconds from the start of the timed region.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hpl/params.hpp"
#include "hpl/trace.hpp"

namespace exa::report {

/// One test's entry: its parameters and its steps.
nlohmann::json trace_test(const hpl::Params& p, int threads, const std::vector<hpl::TraceEvent>& events);
/// The whole document; `source` says "run" (executed) or "twin" (simulated).
nlohmann::json trace_document(const std::string& benchmark, const std::string& source, nlohmann::json tests);

}  // namespace exa::report
