#!/usr/bin/python3
"""Writes bench/coco/best2009/testdata/cocopp.json: what cocopp itself makes
of its "best 2009" reference algorithm, for the Go test of package
bench/coco/best2009 to compare with every number:

  - art: the reference's aRT as cocopp's tables read it
    (BestAlgSet.detERT), for every bbob function and dimension, at the 51
    targets of cocopp's ECDF over functions (pprldmany_target_values,
    10**np.arange(2, -8.2, -0.2)) and at the 7 targets of its aRT tables
    (pptable_targetsOfInterest), and at a few targets off COCO's grid
    (OFF_GRID, between its levels and above 100); null stands for +Inf
    (never reached);
  - succ: the reference's successes and runs (BestAlgSet.get_success_ratio)
    at the tables' targets and at their success target pptable_ftarget
    (cocopp's aRT table prints the latter beside the reference's aRTs);
  - ecdf: the best-2009 line cocopp's pprldmany draws in the ECDF over
    functions, for a few (dimension, functions) cases: pprldmany.main is
    run on them, with the reference's own data set standing in for an
    algorithm, and the line it draws for "best 2009" is captured from
    pprldmany.plotdata: the step line handed to matplotlib,
    x = x0 x0 x1 x1 ... xk xk xlimit, y = 0 y0 y0 ... yk yk, is checked to
    be exactly that and written as the budgets x0..xk (f-evaluations /
    dimension) and the fractions y0..yk.

Rerun (Debian's python3 with numpy, scipy, matplotlib; no network):

    mkdir /tmp/cp && git -C /work/.mirror/numbbo+coco-postprocess/repo archive HEAD | tar -x -C /tmp/cp
    echo '__version__ = "2.x-local"' > /tmp/cp/src/cocopp/_version.py
    PYTHONPATH=/tmp/cp/src MPLBACKEND=Agg /usr/bin/python3 scripts/coco/best2009_dump.py \\
        > bench/coco/best2009/testdata/cocopp.json

cocopp's import looks for its online archive list and warns that it cannot
reach it; the warnings go to stderr and do not matter here. Debian's
platformdirs is older than cocopp expects, so a stand-in is used when it
lacks ensure_exists (or is missing).
"""
import json
import os
import sys
import tempfile
import types
import warnings


def platformdirs_standin():
    """cocopp calls platformdirs.user_cache_dir(..., ensure_exists=True)."""
    try:
        import platformdirs
        platformdirs.user_cache_dir("cocopp-probe", ensure_exists=False)
        return
    except (ImportError, TypeError):
        pass
    m = types.ModuleType("platformdirs")

    def user_cache_dir(appname=None, *args, ensure_exists=False, **kwargs):
        d = os.path.join(tempfile.gettempdir(), "best2009-dump-cache", appname or "")
        os.makedirs(d, exist_ok=True)
        return d
    m.user_cache_dir = user_cache_dir
    sys.modules["platformdirs"] = m


platformdirs_standin()
stdout = sys.stdout
sys.stdout = sys.stderr  # cocopp prints progress; only the JSON goes to stdout
warnings.simplefilter("ignore")

import numpy as np  # noqa: E402
import cocopp  # noqa: E402
from cocopp import bestalg, pproc, testbedsettings, toolsdivers  # noqa: E402
from cocopp.compall import pprldmany  # noqa: E402

testbedsettings.load_current_testbed("bbob", pproc.TargetValues)
testbed = testbedsettings.current_testbed
FUNCTIONS = range(1, 25)
DIMS = (2, 3, 5, 10, 20, 40)

# targets between COCO's levels 10^(k/5), and above 10^2
OFF_GRID = [1000.0, 300.0, 150.0, 30.0, 0.3, 5e-3, 2e-6, 3e-9, 1e-12]

# the (dimension, functions) cases of the ECDF: all functions, cocopp's
# five function groups, a single function
ECDF_CASES = [
    (2, list(FUNCTIONS)),
    (3, list(range(20, 25))),
    (5, list(range(1, 6))),
    (10, list(range(6, 10))),
    (10, [24]),
    (20, list(range(10, 15))),
    (20, list(FUNCTIONS)),
    (40, list(range(15, 20))),
    (40, list(FUNCTIONS)),
    (40, [1, 24]),
]


def num(x):
    x = float(x)
    return None if np.isinf(x) else x


def main():
    refs = bestalg.load_reference_algorithm(testbed.reference_algorithm_filename)
    ecdf_targets = [float(t) for t in testbed.pprldmany_target_values((1, 2))]
    table_targets = [float(t) for t in testbed.pptable_targetsOfInterest((1, 2))]
    succ_target = float(testbed.pptable_ftarget)

    art = []
    for dim in DIMS:
        for f in FUNCTIONS:
            entry = refs[(dim, f)]
            # cocopp's tables use detERT, its ECDF detEvals: the same here
            # (one virtual run), which this checks rather than assumes
            for t in ecdf_targets + table_targets + OFF_GRID:
                ert = entry.detERT([t])[0]
                evals, algs, _ = entry.detEvals([t])
                if algs[0] is None:
                    assert np.isinf(ert), (f, dim, t)
                else:
                    assert len(evals[0]) == 1 and evals[0][0] == ert, (f, dim, t, evals, ert)
            art.append({"f": f, "dim": dim,
                        "ecdf": [num(x) for x in entry.detERT(ecdf_targets)],
                        "table": [num(x) for x in entry.detERT(table_targets)],
                        "off_grid": [num(x) for x in entry.detERT(OFF_GRID)],
                        "succ": [[int(v) for v in entry.get_success_ratio(t)]
                                 for t in table_targets + [succ_target]]})

    # pprldmany on the reference's own data set as the one algorithm
    path = os.path.join(toolsdivers.path_in_package(), testbed.reference_algorithm_filename)
    _, sorted_algs, dict_alg = pproc.processInputArgs([path])
    captured = []
    plotdata = pprldmany.plotdata

    def capture(data, maxval=None, maxevals=None, CrE=0., maxevals2=None, **kwargs):
        res = plotdata(data, maxval, maxevals, CrE, maxevals2, **kwargs)
        if kwargs.get("label") == testbed.reference_algorithm_displayname:
            x = np.asarray(data, dtype=float)
            finite = x[np.isfinite(x)]
            captured.append((res[0].get_xdata(), res[0].get_ydata(), len(finite), maxval))
        return res
    pprldmany.plotdata = capture
    ecdf = []
    outdir = tempfile.mkdtemp(prefix="best2009-dump-")
    for dim, fns in ECDF_CASES:
        sub = {alg: pproc.DataSetList([ds for ds in dsl if ds.dim == dim and ds.funcId in fns])
               for alg, dsl in dict_alg.items()}
        del captured[:]
        pprldmany.main(sub, order=sorted_algs, outputdir=outdir,
                       info="%02dD_case" % dim, dimension=dim)
        assert len(captured) == 1, captured
        x2, y2, nfinite, maxval = captured[0]
        x2, y2 = [float(v) for v in x2], [float(v) for v in y2]
        if nfinite == 0:  # cocopp then draws one point at (1, 0)
            budgets, fractions = [], []
        else:
            budgets, fractions = x2[1:-1:2], y2[1::2]
            # the step line is exactly these points
            assert x2 == [b for b in budgets for _ in (0, 1)] + [maxval], (dim, fns)
            assert y2 == [0.0] + [p for p in fractions for _ in (0, 1)], (dim, fns)
        ecdf.append({"dim": dim, "functions": fns, "budgets": budgets,
                     "fractions": fractions, "xlimit": float(maxval)})

    json.dump({
        "source": "numbbo/coco-postprocess %s, cocopp %s, numpy %s" % (
            os.environ.get("COCOPP_COMMIT", "2b13ce76f2f8d96180ae16f41b173d403ff94afe"),
            cocopp.__version__, np.__version__),
        "ecdf_targets": ecdf_targets,
        "table_targets": table_targets,
        "off_grid_targets": OFF_GRID,
        "succ_target": succ_target,
        "art": art,
        "ecdf": ecdf,
    }, stdout, indent=None, separators=(",", ":"), allow_nan=False)
    stdout.write("\n")


if __name__ == "__main__":
    main()
