#pragma once
#include "comm/communicator.hpp"

namespace exa::test {
/// The job's communicator, set by the MPI tests' main.
extern comm::Communicator* g_world;
}  // namespace exa::test
