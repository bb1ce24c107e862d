"""Runs scipy's own L-BFGS-B (minimize(method='L-BFGS-B'), the Fortran
L-BFGS-B 3.0) on the problems lbfgsb_test.go uses and writes what it did to
lbfgsb_traces.json beside this file: the loss at x0 and after every
iteration (scipy's callback), the final point and loss, the counts, status
and message, and the first 30 iterations of the same run with the loss
changed by -1, 0 or +1 ulp by a hash of x (how far scipy's own iterates
move when the last bits of f change: the tests allow 10 times that where
it exceeds 1e-10 relative); on the classroom problem also the range of
nit and nfev over six such runs to the end.
The problems: the classroom network loss from the exercise's x0 (the
functions of scipy_traces.py), Rosenbrock n = 2, 5, 10 from
(-1.2, 1, -1.2, ...), runs with bounds (finite, half-infinite, x0 outside
them, all fixed), runs cut by maxiter and maxfun, and a gradient
that does not match f (ABNORMAL_TERMINATION_IN_LNSRCH). It also times
scipy on the classroom problem (best of 5) for the benchmark comparison.

Run from the repository root with Debian's scipy 1.10 (apt-get install -y
python3-scipy):

    /usr/bin/python3 solvers/scipy/testdata/lbfgsb_traces.py
"""
import hashlib
import importlib.util
import json
import os
import sys
import time

import numpy as np
import scipy
from scipy.optimize import minimize, rosen, rosen_der

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("scipy_traces", os.path.join(HERE, "scipy_traces.py"))
scipy_traces = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scipy_traces)

INF = float("inf")


def wrong_f(x):
    return float(np.sum(x * x))


def wrong_g(x):
    # Not the gradient of wrong_f: every line search fails.
    return 2 * x + 5


def jsonable(v):
    """Infinities as strings, which encoding/json reads with a custom type."""
    if isinstance(v, float) and np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def run(name, problem, fun, jac, x0, bounds=None, options=None):
    options = dict(options or {})
    trace = [float(fun(np.clip(x0, *zip(*bounds)) if bounds else x0))]
    res = minimize(fun, x0, jac=jac, method="L-BFGS-B", bounds=bounds, options=options,
                   callback=lambda xk: trace.append(float(fun(xk))))
    ulp = [trace[0]]
    opts2 = dict(options, maxiter=min(30, options.get("maxiter", 30)))
    minimize(perturbed(fun, 0), x0, jac=jac, method="L-BFGS-B", bounds=bounds,
             options=opts2, callback=lambda xk: ulp.append(float(fun(xk))))
    out = {
        "name": name, "problem": problem, "x0": list(map(float, x0)),
        "options": options,
        "trace": trace, "trace_ulp": ulp, "fun": float(res.fun), "x": list(map(float, res.x)),
        "nit": int(res.get("nit", 0)), "nfev": int(res.nfev), "njev": int(res.get("njev", 0)),
        "status": int(res.status) if "status" in res else 0,
        "success": bool(res.success), "message": res.message,
    }
    if bounds is not None:
        out["lower"] = [jsonable(float(lo)) for lo, _ in bounds]
        out["upper"] = [jsonable(float(hi)) for _, hi in bounds]
    return out


def perturbed(fun, seed):
    """fun changed by -1, 0 or +1 ulp by a hash of x (and seed): as two
    correct implementations of f differ. (A uniform change of one ulp does
    not move L-BFGS-B's iterates on the classroom problem at all.)"""
    def f(x):
        h = int.from_bytes(hashlib.blake2b(np.asarray(x, dtype=float).tobytes() + bytes([seed]),
                                           digest_size=4).digest(), "little")
        return fun(x) * (1 + (h % 3 - 1) * 2.0**-52)
    return f


def count_spread(fun, jac, x0, bounds=None):
    """nit and nfev of six whole runs with f perturbed by +-1 ulp: the
    spread of scipy's own counts when the last bit of f changes."""
    nits, nfevs = [], []
    for seed in range(6):
        r = minimize(perturbed(fun, seed), x0, jac=jac, method="L-BFGS-B", bounds=bounds)
        nits.append(int(r.nit))
        nfevs.append(int(r.nfev))
    return {"nit": [min(nits), max(nits)], "nfev": [min(nfevs), max(nfevs)]}


def alternating(n):
    return np.array([-1.2 if i % 2 == 0 else 1.0 for i in range(n)])


def main():
    x, t, cx0 = scipy_traces.classroom()
    ce, ce_jac, _ = scipy_traces.crossentropy(x, t)
    runs = [run("classroom", "classroom", ce, ce_jac, cx0)]
    runs[0]["spread"] = count_spread(ce, ce_jac, cx0)
    for n in (2, 5, 10):
        runs.append(run(f"rosen{n}", "rosenbrock", rosen, rosen_der, alternating(n)))
    # Bounds: a box, half-infinite sides, x0 outside, some variables fixed,
    # all fixed, and the classroom problem in a box.
    runs.append(run("rosen5-box", "rosenbrock", rosen, rosen_der, alternating(5), bounds=[(-2, 0.5)] * 5))
    runs.append(run("rosen4-halfinf", "rosenbrock", rosen, rosen_der, alternating(4),
                    bounds=[(-INF, 0.5), (0, INF), (-1, 2), (-INF, INF)]))
    runs.append(run("rosen3-outside", "rosenbrock", rosen, rosen_der, np.array([3.0, -3.0, 0.2]),
                    bounds=[(-1, 2), (-0.5, 1.5), (0.3, 0.8)]))
    runs.append(run("rosen4-fixed", "rosenbrock", rosen, rosen_der, alternating(4),
                    bounds=[(-2, 2), (0.7, 0.7), (-INF, INF), (-2, 2)]))
    runs.append(run("rosen3-allfixed", "rosenbrock", rosen, rosen_der, alternating(3),
                    bounds=[(0.5, 0.5), (0.2, 0.2), (1, 1)]))
    runs.append(run("classroom-box", "classroom", ce, ce_jac, cx0, bounds=[(-1, 1)] * len(cx0)))
    runs[-1]["spread"] = count_spread(ce, ce_jac, cx0, bounds=[(-1, 1)] * len(cx0))
    # Limits.
    runs.append(run("rosen5-maxiter", "rosenbrock", rosen, rosen_der, alternating(5), options={"maxiter": 7}))
    runs.append(run("rosen5-maxfun", "rosenbrock", rosen, rosen_der, alternating(5), options={"maxfun": 20}))
    # No run with maxls: Debian's scipy 1.10.1 calls Debian's liblbfgsb
    # (L-BFGS-B 3.0 as released, LINPACK replaced by LAPACK), whose line
    # search stops after 20 evaluations whatever maxls says (the reason
    # Debian skips scipy's test_minimize_l_bfgs_maxls). lbfgsb_test.go
    # checks maxls against scipy's own source instead.
    runs.append(run("rosen5-gtol", "rosenbrock", rosen, rosen_der, alternating(5), options={"gtol": 1e-3}))
    runs.append(run("rosen5-maxcor3", "rosenbrock", rosen, rosen_der, alternating(5),
                    options={"maxcor": 3, "ftol": 1e-12}))
    runs.append(run("rosen10-maxcor3-box", "rosenbrock", rosen, rosen_der, alternating(10),
                    bounds=[(-1, 0.9)] * 10, options={"maxcor": 3}))
    runs.append(run("wrong-gradient", "wrong", wrong_f, wrong_g, np.array([0.0])))
    runs.append(run("wrong-gradient-box", "wrong", wrong_f, wrong_g, np.array([0.0]), bounds=[(-1, 1)]))

    # scipy's time on the classroom problem, best of 5.
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        minimize(ce, cx0, jac=ce_jac, method="L-BFGS-B")
        times.append(time.perf_counter() - t0)
    doc = {"scipy": scipy.__version__, "numpy": np.__version__, "python": sys.version.split()[0],
           "classroom_seconds_best_of_5": min(times), "runs": runs}
    with open(os.path.join(HERE, "lbfgsb_traces.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for r in runs:
        print(f'{r["name"]:22s} nit={r["nit"]:5d} nfev={r["nfev"]:5d} njev={r["njev"]:5d} fun={r["fun"]:.6g} {r["message"]}')
    print(f"scipy classroom: {min(times) * 1e3:.2f} ms (best of 5)")


if __name__ == "__main__":
    main()
