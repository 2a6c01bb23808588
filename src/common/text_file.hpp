#pragma once
// A whole text file read into memory (input files: HPL.dat, hpcg.dat, machine and
// calibration files).
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace exa {

/// The file's contents, or nothing when it cannot be opened.
inline std::optional<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace exa
