// The BLAS's kernels beside the CPU: instruction sets read from /proc/cpuinfo lines,
// OpenBLAS's core names, and the advice a run prints when the BLAS runs below the CPU.
#include <gtest/gtest.h>

#include "cli/sizing.hpp"
#include "probe/blas_kernels.hpp"

using namespace exa::probe;

namespace {
BlasKernels openblas(const char* core) {
    BlasKernels b;
    b.library = "OpenBLAS";
    b.version = "0.3.21";
    b.kernels = core;
    b.isa = openblas_core_isa(core);
    return b;
}
}  // namespace

TEST(BlasKernels, CpuInstructionSetsFromCpuinfo) {
    const auto spr = cpu_isa_from_cpuinfo(
        "processor\t: 0\nflags\t\t: fpu sse sse2 pni ssse3 fma sse4_1 sse4_2 avx avx2 avx512f avx512_bf16 "
        "amx_tile avx512_fp16\n");
    EXPECT_EQ(spr.isa, Isa::avx512);
    EXPECT_EQ(spr.describe(), "AVX-512 + FMA + AVX512-BF16 + AVX512-FP16 + AMX");
    EXPECT_EQ(cpu_isa_from_cpuinfo("flags : fpu sse2 pni sse4_2 avx avx2 fma\n").isa, Isa::avx2);
    EXPECT_EQ(cpu_isa_from_cpuinfo("flags : fpu sse2 pni\n").isa, Isa::sse3);
    EXPECT_EQ(cpu_isa_from_cpuinfo("Features\t: fp asimd evtstrm sve sve2 bf16\n").describe(), "SVE2 + BF16");
    EXPECT_EQ(cpu_isa_from_cpuinfo("Features : fp asimd\n").isa, Isa::asimd);
    EXPECT_EQ(cpu_isa_from_cpuinfo("nothing here\n").isa, Isa::unknown);
}

TEST(BlasKernels, OpenBlasCoreNames) {
    EXPECT_EQ(openblas_core_isa("Prescott"), Isa::sse3);
    EXPECT_EQ(openblas_core_isa("HASWELL"), Isa::avx2);
    EXPECT_EQ(openblas_core_isa("Zen"), Isa::avx2);
    EXPECT_EQ(openblas_core_isa("SkylakeX"), Isa::avx512);
    EXPECT_EQ(openblas_core_isa("Cooperlake"), Isa::avx512);
    EXPECT_EQ(openblas_core_isa("neoversev1"), Isa::sve);
    EXPECT_EQ(openblas_core_isa("ARMV8"), Isa::asimd);
    EXPECT_EQ(openblas_core_isa("SomethingNew"), Isa::unknown);
    EXPECT_EQ(openblas("SkylakeX").describe(), "OpenBLAS 0.3.21, SkylakeX kernels (AVX-512)");
}

// The case of the issue: Debian 12's OpenBLAS on a Sapphire Rapids Xeon runs Prescott.
TEST(BlasKernels, AdviceWhenTheKernelsAreBelowTheCpu) {
    const auto avx512 = cpu_isa_from_cpuinfo("flags : sse2 pni avx avx2 avx512f amx_tile\n");
    const auto avx2 = cpu_isa_from_cpuinfo("flags : sse2 pni avx avx2 fma\n");
    const auto sve = cpu_isa_from_cpuinfo("Features : fp asimd sve\n");
    auto a = advise(openblas("Prescott"), avx512);
    EXPECT_TRUE(a.below);
    EXPECT_EQ(a.coretype, "SkylakeX");
    a = advise(openblas("Haswell"), avx512);
    EXPECT_TRUE(a.below);
    EXPECT_EQ(a.coretype, "SkylakeX");
    EXPECT_EQ(advise(openblas("Sandybridge"), avx2).coretype, "Haswell");
    EXPECT_EQ(advise(openblas("ARMV8"), sve).coretype, "ARMV8SVE");
    EXPECT_FALSE(advise(openblas("Cooperlake"), avx512).below);
    EXPECT_FALSE(advise(openblas("Haswell"), avx2).below);
    EXPECT_FALSE(advise(openblas("SkylakeX"), avx2).below);  // above: not ours to judge
    EXPECT_FALSE(advise(openblas("Unheardof"), avx512).below);
    BlasKernels mkl;
    mkl.library = "Intel MKL";
    EXPECT_FALSE(advise(mkl, avx512).below);
}

TEST(BlasKernels, HplNbFollowsTheKernelsInstructions) {
    EXPECT_EQ(exa::cli::cpu_nb(Isa::avx512), 384);
    for (Isa i : {Isa::unknown, Isa::sse3, Isa::avx, Isa::avx2, Isa::asimd, Isa::sve})
        EXPECT_EQ(exa::cli::cpu_nb(i), 192) << isa_name(i);
}
