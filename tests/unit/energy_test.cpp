// Energy from RAPL's powercap counters, on a fake /sys/class/powercap tree: which zones count,
// wrap-around undone, and a meter that reads often enough for a counter to wrap mid-run.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "cli/energy_window.hpp"
#include "comm/communicator.hpp"
#include "guarded_backend.hpp"
#include "probe/energy.hpp"

using namespace exa::probe;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t range_uj = 262143328850;  // a real package's max_energy_range_uj

/// A zone directory with its name and counter (no energy_uj: unreadable, as for non-root).
void zone(const fs::path& dir, const std::string& name, std::uint64_t uj, bool readable = true) {
    fs::create_directories(dir);
    std::ofstream(dir / "name") << name << "\n";
    std::ofstream(dir / "max_energy_range_uj") << range_uj << "\n";
    if (readable) std::ofstream(dir / "energy_uj") << uj << "\n";
}

void set(const fs::path& dir, std::uint64_t uj) { std::ofstream(dir / "energy_uj") << uj << "\n"; }

struct FakePowercap : ::testing::Test {
    // One tree per test: ctest runs the tests as processes side by side.
    fs::path root = fs::path(::testing::TempDir()) /
                    (std::string("powercap-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    void SetUp() override {
        fs::remove_all(root);
        zone(root / "intel-rapl:0", "package-0", 1000);
        zone(root / "intel-rapl:0" / "intel-rapl:0:0", "core", 500);  // inside the package
        zone(root / "intel-rapl:0" / "intel-rapl:0:1", "dram", 2000);
        zone(root / "intel-rapl:1", "package-1", 3000);
        zone(root / "intel-rapl:2", "psys", 9000);                    // overlaps the others
        zone(root / "intel-rapl:3", "package-3", 0, false);           // root only
    }
    void TearDown() override { fs::remove_all(root); }
};

}  // namespace

TEST_F(FakePowercap, PackagesAndTheirMemoryCountOnceAndUnreadableZonesNot) {
    auto c = EnergyCounters::find(root.string());
    EXPECT_EQ(c.describe(), "package-0, dram, package-1");
    const auto from = c.read();
    set(root / "intel-rapl:0", 1000 + 2'000'000);                     // 2 J
    set(root / "intel-rapl:0" / "intel-rapl:0:0", 500 + 9'000'000);   // not counted
    set(root / "intel-rapl:0" / "intel-rapl:0:1", 2000 + 500'000);    // 0.5 J
    set(root / "intel-rapl:1", range_uj - 1'000'000 + 3000);          // almost its whole range
    const auto to = c.read();
    EXPECT_NEAR(c.joules(from, to), 2.0 + 0.5 + (range_uj - 1'000'000) * 1e-6, 1e-6);
    // A counter that passed its range starts again from 0.
    const std::vector<std::uint64_t> high{range_uj - 100, 0, 0}, low{899, 0, 0};
    EXPECT_NEAR(c.joules(high, low), (100 + 899 + 1) * 1e-6, 1e-12);
}

TEST_F(FakePowercap, NothingToReadIsNotAMeasurement) {
    EXPECT_TRUE(EnergyCounters::find((root / "nowhere").string()).empty());
    EnergyMeter m(EnergyCounters::find((root / "nowhere").string()));
    EXPECT_FALSE(m.available());
    m.start();
    m.stop();
    EXPECT_EQ(m.joules(), 0);
}

TEST_F(FakePowercap, TheMeterFollowsACounterThroughItsWrap) {
    EnergyMeter m(EnergyCounters::find(root.string()), 0.005);
    ASSERT_TRUE(m.available());
    set(root / "intel-rapl:1", range_uj - 1'000'000);
    m.start();
    // 3 J in three steps on package-1, the last past its range; the meter samples in between.
    for (std::uint64_t uj : {range_uj - 1, std::uint64_t(1'000'000), std::uint64_t(2'000'000)}) {
        std::this_thread::sleep_for(std::chrono::milliseconds(40));
        set(root / "intel-rapl:1", uj);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
    m.stop();
    EXPECT_NEAR(m.joules(), 3.0, 1e-5);
}

// A GPU backend's counter is read by the GPU's first rank around the timed region; without
// readable RAPL counters the GPUs alone are measured, and the record says so.
TEST(DeviceEnergy, TheGpuIsMeasuredWhereTheCpusCannotBe) {
    const fs::path empty = fs::path(::testing::TempDir()) / "powercap-none-for-device-energy";
    fs::create_directories(empty);
    setenv("EXA_POWERCAP_ROOT", empty.c_str(), 1);
    auto self = exa::comm::make_self();
    exa::test::GuardedBackend gpu;
    exa::cli::EnergyWindow window(*self, &gpu);
    window.region().enter();
    window.region().leave();
    const auto m = window.measurement(true);
    unsetenv("EXA_POWERCAP_ROOT");
    EXPECT_TRUE(m.measured) << m.why;
    EXPECT_DOUBLE_EQ(m.joules, 50.0);  // one reading's growth, between the two
    EXPECT_EQ(m.source, "NVML: 1 GPU(s) (the CPUs not measured)");

    // A host backend has no device to read: not measured, and why.
    setenv("EXA_POWERCAP_ROOT", empty.c_str(), 1);
    auto cpu = exa::make_cpu_backend(1);
    exa::cli::EnergyWindow host(*self, cpu.get());
    unsetenv("EXA_POWERCAP_ROOT");
    EXPECT_FALSE(host.measurement(true).measured);
}
