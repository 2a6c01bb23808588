// HPL and HPL-MxP over device memory, on every grid the job holds: the guarded backend
// (tests/guarded_backend.hpp) keeps its memory out of the host's reach, and the staged
// communicator carries its messages through the host, as the CUDA backend's are over an MPI
// that cannot read GPU memory. PASSED, with the CPU backend's residual to the last bit:
// the same kernels in the same order.
#include <gtest/gtest.h>

#include <string>

#include "backend/staged_communicator.hpp"
#include "guarded_backend.hpp"
#include "hpl/run.hpp"
#include "mpi/grids.hpp"
#include "mpi/world.hpp"
#include "mxp/run.hpp"

using namespace exa;
using exa::test::grids_within;

namespace {

/// The test's result on this rank, with its messages staged when the backend wants it.
template <class Params, class Run>
auto on_grid(const Params& p, Backend& be, bool& active, Run run) {
    std::unique_ptr<comm::Communicator> staged;
    layout::ProcessGrid grid(communicator_for(be, *test::g_world, staged), p.p, p.q, p.pmap);
    active = grid.active();
    return active ? run(p, grid, be) : decltype(run(p, grid, be)){};
}

/// The test on the guarded backend (its messages staged) and on the CPU backend: PASSED on
/// the device, with the host's scaled residual to the last bit.
template <class Params, class Run>
void expect_device_matches_host(const Params& t, Run run, const std::string& what) {
    bool active = false;
    test::GuardedBackend device;
    const auto on_device = on_grid(t, device, active, run);
    auto cpu = make_cpu_backend(1);
    const auto on_host = on_grid(t, *cpu, active, run);
    if (!active) return;
    EXPECT_TRUE(on_device.passed) << what;
    EXPECT_EQ(on_device.check.resid, on_host.check.resid) << what;
}

}  // namespace

TEST(DeviceMemory, HplPassesOnEveryGridWithTheHostResidual) {
    for (auto [p, q] : grids_within(test::g_world->size()))
        for (int depth : {0, 1, 2}) {
            hpl::Params t;
            t.n = 131;
            t.nb = 16;
            t.p = p;
            t.q = q;
            t.depth = depth;
            t.bcast = hpl::Broadcast(depth * 2);
            t.swap = hpl::SwapAlgo(depth % 3);
            expect_device_matches_host(
                t, [](const hpl::Params& prm, const layout::ProcessGrid& g, Backend& be) { return hpl::run_test(prm, g, be); },
                std::to_string(p) + "x" + std::to_string(q) + " depth " + std::to_string(depth));
        }
}

TEST(DeviceMemory, MxpPassesOnEveryGridWithTheHostResidual) {
    for (auto [p, q] : grids_within(test::g_world->size()))
        for (auto precision : {LowPrecision::fp32, LowPrecision::fp16}) {
            mxp::Params t;
            t.n = 150;
            t.nb = 16;
            t.p = p;
            t.q = q;
            t.precision = precision;
            expect_device_matches_host(
                t, [](const mxp::Params& prm, const layout::ProcessGrid& g, Backend& be) { return mxp::run_test(prm, g, be); },
                std::to_string(p) + "x" + std::to_string(q) + " " + mxp::precision_name(precision));
        }
}
