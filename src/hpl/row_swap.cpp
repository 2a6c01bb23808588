// Two ways to bring the pivot rows together:
//  - binary exchange: log2(P) pairwise exchanges of what each half has gathered so far;
//  - spread-roll ("long"): the top row spreads the rows its block displaces to their owners,
//    then the pieces of U roll around the process column in P-1 steps (volume independent
//    of P).
// Mix picks spread-roll when more than `threshold` local columns are swapped in the call.
#include "hpl/row_swap.hpp"

#include <algorithm>
#include <unordered_map>

#include "hpl/local_matrix.hpp"

namespace exa::hpl {
namespace {

constexpr int exchange_tag = 21, spread_tag = 22, roll_tag = 23;

/// A row to move: read from global row `row` on process row `owner`.
/// Items 0..jb-1 are U's rows; the rest are displaced block rows (owner: the top row).
struct Item {
    idx row;
    int owner;
    int key;  ///< sort key that makes each message a contiguous range of slots
};

/// Slots of the items after a stable sort by key, and each key's range [begin, end).
struct Slots {
    std::vector<idx> of_item, begin, end;
};

void arrange(const std::vector<Item>& items, std::size_t first, std::size_t last, int nkeys,
             idx base, Slots& s) {
    s.begin.assign(std::size_t(nkeys), 0);
    s.end.assign(std::size_t(nkeys), 0);
    for (std::size_t i = first; i < last; ++i) ++s.end[std::size_t(items[i].key)];  // counts
    idx pos = base;
    for (std::size_t k = 0; k < std::size_t(nkeys); ++k) {
        s.begin[k] = pos;
        pos += s.end[k];
        s.end[k] = pos;
    }
    std::vector<idx> next = s.begin;
    for (std::size_t i = first; i < last; ++i) s.of_item[i] = next[std::size_t(items[i].key)]++;
}

/// Packs local rows into the given slots of the row-major work buffer (slots ldw apart).
void pack(DenseKernels<double>& k, const std::vector<idx>& lrows, const std::vector<idx>& slots, idx nc,
          const double* a, idx ld, double* work, idx ldw) {
    for (std::size_t i = 0; i < lrows.size(); ++i)
        k.gather_columns(1, &lrows[i], nc, a, ld, work + slots[i] * ldw, ldw);
}

/// Writes the given slots of the work buffer into local rows.
void unpack(DenseKernels<double>& k, const std::vector<idx>& lrows, const std::vector<idx>& slots, idx nc,
            const double* work, idx ldw, double* a, idx ld) {
    for (std::size_t i = 0; i < lrows.size(); ++i)
        k.scatter_columns(1, &lrows[i], nc, work + slots[i] * ldw, ldw, a, ld);
}

}  // namespace

SwapPlan SwapPlan::from_pivots(const Panel& pn) {
    // Follow the swaps on the rows they touch only.
    std::unordered_map<idx, idx> content;  // position -> original row now there
    auto at = [&](idx r) {
        auto it = content.find(r);
        return it == content.end() ? r : it->second;
    };
    for (idx j = 0; j < pn.jb; ++j) {
        const idx r1 = pn.j0 + j, r2 = pn.ipiv(j);
        if (r1 == r2) continue;
        const idx c1 = at(r1), c2 = at(r2);
        content[r1] = c2;
        content[r2] = c1;
    }
    SwapPlan plan;
    plan.source.resize(std::size_t(pn.jb));
    for (idx i = 0; i < pn.jb; ++i) plan.source[std::size_t(i)] = at(pn.j0 + i);
    std::vector<std::pair<idx, idx>> moved;  // (destination, original block row)
    for (const auto& [pos, orig] : content)
        if (pos >= pn.j0 + pn.jb) moved.emplace_back(pos, orig - pn.j0);
    std::sort(moved.begin(), moved.end());
    for (const auto& [to, from] : moved) {
        plan.moved_to.push_back(to);
        plan.moved_from.push_back(from);
    }
    return plan;
}

LocalSwap::LocalSwap(const Panel& pn, const SwapPlan& plan, const LocalMatrix& a) {
    const auto& rows = a.rows();
    for (idx g : plan.source) source.push_back(rows.local(g));
    for (std::size_t t = 0; t < plan.moved_to.size(); ++t) {
        moved_from.push_back(rows.local(pn.j0 + plan.moved_from[t]));
        moved_to.push_back(rows.local(plan.moved_to[t]));
    }
}

void interchange_rows(std::span<const idx> source, std::span<const idx> from,
                      std::span<const idx> to, idx nc, double* a0, idx ld, double* u, idx ldu,
                      Backend& be) {
    const idx jb = idx(source.size()), moved = idx(to.size());
    // The matrix's rows are the columns of what the kernels see. A range of columns at a time:
    // the pivot rows that the gather reads are still in cache when the displaced rows are
    // written into them.
    constexpr idx chunk = 512;
    for (idx c = 0; c < nc; c += chunk) {
        const idx w = std::min(chunk, nc - c);
        be.fp64().gather_columns(jb, source.data(), w, a0 + c, ld, u + c, ldu);
        be.fp64().copy_columns(moved, from.data(), to.data(), w, a0 + c, ld);
    }
}

void swap_rows_local(const LocalSwap& swap, LocalMatrix& a, idx jl0, idx nc, double* u, idx ldu,
                     Backend& be) {
    if (nc <= 0) return;
    interchange_rows(swap.source, swap.moved_from, swap.moved_to, nc, a.at(0, jl0), a.ld(), u, ldu, be);
}

void swap_rows(const Panel& pn, const SwapPlan& plan, LocalMatrix& a, idx jl0, idx nc,
               SwapAlgo algo, idx threshold, comm::Communicator& col, Backend& be,
               Buffer<double>& u, idx ldu, Buffer<double>& work) {
    const idx jb = pn.jb;
    u.reserve(std::size_t(jb * ldu), "U");
    if (nc <= 0) return;
    const int p = col.size(), me = col.rank();
    const auto& rows = a.rows();
    const std::size_t nu = std::size_t(jb), nmoved = plan.moved_to.size();
    if (algo == SwapAlgo::mix)
        algo = nc > threshold ? SwapAlgo::spread_roll : SwapAlgo::binary_exchange;

    int p2 = 1;
    while (p2 * 2 <= p) p2 *= 2;
    const bool binary = algo == SwapAlgo::binary_exchange;
    if (p == 1) {  // everything is here (HPL_dlaswp)
        swap_rows_local(LocalSwap(pn, plan, a), a, jl0, nc, u.data(), ldu, be);
        return;
    }
    double* a0 = a.at(0, jl0);

    // Binary exchange orders all items by (virtual owner, owner); spread-roll orders U's rows
    // by owner and the displaced rows by the process row they go to.
    std::vector<Item> items;
    items.reserve(nu + nmoved);
    for (std::size_t i = 0; i < nu; ++i) {
        const int o = rows.owner(plan.source[i]);
        items.push_back({plan.source[i], o, binary ? (o >= p2 ? 2 * (o - p2) + 1 : 2 * o) : o});
    }
    for (std::size_t t = 0; t < nmoved; ++t) {
        const int o = pn.top_row, dest = rows.owner(plan.moved_to[t]);
        items.push_back({pn.j0 + plan.moved_from[t], o,
                         binary ? (o >= p2 ? 2 * (o - p2) + 1 : 2 * o) : dest});
    }
    Slots s;
    s.of_item.resize(items.size());
    Slots moved_slots;
    moved_slots.of_item.resize(items.size());
    if (binary) {
        arrange(items, 0, items.size(), 2 * p2, 0, s);
    } else {
        arrange(items, 0, nu, p, 0, s);
        arrange(items, nu, items.size(), p, idx(nu), moved_slots);
        for (std::size_t t = nu; t < items.size(); ++t) s.of_item[t] = moved_slots.of_item[t];
    }
    const idx ldw = spread_row_stride(nc);
    work.reserve(items.size() * std::size_t(ldw), "the swaps' rows");
    auto row_ptr = [&](idx slot) { return work.data() + slot * ldw; };
    auto slot_range = [&](idx b, idx e) {
        return std::span<double>(row_ptr(b), std::size_t((e - b) * ldw));
    };

    // Every row is read before any is written: pack what this process holds, slot order.
    {
        std::vector<idx> own_rows, own_slots;
        for (std::size_t i = 0; i < items.size(); ++i)
            if (items[i].owner == me) {
                own_rows.push_back(rows.local(items[i].row));
                own_slots.push_back(s.of_item[i]);
            }
        pack(be.fp64(), own_rows, own_slots, nc, a0, a.ld(), work.data(), ldw);
        be.synchronize();  // the messages leave from the backend's memory
    }
    if (p > 1 && binary) {
        // key 2v: rank v's rows, key 2v+1: rank v+p2's rows; a group of virtual ranks
        // [v0, v1) is the slot range [begin[2 v0], end[2 v1 - 1]).
        auto group = [&](int v0, int v1) {
            return slot_range(s.begin[std::size_t(2 * v0)], s.end[std::size_t(2 * v1 - 1)]);
        };
        auto all = slot_range(0, idx(items.size()));
        if (me >= p2) {
            const int v = me - p2;
            col.send(std::span<const double>(slot_range(s.begin[std::size_t(2 * v + 1)],
                                                        s.end[std::size_t(2 * v + 1)])),
                     v, exchange_tag);
            col.recv(all, v, exchange_tag);
        } else {
            if (me + p2 < p)
                col.recv(slot_range(s.begin[std::size_t(2 * me + 1)], s.end[std::size_t(2 * me + 1)]),
                         me + p2, exchange_tag);
            for (int mask = 1; mask < p2; mask <<= 1) {
                const int lo = me & ~(mask - 1), plo = (me ^ mask) & ~(mask - 1);
                col.sendrecv(std::span<const double>(group(lo, lo + mask)), me ^ mask,
                             group(plo, plo + mask), me ^ mask, exchange_tag);
            }
            if (me + p2 < p) col.send(std::span<const double>(all), me + p2, exchange_tag);
        }
    } else if (p > 1) {
        // Spread the displaced rows from the top row to the rows they go to.
        std::vector<comm::Request> spread;
        for (int d = 0; d < p; ++d) {
            const idx b = moved_slots.begin[std::size_t(d)], e = moved_slots.end[std::size_t(d)];
            if (d == pn.top_row || b == e) continue;
            if (me == pn.top_row)
                spread.push_back(col.isend(std::span<const double>(slot_range(b, e)), d, spread_tag));
            else if (me == d)
                col.recv(slot_range(b, e), pn.top_row, spread_tag);
        }
        // Roll U's pieces around the column.
        const int next = (me + 1) % p, prev = (me + p - 1) % p;
        for (int step = 0; step < p - 1; ++step) {
            const int out = ((me - step) % p + p) % p, in = ((me - step - 1) % p + p) % p;
            col.sendrecv(std::span<const double>(slot_range(s.begin[std::size_t(out)], s.end[std::size_t(out)])),
                         next, slot_range(s.begin[std::size_t(in)], s.end[std::size_t(in)]), prev,
                         roll_tag);
        }
        for (auto& r : spread) r.wait();
    }

    // U's rows, from their slots.
    be.fp64().gather_columns(idx(nu), s.of_item.data(), nc, work.data(), ldw, u.data(), ldu);
    std::vector<idx> mine_to, mine_slot;
    for (std::size_t t = 0; t < nmoved; ++t)
        if (rows.owner(plan.moved_to[t]) == me) {
            mine_to.push_back(rows.local(plan.moved_to[t]));
            mine_slot.push_back(s.of_item[nu + t]);
        }
    unpack(be.fp64(), mine_to, mine_slot, nc, work.data(), ldw, a0, a.ld());
}

}  // namespace exa::hpl
