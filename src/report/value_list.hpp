#pragma once
// netlib HPL's parameter lists: "LABEL  :" then up to 8 values a line, continued on
// indented lines. Shared by the preambles of HPL and HPL-MxP.
#include <cstdio>
#include <vector>

namespace exa::report {

inline const char* const equals = "================================================================================";
inline const char* const dashes = "--------------------------------------------------------------------------------";

template <class T, class Fmt>
void value_list(std::FILE* out, const char* label, const std::vector<T>& v, Fmt one) {
    std::fprintf(out, "%-7s:", label);
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i > 0 && i % 8 == 0) std::fprintf(out, "\n        ");
        one(v[i]);
    }
    std::fprintf(out, "\n");
}

template <class T>
void int_list(std::FILE* out, const char* label, const std::vector<T>& v) {
    value_list(out, label, v, [&](T x) { std::fprintf(out, "%8lld ", (long long)x); });
}

}  // namespace exa::report
