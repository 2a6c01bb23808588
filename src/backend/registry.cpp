// The backends built into this binary, by the name --backend gives them.
#include <fmt/format.h>

#include "backend/backend.hpp"
#include "common/error.hpp"

namespace exa {

std::vector<std::string> backend_names() {
#ifdef EXA_HAVE_CUDA
    return {"cpu", "cuda"};
#else
    return {"cpu"};
#endif
}

std::unique_ptr<Backend> make_backend(const std::string& name, int threads) {
    if (name == "cpu") return make_cpu_backend(threads);
    if (name == "auto") {
#ifdef EXA_HAVE_CUDA
        try {
            return make_cuda_backend(threads);
        } catch (const InputError&) {  // no GPU here
        }
#endif
        return make_cpu_backend(threads);
    }
#ifdef EXA_HAVE_CUDA
    if (name == "cuda") return make_cuda_backend(threads);
#endif
    throw InputError(fmt::format("--backend: unknown backend '{}' (this binary has: {})", name,
                                 fmt::join(backend_names(), ", ")));
}

}  // namespace exa
