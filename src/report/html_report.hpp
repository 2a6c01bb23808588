#pragma once
// `exabench report`: one self-contained HTML page (inline SVG and CSS, no network) from the
// JSON that exabench writes: hpl and mxp results (--json), hpcg results, predictions
// (predict --json) and step traces (--trace). Several inputs are shown one after another
// and compared side by side.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace exa::report {

enum class InputKind { hpl_runs, mxp_runs, hpcg, predictions, trace };

struct ReportInput {
    std::string name;     ///< the file, as given
    InputKind kind = InputKind::hpl_runs;
    nlohmann::json doc;
};

/// Reads and recognizes one result file. Throws InputError in one line naming the file (and
/// the line, for a JSON syntax error) when it is not one of exabench's records.
ReportInput read_report_input(const std::string& path);

/// Recognizes an already parsed document; throws InputError naming `name` when it is not one.
ReportInput classify_report_input(const std::string& name, nlohmann::json doc);

/// The page. Every chart is a <figure class="chart" data-marks="N"> (report/svg.hpp).
std::string html_report(const std::vector<ReportInput>& inputs);

/// What --html does: the page of documents just written (each with the name it shows
/// under), written whole to `path`.
void write_html_page(const std::string& path, std::vector<std::pair<std::string, nlohmann::json>> docs);

}  // namespace exa::report
