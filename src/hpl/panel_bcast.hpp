#pragma once
// Broadcast of a factored panel (HPL's, or HPL-MxP's) along the process row, in HPL's six topologies
// (HPL_1ring, _1rinM, _2ring, _2rinM, _blong, _blonM). Positions are taken modulo Q from
// the root. The ring variants poll: a process that is updating its trailing matrix calls
// test() between pieces of work and forwards the panel as soon as it has arrived.
#include <cstddef>
#include <span>
#include <vector>

#include "backend/backend.hpp"
#include "comm/communicator.hpp"
#include "hpl/params.hpp"

namespace exa::hpl {

class PanelBcast {
public:
    /// `buf` is the whole message (any element type, as bytes); the root's copy is sent.
    PanelBcast(comm::Communicator& row, Broadcast algo, int root, std::span<std::byte> buf, int tag);
    PanelBcast(const PanelBcast&) = delete;
    PanelBcast& operator=(const PanelBcast&) = delete;
    ~PanelBcast();

    /// The root's first sends (the long variants run their synchronous part here).
    void start();
    /// Makes progress without blocking (long variants: completes their part). True once this
    /// process's part is done: the panel is here and its forwards have been delivered.
    bool test();
    /// Returns once the panel is here (its forwards may still be under way).
    void arrive();
    /// Completes this process's part, forwards included: then the buffer may be reused.
    void wait();

    /// The relative positions a ring variant receives from and forwards to (for tests).
    struct Ring {
        int prev = -1;
        std::vector<int> next;
    };
    static Ring ring_links(Broadcast algo, int q, int rel);

private:
    bool is_long() const { return algo_ == Broadcast::blong || algo_ == Broadcast::blong_modified; }
    int abs_rank(int rel) const { return (rel + root_) % q_; }
    void receive_and_forward();
    void run_long(const std::vector<int>& members);

    comm::Communicator& row_;
    Broadcast algo_;
    int root_, q_, rel_;
    std::byte* buf_;
    idx count_;  ///< bytes
    int tag_;
    bool have_ = false;
    std::vector<comm::Request> sends_;
};

}  // namespace exa::hpl
