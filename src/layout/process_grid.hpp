#pragma once
// The P x Q process grid of HPL: which rank sits where, and the row/column communicators.
#include <memory>

#include "comm/communicator.hpp"

namespace exa::layout {

/// How ranks are laid onto the grid (HPL.dat's PMAP line).
enum class ProcessMap { row_major = 0, column_major = 1 };

/// The rank at grid position (row, col).
inline int rank_of(int row, int col, int p, int q, ProcessMap map) {
    return map == ProcessMap::row_major ? row * q + col : col * p + row;
}

/// Ranks 0..P*Q-1 of `world` form the grid; higher ranks get an inactive grid and sit idle.
class ProcessGrid {
public:
    ProcessGrid(comm::Communicator& world, int p, int q, ProcessMap map);
    [[nodiscard]] bool active() const noexcept { return all_ != nullptr; }
    [[nodiscard]] int p() const noexcept { return p_; }
    [[nodiscard]] int q() const noexcept { return q_; }
    [[nodiscard]] int my_row() const noexcept { return my_row_; }
    [[nodiscard]] int my_col() const noexcept { return my_col_; }
    [[nodiscard]] ProcessMap map() const noexcept { return map_; }
    /// All P*Q grid ranks.
    [[nodiscard]] comm::Communicator& all() const { return *all_; }
    /// The Q processes of my process row (rank in it = my column).
    [[nodiscard]] comm::Communicator& row() const { return *row_; }
    /// The P processes of my process column (rank in it = my row).
    [[nodiscard]] comm::Communicator& col() const { return *col_; }

private:
    int p_, q_;
    ProcessMap map_;
    int my_row_ = -1, my_col_ = -1;
    std::unique_ptr<comm::Communicator> all_, row_, col_;
};

}  // namespace exa::layout
