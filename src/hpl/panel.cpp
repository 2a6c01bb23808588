#include "hpl/panel.hpp"

#include <algorithm>

#include "hpl/local_matrix.hpp"

namespace exa::hpl {

void Panel::reset(idx k_, idx nb, idx n, int p, int q, const LocalMatrix& a, Backend& be) {
    k = k_;
    j0 = k * nb;
    jb = std::min(nb, n - j0);
    owner_col = int(k % q);
    top_row = int(k % p);
    l_first = a.rows().count_before(j0 + jb);
    ml = a.local_rows() - l_first;
    if (buffer.backend() != &be) buffer = Buffer<double>(be);
    buffer.reserve(std::size_t(count()), "a panel");
}

void Panel::fetch_pivots(Backend& be) {
    std::vector<double> v(static_cast<std::size_t>(jb));
    be.copy_to_host(v.data(), ipiv_data(), v.size() * sizeof(double));
    pivots.assign(v.begin(), v.end());
}

}  // namespace exa::hpl
