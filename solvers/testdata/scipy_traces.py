"""Runs scipy's own BFGS, CG and Nelder-Mead on the problems the solvers tests
use, and writes what they did to scipy_traces.json beside this file: the loss
after every iteration (scipy's callback), the final loss, the counts, status
and message, and the first 30 iterations of the same run with the loss one
ulp larger. The tests compare optbench's scipy:BFGS, scipy:CG and
scipy:Nelder-Mead with these traces, so `go test` needs no Python.

Run from the repository root with Debian's scipy 1.10 (apt-get install -y
python3-scipy):

    /usr/bin/python3 solvers/testdata/scipy_traces.py
"""
import csv
import json
import os
import sys

import numpy as np
import scipy
from scipy.optimize import minimize, rosen, rosen_der

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
D, M, K = 2, 2, 3


def classroom():
    xs, ts = [], []
    with open(os.path.join(ROOT, "objective", "classroom.csv")) as f:
        for row in csv.DictReader(f):
            if row["split"] == "train":
                xs.append([float(row["x0"]), float(row["x1"])])
                ts.append(int(row["class"]))
    x = np.array(xs)
    t = np.eye(K)[ts]
    with open(os.path.join(ROOT, "objective", "classroom_init.txt")) as f:
        x0 = np.array([float(line) for line in f if line.strip()])
    return x, t, x0


def crossentropy(x, t):
    """The mean cross-entropy of the 2-2-3 network and its gradient, with the
    parameter layout of objective/ (w row-major with the bias last, then v)."""
    xb = np.c_[x, np.ones(len(x))]

    def split(wv):
        return wv[:M * (D + 1)].reshape(M, D + 1), wv[M * (D + 1):].reshape(K, M + 1)

    def forward(wv):
        w, v = split(wv)
        b = xb @ w.T
        zs = np.where(b >= 0, 1 / (1 + np.exp(-np.abs(b))), np.exp(-np.abs(b)) / (1 + np.exp(-np.abs(b))))
        z = np.c_[zs, np.ones(len(x))]
        a = z @ v.T
        amax = a.max(axis=1, keepdims=True)
        e = np.exp(a - amax)
        s = e.sum(axis=1, keepdims=True)
        f = float(np.sum(amax[:, 0] + np.log(s[:, 0]) - np.sum(t * a, axis=1)) / len(x))
        return f, zs, z, e / s, v

    def fun(wv):
        return forward(wv)[0]

    def jac(wv):
        _, zs, z, y, v = forward(wv)
        d2 = y - t
        dv = d2.T @ z / len(x)
        d1 = zs * (1 - zs) * (d2 @ v[:, :M])
        dw = d1.T @ xb / len(x)
        return np.r_[dw.ravel(), dv.ravel()]

    return fun, jac


def run(problem, fun, jac, x0, method):
    trace = [fun(x0)]
    res = minimize(fun, x0, jac=jac if method != "Nelder-Mead" else None, method=method,
                   callback=lambda xk: trace.append(fun(xk)))
    # The same run with the loss one ulp larger: how far scipy's own iterates
    # move when the last bit of f changes, which is all another correct
    # implementation of f can promise. The tests allow 10 times that.
    ulp = [fun(x0)]
    minimize(lambda x: fun(x) * (1 + 2.0**-52), x0, jac=jac if method != "Nelder-Mead" else None,
             method=method, callback=lambda xk: ulp.append(fun(xk)), options={"maxiter": 30})
    out = {
        "problem": problem, "method": "scipy:" + method, "x0": list(x0),
        "trace": trace, "trace_ulp": ulp, "fun": float(res.fun), "x": list(map(float, res.x)),
        "nit": int(res.nit), "nfev": int(res.nfev), "status": int(res.status),
        "success": bool(res.success), "message": res.message,
    }
    if method != "Nelder-Mead":
        out["njev"] = int(res.njev)
    return out


def main():
    x, t, x0 = classroom()
    ce, ce_jac = crossentropy(x, t)
    runs = []
    for method in ["BFGS", "CG", "Nelder-Mead"]:
        runs.append(run("classroom", ce, ce_jac, x0, method))
        runs.append(run("rosenbrock", rosen, rosen_der, np.array([-1.2, 1.0]), method))
        runs.append(run("rosenbrock5", rosen, rosen_der, np.array([1.3, 0.7, 0.8, 1.9, 1.2]), method))
    doc = {"scipy": scipy.__version__, "numpy": np.__version__, "python": sys.version.split()[0], "runs": runs}
    with open(os.path.join(HERE, "scipy_traces.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for r in runs:
        print(f'{r["problem"]:12s} {r["method"]:18s} nit={r["nit"]:5d} nfev={r["nfev"]:5d} fun={r["fun"]:.6g} {r["message"]}')


if __name__ == "__main__":
    main()
