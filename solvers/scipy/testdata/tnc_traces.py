"""Runs scipy's own TNC (minimize(method='TNC'), scipy 1.10) on the problems
solvers/scipy/tnc_test.go uses and writes what it did to tnc_traces.json
beside this file: the loss at x0 (clipped to the bounds, where tnc starts)
and after every iteration (scipy's callback), the answer, the counts (nfev
as scipy reports it; njev, which scipy's TNC does not report, as the calls
of jac), status, success and message, and the first 30 iterations of the
same run with the loss and each component of the gradient changed by one
ulp or none, up or down, by a hash of x (trace_ulp_dev: how far scipy's own run moves
when the last bits of f and its gradient change, the largest over 5 such
runs), and the outcomes (nit, nfev, njev, message) of the reference run
and of the perturbed ones (40 on the classroom problem, where they vary).

The problems: the classroom loss (imported from scipy_traces.py) from the
exercise's x0, unbounded and in [-2, 2]; Rosenbrock (scipy's rosen and
rosen_der) n = 2, 5, 10 from (-1.2, 1, -1.2, 1, ...), unbounded and with
box bounds (some sides infinite, x0 outside, variables fixed by equal
bounds, every variable fixed), with maxfun 30; and the problems of scipy's
test_tnc.py (Schittkowski's) and of test_optimize.py that run TNC.

Run from the repository root with Debian's scipy 1.10 (apt-get install -y
python3-scipy):

    /usr/bin/python3 solvers/scipy/testdata/tnc_traces.py
"""
import hashlib
import json
import os
import sys
import warnings
from math import pow

import numpy as np
import scipy
from scipy.optimize import minimize, rosen, rosen_der

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from scipy_traces import classroom, crossentropy  # noqa: E402


# Schittkowski's problems as scipy's test_tnc.py writes them.
def f1(x, a=100.0):
    return a * pow((x[1] - pow(x[0], 2)), 2) + pow(1.0 - x[0], 2)


def g1(x, a=100.0):
    dif = [0, 0]
    dif[1] = 2 * a * (x[1] - pow(x[0], 2))
    dif[0] = -2.0 * (x[0] * (dif[1] - 1.0) + 1.0)
    return dif


def f3(x):
    return x[1] + pow(x[1] - x[0], 2) * 1.0e-5


def g3(x):
    dif = [0, 0]
    dif[0] = -2.0 * (x[1] - x[0]) * 1.0e-5
    dif[1] = 1.0 - dif[0]
    return dif


def f4(x):
    return pow(x[0] + 1.0, 3) / 3.0 + x[1]


def g4(x):
    dif = [0, 0]
    dif[0] = pow(x[0] + 1.0, 2)
    dif[1] = 1.0
    return dif


def f5(x):
    return np.sin(x[0] + x[1]) + pow(x[0] - x[1], 2) - 1.5 * x[0] + 2.5 * x[1] + 1.0


def g5(x):
    dif = [0, 0]
    v1 = np.cos(x[0] + x[1])
    v2 = 2.0 * (x[0] - x[1])
    dif[0] = v1 + v2 - 1.5
    dif[1] = v1 - v2 + 2.5
    return dif


def f38(x):
    return (100.0 * pow(x[1] - pow(x[0], 2), 2) +
            pow(1.0 - x[0], 2) + 90.0 * pow(x[3] - pow(x[2], 2), 2) +
            pow(1.0 - x[2], 2) + 10.1 * (pow(x[1] - 1.0, 2) +
                                         pow(x[3] - 1.0, 2)) +
            19.8 * (x[1] - 1.0) * (x[3] - 1.0)) * 1.0e-5


def g38(x):
    dif = [0, 0, 0, 0]
    dif[0] = (-400.0 * x[0] * (x[1] - pow(x[0], 2)) - 2.0 * (1.0 - x[0])) * 1.0e-5
    dif[1] = (200.0 * (x[1] - pow(x[0], 2)) + 20.2 * (x[1] - 1.0) + 19.8 * (x[3] - 1.0)) * 1.0e-5
    dif[2] = (- 360.0 * x[2] * (x[3] - pow(x[2], 2)) - 2.0 * (1.0 - x[2])) * 1.0e-5
    dif[3] = (180.0 * (x[3] - pow(x[2], 2)) + 20.2 * (x[3] - 1.0) + 19.8 * (x[1] - 1.0)) * 1.0e-5
    return dif


def f45(x):
    return 2.0 - x[0] * x[1] * x[2] * x[3] * x[4] / 120.0


def g45(x):
    dif = [0] * 5
    dif[0] = - x[1] * x[2] * x[3] * x[4] / 120.0
    dif[1] = - x[0] * x[2] * x[3] * x[4] / 120.0
    dif[2] = - x[0] * x[1] * x[3] * x[4] / 120.0
    dif[3] = - x[0] * x[1] * x[2] * x[4] / 120.0
    dif[4] = - x[0] * x[1] * x[2] * x[3] / 120.0
    return dif


# test_optimize.py's test_no_increase: a gradient of the wrong sign.
def no_increase_f(x):
    return float(((x - 1)**2)[0])


def no_increase_g(x):
    return 2 * (x - 1) * (-1) - 2


# test_all_bounds_equal's function.
def norm_plus_one(x):
    return np.linalg.norm(x) + 1


def rosen_start(n):
    return np.array([-1.2 if i % 2 == 0 else 1.0 for i in range(n)])


def bounds_json(bounds, n):
    """[[lo, hi], ...] with null for an infinite side (JSON has no inf)."""
    if bounds is None:
        return None
    out = []
    for lo, hi in bounds:
        lo = None if lo is None or lo == -np.inf else float(lo)
        hi = None if hi is None or hi == np.inf else float(hi)
        out.append([lo, hi])
    return out


def clip(x0, bounds):
    if bounds is None:
        return np.asarray(x0, dtype=float)
    lo = np.array([-np.inf if b[0] is None else b[0] for b in bounds], dtype=float)
    hi = np.array([np.inf if b[1] is None else b[1] for b in bounds], dtype=float)
    return np.clip(np.asarray(x0, dtype=float), lo, hi)


def run(name, problem, fun, jac, x0, bounds=None, options=None):
    x0 = np.asarray(x0, dtype=float)
    calls = {"f": 0, "g": 0}

    def cf(x):
        calls["f"] += 1
        return fun(x)

    def cj(x):
        calls["g"] += 1
        return jac(x)

    trace = [float(fun(clip(x0, bounds)))]
    res = minimize(cf, x0, jac=cj, method="TNC", bounds=bounds, options=options,
                   callback=lambda xk: trace.append(float(fun(xk))))
    assert calls["f"] == res.nfev, (name, calls, res.nfev)
    # tnc's products H v are differences of the gradient with a step of
    # about 1.5e-8, which multiply the gradient's last-bit errors by 1e8: a
    # loss and gradient that another correct implementation computes differ
    # from these in the last bits, by amounts that vary from point to point.
    # So the perturbed run changes f and every component of the gradient by
    # -1, 0 or +1 ulp, by a hash of x and of the component.
    def perturbed_run(seed):
        def ulps(x, m):
            d = hashlib.blake2b(np.asarray(x, dtype=float).tobytes(), digest_size=4 * m, key=bytes([seed])).digest()
            h = np.frombuffer(d, dtype="<u4").astype(np.int64)
            return 1 + (h % 3 - 1) * 2.0**-52

        out = [trace[0]]
        njev = [0]

        def pjac(x):
            njev[0] += 1
            return np.asarray(jac(x), dtype=float) * ulps(x, len(x) + 1)[1:]

        r = minimize(lambda x: fun(x) * ulps(x, 1)[0], x0, jac=pjac,
                     method="TNC", bounds=bounds, options=options,
                     callback=lambda xk: out.append(float(fun(xk))) if len(out) <= 30 else None)
        return out, [int(r.get("nit", 0)), int(r.nfev), njev[0], r.message]

    # The largest deviation from scipy's trace over 5 such runs, and the
    # outcomes (nit, nfev, njev, message) of the reference run and of these
    # (40 of them on the classroom problem, where they vary).
    dev = [0.0] * min(31, len(trace))
    outcomes = [[int(res.get("nit", 0)), int(res.nfev), calls["g"], res.message]]
    for seed in range(1, 41 if problem == "classroom" else 6):
        ptrace, outcome = perturbed_run(seed)
        if outcome not in outcomes:
            outcomes.append(outcome)
        if seed <= 5:
            for k, v in enumerate(ptrace[:len(dev)]):
                dev[k] = max(dev[k], abs(v - trace[k]))
    return {
        "name": name, "problem": problem, "x0": list(map(float, x0)), "bounds": bounds_json(bounds, len(x0)),
        "options": options or {},
        "trace": trace, "trace_ulp_dev": dev, "outcomes": outcomes, "fun": float(res.fun), "x": list(map(float, res.x)),
        "nit": int(res.get("nit", 0)), "nfev": int(res.nfev), "njev": calls["g"], "status": int(res.status) if "status" in res else 0,
        "success": bool(res.success), "message": res.message,
    }


def main():
    xs, ts, cx0 = classroom()
    ce, ce_jac, _ = crossentropy(xs, ts)
    runs = [run("classroom", "classroom", ce, ce_jac, cx0),
            run("classroom-box", "classroom", ce, ce_jac, cx0, [(-2, 2)] * len(cx0))]
    for n in (2, 5, 10):
        runs.append(run("rosenbrock%d" % n, "rosenbrock", rosen, rosen_der, rosen_start(n)))
    # Box bounds: the minimum on a bound, infinite sides, x0 outside.
    runs.append(run("rosenbrock2-box", "rosenbrock", rosen, rosen_der, rosen_start(2), [(-2, 0.8), (None, 0.5)]))
    runs.append(run("rosenbrock5-mixed", "rosenbrock", rosen, rosen_der, rosen_start(5),
                    [(None, 0.9), (0, None), (-1, 1), (None, None), (0.5, 2)]))
    runs.append(run("rosenbrock10-box", "rosenbrock", rosen, rosen_der, rosen_start(10), [(0, 0.5)] * 10))
    runs.append(run("rosenbrock10-lower", "rosenbrock", rosen, rosen_der, rosen_start(10), [(1.5, None)] * 10))
    # test_equal_bounds's problem: x[1] and x[3] fixed by equal bounds.
    np.random.seed(0)
    eb_x0 = np.random.rand(4)
    runs.append(run("rosenbrock4-fixed", "rosenbrock", rosen, rosen_der, eb_x0,
                    list(zip([0, 2, -1, -1.0], [3, 2, 2, -1.0]))))
    runs.append(run("rosenbrock2-allfixed", "rosenbrock", rosen, rosen_der, [1.0, 3.0], [(1, 1), (2, 2)]))
    runs.append(run("rosenbrock5-maxfun30", "rosenbrock", rosen, rosen_der, rosen_start(5), None, {"maxfun": 30}))
    # scipy's test_tnc.py (maxfun 200).
    opts = {"maxfun": 200}
    for name, f, g, x0, b in [
            ("tnc1", f1, g1, [-2, 1], [(-np.inf, None), (-1.5, None)]),
            ("tnc2", f1, g1, [-2, 1], [(-np.inf, None), (1.5, None)]),
            ("tnc3", f3, g3, [10, 1], [(-np.inf, None), (0.0, None)]),
            ("tnc4", f4, g4, [1.125, 0.125], [(1, None), (0, None)]),
            ("tnc5", f5, g5, [0, 0], [(-1.5, 4), (-3, 3)]),
            ("tnc38", f38, g38, [-3, -1, -3, -1], [(-10, 10)] * 4),
            ("tnc45", f45, g45, [2] * 5, [(0, 1), (0, 2), (0, 3), (0, 4), (0, 5)])]:
        runs.append(run(name, name, f, g, x0, b, opts))
    # Options other than the defaults.
    runs.append(run("rosenbrock2-gtol1e3", "rosenbrock", rosen, rosen_der, rosen_start(2), None, {"gtol": 1e3}))
    runs.append(run("rosenbrock5-options", "rosenbrock", rosen, rosen_der, rosen_start(5), None,
                    {"maxCGit": 2, "eta": 0.5, "stepmx": 1, "accuracy": 1e-10, "ftol": 1e-12, "xtol": 1e-12,
                     "rescale": 0, "minfev": -1, "maxfun": 400}))
    runs.append(run("rosenbrock5-steepest", "rosenbrock", rosen, rosen_der, rosen_start(5), [(-1, 1)] * 5,
                    {"maxCGit": 0, "maxfun": 300}))
    # test_tnc.py's test_maxiter_depreciations: maxiter is maxfun.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        runs.append(run("tnc1-maxiter1", "tnc1", f1, g1, [1, 3], None, {"maxiter": 1}))
    runs.append(run("no-increase", "no-increase", no_increase_f, no_increase_g, [2.0], None, {"maxfun": 20}))
    # test_optimize.py's test_all_bounds_equal.
    res = minimize(norm_plus_one, (1.0, 3.0), bounds=[(1, 1), (2, 2)], method="TNC")
    allfixed = {"fun": float(res.fun), "x": list(map(float, res.x)), "nfev": int(res.nfev),
                "success": bool(res.success), "message": res.message}
    # Values that are not finite, kept as scipy keeps them (the answer's f
    # as text: JSON has no NaN or inf).
    edges = []
    for name, f, g, x0, b, opts in [
            ("nan", lambda x: np.nan, lambda x: np.array([1.0]), [1.0], None, {"maxfun": 20}),
            ("-exp(-x)", lambda x: float(-np.exp(-x[0])), lambda x: np.exp(-x), [0.0], None, None),
            ("-exp(-x) in [-5, 5]", lambda x: float(-np.exp(-x[0])), lambda x: np.exp(-x), [0.0], [(-5, 5)], None),
            ("x", lambda x: float(x[0]), lambda x: np.array([1.0]), [0.0], None, None)]:
        with np.errstate(over="ignore"):
            res = minimize(f, x0, jac=g, method="TNC", bounds=b, options=opts)
        edges.append({"name": name, "x0": x0, "nit": int(res.nit), "nfev": int(res.nfev), "fun": str(float(res.fun)),
                      "x": str(float(res.x[0])), "success": bool(res.success), "message": res.message})
    doc = {"scipy": scipy.__version__, "edges": edges, "numpy": np.__version__, "python": sys.version.split()[0],
           "runs": runs, "all_bounds_equal": allfixed}
    with open(os.path.join(HERE, "tnc_traces.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for r in runs:
        print(f'{r["name"]:22s} nit={r["nit"]:4d} nfev={r["nfev"]:4d} njev={r["njev"]:4d} '
              f'fun={r["fun"]:.10g} {r["message"]}')


if __name__ == "__main__":
    main()
