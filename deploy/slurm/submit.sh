#!/bin/bash
# Submits a sweep as a SLURM job array of SHARDS tasks and its merge, which
# runs once every task succeeded (--dependency=afterok).
#
#   deploy/slurm/submit.sh 10                          # 10 shards, -starts 100
#   OPTBENCH_ARGS="-starts 1000" deploy/slurm/submit.sh 20
#
# OPTBENCH (the binary, default: optbench on PATH), OPTBENCH_OUT (the shared
# results directory) and OPTBENCH_ARGS (compare's flags) pass to the jobs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shards=${1:?usage: submit.sh SHARDS}
array=$(sbatch --parsable --export=ALL --array="0-$((shards - 1))" "$here/sweep.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --export=ALL --dependency="afterok:$array" "$here/merge.sbatch")
echo "array job $array ($shards shards), merge job $merge"
