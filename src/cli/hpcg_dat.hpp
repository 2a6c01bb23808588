#pragma once
// HPCG's input file, hpcg.dat: two free lines, then "nx ny nz", the run time in seconds, and
// optionally "npx npy npz" (the process grid).
#include <string>

namespace exa::cli {

struct HpcgDat {
    int nx = 0, ny = 0, nz = 0;
    double rt = 0;                  ///< seconds; HPCG reads a negative value as 1800
    int npx = 0, npy = 0, npz = 0;  ///< 0: not given
};

/// Reads the text of `path`; bad input is one InputError line "path:line: field: ...".
HpcgDat parse_hpcg_dat(const std::string& text, const std::string& path);

}  // namespace exa::cli
