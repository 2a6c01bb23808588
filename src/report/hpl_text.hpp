#pragma once
// netlib HPL's output, line for line where parsers depend on it (result lines, residual
// line, PASSED/FAILED, the closing summary).
#include <cstdio>

#include "hpl/run.hpp"
#include "hpl/test_plan.hpp"

namespace exa::report {

struct TestCounts {
    int passed = 0, failed = 0, skipped = 0;
};

void print_hpl_preamble(std::FILE* out, const hpl::TestPlan& plan);
/// One test: header (when checking), result line, start/end times, residual line.
void print_hpl_test(std::FILE* out, const hpl::TestResult& r);
/// The "scaled residual check will be computed" lines of the preamble.
void print_residual_rule(std::FILE* out, double threshold);
void print_hpl_summary(std::FILE* out, const TestCounts& counts, bool checked);

}  // namespace exa::report
