#pragma once
// The twin's predictions as people read them (a summary with HPL's result line, the tuning
// table, the machine catalog) and as a JSON record.
#include <cstdio>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "twin/device.hpp"
#include "twin/machine.hpp"
#include "twin/predict.hpp"

namespace exa::report {

/// 1.2345e6 GFLOP/s -> "1.23 PFlop/s".
std::string flops_with_unit(double gflops);
/// 1234567 -> "1,234,567".
std::string grouped(double v);
/// 5400 s -> "5400 s (90.0 min)".
std::string duration(double s);

/// "  Assumes     ..." for each assumption of the module's prediction.
void print_assumptions(std::FILE* out, const twin::Machine& m, const std::string& module);
void print_prediction(std::FILE* out, const twin::Machine& m, const twin::Prediction& p);
void print_tuning(std::FILE* out, const std::vector<twin::Prediction>& candidates, std::size_t keep);
/// The same machine's HPL on more and more nodes: a line each (nodes, N, grid, Rmax, of Rpeak).
void print_scaling(std::FILE* out, const std::vector<twin::Prediction>& points);
/// [{"nodes", "n", "nb", "p", "q", "time_s", "gflops", "rpeak_gflops"}]
nlohmann::json scaling_record(const std::vector<twin::Prediction>& points);
void print_catalog(std::FILE* out, const std::vector<twin::Machine>& machines);
void print_devices(std::FILE* out, const std::vector<twin::Device>& devices);
/// The line printed under a measured HPL run by `exabench hpl --predict`.
void print_prediction_beside(std::FILE* out, const twin::Prediction& p, double measured_s);

nlohmann::json prediction_record(const twin::Machine& m, const twin::Prediction& p);

}  // namespace exa::report
