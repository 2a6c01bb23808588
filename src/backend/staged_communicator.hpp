#pragma once
// Messages from and to a backend's device memory over an MPI that cannot read it (Debian's
// Open MPI is built without CUDA): each such buffer goes through host memory, in the
// backend's queue order. Host buffers pass straight through.
#include <memory>

#include "backend/backend.hpp"
#include "comm/communicator.hpp"

namespace exa {

/// `inner` (which must outlive the result) with device buffers staged through the host.
/// Its splits are staged too.
std::unique_ptr<comm::Communicator> make_staged(comm::Communicator& inner, Backend& be);

/// The communicator the algorithms use on `be`: `world` itself on a host backend, else a
/// staged one kept in `holder`.
comm::Communicator& communicator_for(Backend& be, comm::Communicator& world,
                                     std::unique_ptr<comm::Communicator>& holder);

}  // namespace exa
