#pragma once
// HPCG's report: the key=value lines of HPCG 3.1's output file (sections joined by "::"),
// and exabench's JSON record.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "hpcg/run.hpp"
#include "probe/host.hpp"

namespace exa::report {

void print_hpcg_report(std::FILE* out, const hpcg::Result& r, const probe::MachineInfo& m);
nlohmann::json hpcg_record(const hpcg::Result& r, const probe::MachineInfo& m);

}  // namespace exa::report
