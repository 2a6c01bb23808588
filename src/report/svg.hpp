#pragma once
// The charts of `exabench report`, drawn as inline SVG: a stacked bar per row (where the time
// goes), bars (rates side by side), lines with points (rate panel by panel, roofline) and a
// timeline of spans (a trace's steps per rank). Each chart is a <figure> whose data-marks
// says how many marks its data gives; every mark carries class "mark", so a browser can
// count what it drew against the data.
#include <string>
#include <string_view>
#include <vector>

namespace exa::report::svg {

/// Text made safe for HTML and SVG.
std::string escape(std::string_view text);

/// One colour per phase or step kind, the same in every chart ("update", "broadcast", ...).
std::string colour_of(std::string_view name);

struct Part {
    std::string name;
    double value = 0;
};

struct StackedRow {
    std::string label;
    std::vector<Part> parts;  ///< drawn left to right, each its share of the row's total
};

/// One 100% bar per row, with a legend and each part's share in its tooltip.
std::string stacked_bars(const std::string& title, const std::vector<StackedRow>& rows, const std::string& unit);

/// Horizontal bars of `unit`, one per part, labelled with their values.
std::string bars(const std::string& title, const std::vector<Part>& parts, const std::string& unit);

struct Series {
    std::string name;
    std::vector<std::pair<double, double>> points;  ///< (x, y)
    bool dots = true;                               ///< draw a mark at each point
    bool line = true;                               ///< join the points
};

/// Lines through points on linear axes from 0 (or log-log axes).
std::string lines(const std::string& title, const std::vector<Series>& series, const std::string& x_label,
                  const std::string& y_label, bool log_axes = false);

struct Span {
    int row = 0;
    double t0 = 0, t1 = 0;
    std::string kind;
};

/// One lane per row label; each span a bar coloured by its kind, on a time axis in seconds.
std::string timeline(const std::string& title, const std::vector<std::string>& row_labels,
                     const std::vector<Span>& spans);

}  // namespace exa::report::svg
