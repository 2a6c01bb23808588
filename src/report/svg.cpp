#include "report/svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace exa::report::svg {
namespace {

constexpr double width = 960;
constexpr double left = 300, right = 30;  // room for row labels, and for the last tick label
constexpr double plot_width = width - left - right;

/// A figure: its title, how many marks its data gives, and the SVG of its height.
std::string figure(const std::string& title, std::size_t marks, double height, const std::string& body) {
    return fmt::format("<figure class=\"chart\" data-marks=\"{}\"><figcaption>{}</figcaption>\n"
                       "<svg viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\">\n{}</svg></figure>\n",
                       marks, escape(title), width, height, width, height, body);
}

/// A number as a chart label: 3 significant digits, thousands grouped by magnitude.
std::string short_number(double v) {
    const double a = std::abs(v);
    if (a >= 1e15) return fmt::format("{:.3g}P", v / 1e15);
    if (a >= 1e12) return fmt::format("{:.3g}T", v / 1e12);
    if (a >= 1e9) return fmt::format("{:.3g}G", v / 1e9);
    if (a >= 1e6) return fmt::format("{:.3g}M", v / 1e6);
    if (a >= 1e4) return fmt::format("{:.3g}k", v / 1e3);
    return fmt::format("{:.3g}", v);
}

/// Tick values from 0 to at least `top`: 1, 2 or 5 times a power of ten apart.
std::vector<double> ticks(double top) {
    if (!(top > 0)) top = 1;
    const double raw = top / 5, power = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = raw <= power ? power : raw <= 2 * power ? 2 * power : raw <= 5 * power ? 5 * power : 10 * power;
    std::vector<double> out;
    for (double t = 0; t < top + step * 0.999; t += step) out.push_back(t);
    return out;
}

/// Ticks from 0 to at least the largest finite value of `items`, and the pixels per unit
/// that fit them across the plot.
struct Scale {
    std::vector<double> ticks;
    double per_unit = 1;
};
template <class Items, class Value>
Scale scale_of(const Items& items, Value value) {
    double most = 0;
    for (const auto& item : items)
        if (std::isfinite(value(item))) most = std::max(most, value(item));
    Scale s{ticks(most)};
    s.per_unit = plot_width / s.ticks.back();
    return s;
}

/// A row's label, right-aligned against the plot at baseline y.
std::string row_label(double y, std::string_view text) {
    return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"label\" text-anchor=\"end\">{}</text>\n", left - 8, y,
                       escape(text));
}

/// A vertical grid line from y0 to y1 at x, labelled below.
std::string x_gridline(double x, double y0, double y1, const std::string& label) {
    return fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" class=\"grid\"/>"
                       "<text x=\"{0:.1f}\" y=\"{3:.1f}\" class=\"tick\" text-anchor=\"middle\">{4}</text>\n",
                       x, y0, y1, y1 + 14, escape(label));
}

std::string legend(const std::vector<std::string>& names, double y) {
    std::string s;
    double x = left;
    for (const auto& n : names) {
        s += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"{}\"/>"
                         "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"legend\">{}</text>\n",
                         x, y, colour_of(n), x + 16, y + 10, escape(n));
        x += 28 + 7.0 * double(n.size());
    }
    return s;
}

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string colour_of(std::string_view name) {
    static const std::map<std::string, std::string, std::less<>> known = {
        {"update", "#2ca02c"},          {"factor", "#d62728"},        {"panel factorization", "#d62728"},
        {"broadcast", "#1f77b4"},       {"send", "#1f77b4"},          {"recv", "#aec7e8"},
        {"L broadcasts", "#1f77b4"},    {"swap", "#ff7f0e"},          {"row swaps", "#ff7f0e"},
        {"U broadcasts", "#ff7f0e"},    {"solve", "#9467bd"},         {"waiting", "#c7c7c7"},
        {"back-solve", "#8c564b"},      {"back_solve", "#8c564b"},    {"refinement", "#e377c2"},
        {"conversion", "#bcbd22"},      {"measured", "#1f77b4"},      {"predicted", "#ff7f0e"},
        {"halo exchanges", "#ff7f0e"},  {"all-reduces", "#1f77b4"},   {"kernel launches", "#7f7f7f"},
        {"SpMV", "#2ca02c"},            {"multigrid", "#d62728"},     {"dot products", "#9467bd"},
        {"WAXPBY", "#8c564b"},          {"kernels", "#1f77b4"},       {"predicted Rmax", "#1f77b4"},
        {"highest kernel bandwidth", "#2ca02c"}, {"one node's rate times the nodes", "#aaaaaa"}};
    if (const auto it = known.find(name); it != known.end()) return it->second;
    static constexpr std::array<const char*, 8> palette = {"#17becf", "#bcbd22", "#e377c2", "#7f7f7f",
                                                           "#9467bd", "#8c564b", "#2ca02c", "#1f77b4"};
    return palette[std::hash<std::string_view>{}(name) % palette.size()];
}

std::string stacked_bars(const std::string& title, const std::vector<StackedRow>& rows, const std::string& unit) {
    constexpr double bar = 22, gap = 10, top = 8;
    std::vector<std::string> names;
    std::size_t marks = 0;
    std::string body;
    double y = top;
    for (const auto& row : rows) {
        double total = 0;
        for (const auto& p : row.parts)
            if (std::isfinite(p.value)) total += std::max(0.0, p.value);
        body += row_label(y + bar * 0.7, row.label);
        double x = left;
        for (const auto& p : row.parts) {
            if (std::find(names.begin(), names.end(), p.name) == names.end()) names.push_back(p.name);
            if (!(p.value > 0) || !std::isfinite(p.value) || !(total > 0) || !std::isfinite(total)) continue;
            const double w = plot_width * p.value / total;
            body += fmt::format("<rect class=\"mark\" x=\"{:.2f}\" y=\"{:.1f}\" width=\"{:.2f}\" height=\"{}\" "
                                "fill=\"{}\"><title>{}: {:.4g} {} ({:.1f}%)</title></rect>\n",
                                x, y, std::max(w, 0.5), bar, colour_of(p.name), escape(p.name), p.value, escape(unit),
                                100 * p.value / total);
            if (w > 40)
                body += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"inbar\">{:.0f}%</text>\n", x + 4,
                                    y + bar * 0.7, 100 * p.value / total);
            x += w;
            ++marks;
        }
        y += bar + gap;
    }
    body += legend(names, y + 4);
    return figure(title, marks, y + 24, body);
}

std::string bars(const std::string& title, const std::vector<Part>& parts, const std::string& unit) {
    constexpr double bar = 20, gap = 8, top = 8;
    const auto [tick, scale] = scale_of(parts, [](const Part& p) { return p.value; });
    std::string body;
    std::size_t marks = 0;
    double y = top;
    for (const auto& p : parts) {
        body += row_label(y + bar * 0.7, p.name);
        if (p.value > 0 && std::isfinite(p.value)) {
            const double w = std::max(0.5, p.value * scale);
            body += fmt::format("<rect class=\"mark\" x=\"{}\" y=\"{:.1f}\" width=\"{:.2f}\" height=\"{}\" "
                                "fill=\"{}\"><title>{}: {:.4g} {}</title></rect>\n"
                                "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"value\">{} {}</text>\n",
                                left, y, w, bar, colour_of(p.name), escape(p.name), p.value, escape(unit),
                                left + std::min(w, plot_width - 90) + 4, y + bar * 0.7, short_number(p.value),
                                escape(unit));
            ++marks;
        }
        y += bar + gap;
    }
    for (double t : tick) body += x_gridline(left + t * scale, top - 4, y, short_number(t));
    return figure(title, marks, y + 24, body);
}

std::string lines(const std::string& title, const std::vector<Series>& series, const std::string& x_label,
                  const std::string& y_label, bool log_axes) {
    constexpr double height = 320, top = 10, bottom = 50;
    const double plot_height = height - top - bottom;
    // Log axes span 1e-300 to 1e300 at most: each decade is a tick.
    auto drawable = [&](double x, double y) {
        if (!std::isfinite(x) || !std::isfinite(y)) return false;
        return !log_axes || (x >= 1e-300 && y >= 1e-300 && x <= 1e300 && y <= 1e300);
    };
    double x_lo = log_axes ? 1e300 : 0, x_hi = 0, y_lo = log_axes ? 1e300 : 0, y_hi = 0;
    for (const auto& s : series)
        for (const auto& [x, y] : s.points) {
            if (!drawable(x, y)) continue;
            x_hi = std::max(x_hi, x), y_hi = std::max(y_hi, y);
            if (log_axes) x_lo = std::min(x_lo, x), y_lo = std::min(y_lo, y);
        }
    std::vector<double> x_ticks, y_ticks;
    if (log_axes) {
        auto decades = [](double lo, double hi) {
            std::vector<double> t;
            for (double d = std::pow(10.0, std::floor(std::log10(lo))); d <= hi * 10.0001 && t.size() < 700; d *= 10)
                t.push_back(d);
            if (t.size() < 2) t.push_back(t.back() * 10);
            return t;
        };
        if (x_hi <= 0) x_lo = 1, x_hi = 10;
        if (y_hi <= 0) y_lo = 1, y_hi = 10;
        x_ticks = decades(x_lo, x_hi), y_ticks = decades(y_lo, y_hi);
    } else {
        x_ticks = ticks(x_hi), y_ticks = ticks(y_hi);
    }
    auto to_x = [&](double x) {
        if (log_axes)
            return left + plot_width * std::log(x / x_ticks.front()) / std::log(x_ticks.back() / x_ticks.front());
        return left + plot_width * x / x_ticks.back();
    };
    auto to_y = [&](double y) {
        if (log_axes)
            return top + plot_height * (1 - std::log(y / y_ticks.front()) / std::log(y_ticks.back() / y_ticks.front()));
        return top + plot_height * (1 - y / y_ticks.back());
    };
    std::string body;
    for (double t : x_ticks) body += x_gridline(to_x(t), top, top + plot_height, short_number(t));
    for (double t : y_ticks)
        body += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" class=\"grid\"/>"
                            "<text x=\"{3}\" y=\"{4:.1f}\" class=\"tick\" text-anchor=\"end\">{5}</text>\n",
                            left, left + plot_width, to_y(t), left - 6, to_y(t) + 4, short_number(t));
    body += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"axis\" text-anchor=\"middle\">{}</text>\n"
                        "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"axis\" text-anchor=\"end\">{}</text>\n",
                        left + plot_width / 2, height - 12, escape(x_label), left - 60, top + 12, escape(y_label));
    std::size_t marks = 0;
    std::vector<std::string> names;
    for (const auto& s : series) {
        names.push_back(s.name);
        std::string path;
        for (const auto& [x, y] : s.points) {
            if (!drawable(x, y)) continue;
            path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "" : " ", to_x(x), to_y(y));
            if (s.dots) {
                body += fmt::format("<circle class=\"mark\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\">"
                                    "<title>{}: {:.4g}, {:.4g}</title></circle>\n",
                                    to_x(x), to_y(y), colour_of(s.name), escape(s.name), x, y);
                ++marks;
            }
        }
        if (s.line)
            body += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>\n",
                                path, colour_of(s.name));
    }
    body += legend(names, height + 2);  // below the axis label
    return figure(title, marks, height + 20, body);
}

std::string timeline(const std::string& title, const std::vector<std::string>& row_labels,
                     const std::vector<Span>& spans) {
    constexpr double lane = 16, top = 8;
    const auto [tick, scale] = scale_of(spans, [](const Span& s) { return s.t1; });
    std::string body;
    for (std::size_t r = 0; r < row_labels.size(); ++r) body += row_label(top + double(r) * lane + lane * 0.7, row_labels[r]);
    std::vector<std::string> kinds;
    std::size_t marks = 0;
    for (const auto& s : spans) {
        if (!std::isfinite(s.t0) || !std::isfinite(s.t1) || s.t1 < s.t0) continue;
        ++marks;
        if (std::find(kinds.begin(), kinds.end(), s.kind) == kinds.end()) kinds.push_back(s.kind);
        body += fmt::format("<rect class=\"mark\" x=\"{:.2f}\" y=\"{:.1f}\" width=\"{:.2f}\" height=\"{}\" "
                            "fill=\"{}\"><title>{} {:.6f}-{:.6f} s</title></rect>\n",
                            left + s.t0 * scale, top + double(s.row) * lane + 1,
                            std::max(0.3, (s.t1 - s.t0) * scale), lane - 2, colour_of(s.kind), escape(s.kind), s.t0,
                            s.t1);
    }
    const double bottom = top + double(row_labels.size()) * lane;
    for (double t : tick) body += x_gridline(left + t * scale, top, bottom, short_number(t) + " s");
    body += legend(kinds, bottom + 24);
    return figure(title, marks, bottom + 44, body);
}

}  // namespace exa::report::svg
