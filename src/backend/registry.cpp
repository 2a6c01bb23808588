// The backends built into this binary, by the name --backend gives them.
#include <fmt/format.h>

#include "backend/backend.hpp"
#include "common/error.hpp"

namespace exa {

std::vector<std::string> backend_names() { return {"cpu"}; }

std::unique_ptr<Backend> make_backend(const std::string& name, int threads) {
    if (name == "cpu") return make_cpu_backend(threads);
    throw InputError(fmt::format("--backend: unknown backend '{}' (this binary has: {})", name,
                                 fmt::join(backend_names(), ", ")));
}

}  // namespace exa
