#pragma once
// One HPL test's parameters: the values of an HPL.dat combination (netlib HPL 2.3 codes).
#include <cstdint>
#include <string>

#include "backend/backend.hpp"
#include "layout/process_grid.hpp"

namespace exa::hpl {

using exa::Factorization;                                                  ///< PFACT / RFACT
enum class Broadcast { ring = 0, ring_modified = 1, two_ring = 2,          ///< BCAST
                       two_ring_modified = 3, blong = 4, blong_modified = 5 };
enum class SwapAlgo { binary_exchange = 0, spread_roll = 1, mix = 2 };     ///< SWAP

struct Params {
    std::int64_t n = 1000;
    std::int64_t nb = 192;
    int p = 1, q = 1;
    layout::ProcessMap pmap = layout::ProcessMap::row_major;
    double threshold = 16.0;
    Factorization pfact = Factorization::right;
    std::int64_t nbmin = 4;
    std::int64_t ndiv = 2;
    Factorization rfact = Factorization::crout;
    Broadcast bcast = Broadcast::ring_modified;
    int depth = 1;
    SwapAlgo swap = SwapAlgo::mix;
    std::int64_t swap_threshold = 64;
    bool l1_transposed = true;   ///< HPL.dat line 28: 0 = transposed
    bool u_transposed = true;    ///< HPL.dat line 29: 0 = transposed
    bool equil = true;
    std::int64_t align = 8;      ///< in doubles
    std::uint64_t seed = 100;    ///< HPL_ISEED
};

char factorization_letter(Factorization f);        // L, C, R
const char* factorization_name(Factorization f);   // Left, Crout, Right
const char* broadcast_name(Broadcast b);           // 1ring, 1ringM, ...
const char* swap_name(SwapAlgo s);                 // binary-exchange, spread-roll, mix
/// netlib's T/V code, e.g. WR11C2R4.
std::string tv_code(const Params& p);

}  // namespace exa::hpl
