#include "probe/calibration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "common/toml_reader.hpp"

namespace exa::probe {
namespace {

using Sign = TomlReader::Sign;

Curve read_curve(const TomlReader& top, std::string_view key) {
    const auto r = top.table(key);
    r.only({"x", "y", "values"});
    Curve c;
    c.xs = r.numbers("x");
    c.ys = r.numbers("y");
    if (!std::is_sorted(c.xs.begin(), c.xs.end()) ||
        std::adjacent_find(c.xs.begin(), c.xs.end()) != c.xs.end())
        r.fail("x", "must increase");
    if (!std::is_sorted(c.ys.begin(), c.ys.end()) ||
        std::adjacent_find(c.ys.begin(), c.ys.end()) != c.ys.end())
        r.fail("y", "must increase");
    c.v = r.grid("values", c.ys.size(), c.xs.size());
    return c;
}

toml::array as_array(const std::vector<double>& v) {
    toml::array a;
    for (double x : v) a.push_back(x);
    return a;
}

toml::table curve_table(const Curve& c) {
    toml::array rows;
    for (const auto& r : c.v) rows.push_back(as_array(r));
    return toml::table{{"x", as_array(c.xs)}, {"y", as_array(c.ys)}, {"values", rows}};
}

}  // namespace

double Calibration::best_dgemm_gflops() const {
    double best = 0;
    for (const auto& row : dgemm_gflops.v) best = std::max(best, *std::max_element(row.begin(), row.end()));
    return best;
}

double Calibration::panel_time(double rows, double nb) const {
    const auto& xs = panel_seconds.xs;
    // Two measured row counts around `rows` (or the last two), read at this width.
    std::size_t i = 0;
    while (i + 2 < xs.size() && rows > xs[i + 1]) ++i;
    if (xs.size() == 1) return panel_seconds.at(xs[0], nb) * rows / xs[0];
    const double t0 = panel_seconds.at(xs[i], nb), t1 = panel_seconds.at(xs[i + 1], nb);
    const double slope = std::max(0.0, (t1 - t0) / (xs[i + 1] - xs[i]));
    return std::max(1e-3 * t0, t0 + slope * (rows - xs[i]));
}

std::vector<std::string> Calibration::unsteady_signs() const {
    // Beyond these the machine was unsteady (steady calibrations here: 1.00-1.04 and 1-3%).
    constexpr double unsteady_slowest_core = 1.10, unsteady_temporal_cv = 0.05;
    std::vector<std::string> signs;
    if (slowest_core > unsteady_slowest_core)
        signs.push_back(fmt::format("the slowest core ran DGEMM {:.0f}% behind the cores' mean", 100 * (slowest_core - 1)));
    if (temporal_cv > unsteady_temporal_cv)
        signs.push_back(fmt::format("one DGEMM repeated varied by {:.1f}%", 100 * temporal_cv));
    return signs;
}

std::string Calibration::unsteady_warning() const {
    const auto signs = unsteady_signs();
    if (signs.empty()) return {};
    return fmt::format("the machine was unsteady ({}); its predictions of several processes will be slow: "
                       "calibrate again when it is quiet",
                       fmt::join(signs, "; "));
}

Calibration parse_calibration(std::string_view text, const std::string& origin) {
    const toml::table doc = parse_toml(text, origin);
    const TomlReader top(doc, origin);
    top.only({"host", "cpu", "blas", "date", "exabench", "ranks", "cores", "dgemm", "dtrsm", "panel",
              "row_swap_gbs", "triad_gbs", "block_gemv_gbs", "temporal_cv", "slowest_core", "mpi_latency_us", "mpi_bandwidth_gbs", "mpi_shared_core_latency_us",
              "panel_exchange_us", "column_swap", "panel_exchange_shared_core_us",
              "column_swap_shared_core_gbs"});
    Calibration c;
    c.host = top.text_or("host", "");
    c.cpu = top.text_or("cpu", "");
    c.blas = top.text_or("blas", "");
    c.date = top.text_or("date", "");
    c.exabench_version = top.text_or("exabench", "");
    c.ranks = top.integer("ranks");
    c.cores = top.integer("cores");
    c.dgemm_gflops = read_curve(top, "dgemm");
    c.dtrsm_gflops = read_curve(top, "dtrsm");
    c.panel_seconds = read_curve(top, "panel");
    c.row_swap_gbs = top.number("row_swap_gbs");
    c.triad_gbs = top.number("triad_gbs");
    c.block_gemv_gbs = top.number_or("block_gemv_gbs", 0);
    c.temporal_cv = top.number_or("temporal_cv", 0);
    c.slowest_core = top.number_or("slowest_core", 1);
    if (!(c.slowest_core >= 1)) top.fail("slowest_core", "must be at least 1 (a ratio of times)");
    c.mpi_latency_us = top.number_or("mpi_latency_us", 0);
    c.mpi_bandwidth_gbs = top.number_or("mpi_bandwidth_gbs", 0);
    c.mpi_shared_core_latency_us = top.number_or("mpi_shared_core_latency_us", 0);
    c.panel_exchange_us = top.number_or("panel_exchange_us", 0);
    if (top.has("column_swap")) c.column_swap_gbs = read_curve(top, "column_swap");
    c.panel_exchange_shared_core_us = top.number_or("panel_exchange_shared_core_us", 0);
    c.column_swap_shared_core_gbs = top.number_or("column_swap_shared_core_gbs", 0);
    if ((c.mpi_latency_us > 0) != (c.mpi_bandwidth_gbs > 0))
        top.fail("mpi_bandwidth_gbs", "mpi_latency_us and mpi_bandwidth_gbs go together");
    return c;
}

std::string format_calibration(const Calibration& c) {
    toml::table t{{"host", c.host},
                  {"cpu", c.cpu},
                  {"blas", c.blas},
                  {"date", c.date},
                  {"exabench", c.exabench_version},
                  {"ranks", c.ranks},
                  {"cores", c.cores},
                  {"row_swap_gbs", c.row_swap_gbs},
                  {"triad_gbs", c.triad_gbs},
                  {"block_gemv_gbs", c.block_gemv_gbs},
                  {"temporal_cv", c.temporal_cv},
                  {"slowest_core", c.slowest_core},
                  {"mpi_latency_us", c.mpi_latency_us},
                  {"mpi_bandwidth_gbs", c.mpi_bandwidth_gbs},
                  {"mpi_shared_core_latency_us", c.mpi_shared_core_latency_us},
                  {"panel_exchange_us", c.panel_exchange_us},
                  {"panel_exchange_shared_core_us", c.panel_exchange_shared_core_us},
                  {"column_swap_shared_core_gbs", c.column_swap_shared_core_gbs},
                  {"dgemm", curve_table(c.dgemm_gflops)},
                  {"dtrsm", curve_table(c.dtrsm_gflops)},
                  {"panel", curve_table(c.panel_seconds)}};
    if (!c.column_swap_gbs.empty()) t.insert("column_swap", curve_table(c.column_swap_gbs));
    std::ostringstream s;
    s << "# exabench calibration: HPL's kernels measured on one core while every core works\n"
         "# dgemm/dtrsm: GFLOP/s (x: size of a square m = n, or columns; y: depth k or order m)\n"
         "# panel: seconds of HPL's recursive panel factorization (x: rows; y: width NB)\n"
         "# column_swap: GB/s of U in a process column of two's row swaps (x: columns; y: NB)\n"
      << t << "\n";
    return s.str();
}

}  // namespace exa::probe
