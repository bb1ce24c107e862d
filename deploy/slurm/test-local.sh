#!/bin/bash
# Starts a one-node SLURM cluster on this machine, runs a 3-task array sweep
# and its merge through submit.sh, and checks that the merged tables equal a
# single-process run's (the time columns aside). Every daemon it started is
# stopped at the end, whatever happens.
#
#   sudo deploy/slurm/test-local.sh
#
# Needs root and Debian's packages: it installs slurm-wlm and munge with
# apt-get. The cluster's configuration, state and logs live in a temporary
# directory (SLURM_CONF points there); /etc/slurm is not touched.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ "$(id -u)" != 0 ]; then
  echo "test-local.sh: run as root (it installs slurm-wlm and munge and starts their daemons)" >&2
  exit 2
fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "== installing slurm-wlm and munge"
  apt-get install -y -q slurm-wlm munge >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && apt-get install -y -q slurm-wlm munge >/dev/null; }
fi

tmp=$(mktemp -d /tmp/optbench-slurm.XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ -f "$tmp/munge/munged.pid" ]; then kill "$(cat "$tmp/munge/munged.pid")" 2>/dev/null || true; fi
  if [ "${KEEP:-}" = "" ]; then rm -rf "$tmp"; else echo "kept $tmp"; fi
}
trap cleanup EXIT

echo "== munge"
mkdir -p "$tmp/munge" "$tmp/munge-key"
dd if=/dev/urandom of="$tmp/munge-key/munge.key" bs=1024 count=1 status=none
chown -R munge:munge "$tmp/munge" "$tmp/munge-key"
chmod 755 "$tmp/munge"
chmod 700 "$tmp/munge-key"
chmod 400 "$tmp/munge-key/munge.key"
runuser -u munge -- munged --key-file="$tmp/munge-key/munge.key" --socket="$tmp/munge/socket" \
  --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/seed"

echo "== slurm.conf"
node=$(hostname -s)
mkdir -p "$tmp/state" "$tmp/spool"
export SLURM_CONF="$tmp/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=optbench-test
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=$node CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF

echo "== slurmctld and slurmd"
slurmctld -D -i -f "$SLURM_CONF" >"$tmp/slurmctld.stdout" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$tmp/slurmd.stdout" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  if sinfo -h -o '%T' 2>/dev/null | grep -q idle; then break; fi
  sleep 0.2
done
if ! sinfo -h -o '%T' | grep -q idle; then
  echo "the node did not come up:" >&2
  tail -20 "$tmp/slurmctld.log" "$tmp/slurmd.log" >&2 || true
  exit 1
fi
sinfo

echo "== the sweep: 3 shards and the merge"
(cd "$root" && go build -o "$tmp/optbench" ./cmd/optbench)
args="-methods BFGS,L-BFGS,Nelder-Mead,GD-fixed -gradient analytic,3-point -starts 6 -maxiter 100"
cd "$tmp"
OPTBENCH="$tmp/optbench" OPTBENCH_OUT="$tmp/out" OPTBENCH_ARGS="$args" "$here/submit.sh" 3 | tee "$tmp/submitted"
for _ in $(seq 600); do
  if [ -z "$(squeue -h)" ]; then break; fi
  sleep 0.2
done
if [ -n "$(squeue -h)" ]; then
  echo "the jobs did not finish:" >&2; squeue >&2; exit 1
fi
for f in "$tmp"/optbench-*.out; do echo "-- $f"; cat "$f"; done
if [ ! -f "$tmp/out/merged/summary.csv" ]; then
  echo "the merge job wrote no $tmp/out/merged/summary.csv" >&2
  tail -20 "$tmp/slurmctld.log" >&2 || true
  exit 1
fi

echo "== merged tables against one process"
# shellcheck disable=SC2086
"$tmp/optbench" compare $args -format csv >"$tmp/single.csv"
"$tmp/optbench" report "$tmp/out" -format csv >"$tmp/merged.csv"
notime() { # drop the columns whose name has "time" in it
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) keep[i] = ($i !~ /time/) }
           { s = ""; for (i = 1; i <= NF; i++) if (keep[i]) s = s (s == "" ? "" : ",") $i; print s }' "$1"
}
if ! diff <(notime "$tmp/single.csv") <(notime "$tmp/merged.csv"); then
  echo "FAIL: the merged shards' tables differ from a single process's" >&2
  exit 1
fi
echo "PASS: $(($(wc -l <"$tmp/merged.csv") - 1)) summary rows equal; 3 shards ran as a SLURM array and merged after it"
