#include "mxp/params.hpp"

#include <fmt/format.h>

namespace exa::mxp {

const char* precision_name(LowPrecision p) {
    switch (p) {
        case LowPrecision::fp32: return "fp32";
        case LowPrecision::bf16: return "bf16";
        case LowPrecision::fp16: return "fp16";
    }
    return "?";
}

const char* generator_name(Generator g) {
    switch (g) {
        case Generator::shifted: return "shifted";
        case Generator::dominant: return "dominant";
        case Generator::plain: return "plain";
    }
    return "?";
}

std::string tv_code(const Params& p) {
    const char prec = p.precision == LowPrecision::fp32 ? 'S'
                      : p.precision == LowPrecision::bf16 ? 'B' : 'H';
    return fmt::format("M{}{}{}{}", p.pmap == layout::ProcessMap::row_major ? 'R' : 'C', p.depth,
                       int(p.bcast), prec);
}

}  // namespace exa::mxp
