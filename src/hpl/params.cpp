#include "hpl/params.hpp"

#include <fmt/format.h>

namespace exa::hpl {

char factorization_letter(Factorization f) {
    switch (f) {
        case Factorization::left: return 'L';
        case Factorization::crout: return 'C';
        case Factorization::right: return 'R';
    }
    return '?';
}

const char* factorization_name(Factorization f) {
    switch (f) {
        case Factorization::left: return "Left";
        case Factorization::crout: return "Crout";
        case Factorization::right: return "Right";
    }
    return "?";
}

const char* broadcast_name(Broadcast b) {
    static const char* names[] = {"1ring", "1ringM", "2ring", "2ringM", "Blong", "BlongM"};
    return names[int(b)];
}

const char* swap_name(SwapAlgo s) {
    switch (s) {
        case SwapAlgo::binary_exchange: return "binary-exchange";
        case SwapAlgo::spread_roll: return "spread-roll";
        case SwapAlgo::mix: return "mix";
    }
    return "?";
}

std::string tv_code(const Params& p) {
    return fmt::format("W{}{}{}{}{}{}{}", p.pmap == layout::ProcessMap::row_major ? 'R' : 'C',
                       p.depth, int(p.bcast), factorization_letter(p.rfact), p.ndiv,
                       factorization_letter(p.pfact), p.nbmin);
}

}  // namespace exa::hpl
