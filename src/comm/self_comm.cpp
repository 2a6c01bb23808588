// The single-process communicator: every collective is a no-op, and there are no peers.
#include <cstdlib>
#include <cstring>

#include "comm/communicator.hpp"
#include "common/error.hpp"

namespace exa::comm {
namespace {

[[noreturn]] void no_peer() { throw Error("internal: message to a peer in a single-process run"); }

class SelfCommunicator final : public Communicator {
public:
    int rank() const override { return 0; }
    int size() const override { return 1; }
    std::unique_ptr<Communicator> split(int color, int) const override {
        return color < 0 ? nullptr : std::make_unique<SelfCommunicator>();
    }
    std::unique_ptr<Communicator> split_shared_node() const override {
        return std::make_unique<SelfCommunicator>();
    }
    void send_bytes(const void*, std::size_t, int, int) override { no_peer(); }
    void recv_bytes(void*, std::size_t, int, int) override { no_peer(); }
    Request isend_bytes(const void*, std::size_t, int, int) override { no_peer(); }
    Request irecv_bytes(void*, std::size_t, int, int) override { no_peer(); }
    void sendrecv_bytes(const void* sbuf, std::size_t sbytes, int dest, void* rbuf,
                        std::size_t rbytes, int src, int) override {
        if (dest != 0 || src != 0 || sbytes != rbytes) no_peer();
        if (sbuf != rbuf) std::memmove(rbuf, sbuf, sbytes);
    }
    bool iprobe(int, int) override { return false; }
    void bcast_bytes(void*, std::size_t, int) override {}
    void allreduce(double*, int, ReduceOp) override {}
    void allreduce(std::int64_t*, int, ReduceOp) override {}
    void reduce(double*, int, ReduceOp, int) override {}
    void barrier() override {}
    [[noreturn]] void abort(int code) override { std::_Exit(code); }
};

}  // namespace

std::unique_ptr<Communicator> make_self() { return std::make_unique<SelfCommunicator>(); }

}  // namespace exa::comm
