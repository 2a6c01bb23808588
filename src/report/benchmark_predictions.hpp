#pragma once
// The twin's HPL-MxP and HPCG predictions as people read them and as JSON records, and the
// table that sets several predictions (machines, devices swapped in, benchmarks) side by side.
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "twin/hpcg_predict.hpp"
#include "twin/machine.hpp"
#include "twin/mxp_predict.hpp"
#include "twin/predict.hpp"

namespace exa::report {

void print_mxp_prediction(std::FILE* out, const twin::Machine& m, const twin::MxpPrediction& p);
void print_hpcg_prediction(std::FILE* out, const twin::Machine& m, const twin::HpcgPrediction& p);
nlohmann::json mxp_record(const twin::Machine& m, const twin::MxpPrediction& p);
nlohmann::json hpcg_record(const twin::Machine& m, const twin::HpcgPrediction& p);

/// One line of a comparison.
struct ComparisonRow {
    std::string machine, benchmark;
    int nodes = 0;
    double gflops = 0, rpeak_gflops = 0, time_s = 0, power_kw = 0;
    double published_gflops = 0;  ///< 0: none
};
ComparisonRow comparison_row(const twin::Machine& m, const twin::Prediction& p);
ComparisonRow comparison_row(const twin::Machine& m, const twin::MxpPrediction& p);
ComparisonRow comparison_row(const twin::Machine& m, const twin::HpcgPrediction& p);
void print_comparison(std::FILE* out, const std::vector<ComparisonRow>& rows);

const char* precision_name(twin::LuPrecision p);

}  // namespace exa::report
