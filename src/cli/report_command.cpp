#include "cli/report_command.hpp"

#include <fmt/format.h>

#include "cli/job.hpp"
#include "comm/communicator.hpp"
#include "report/html_report.hpp"
#include "report/json_file.hpp"

namespace exa::cli {

void add_report_flags(CLI::App& app, ReportOptions& opt) {
    app.add_option("RESULT", opt.inputs,
                   "JSON files written by exabench: hpl, mxp or hpcg --json, predict --json, and --trace files")
        ->required();
    app.add_option("-o,--output", opt.output, "The HTML page to write (whole or not at all)")->capture_default_str();
}

int run_report(const ReportOptions& opt) {
    auto self = comm::make_self();
    check_writable(*self, opt.output, "--output");
    std::vector<report::ReportInput> inputs;
    inputs.reserve(opt.inputs.size());
    for (const auto& path : opt.inputs) inputs.push_back(report::read_report_input(path));
    const std::string page = report::html_report(inputs);
    report::write_text_atomically(opt.output, page);
    std::size_t charts = 0;
    for (auto at = page.find("<figure class=\"chart\""); at != std::string::npos;
         at = page.find("<figure class=\"chart\"", at + 1))
        ++charts;
    fmt::print("exabench report: {} ({} input(s), {} chart(s))\n", opt.output, inputs.size(), charts);
    return 0;
}

}  // namespace exa::cli
