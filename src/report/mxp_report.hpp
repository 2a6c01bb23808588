#pragma once
// HPL-MxP's output: netlib HPL's layout (preamble, result line, residual line with
// PASSED/FAILED, summary) with the factorization and refinement details under each result,
// and the JSON record of one test.
#include <cstdio>
#include <vector>

#include <nlohmann/json.hpp>

#include "hpl/test_plan.hpp"
#include "mxp/run.hpp"

namespace exa::report {

void print_mxp_preamble(std::FILE* out, const hpl::TestPlan& plan, const std::vector<mxp::Params>& tests,
                        const std::string& lowp_gemm);
void print_mxp_test(std::FILE* out, const mxp::TestResult& r);
nlohmann::json mxp_run_record(const mxp::TestResult& r);

}  // namespace exa::report
