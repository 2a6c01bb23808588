#pragma once
// Tests written once for every backend this binary has: they take the backend's name as a
// parameter. A backend whose device is missing here makes its tests skip, not fail.
#include <memory>
#include <string>
#include <vector>

#include "backend/backend.hpp"
#include "common/error.hpp"
#include "guarded_backend.hpp"

namespace exa::test {

/// The parameter values: "cpu", "cuda" in a build with the CUDA toolkit, and "guarded"
/// (guarded_backend.hpp: device memory the host cannot touch).
inline std::vector<std::string> backends() {
    auto names = backend_names();
    names.push_back("guarded");
    return names;
}

/// The backend, or null when its device is missing (the caller then skips).
inline std::unique_ptr<Backend> backend_if_present(const std::string& name, int threads = 1) {
    if (name == "guarded") return std::make_unique<GuardedBackend>();
    try {
        return make_backend(name, threads);
    } catch (const InputError&) {
        return nullptr;
    }
}

/// Host values into a new buffer of the backend's.
template <class T>
Buffer<T> to_backend(Backend& be, const std::vector<T>& host) {
    Buffer<T> b(be, host.size());
    be.copy_from_host(b.data(), host.data(), host.size() * sizeof(T));
    return b;
}

/// A buffer's values on the host.
template <class T>
std::vector<T> to_host(Backend& be, const Buffer<T>& b) {
    std::vector<T> host(b.size());
    be.copy_to_host(host.data(), b.data(), host.size() * sizeof(T));
    return host;
}

}  // namespace exa::test

/// The start of a test on the backend named by the parameter `name`: skips without its device.
#define EXA_BACKEND_OR_SKIP(var, name, threads)                                   \
    auto var = ::exa::test::backend_if_present(name, threads);                    \
    if (!var) GTEST_SKIP() << (name) << ": its device is not present here"
