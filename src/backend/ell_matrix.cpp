#include "backend/ell_matrix.hpp"

#include <numeric>

namespace exa {

std::int64_t EllMatrix::nonzeros() const {
    return std::accumulate(row_nnz.begin(), row_nnz.end(), std::int64_t{0});
}

}  // namespace exa
