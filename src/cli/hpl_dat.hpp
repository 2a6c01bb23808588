#pragma once
// netlib HPL 2.3's HPL.dat, read line by line. Stricter than netlib: a value netlib would
// silently replace is refused with one line naming the file, line and field.
#include <string>

#include "hpl/test_plan.hpp"

namespace exa::cli {

/// HPL.dat's line numbers that other checks name in their errors.
inline constexpr int hpl_dat_n_line = 6, hpl_dat_grid_line = 11;

/// Parses the text of an HPL.dat; `path` is used in error messages. Throws InputError.
hpl::TestPlan parse_hpl_dat(const std::string& text, const std::string& path);

}  // namespace exa::cli
