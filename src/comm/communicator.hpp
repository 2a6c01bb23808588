#pragma once
// The communicator interface the algorithms are written against. Only comm/ knows MPI.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace exa::comm {

enum class ReduceOp { sum, max, min };

/// A pending non-blocking operation. Move-only; the destructor waits so buffers stay valid.
class Request {
public:
    class Impl {
    public:
        virtual ~Impl() = default;
        virtual bool test() = 0;
        virtual void wait() = 0;
    };
    Request() = default;
    explicit Request(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
    Request(Request&&) noexcept = default;
    Request& operator=(Request&& other) noexcept {
        if (this != &other) {
            finish_quietly();
            impl_ = std::move(other.impl_);
        }
        return *this;
    }
    ~Request() { finish_quietly(); }
    /// True once complete (a null request is complete).
    bool test() {
        if (!impl_) return true;
        if (!impl_->test()) return false;
        impl_.reset();
        return true;
    }
    void wait() {
        if (impl_) impl_->wait();
        impl_.reset();
    }

private:
    /// Waits where no exception may leave (a staged receive's copy to the device can fail):
    /// a failing device is reported by its next call instead.
    void finish_quietly() noexcept {
        try {
            if (impl_) impl_->wait();
        } catch (...) {
        }
        impl_.reset();
    }
    std::unique_ptr<Impl> impl_;
};

/// A group of processes that exchange messages (an MPI communicator, or one process alone).
/// Messages are typed as raw bytes; the typed helpers below keep call sites readable.
class Communicator {
public:
    virtual ~Communicator() = default;
    [[nodiscard]] virtual int rank() const = 0;
    [[nodiscard]] virtual int size() const = 0;
    /// Sub-communicator of the ranks that pass the same color (ordered by key); color < 0: none.
    [[nodiscard]] virtual std::unique_ptr<Communicator> split(int color, int key) const = 0;
    /// Ranks that share this node's memory.
    [[nodiscard]] virtual std::unique_ptr<Communicator> split_shared_node() const = 0;

    virtual void send_bytes(const void* buf, std::size_t bytes, int dest, int tag) = 0;
    virtual void recv_bytes(void* buf, std::size_t bytes, int src, int tag) = 0;
    virtual Request isend_bytes(const void* buf, std::size_t bytes, int dest, int tag) = 0;
    virtual Request irecv_bytes(void* buf, std::size_t bytes, int src, int tag) = 0;
    virtual void sendrecv_bytes(const void* sbuf, std::size_t sbytes, int dest, void* rbuf,
                                std::size_t rbytes, int src, int tag) = 0;
    /// True if a message from src with tag is ready to be received.
    [[nodiscard]] virtual bool iprobe(int src, int tag) = 0;

    virtual void bcast_bytes(void* buf, std::size_t bytes, int root) = 0;
    virtual void allreduce(double* data, int count, ReduceOp op) = 0;
    virtual void allreduce(std::int64_t* data, int count, ReduceOp op) = 0;
    virtual void reduce(double* data, int count, ReduceOp op, int root) = 0;
    virtual void barrier() = 0;
    /// Ends every process of the job at once (used when one rank fails).
    [[noreturn]] virtual void abort(int code) = 0;
    /// Blocking calls give the core away between polls, as MPI does when processes outnumber
    /// cores (the calibration measures processes sharing a core so). Splits inherit it.
    virtual void set_yield_when_idle(bool) {}

    // Typed helpers.
    template <class T> void send(std::span<const T> s, int dest, int tag) {
        send_bytes(s.data(), s.size_bytes(), dest, tag);
    }
    template <class T> void recv(std::span<T> s, int src, int tag) {
        recv_bytes(s.data(), s.size_bytes(), src, tag);
    }
    template <class T> Request isend(std::span<const T> s, int dest, int tag) {
        return isend_bytes(s.data(), s.size_bytes(), dest, tag);
    }
    template <class T> void sendrecv(std::span<const T> out, int dest, std::span<T> in, int src,
                                     int tag) {
        sendrecv_bytes(out.data(), out.size_bytes(), dest, in.data(), in.size_bytes(), src, tag);
    }
    template <class T> void bcast(std::span<T> s, int root) {
        bcast_bytes(s.data(), s.size_bytes(), root);
    }
    double allreduce_max(double v) { allreduce(&v, 1, ReduceOp::max); return v; }
    double allreduce_sum(double v) { allreduce(&v, 1, ReduceOp::sum); return v; }
    std::int64_t allreduce_max(std::int64_t v) { allreduce(&v, 1, ReduceOp::max); return v; }
    std::int64_t allreduce_sum(std::int64_t v) { allreduce(&v, 1, ReduceOp::sum); return v; }
};

/// The whole job: MPI_COMM_WORLD when built with MPI and launched by mpirun/srun,
/// else a single process. Initialises and finalises the runtime (RAII).
class Environment {
public:
    Environment(int& argc, char**& argv);
    ~Environment();
    Environment(const Environment&) = delete;
    Environment& operator=(const Environment&) = delete;
    [[nodiscard]] Communicator& world() { return *world_; }
    /// "Open MPI 4.1.4", or "none (single process)".
    [[nodiscard]] static const char* library_name();

private:
    std::unique_ptr<Communicator> world_;
};

/// A communicator of one process (no peers). Also used for builds without MPI.
std::unique_ptr<Communicator> make_self();

}  // namespace exa::comm
