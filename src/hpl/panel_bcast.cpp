#include "hpl/panel_bcast.hpp"

#include <algorithm>

namespace exa::hpl {

PanelBcast::Ring PanelBcast::ring_links(Broadcast algo, int q, int rel) {
    Ring r;
    const int h = (q + 1) >> 1;  // start of the second ring (HPL_2ring: (Q+1)>>1)
    auto chain = [&](int last_excluded_a, int last_excluded_b) {
        // forward to rel+1 unless it starts another ring or runs off the end
        if (rel + 1 < q && rel + 1 != last_excluded_a && rel + 1 != last_excluded_b)
            r.next.push_back(rel + 1);
    };
    switch (algo) {
        case Broadcast::ring:
            if (rel > 0) r.prev = rel - 1;
            chain(-1, -1);
            break;
        case Broadcast::ring_modified:  // root -> 1 and 2; 1 keeps it; ring from 2
            if (rel == 0) {
                for (int t : {1, 2}) if (t < q) r.next.push_back(t);
            } else {
                r.prev = rel <= 2 ? 0 : rel - 1;
                if (rel >= 2) chain(-1, -1);
            }
            break;
        case Broadcast::two_ring:  // root -> 1 and h; rings 1..h-1 and h..q-1
            if (rel == 0) {
                if (q > 1) r.next.push_back(1);
                if (h > 1 && h < q) r.next.push_back(h);
            } else {
                r.prev = (rel == 1 || rel == h) ? 0 : rel - 1;
                chain(h, -1);
            }
            break;
        case Broadcast::two_ring_modified:  // root -> 1 (kept), 2 and h; rings from 2 and h
            if (rel == 0) {
                if (q > 1) r.next.push_back(1);
                if (2 < q && 2 != h) r.next.push_back(2);
                if (h > 1 && h < q) r.next.push_back(h);
            } else {
                r.prev = (rel <= 2 || rel == h) ? 0 : rel - 1;
                if (rel != 1) chain(h, -1);
            }
            break;
        default:
            break;
    }
    std::sort(r.next.begin(), r.next.end());
    r.next.erase(std::unique(r.next.begin(), r.next.end()), r.next.end());
    return r;
}

PanelBcast::PanelBcast(comm::Communicator& row, Broadcast algo, int root, std::span<std::byte> buf,
                       int tag)
    : row_(row), algo_(algo), root_(root), q_(row.size()), rel_((row.rank() - root + q_) % q_),
      buf_(buf.data()), count_(idx(buf.size())), tag_(tag), have_(rel_ == 0) {}

PanelBcast::~PanelBcast() {
    for (auto& s : sends_) s.wait();
}

void PanelBcast::start() {
    if (rel_ != 0 || q_ == 1) return;
    const std::span<const std::byte> all(buf_, std::size_t(count_));
    if (is_long()) {
        std::vector<int> members;
        if (algo_ == Broadcast::blong_modified) {
            sends_.push_back(row_.isend(all, abs_rank(1), tag_));  // r+1 first, whole
            members.push_back(0);
            for (int r = 2; r < q_; ++r) members.push_back(r);
        } else {
            for (int r = 0; r < q_; ++r) members.push_back(r);
        }
        run_long(members);
        return;
    }
    for (int t : ring_links(algo_, q_, 0).next) sends_.push_back(row_.isend(all, abs_rank(t), tag_));
}

void PanelBcast::receive_and_forward() {
    const std::span<std::byte> all(buf_, std::size_t(count_));
    if (is_long()) {
        if (algo_ == Broadcast::blong_modified && rel_ == 1) {
            row_.recv(all, root_, tag_);
        } else {
            std::vector<int> members;
            for (int r = 0; r < q_; ++r)
                if (!(algo_ == Broadcast::blong_modified && r == 1)) members.push_back(r);
            run_long(members);
        }
        have_ = true;
        return;
    }
    const Ring links = ring_links(algo_, q_, rel_);
    row_.recv(all, abs_rank(links.prev), tag_);
    have_ = true;
    for (int t : links.next)
        sends_.push_back(row_.isend(std::span<const std::byte>(all), abs_rank(t), tag_));
}

bool PanelBcast::test() {
    if (have_) {
        std::erase_if(sends_, [](comm::Request& r) { return r.test(); });
        return sends_.empty();
    }
    if (is_long()) {
        receive_and_forward();  // synchronous by design: no polling
        return sends_.empty();
    }
    const Ring links = ring_links(algo_, q_, rel_);
    if (!row_.iprobe(abs_rank(links.prev), tag_)) return false;
    receive_and_forward();
    return false;  // forwards just started
}

void PanelBcast::arrive() {
    if (!have_) receive_and_forward();
}

void PanelBcast::wait() {
    arrive();
    for (auto& s : sends_) s.wait();
    sends_.clear();
}

// Long variants: the panel is cut into one piece per member, scattered down a binomial tree
// and then rolled around the members' ring, so each member sends about one panel in all.
void PanelBcast::run_long(const std::vector<int>& members) {
    const int m = int(members.size());
    const int v = int(std::find(members.begin(), members.end(), rel_) - members.begin());
    if (m <= 1) return;
    auto piece_begin = [&](int i) { return idx(i) * count_ / m; };
    auto range = [&](int first, int last) {  // pieces [first, last)
        return std::span<std::byte>(buf_ + piece_begin(first),
                                 std::size_t(piece_begin(last) - piece_begin(first)));
    };
    // Scatter: member v receives pieces [v, v + lowbit(v)) from v - lowbit(v).
    int mask = 1;
    while (mask < m) mask <<= 1;
    if (v > 0) {
        mask = v & -v;
        row_.recv(range(v, std::min(v + mask, m)), abs_rank(members[v - mask]), tag_);
    }
    for (mask >>= 1; mask > 0; mask >>= 1) {
        if (v + mask < m)
            row_.send(std::span<const std::byte>(range(v + mask, std::min(v + 2 * mask, m))),
                      abs_rank(members[v + mask]), tag_);
    }
    // Roll: m-1 steps around the ring; the root already holds everything and discards.
    std::vector<std::byte> scratch;
    const int next = abs_rank(members[(v + 1) % m]), prev = abs_rank(members[(v + m - 1) % m]);
    for (int s = 0; s < m - 1; ++s) {
        const int out = ((v - s) % m + m) % m, in = ((v - s - 1) % m + m) % m;
        auto dst = range(in, in + 1);
        if (v == 0) {
            scratch.resize(dst.size());
            dst = std::span<std::byte>(scratch);
        }
        row_.sendrecv(std::span<const std::byte>(range(out, out + 1)), next, dst, prev, tag_);
    }
}

}  // namespace exa::hpl
