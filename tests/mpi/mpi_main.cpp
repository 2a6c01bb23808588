// gtest under mpirun: every rank runs every test; rank 0 prints; the job fails if any rank
// saw a failure.
#include <gtest/gtest.h>

#include "comm/communicator.hpp"
#include "mpi/world.hpp"

namespace exa::test {
comm::Communicator* g_world = nullptr;
}

int main(int argc, char** argv) {
    exa::comm::Environment env(argc, argv);
    exa::test::g_world = &env.world();
    ::testing::InitGoogleTest(&argc, argv);
    if (env.world().rank() != 0) {
        auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
        delete listeners.Release(listeners.default_result_printer());
    }
    std::int64_t failed = RUN_ALL_TESTS() != 0 ? 1 : 0;
    failed = env.world().allreduce_max(failed);
    if (env.world().rank() == 0)
        std::printf("[mpi] %d ranks: %s\n", env.world().size(), failed ? "FAILED" : "all passed");
    return int(failed);
}
