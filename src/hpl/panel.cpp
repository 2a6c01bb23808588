#include "hpl/panel.hpp"

#include <algorithm>

#include "hpl/local_matrix.hpp"

namespace exa::hpl {

void Panel::reset(idx k_, idx nb, idx n, int p, int q, const LocalMatrix& a) {
    k = k_;
    j0 = k * nb;
    jb = std::min(nb, n - j0);
    owner_col = int(k % q);
    top_row = int(k % p);
    l_first = a.rows().count_before(j0 + jb);
    ml = a.local_rows() - l_first;
    buffer.resize(std::size_t(count()));
}

}  // namespace exa::hpl
