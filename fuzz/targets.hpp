#pragma once
// What each fuzz target does with one input: hand it to one reader of outside input, as the
// program does. Bad input must end in the reader's InputError (or CLI11's ParseError for the
// command line); anything else (another exception, a crash, a sanitizer's report) is a bug.
// tests/unit/fuzz_regression_test.cpp replays the inputs that once found one.
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/command_line.hpp"
#include "cli/hpcg_dat.hpp"
#include "cli/hpl_dat.hpp"
#include "common/error.hpp"
#include "probe/calibration.hpp"
#include "report/html_report.hpp"
#include "twin/device.hpp"
#include "twin/machine.hpp"

namespace exa::fuzz {

/// netlib's HPL.dat, and every test its lists combine into.
inline void hpl_dat(std::string_view input) {
    try {
        const auto plan = cli::parse_hpl_dat(std::string(input), "HPL.dat");
        for (const auto& t : plan.tests()) (void)hpl::tv_code(t);
    } catch (const InputError&) {
    }
}

inline void hpcg_dat(std::string_view input) {
    try {
        (void)cli::parse_hpcg_dat(std::string(input), "hpcg.dat");
    } catch (const InputError&) {
    }
}

/// A machine file of the twin, and its derived figures.
inline void machine(std::string_view input) {
    try {
        const auto m = twin::parse_machine(input, "machine.toml");
        for (const auto& mod : m.modules) (void)mod.node_rpeak_gflops();
    } catch (const InputError&) {
    }
}

/// A device entry of the twin's catalog, and its derived figures.
inline void device(std::string_view input) {
    try {
        const auto d = twin::parse_device(input, "device.toml");
        (void)d.dgemm_basis();
        (void)d.dgemm_efficiency();
        (void)d.sustained_gbs();
        (void)d.gemm16_efficiency();
    } catch (const InputError&) {
    }
}

/// A JSON file given to `exabench report`, recognized and drawn.
inline void report(std::string_view input) {
    auto doc = nlohmann::json::parse(input, nullptr, false);
    if (doc.is_discarded()) return;
    try {
        const auto page = report::html_report({report::classify_report_input("r.json", std::move(doc))});
        (void)page;
    } catch (const InputError&) {
    }
}

inline void calibration(std::string_view input) {
    try {
        const auto c = probe::parse_calibration(input, "calibration.toml");
        (void)probe::format_calibration(c);
        (void)c.unsteady_warning();
    } catch (const InputError&) {
    }
}

/// The command line: the input's lines are the arguments (at most 32), parsed as exabench
/// parses them, nothing run.
inline void command_line(std::string_view input) {
    std::vector<std::string> args{"exabench"};
    std::size_t start = 0;
    while (start <= input.size() && args.size() < 33) {
        const auto end = std::min(input.find('\n', start), input.size());
        args.emplace_back(input.substr(start, end - start));
        start = end + 1;
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    // One parser for every input, as CLI11 allows (clear() forgets the last parse): building
    // exabench's whole command line each time would try a hundred times fewer inputs.
    static cli::CommandLine cl;
    cl.app.clear();
    try {
        cl.app.parse(int(argv.size()), argv.data());
    } catch (const CLI::ParseError&) {
    }
}

}  // namespace exa::fuzz
