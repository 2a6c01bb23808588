#include "layout/process_grid.hpp"

namespace exa::layout {

ProcessGrid::ProcessGrid(comm::Communicator& world, int p, int q, ProcessMap map)
    : p_(p), q_(q), map_(map) {
    const int r = world.rank();
    const bool in_grid = r < p * q;
    all_ = world.split(in_grid ? 0 : -1, r);
    if (!in_grid) return;
    if (map == ProcessMap::row_major) {
        my_row_ = r / q;
        my_col_ = r % q;
    } else {
        my_col_ = r / p;
        my_row_ = r % p;
    }
    row_ = all_->split(my_row_, my_col_);
    col_ = all_->split(my_col_, my_row_);
}

}  // namespace exa::layout
