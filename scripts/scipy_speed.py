#!/usr/bin/python3
"""Times scipy 1.10's minimize on the classroom problem from the exercise's
x0, one run per method, best of REPEATS, for comparison with optbench's

    go test ./bench -run '^$' -bench 'Minimize/classroom/scipy:' -count 5

whose runs are the same (analytic gradient; the exact Hessian for the
second-order methods; each method's default limits and tolerances, which
for the scipy: ports are scipy's). Prints one line per method: the best
wall time of one run, nit, nfev and the final loss.

    /usr/bin/python3 scripts/scipy_speed.py [REPEATS] [METHOD ...]

The loss, gradient and Hessian are those of
solvers/scipy/testdata/scipy_traces.py (numpy, vectorized). Needs Debian's
python3-scipy.
"""
import importlib.util
import os
import sys
import time
import warnings

import scipy
from scipy.optimize import minimize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location(
    "scipy_traces", os.path.join(ROOT, "solvers", "scipy", "testdata", "scipy_traces.py"))
traces = importlib.util.module_from_spec(spec)
spec.loader.exec_module(traces)

METHODS = ["BFGS", "CG", "Nelder-Mead", "Newton-CG", "trust-ncg", "trust-exact", "dogleg",
           "Powell", "L-BFGS-B", "TNC", "trust-krylov"]
SECOND_ORDER = {"Newton-CG", "trust-ncg", "trust-exact", "dogleg", "trust-krylov"}
NO_GRADIENT = {"Nelder-Mead", "Powell"}


def main():
    args = sys.argv[1:]
    repeats = int(args.pop(0)) if args and args[0].isdigit() else 5
    methods = args or METHODS
    x, t, x0 = traces.classroom()
    fun, jac, hess = traces.crossentropy(x, t)
    print(f"scipy {scipy.__version__}, classroom problem from x0, best of {repeats}")
    print(f"{'method':14s} {'time':>10s} {'nit':>6s} {'nfev':>6s} {'fun':>12s}")
    for m in methods:
        kw = {"method": m}
        if m not in NO_GRADIENT:
            kw["jac"] = jac
        if m in SECOND_ORDER:
            kw["hess"] = hess
        best = float("inf")
        for _ in range(repeats):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                start = time.perf_counter()
                res = minimize(fun, x0, **kw)
                best = min(best, time.perf_counter() - start)
        print(f"{m:14s} {best * 1e3:8.2f}ms {res.nit:6d} {res.nfev:6d} {res.fun:12.6g}")


if __name__ == "__main__":
    main()
