#pragma once
// Small helpers for declaring command-line flags with CLI11.
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "backend/backend.hpp"

namespace exa::cli {

/// An integer of at least `lo`, with a message that says so.
inline CLI::Validator at_least(std::int64_t lo) {
    return CLI::Validator(
        [lo](std::string& s) -> std::string {
            std::int64_t v = 0;
            const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
            if (ec != std::errc() || p != s.data() + s.size() || v < lo)
                return fmt::format("{} is not an integer >= {}", s, lo);
            return {};
        },
        fmt::format("INT >= {}", lo));
}

/// --backend: which backend runs the kernels (and HPCG's sparse kernels).
inline void add_backend_flag(CLI::App& app, std::string& backend) {
    app.add_option("--backend", backend,
                   fmt::format("Backend that runs the kernels: {}{}", fmt::join(backend_names(), ", "),
                               backend == "auto" ? ", or auto (cuda where this binary has it and a GPU is present)" : ""))
        ->capture_default_str();
}

/// The names a flag accepts for the values of an enum.
template <class E>
std::map<std::string, E> names(std::initializer_list<std::pair<const char*, E>> list) {
    std::map<std::string, E> m;
    for (auto& [k, v] : list) m.emplace(k, v);
    return m;
}

}  // namespace exa::cli
