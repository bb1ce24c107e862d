"""Runs scipy's own BFGS, CG, Nelder-Mead, Newton-CG, trust-ncg, trust-exact,
dogleg (those four with the exact Hessian) and Powell on the problems the solvers tests
use, and writes what they did to scipy_traces.json beside this file: the loss
after every iteration (scipy's callback), the final loss, the counts, status
and message, and the first 30 iterations of the same run with the loss one
ulp larger. The tests compare optbench's scipy:BFGS, scipy:CG and
scipy:Nelder-Mead with these traces, so `go test` needs no Python.

Run from the repository root with Debian's scipy 1.10 (apt-get install -y
python3-scipy):

    /usr/bin/python3 solvers/scipy/testdata/scipy_traces.py
"""
import csv
import hashlib
import json
import os
import sys

import numpy as np
import scipy
from scipy.optimize import minimize, rosen, rosen_der, rosen_hess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
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

    def hess(wv):
        """The exact Hessian, from the same formulas as objective/hessian.go
        but written with numpy's einsum (and checked against differences of
        the gradient in main)."""
        f, zs, z, y, v = forward(wv)
        n = len(x)
        d = y - t
        sp = zs * (1 - zs)
        g = d @ v[:, :M]
        spp_g = sp * (1 - 2 * zs) * g
        A = y[:, :, None] * np.eye(K)[None] - y[:, :, None] * y[:, None, :]
        Av = A @ v[:, :M]  # n x K x M
        hvv = np.einsum("nkl,nj,nm->kjlm", A, z, z)
        hvw = np.einsum("nkm,nm,ni,nj->kjmi", Av, sp, xb, z)
        dterm = np.einsum("nk,nm,ni->kmi", d, sp, xb)
        for j in range(M):
            hvw[:, j, j, :] += dterm[:, j, :]
        q = np.einsum("kj,nkm->njm", v[:, :M], Av)
        hww = np.einsum("nj,nm,njm,ni,np->jimp", sp, sp, q, xb, xb)
        diag = np.einsum("nj,ni,np->jip", spp_g, xb, xb)
        for j in range(M):
            hww[j, :, j, :] += diag[j]
        nw, nv = M * (D + 1), K * (M + 1)
        H = np.zeros((nw + nv, nw + nv))
        H[:nw, :nw] = hww.reshape(nw, nw)
        H[nw:, nw:] = hvv.reshape(nv, nv)
        H[nw:, :nw] = hvw.reshape(nv, nw)
        H[:nw, nw:] = H[nw:, :nw].T
        return H / n

    def jac(wv):
        _, zs, z, y, v = forward(wv)
        d2 = y - t
        dv = d2.T @ z / len(x)
        d1 = zs * (1 - zs) * (d2 @ v[:, :M])
        dw = d1.T @ xb / len(x)
        return np.r_[dw.ravel(), dv.ravel()]

    return fun, jac, hess


SECOND_ORDER = ("Newton-CG", "trust-ncg", "trust-exact", "dogleg")


def run(problem, fun, jac, x0, method, hess=None):
    trace = [fun(x0)]
    kw = {}
    if method in SECOND_ORDER:
        kw["hess"] = hess
        if method != "Newton-CG":
            kw["options"] = {"gtol": 1e-5}  # as the Go test gives it (scipy's default for trust methods is 1e-4)
    nojac = method in ("Nelder-Mead", "Powell")
    res = minimize(fun, x0, jac=None if nojac else jac, method=method,
                   callback=lambda xk: trace.append(fun(xk)), **kw)
    # The same run with the loss one ulp larger: how far scipy's own iterates
    # move when the last bit of f changes, which is all another correct
    # implementation of f can promise. The tests allow 10 times that.
    ulp = [fun(x0)]
    kw2 = dict(kw)
    kw2["options"] = dict(kw.get("options", {}), maxiter=30)
    # Powell's line searches compare values near a flat minimum with a 1 %
    # tolerance, so a change of one ulp that varies from point to point (as
    # two correct implementations of f differ) moves it more than a uniform
    # one: its perturbation is +-1 ulp by a hash of x.
    if method == "Powell":
        def perturbed(x):
            h = int.from_bytes(hashlib.blake2b(np.asarray(x, dtype=float).tobytes(), digest_size=4).digest(), "little")
            return fun(x) * (1 + (h % 3 - 1) * 2.0**-52)
    else:
        def perturbed(x):
            return fun(x) * (1 + 2.0**-52)
    try:
        minimize(perturbed, x0, jac=None if nojac else jac,
                 method=method, callback=lambda xk: ulp.append(fun(xk)), **kw2)
    except np.linalg.LinAlgError:
        pass
    out = {
        "problem": problem, "method": "Powell" if method == "Powell" else "scipy:" + method, "x0": list(x0),
        "trace": trace, "trace_ulp": ulp, "fun": float(res.fun), "x": list(map(float, res.x)),
        "nit": int(res.nit), "nfev": int(res.nfev), "status": int(res.status),
        "success": bool(res.success), "message": res.message,
    }
    if not nojac:
        out["njev"] = int(res.njev)
    if method in SECOND_ORDER:
        out["nhev"] = int(res.get("nhev", 0))
    return out


def main():
    x, t, x0 = classroom()
    ce, ce_jac, ce_hess = crossentropy(x, t)
    # The exact Hessian against central differences of the gradient.
    h = 1e-5
    fd = np.array([(ce_jac(x0 + h * e) - ce_jac(x0 - h * e)) / (2 * h) for e in np.eye(len(x0))]).T
    H = ce_hess(x0)
    assert np.max(np.abs(H - fd)) <= 1e-7 * np.max(np.abs(H)), np.max(np.abs(H - fd))
    runs = []
    for method in ["BFGS", "CG", "Nelder-Mead", "Newton-CG", "trust-ncg", "trust-exact", "dogleg", "Powell"]:
        runs.append(run("classroom", ce, ce_jac, x0, method, ce_hess))
        runs.append(run("rosenbrock", rosen, rosen_der, np.array([-1.2, 1.0]), method, rosen_hess))
        runs.append(run("rosenbrock5", rosen, rosen_der, np.array([1.3, 0.7, 0.8, 1.9, 1.2]), method, rosen_hess))
    # Runs cut short by maxfev: where each method stops then.
    limited = []
    for method in ["Powell", "Nelder-Mead"]:
        res = minimize(rosen, np.array([1.3, 0.7, 0.8, 1.9, 1.2]), method=method, options={"maxfev": 150})
        limited.append({"method": "Powell" if method == "Powell" else "scipy:" + method, "maxfev": 150,
                        "x0": [1.3, 0.7, 0.8, 1.9, 1.2], "fun": float(res.fun), "nit": int(res.nit),
                        "nfev": int(res.nfev), "status": int(res.status), "message": res.message})
    doc = {"scipy": scipy.__version__, "numpy": np.__version__, "python": sys.version.split()[0], "runs": runs,
           "limited": limited}
    with open(os.path.join(HERE, "scipy_traces.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for r in runs:
        print(f'{r["problem"]:12s} {r["method"]:18s} nit={r["nit"]:5d} nfev={r["nfev"]:5d} fun={r["fun"]:.6g} {r["message"]}')


if __name__ == "__main__":
    main()
