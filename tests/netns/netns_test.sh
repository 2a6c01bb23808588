#!/usr/bin/env bash
# MPI over a real network path: two network namespaces, each with its own UTS namespace (so
# Open MPI sees two hosts, exa-host-a and exa-host-b, and cannot use shared memory between
# them), joined by a veth pair; mpirun starts in the first and reaches the second through a
# launch agent that enters it, every message forced onto TCP. HPL (PASSED) and HPCG (VALID)
# across them. Needs root; exits 77 (ctest: skipped, with the reason) where namespaces
# cannot be made.
#   netns_test.sh EXABENCH
set -u
exe=$(readlink -f "$1")
skip() { echo "SKIPPED: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "network namespaces need root"
command -v ip >/dev/null && command -v unshare >/dev/null || skip "ip (iproute2) and unshare (util-linux) are needed"
tag=$$
a=exa-a-$tag b=exa-b-$tag va=exa-va-$tag vb=exa-vb-$tag
va=${va:0:15} vb=${vb:0:15}
work=$(mktemp -d)
cleanup() {
    ip netns del "$a" 2>/dev/null
    ip netns del "$b" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
{ ip netns add "$a" && ip netns add "$b" && ip link add "$va" type veth peer name "$vb" &&
  ip link set "$va" netns "$a" && ip link set "$vb" netns "$b" &&
  ip -n "$a" addr add 10.77.0.1/24 dev "$va" && ip -n "$b" addr add 10.77.0.2/24 dev "$vb" &&
  ip -n "$a" link set "$va" up && ip -n "$b" link set "$vb" up &&
  ip -n "$a" link set lo up && ip -n "$b" link set lo up; } 2>"$work/ip.err" ||
    skip "cannot make the namespaces: $(head -1 "$work/ip.err")"

# The launch agent (Open MPI's plm_rsh_agent, ssh's place): HOST COMMAND... runs COMMAND in
# HOST's namespaces under HOST's name, through a shell as ssh would.
cat >"$work/agent" <<AGENT
#!/bin/bash
host=\$1; shift
case \$host in
  10.77.0.1) ns=$a; name=exa-host-a ;;
  10.77.0.2) ns=$b; name=exa-host-b ;;
  *) echo "agent: unknown host \$host" >&2; exit 1 ;;
esac
exec ip netns exec "\$ns" unshare --uts sh -c 'hostname "\$0"; eval "\$*"' "\$name" "\$@"
AGENT
chmod +x "$work/agent"

. "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"
across() {  # across OUT ARGS...: exabench on one rank in each namespace, over TCP
    local out=$1
    shift
    timeout 300 ip netns exec "$a" unshare --uts sh -c 'hostname exa-host-a; exec "$@"' sh \
        mpirun --host 10.77.0.1:1,10.77.0.2:1 -np 2 --mca plm_rsh_agent "$work/agent" \
        --mca btl tcp,self --mca btl_tcp_if_include 10.77.0.0/24 --mca oob_tcp_if_include 10.77.0.0/24 \
        -x OMPI_ALLOW_RUN_AS_ROOT=1 -x OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 -x OMP_NUM_THREADS=1 \
        "$exe" "$@" --no-progress >"$out" 2>&1
}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
across "$work/hpl.out" hpl -n 3000 --nb 128
check "HPL across two hosts exits 0" test $? -eq 0
check "... on 2 nodes, one rank each" bash -c "grep -q '^Placement: 2 rank(s) on 2 node(s)' '$work/hpl.out' && grep -q '^  exa-host-b: rank 1' '$work/hpl.out'"
check "... PASSED" grep -Eq '^\|\|Ax-b\|\|.* PASSED$' "$work/hpl.out"
across "$work/hpcg.out" hpcg --nx 16 --ny 16 --nz 16 --rt 0
check "HPCG across two hosts is VALID" grep -q 'HPCG result is VALID' "$work/hpcg.out"
[ $fail -eq 0 ] || { tail -20 "$work/hpl.out"; tail -20 "$work/hpcg.out"; }
echo "netns: $pass passed, $fail failed"
[ $fail -eq 0 ]
