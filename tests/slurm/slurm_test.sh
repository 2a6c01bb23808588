#!/usr/bin/env bash
# exabench under a real Slurm on this machine: munged, slurmctld and slurmd started with a
# generated slurm.conf (this host, its own CPUs), then `srun -n 2 exabench hpl` (PASSED on a
# 1 x 2 grid), `srun -n 4 --overcommit exabench hpcg` (VALID) and an sbatch of
# examples/slurm-cpu.sbatch (waited for, its output checked). The daemons are stopped at the
# end. Exit 77 (ctest: skipped, with the reason printed) where they cannot start: without root,
# or without Debian's slurm-wlm and munge (scripts/deps.sh --test installs them).
#
#   slurm_test.sh EXABENCH SOURCE_DIR
set -u
exe=$(readlink -f "$1") src=$(readlink -f "$2")
skip() { echo "SKIPPED: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "the Slurm daemons need root to start here"
for cmd in slurmctld slurmd srun sbatch sinfo munged; do
    command -v "$cmd" >/dev/null || skip "$cmd is not installed (scripts/deps.sh --test installs slurm-wlm and munge)"
done

work=$(mktemp -d)
chmod 755 "$work"
host=$(hostname -s)
pids=()
cleanup() {
    scancel --quiet --full -u root >/dev/null 2>&1 || true
    for f in "$work"/slurmd.pid "$work"/slurmctld.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    sleep 1
    rm -rf "$work"
}
trap cleanup EXIT

# munge: its own key and socket under $work, so that nothing of the machine's is touched.
mkdir -p "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
       --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" \
    || skip "munged did not start: $(tail -2 "$work/munge/munged.log" 2>/dev/null)"
pids+=("$(cat "$work/munge/munged.pid")")

# slurm.conf: this host as the only node, with what slurmd finds on it.
node=$(slurmd -C 2>/dev/null | head -1)
[ -n "$node" ] || skip "slurmd -C cannot describe this node"
cat >"$work/slurm.conf" <<CONF
ClusterName=exabench
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/munge.socket
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
$node State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
mkdir -p "$work/state" "$work/spool"
export SLURM_CONF=$work/slurm.conf
slurmctld -f "$SLURM_CONF" || skip "slurmctld did not start: $(tail -3 "$work/slurmctld.log" 2>/dev/null)"
slurmd -f "$SLURM_CONF" || skip "slurmd did not start: $(tail -3 "$work/slurmd.log" 2>/dev/null)"
for _ in $(seq 60); do
    sinfo -h -o %T 2>/dev/null | grep -Eq '^(idle|mixed)' && break
    sleep 1
done
sinfo -h -o %T 2>/dev/null | grep -Eq '^(idle|mixed)' ||
    skip "the node never came up: $(tail -3 "$work/slurmd.log" 2>/dev/null) $(sinfo 2>&1 | tail -2)"
# How Open MPI's ranks find each other under srun: PMIx where this Slurm has it.
mpi=$(srun --mpi=list 2>&1 | grep -Eo 'pmix[_a-z0-9]*' | head -1)
[ -n "$mpi" ] || mpi=$(srun --mpi=list 2>&1 | grep -Eo 'pmi2' | head -1)
[ -n "$mpi" ] || skip "this Slurm offers no PMIx or PMI-2 for MPI: $(srun --mpi=list 2>&1 | tr '\n' ' ')"
echo "Slurm up: $(sinfo -h -o '%N %c CPUs %T') (MPI: --mpi=$mpi)"

. "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_WAIT_POLICY=PASSIVE
cd "$work"

timeout 300 srun --mpi="$mpi" -n 2 "$exe" hpl -n 2000 --nb 128 --no-progress >hpl.out 2>hpl.err
check "srun -n 2 exabench hpl exits 0" test $? -eq 0
check "... finds its 2 ranks as a 1 x 2 grid" grep -Eq '^WR11C2R4 +2000 +128 +1 +2 ' hpl.out
check "... PASSED" grep -q 'PASSED$' hpl.out
check "... reports where each rank runs" grep -Eq '^Placement: 2 rank\(s\) on 1 node\(s\)' hpl.out
[ $fail -eq 0 ] || { echo "--- hpl.out"; tail -20 hpl.out; echo "--- hpl.err"; tail -20 hpl.err; }

timeout 300 srun --mpi="$mpi" -n 4 --overcommit "$exe" hpcg --nx 16 --ny 16 --nz 16 --rt 0 --no-progress >hpcg.out 2>hpcg.err
check "srun -n 4 --overcommit exabench hpcg is VALID" grep -q 'HPCG result is VALID' hpcg.out
check "... on HPCG's grid of 4 ranks" grep -Eq '^Placement: 4 rank\(s\)' hpcg.out
check "... and warns that ranks share cores" grep -q 'warning: ranks .* share cores' hpcg.err

cp "$src/examples/slurm-cpu.sbatch" job.sbatch
EXABENCH=$exe HPL_ARGS="hpl -n 1500 --nb 96 --no-progress" SRUN_MPI=$mpi \
    timeout 300 sbatch --wait --nodes=1 --ntasks-per-node=2 --cpus-per-task=1 --time=10 --chdir="$work" \
    --output="$work/batch.out" job.sbatch >sbatch.out 2>&1
check "sbatch of examples/slurm-cpu.sbatch completes" test $? -eq 0
check "... its HPL PASSED on a 1 x 2 grid" bash -c "grep -Eq '^WR11C2R4 +1500 +96 +1 +2 ' batch.out && grep -q 'PASSED\$' batch.out"
check "... one rank per core, no warning" bash -c "grep -Eq '^  $host: rank 0 on cores [0-9]+, rank 1 on cores [0-9]+' batch.out && ! grep -q warning batch.out"
check "... and wrote its JSON" bash -c "ls exabench-hpl-*.json >/dev/null"
[ $fail -eq 0 ] || { echo "--- batch.out"; tail -30 batch.out; cat sbatch.out; }

echo "slurm: $pass passed, $fail failed"
[ $fail -eq 0 ]
