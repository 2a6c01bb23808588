#pragma once
// `exabench report RESULT.json... -o report.html`: exabench's JSON results, predictions and
// traces as one HTML page (report/html_report.hpp).
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace exa::cli {

struct ReportOptions {
    std::vector<std::string> inputs;
    std::string output = "exabench-report.html";
};

void add_report_flags(CLI::App& app, ReportOptions& opt);
/// Reads every input first (a bad one stops the command before anything is written), then
/// writes the page whole. Throws InputError for bad input.
int run_report(const ReportOptions& opt);

}  // namespace exa::cli
