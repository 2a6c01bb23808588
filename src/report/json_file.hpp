#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "hpl/run.hpp"

namespace exa::report {

/// The version of docs/schema/exabench-result.schema.json every JSON document follows: it
/// changes when a field is removed or changes meaning.
inline constexpr int result_schema_version = 1;

/// Writes `text` to `path` whole or not at all (a temporary file renamed into place).
void write_text_atomically(const std::string& path, const std::string& text);
/// The same for a JSON document.
void write_json_atomically(const std::string& path, const nlohmann::json& doc);

/// One HPL test as a record of the "runs" array: every parameter, the result, phase times.
nlohmann::json hpl_run_record(const hpl::TestResult& r);

}  // namespace exa::report
