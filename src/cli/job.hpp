#pragma once
// What `exabench hpl`, `exabench mxp` and the main job share: their options, and the set-up
// of a run from netlib's HPL.dat or from flags (who runs, on which backend, which tests).
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "backend/backend.hpp"
#include "cli/sizing.hpp"
#include "comm/communicator.hpp"
#include "hpl/params.hpp"
#include "hpl/test_plan.hpp"
#include "layout/process_grid.hpp"
#include "probe/host.hpp"

namespace exa::cli {

/// NB when none is given on a GPU backend.
inline constexpr std::int64_t gpu_nb = 512;

struct RunOptions {
    std::string dat;              ///< HPL.dat path; empty: the flags below
    hpl::Params params;
    bool n_given = false;         ///< else sized automatically
    bool nb_given = false;        ///< else the backend's default
    bool grid_given = false;      ///< else from the number of ranks
    int threads = 0;              ///< 0: cores per rank on this node
    std::string backend = "auto"; ///< --backend
    std::string json;             ///< result file
    std::string trace;            ///< step trace file (hpl, mxp)
    std::string html;             ///< the results as one HTML page (exabench report)
    bool progress = true;
    bool summary = false;         ///< the main job's closing summary and GEMM probe
    double target_seconds = 40;   ///< automatic N: about this long a solve
    bool predict = false;         ///< print the twin's prediction beside each measured test
    std::string calibration;      ///< the twin's calibration file (empty: the default)
};

/// Declares the flags every command has (threads, json, progress).
void add_common_flags(CLI::App& app, RunOptions& opt);
/// Declares the problem's flags that HPL and HPL-MxP share (--dat, N, NB, grid, PMAP,
/// BCAST, DEPTH, threshold, alignment, seed, the step trace) and the common ones.
void add_problem_flags(CLI::App& app, RunOptions& opt);

/// How a benchmark sizes itself when N is not given.
struct Sizing {
    std::function<double(Backend&)> probe;  ///< one rank's GEMM ceiling, GFLOP/s
    double efficiency = 0.9;                ///< fraction of it the solve reaches
    double bytes_per_entry = 8;             ///< memory per matrix entry
};

/// This node, the job's shape and every rank's place, for result records; rank 0 prints the
/// placement and what is wrong with it. Collective.
probe::MachineInfo describe_machine(comm::Communicator& world, const JobShape& shape, const Backend* be = nullptr);

struct Job {
    JobShape shape;
    std::unique_ptr<Backend> be;
    probe::MachineInfo machine;
    hpl::TestPlan plan;
    std::string n_where = "-n";        ///< what set N, for error messages
    std::string grid_where = "-p/-q";  ///< what set the grid
    double probe_gflops = 0;           ///< the job's GEMM ceiling at start (0: not measured)
    std::uint64_t process_memory = 0;  ///< the memory this process may fill (memory_per_process)

    /// Refuses (InputError, same on every rank) a test whose grid needs more ranks than run.
    void check_grid(int p, int q) const;
};

/// Reads the HPL.dat or the flags into a plan, probing the GEMM rate when N is automatic or
/// a summary is wanted. Throws InputError (the same on every rank) for bad input.
Job prepare_job(comm::Communicator& world, RunOptions& opt, const Sizing& sizing);

/// The grid of the test at hand: made anew only when P, Q or PMAP change (a collective).
class GridOfTest {
public:
    explicit GridOfTest(comm::Communicator& world) : world_(world) {}
    /// nullptr on ranks beyond P x Q: they sit this grid out, as in HPL.
    const layout::ProcessGrid* get(int p, int q, layout::ProcessMap map);
    void release() { grid_.reset(); }

private:
    comm::Communicator& world_;
    std::unique_ptr<layout::ProcessGrid> grid_;
};

/// The text of an input file, read by rank 0 and sent to all, so every rank fails alike;
/// `what` names the file in the error ("the HPL.dat file").
std::string read_on_root(comm::Communicator& world, const std::string& path, const char* what);

/// Refuses (InputError, the same on every rank, before anything runs) a result file that
/// cannot be written: `path` names the file, `what` the flag or the file line that named it.
void check_writable(comm::Communicator& world, const std::string& path, const std::string& what);
/// The files a run of these options writes (--json, --trace, HPL.dat's output file).
void check_output_files(comm::Communicator& world, const RunOptions& opt, const hpl::TestPlan& plan);

/// Where HPL.dat says the output goes (line 4: 6 stdout, 7 stderr, else line 3's file).
std::FILE* open_output(const hpl::TestPlan& plan);
void close_output(std::FILE* out);
/// 12345678.9 -> "12,345,679".
std::string with_thousands(double v);
/// Tests of the failure path set EXABENCH_FAIL_RANK to make one rank fail mid-run.
void inject_fault_for_tests(comm::Communicator& world);

}  // namespace exa::cli
