#include "hpcg/geometry.hpp"

#include <map>
#include <stdexcept>
#include <vector>

namespace exa::hpcg {
namespace {

std::map<int, int> prime_factors(int n) {
    std::map<int, int> f;
    for (int d = 2; d * d <= n; ++d)
        while (n % d == 0) {
            ++f[d];
            n /= d;
        }
    if (n > 1 || f.empty()) ++f[n];
    return f;
}

int power(int base, int e) {
    int v = 1;
    while (e-- > 0) v *= base;
    return v;
}

/// Divisors of n built from `f`, in the order of a mixed-base counter over the exponents
/// with the smallest prime's exponent as the fastest digit (HPCG's MixedBaseCounter order).
std::vector<int> divisors_in_counter_order(const std::map<int, int>& f) {
    std::vector<int> out{1};
    for (auto it = f.rbegin(); it != f.rend(); ++it) {  // the largest prime is the slowest digit
        std::vector<int> next;
        for (int d : out)
            for (int e = 0, m = 1; e <= it->second; ++e, m *= it->first) next.push_back(d * m);
        out = std::move(next);
    }
    return out;
}

}  // namespace

std::array<int, 3> process_grid(int ranks) {
    const auto f = prime_factors(ranks);
    auto it = f.begin();
    const int p1 = it->first;
    const int e1 = it->second;
    ++it;
    if (f.size() == 1)
        return {power(p1, e1 / 3 + (e1 % 3 >= 1)), power(p1, e1 / 3 + (e1 % 3 >= 2)), power(p1, e1 / 3)};
    const int p2 = it->first;
    const int e2 = it->second;
    if (f.size() == 2 && e1 == 1 && e2 == 1) return {p1, p2, 1};
    if (f.size() == 2 && e1 + e2 == 3) return {p1, p2, e1 == 2 ? p1 : p2};
    if (f.size() == 3 && e1 == 1 && e2 == 1 && std::next(it)->second == 1)
        return {p1, p2, std::next(it)->first};
    // The general case: every x, then every y of what is left; the first of least surface.
    std::array<int, 3> best{ranks, 1, 1};
    double least = 2.0 * ranks + 1.0;
    for (int x : divisors_in_counter_order(f)) {
        if (x == 1) continue;
        for (int y : divisors_in_counter_order(prime_factors(ranks / x))) {
            if (y == 1 || (ranks / x) % y != 0) continue;
            const int z = ranks / x / y;
            const double area = double(x) * y + double(y) * z + double(x) * z;
            if (area < least) {
                least = area;
                best = {x, y, z};
            }
        }
    }
    return best;
}

Geometry make_geometry(int size, int rank, int nx, int ny, int nz, std::array<int, 3> grid) {
    if (grid[0] == 0 && grid[1] == 0 && grid[2] == 0) grid = process_grid(size);
    if (grid[0] * grid[1] * grid[2] != size)
        throw std::invalid_argument("the process grid does not match the number of processes");
    Geometry g;
    g.size = size;
    g.rank = rank;
    g.npx = grid[0];
    g.npy = grid[1];
    g.npz = grid[2];
    g.ipx = rank % g.npx;
    g.ipy = (rank / g.npx) % g.npy;
    g.ipz = rank / (g.npx * g.npy);
    g.nx = nx;
    g.ny = ny;
    g.nz = nz;
    return g;
}

int Geometry::owner(global_int gx, global_int gy, global_int gz) const {
    return int(gx / nx) + npx * (int(gy / ny) + npy * int(gz / nz));
}

Geometry Geometry::coarsened() const {
    Geometry c = *this;
    c.nx = nx / 2;
    c.ny = ny / 2;
    c.nz = nz / 2;
    return c;
}

}  // namespace exa::hpcg
