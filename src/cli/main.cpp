#include <cstdio>
#include <cstdlib>
#include "comm/communicator.hpp"
#include "hpl/run.hpp"
using namespace exa;
int main(int argc, char** argv) {
    comm::Environment env(argc, argv);
    hpl::Params p;
    p.n = argc > 1 ? atol(argv[1]) : 1000;
    p.nb = argc > 2 ? atol(argv[2]) : 64;
    p.p = argc > 3 ? atoi(argv[3]) : 1;
    p.q = argc > 4 ? atoi(argv[4]) : 1;
    if (argc > 5) p.pfact = hpl::Factorization(atoi(argv[5]));
    if (argc > 6) p.rfact = hpl::Factorization(atoi(argv[6]));
    if (argc > 7) p.bcast = hpl::Broadcast(atoi(argv[7]));
    if (argc > 8) p.depth = atoi(argv[8]);
    if (argc > 9) p.swap = hpl::SwapAlgo(atoi(argv[9]));
    if (argc > 10) p.nbmin = atoi(argv[10]);
    layout::ProcessGrid g(env.world(), p.p, p.q, layout::ProcessMap::row_major);
    auto be = make_cpu_backend(atoi(getenv("T") ? getenv("T") : "1"));
    if (!g.active()) return 0;
    auto r = hpl::run_test(p, g, *be);
    if (env.world().rank() == 0)
        std::printf("%s n=%ld nb=%ld %dx%d time=%.3f gflops=%.2f resid=%.4e info=%ld %s\n", hpl::tv_code(p).c_str(), p.n, p.nb, p.p, p.q, r.time_s, r.gflops, r.check.resid, r.info, r.passed ? "PASSED" : "FAILED");
}
