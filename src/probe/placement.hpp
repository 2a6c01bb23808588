#pragma once
// Where each rank runs: its node, the cores it may run on (its CPU affinity, as mpirun's or
// srun's binding left it) and its threads. A benchmark whose ranks share a core, or run more
// threads than they have cores, reports a number about the launch, not about the machine.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "comm/communicator.hpp"

namespace exa::probe {

struct RankPlace {
    int rank = 0;
    std::string host;
    std::vector<int> cores;  ///< CPU numbers this rank may run on
    int threads = 1;         ///< threads it runs
};

/// This rank's place.
RankPlace my_place(int rank, int threads);
/// Every rank's, in rank order, on rank 0 (collective over `world`); empty elsewhere.
std::vector<RankPlace> gather_places(comm::Communicator& world, const RankPlace& mine);
/// What is wrong with a placement, one line each: ranks of one node that share cores, ranks
/// that run more threads than they have cores.
std::vector<std::string> placement_problems(const std::vector<RankPlace>& places);
/// "0-3,8,10-11".
std::string cores_text(const std::vector<int>& cores);
/// One record per rank: rank, host, cores (as cores_text), threads.
nlohmann::json placement_json(const std::vector<RankPlace>& places);

}  // namespace exa::probe
