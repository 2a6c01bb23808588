// The inputs that once made a reader misbehave (found by scripts/fuzz.sh, or written to the
// same end), replayed through the same code the fuzz targets run: each must end in the
// reader's own error, if any, and nothing worse.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../fuzz/targets.hpp"

namespace fs = std::filesystem;

namespace {

/// Every file under tests/fuzz_regressions/<dir>, through `fn`; how many there were.
template <class Fn>
int replay(const char* dir, Fn fn) {
    int count = 0;
    const fs::path root = fs::path(EXA_SOURCE_DIR) / "tests" / "fuzz_regressions" / dir;
    if (!fs::exists(root)) return 0;
    for (const auto& entry : fs::directory_iterator(root)) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        SCOPED_TRACE(entry.path().string());
        fn(text.str());
        ++count;
    }
    return count;
}

}  // namespace

TEST(FuzzRegressions, EachReaderSurvivesItsInputs) {
    EXPECT_GT(replay("hpl_dat", exa::fuzz::hpl_dat), 0);
    EXPECT_GT(replay("hpcg_dat", exa::fuzz::hpcg_dat), 0);
    replay("machine", exa::fuzz::machine);
    replay("device", exa::fuzz::device);
    replay("report", exa::fuzz::report);
    replay("calibration", exa::fuzz::calibration);
    replay("command_line", exa::fuzz::command_line);
}

// The two hpcg.dat inputs above were undefined behaviour (a double beyond int's range, NaN,
// converted to int) before the reader checked them; now they are one line each.
TEST(FuzzRegressions, HpcgDatOutOfRangeIsAnInputError) {
    EXPECT_THROW(exa::cli::parse_hpcg_dat("a\nb\n1e30 16 16\n60\n", "hpcg.dat"), exa::InputError);
    EXPECT_THROW(exa::cli::parse_hpcg_dat("a\nb\n16 16 16\nnan\n", "hpcg.dat"), exa::InputError);
}

// Twenty values on each of HPL.dat's nine lists are 5e11 tests: refused, not enumerated.
TEST(FuzzRegressions, HplDatWithTooManyTestsIsRefused) {
    std::ifstream in(fs::path(EXA_SOURCE_DIR) / "tests/fuzz_regressions/hpl_dat/too-many-tests");
    std::stringstream text;
    text << in.rdbuf();
    try {
        exa::cli::parse_hpl_dat(text.str(), "HPL.dat");
        ADD_FAILURE() << "accepted";
    } catch (const exa::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("tests; at most 100000"), std::string::npos) << e.what();
    }
}
