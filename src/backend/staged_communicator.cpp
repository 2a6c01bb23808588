#include "backend/staged_communicator.hpp"

#include <cstddef>
#include <vector>

namespace exa {
namespace {

using Bytes = std::vector<std::byte>;

/// A receive into device memory: MPI fills the host copy, which goes to the device once
/// the message is complete.
class StagedRecv final : public comm::Request::Impl {
public:
    StagedRecv(Backend& be, void* dst, std::size_t bytes) : be_(be), dst_(dst), host_(bytes) {}
    void start(comm::Communicator& c, int src, int tag) { inner_ = c.irecv_bytes(host_.data(), host_.size(), src, tag); }
    bool test() override {
        if (!done_ && inner_.test()) finish();
        return done_;
    }
    void wait() override {
        if (done_) return;
        inner_.wait();
        finish();
    }

private:
    void finish() {
        be_.copy_from_host(dst_, host_.data(), host_.size());
        done_ = true;
    }
    Backend& be_;
    void* dst_;
    Bytes host_;
    comm::Request inner_;
    bool done_ = false;
};

/// A send from device memory: the host copy lives as long as the message.
class StagedSend final : public comm::Request::Impl {
public:
    explicit StagedSend(Bytes host) : host_(std::move(host)) {}
    void start(comm::Communicator& c, int dest, int tag) { inner_ = c.isend_bytes(host_.data(), host_.size(), dest, tag); }
    bool test() override { return inner_.test(); }
    void wait() override { inner_.wait(); }

private:
    Bytes host_;
    comm::Request inner_;
};

class StagedCommunicator final : public comm::Communicator {
public:
    StagedCommunicator(comm::Communicator& inner, Backend& be, std::unique_ptr<comm::Communicator> owned = nullptr)
        : owned_(std::move(owned)), inner_(inner), be_(be) {}

    int rank() const override { return inner_.rank(); }
    int size() const override { return inner_.size(); }
    std::unique_ptr<Communicator> split(int color, int key) const override { return wrap(inner_.split(color, key)); }
    std::unique_ptr<Communicator> split_shared_node() const override { return wrap(inner_.split_shared_node()); }

    void send_bytes(const void* buf, std::size_t bytes, int dest, int tag) override {
        if (!on_device(buf, bytes)) return inner_.send_bytes(buf, bytes, dest, tag);
        const Bytes host = to_host(buf, bytes);
        inner_.send_bytes(host.data(), bytes, dest, tag);
    }
    void recv_bytes(void* buf, std::size_t bytes, int src, int tag) override {
        if (!on_device(buf, bytes)) return inner_.recv_bytes(buf, bytes, src, tag);
        Bytes host(bytes);
        inner_.recv_bytes(host.data(), bytes, src, tag);
        be_.copy_from_host(buf, host.data(), bytes);
    }
    comm::Request isend_bytes(const void* buf, std::size_t bytes, int dest, int tag) override {
        if (!on_device(buf, bytes)) return inner_.isend_bytes(buf, bytes, dest, tag);
        auto send = std::make_unique<StagedSend>(to_host(buf, bytes));
        send->start(inner_, dest, tag);
        return comm::Request(std::move(send));
    }
    comm::Request irecv_bytes(void* buf, std::size_t bytes, int src, int tag) override {
        if (!on_device(buf, bytes)) return inner_.irecv_bytes(buf, bytes, src, tag);
        auto recv = std::make_unique<StagedRecv>(be_, buf, bytes);
        recv->start(inner_, src, tag);
        return comm::Request(std::move(recv));
    }
    void sendrecv_bytes(const void* sbuf, std::size_t sbytes, int dest, void* rbuf, std::size_t rbytes, int src,
                        int tag) override {
        const bool s_dev = on_device(sbuf, sbytes), r_dev = on_device(rbuf, rbytes);
        Bytes s_host = s_dev ? to_host(sbuf, sbytes) : Bytes{}, r_host(r_dev ? rbytes : 0);
        inner_.sendrecv_bytes(s_dev ? s_host.data() : sbuf, sbytes, dest, r_dev ? r_host.data() : rbuf, rbytes, src, tag);
        if (r_dev) be_.copy_from_host(rbuf, r_host.data(), rbytes);
    }
    bool iprobe(int src, int tag) override { return inner_.iprobe(src, tag); }
    void bcast_bytes(void* buf, std::size_t bytes, int root) override {
        if (!on_device(buf, bytes)) return inner_.bcast_bytes(buf, bytes, root);
        Bytes host = rank() == root ? to_host(buf, bytes) : Bytes(bytes);
        inner_.bcast_bytes(host.data(), bytes, root);
        if (rank() != root) be_.copy_from_host(buf, host.data(), bytes);
    }
    void allreduce(double* data, int count, comm::ReduceOp op) override { staged_reduce(data, count, [&](double* d) { inner_.allreduce(d, count, op); }); }
    void allreduce(std::int64_t* data, int count, comm::ReduceOp op) override {
        staged_reduce(data, count, [&](std::int64_t* d) { inner_.allreduce(d, count, op); });
    }
    void reduce(double* data, int count, comm::ReduceOp op, int root) override {
        staged_reduce(data, count, [&](double* d) { inner_.reduce(d, count, op, root); });
    }
    void barrier() override { inner_.barrier(); }
    [[noreturn]] void abort(int code) override { inner_.abort(code); }
    void set_yield_when_idle(bool on) override { inner_.set_yield_when_idle(on); }

private:
    std::unique_ptr<Communicator> wrap(std::unique_ptr<Communicator> c) const {
        if (!c) return nullptr;
        Communicator& ref = *c;
        return std::make_unique<StagedCommunicator>(ref, be_, std::move(c));
    }
    bool on_device(const void* p, std::size_t bytes) const { return bytes > 0 && be_.in_device_memory(p); }
    Bytes to_host(const void* p, std::size_t bytes) const {
        Bytes host(bytes);
        be_.copy_to_host(host.data(), p, bytes);
        return host;
    }
    template <class T, class Op>
    void staged_reduce(T* data, int count, Op op) {
        const std::size_t bytes = std::size_t(count) * sizeof(T);
        if (!on_device(data, bytes)) return op(data);
        std::vector<T> host(static_cast<std::size_t>(count));
        be_.copy_to_host(host.data(), data, bytes);
        op(host.data());
        be_.copy_from_host(data, host.data(), bytes);
    }

    std::unique_ptr<Communicator> owned_;
    Communicator& inner_;
    Backend& be_;
};

}  // namespace

std::unique_ptr<comm::Communicator> make_staged(comm::Communicator& inner, Backend& be) {
    return std::make_unique<StagedCommunicator>(inner, be);
}

comm::Communicator& communicator_for(Backend& be, comm::Communicator& world, std::unique_ptr<comm::Communicator>& holder) {
    if (be.memory_space() == MemorySpace::host) return world;
    holder = make_staged(world, be);
    return *holder;
}

}  // namespace exa
