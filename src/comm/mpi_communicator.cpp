// The MPI communicator: the only file that includes mpi.h. Every call is checked.
#include <mpi.h>
#include <sched.h>

#include <climits>
#include <cstdlib>
#include <string>

#include "comm/communicator.hpp"
#include "common/error.hpp"

namespace exa::comm {
namespace {

void check(int rc, const char* call) {
    if (rc == MPI_SUCCESS) return;
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, text, &len);
    throw Error(std::string(call) + " failed: " + std::string(text, len));
}
#define EXA_CHECK_MPI(call) check((call), #call)

/// Messages go as doubles when they can, so counts stay within int for large panels.
struct Typed {
    MPI_Datatype type;
    int count;
};
Typed typed(std::size_t bytes) {
    if (bytes % 8 == 0 && bytes / 8 <= std::size_t(INT_MAX)) return {MPI_DOUBLE, int(bytes / 8)};
    if (bytes <= std::size_t(INT_MAX)) return {MPI_BYTE, int(bytes)};
    throw Error("message of " + std::to_string(bytes) + " bytes is too large for one MPI call");
}

MPI_Op to_mpi(ReduceOp op) {
    switch (op) {
        case ReduceOp::sum: return MPI_SUM;
        case ReduceOp::max: return MPI_MAX;
        case ReduceOp::min: return MPI_MIN;
    }
    return MPI_SUM;
}

class MpiRequest final : public Request::Impl {
public:
    MpiRequest() = default;
    MPI_Request req = MPI_REQUEST_NULL;
    bool test() override {
        int flag = 0;
        EXA_CHECK_MPI(MPI_Test(&req, &flag, MPI_STATUS_IGNORE));
        return flag != 0;
    }
    void wait() override {
        // Called from destructors too: a failure here cannot be reported, so end the job.
        if (MPI_Wait(&req, MPI_STATUS_IGNORE) != MPI_SUCCESS) MPI_Abort(MPI_COMM_WORLD, 1);
    }
};

class MpiCommunicator final : public Communicator {
public:
    MpiCommunicator(MPI_Comm comm, bool owned) : comm_(comm), owned_(owned) {
        EXA_CHECK_MPI(MPI_Comm_rank(comm_, &rank_));
        EXA_CHECK_MPI(MPI_Comm_size(comm_, &size_));
    }
    ~MpiCommunicator() override {
        if (owned_) MPI_Comm_free(&comm_);
    }
    int rank() const override { return rank_; }
    int size() const override { return size_; }
    std::unique_ptr<Communicator> split(int color, int key) const override {
        MPI_Comm sub;
        EXA_CHECK_MPI(MPI_Comm_split(comm_, color < 0 ? MPI_UNDEFINED : color, key, &sub));
        if (sub == MPI_COMM_NULL) return nullptr;
        return inheriting(sub);
    }
    std::unique_ptr<Communicator> split_shared_node() const override {
        MPI_Comm sub;
        EXA_CHECK_MPI(MPI_Comm_split_type(comm_, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &sub));
        return inheriting(sub);
    }
    void send_bytes(const void* buf, std::size_t bytes, int dest, int tag) override {
        auto t = typed(bytes);
        if (yield_) return complete([&](MPI_Request* r) { return MPI_Isend(buf, t.count, t.type, dest, tag, comm_, r); });
        EXA_CHECK_MPI(MPI_Send(buf, t.count, t.type, dest, tag, comm_));
    }
    void recv_bytes(void* buf, std::size_t bytes, int src, int tag) override {
        auto t = typed(bytes);
        if (yield_) return complete([&](MPI_Request* r) { return MPI_Irecv(buf, t.count, t.type, src, tag, comm_, r); });
        EXA_CHECK_MPI(MPI_Recv(buf, t.count, t.type, src, tag, comm_, MPI_STATUS_IGNORE));
    }
    Request isend_bytes(const void* buf, std::size_t bytes, int dest, int tag) override {
        auto t = typed(bytes);
        auto r = std::make_unique<MpiRequest>();
        EXA_CHECK_MPI(MPI_Isend(buf, t.count, t.type, dest, tag, comm_, &r->req));
        return Request(std::move(r));
    }
    Request irecv_bytes(void* buf, std::size_t bytes, int src, int tag) override {
        auto t = typed(bytes);
        auto r = std::make_unique<MpiRequest>();
        EXA_CHECK_MPI(MPI_Irecv(buf, t.count, t.type, src, tag, comm_, &r->req));
        return Request(std::move(r));
    }
    void sendrecv_bytes(const void* sbuf, std::size_t sbytes, int dest, void* rbuf,
                        std::size_t rbytes, int src, int tag) override {
        auto s = typed(sbytes);
        auto r = typed(rbytes);
        if (yield_) {
            MPI_Request q[2];
            EXA_CHECK_MPI(MPI_Irecv(rbuf, r.count, r.type, src, tag, comm_, &q[0]));
            EXA_CHECK_MPI(MPI_Isend(sbuf, s.count, s.type, dest, tag, comm_, &q[1]));
            return poll(q, 2);
        }
        EXA_CHECK_MPI(MPI_Sendrecv(sbuf, s.count, s.type, dest, tag, rbuf, r.count, r.type, src,
                                   tag, comm_, MPI_STATUS_IGNORE));
    }
    bool iprobe(int src, int tag) override {
        int flag = 0;
        EXA_CHECK_MPI(MPI_Iprobe(src, tag, comm_, &flag, MPI_STATUS_IGNORE));
        return flag != 0;
    }
    void bcast_bytes(void* buf, std::size_t bytes, int root) override {
        auto t = typed(bytes);
        if (yield_) return complete([&](MPI_Request* r) { return MPI_Ibcast(buf, t.count, t.type, root, comm_, r); });
        EXA_CHECK_MPI(MPI_Bcast(buf, t.count, t.type, root, comm_));
    }
    void allreduce(double* data, int count, ReduceOp op) override {
        if (yield_)
            return complete([&](MPI_Request* r) {
                return MPI_Iallreduce(MPI_IN_PLACE, data, count, MPI_DOUBLE, to_mpi(op), comm_, r);
            });
        EXA_CHECK_MPI(MPI_Allreduce(MPI_IN_PLACE, data, count, MPI_DOUBLE, to_mpi(op), comm_));
    }
    void allreduce(std::int64_t* data, int count, ReduceOp op) override {
        if (yield_)
            return complete([&](MPI_Request* r) {
                return MPI_Iallreduce(MPI_IN_PLACE, data, count, MPI_INT64_T, to_mpi(op), comm_, r);
            });
        EXA_CHECK_MPI(MPI_Allreduce(MPI_IN_PLACE, data, count, MPI_INT64_T, to_mpi(op), comm_));
    }
    void reduce(double* data, int count, ReduceOp op, int root) override {
        const void* in = rank_ == root ? MPI_IN_PLACE : data;
        void* out = rank_ == root ? data : nullptr;
        if (yield_)
            return complete([&](MPI_Request* r) {
                return MPI_Ireduce(in, out, count, MPI_DOUBLE, to_mpi(op), root, comm_, r);
            });
        EXA_CHECK_MPI(MPI_Reduce(in, out, count, MPI_DOUBLE, to_mpi(op), root, comm_));
    }
    void barrier() override {
        if (yield_) return complete([&](MPI_Request* r) { return MPI_Ibarrier(comm_, r); });
        EXA_CHECK_MPI(MPI_Barrier(comm_));
    }
    [[noreturn]] void abort(int code) override {
        MPI_Abort(MPI_COMM_WORLD, code);
        std::_Exit(code);
    }
    void set_yield_when_idle(bool on) override { yield_ = on; }

private:
    std::unique_ptr<Communicator> inheriting(MPI_Comm sub) const {
        auto c = std::make_unique<MpiCommunicator>(sub, true);
        c->yield_ = yield_;
        return c;
    }
    /// Polls until the requests complete, giving the core away between polls.
    /// One MPI_Test per request, not MPI_Testall: with two processes on one core, a ping-pong
    /// polled by MPI_Testall took 16 us a message here, by MPI_Test 5.4, as Open MPI's own
    /// blocking calls take when it yields (mpi_yield_when_idle), which oversubscribed runs do.
    static void poll(MPI_Request* reqs, int n) {
        for (;;) {
            bool done = true;
            for (int i = 0; i < n; ++i) {
                if (reqs[i] == MPI_REQUEST_NULL) continue;  // completed requests are set null
                int flag = 0;
                EXA_CHECK_MPI(MPI_Test(&reqs[i], &flag, MPI_STATUS_IGNORE));
                done = done && flag != 0;
            }
            if (done) return;
            sched_yield();
        }
    }
    /// Starts one nonblocking call (`start` fills the request) and polls it to completion.
    template <class Start>
    static void complete(Start&& start) {
        MPI_Request r;
        check(start(&r), "MPI nonblocking call");
        poll(&r, 1);
    }

    MPI_Comm comm_;
    bool owned_;
    int rank_ = 0, size_ = 1;
    bool yield_ = false;
};

/// Started by a launcher (mpirun, srun, mpiexec)? Without one we run as a single process
/// and skip MPI's singleton start-up, which needs a working runtime daemon.
bool launched_by_mpi() {
    for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK",
                            "MPI_LOCALNRANKS", "SLURM_STEP_NUM_TASKS", "MV2_COMM_WORLD_SIZE"}) {
        if (std::getenv(var)) return true;
    }
    return false;
}

bool g_initialized = false;

}  // namespace

Environment::Environment(int& argc, char**& argv) {
    if (!launched_by_mpi()) {
        world_ = make_self();
        return;
    }
    int provided = 0;
    EXA_CHECK_MPI(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided));
    g_initialized = true;
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    world_ = std::make_unique<MpiCommunicator>(MPI_COMM_WORLD, false);
}

Environment::~Environment() {
    world_.reset();
    if (g_initialized) MPI_Finalize();
}

const char* Environment::library_name() {
    static std::string name = [] {
        char text[MPI_MAX_LIBRARY_VERSION_STRING];
        int len = 0;
        MPI_Get_library_version(text, &len);
        std::string s(text, len);
        auto cut = s.find_first_of(",\n");
        return cut == std::string::npos ? s : s.substr(0, cut);
    }();
    return name.c_str();
}

}  // namespace exa::comm
