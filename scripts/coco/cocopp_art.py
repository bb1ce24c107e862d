#!/usr/bin/env python3
"""cocopp_art.py: cocopp's aRT and successes for a folder of COCO bbob data, as JSON.

Run it in cocopp's environment (cocopp_check.sh sets it up, offline):

    scripts/coco/cocopp_check.sh -art FOLDER > art.json

For each (function, dimension) data set that cocopp's pproc.DataSetList reads
from FOLDER, it prints cocopp's aRT (DataSet.detERT, its "ERT": evaluations
summed over all runs until each reached the target, or all of a run's
evaluations if it did not, divided by the number of runs that reached it;
null when none did) and the number of runs that reached each target
(DataSet.detSuccesses with raw_values=True) for the targets
Δf = 10^(2 - i/5), i = 0..50, that is 1e2 down to 1e-8. The targets are
computed as cocopp computes its alignment levels, numpy.power(10, k / 5)
with k = 10 - i: DataSet.detERT(t) returns the aRT of the largest level <= t,
so a t one ulp below a level (10 ** (2 - i / 5) is, for some i) would get
the aRT of the next harder target. Everything goes to
stdout as one JSON object; cocopp's own messages go to stderr.
"""
import contextlib
import json
import math
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: cocopp_art.py FOLDER")
    folder = sys.argv[1]
    with contextlib.redirect_stdout(sys.stderr):
        import cocopp
        from cocopp import pproc
        data = pproc.DataSetList(folder)
    import numpy
    targets = [float(numpy.power(10, (10 - i) / 5)) for i in range(51)]
    sets = []
    for ds in sorted(data, key=lambda d: (d.funcId, d.dim)):
        art = [None if not math.isfinite(v) else float(v) for v in ds.detERT(targets)]
        succ = [int(s) for s in ds.detSuccesses(targets, raw_values=True)]
        sets.append({
            "function": int(ds.funcId),
            "dim": int(ds.dim),
            "instances": [int(i) for i in ds.instancenumbers],
            "runs": int(ds.nbRuns_raw),
            "max_evals": [int(e) for e in ds.maxevals],
            "art": art,
            "successes": succ,
        })
    json.dump({
        "cocopp_version": getattr(cocopp, "__version__", ""),
        "targets_exponent": "targets[i] = numpy.power(10, (10 - i) / 5), i = 0..50",
        "targets": targets,
        "data_sets": sets,
    }, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
