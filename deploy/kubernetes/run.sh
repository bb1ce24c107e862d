#!/bin/bash
# Runs the sweep Job, waits for it to complete, then the merge Job.
#   docker build -f deploy/kubernetes/Dockerfile -t optbench:latest .   (and push it where the cluster pulls from)
#   deploy/kubernetes/run.sh
# To resume after the sweep Job failed (an index out of retries), delete it
# and run this again: finished shards find every run done and exit at once.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kubectl apply -f "$here/pvc.yaml"
kubectl delete job optbench-sweep optbench-merge --ignore-not-found
kubectl apply -f "$here/sweep-job.yaml"
kubectl wait --for=condition=complete job/optbench-sweep --timeout=24h
kubectl apply -f "$here/merge-job.yaml"
kubectl wait --for=condition=complete job/optbench-merge --timeout=1h
kubectl logs job/optbench-merge
