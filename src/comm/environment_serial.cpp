// Environment for builds without MPI: always one process.
#include "comm/communicator.hpp"

namespace exa::comm {

Environment::Environment(int&, char**&) : world_(make_self()) {}
Environment::~Environment() = default;
const char* Environment::library_name() { return "none (built without MPI)"; }

}  // namespace exa::comm
