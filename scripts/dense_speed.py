#!/usr/bin/python3
"""Times scipy 1.10's dense methods per iteration on the network of
`optbench -synthetic 10000 -hidden H` (2 features, 3 classes, 5000 training
samples, no L2 term) at P = 99, 771 and 4095 parameters, from the start
BenchmarkDense uses, for comparison with optbench's

    go test ./solvers -run '^$' -bench 'Dense/.*/P=(99|771)$' -benchtime 1x -count 3
    go test ./solvers -run '^$' -bench 'Dense/.*/P=4095$' -benchtime 1x -timeout 2h

Each method runs MAXITER iterations (5; 3 at P = 4095) with gtol = 0, as
the Go benchmark does; prints the best of REPEATS runs' time per iteration,
nit, and the share of that time spent in fun, jac and hess (timed by
wrappers). The data and starts are written by the Go side
(TestWriteDenseData in solvers/dense_bench_test.go), into a temporary
directory unless --data DIR names one already written.

    /usr/bin/python3 scripts/dense_speed.py [REPEATS] [--data DIR] [--sizes 99,771] [METHOD ...]
    /usr/bin/python3 scripts/dense_speed.py --check   # hess and jac against differences

The loss is solvers/scipy/testdata/scipy_traces.py's (sigmoid hidden
layer, softmax output, parameters w row-major with the bias last, then v),
for any width; its exact Hessian is written with matrix products so that
numpy's BLAS does the work at P = 4095 (the einsum of scipy_traces.py would
need N M^2 memory). Needs Debian's python3-scipy.
"""
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import scipy
from scipy.optimize import minimize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZES = [99, 771, 4095]
METHODS = ["BFGS", "L-BFGS-B", "trust-exact", "dogleg"]
SECOND_ORDER = {"trust-exact", "dogleg"}


def network(X, t, M):
    """fun, jac, hess of the mean cross-entropy of a D-M-K network on X (N x
    D) with one-hot targets t (N x K)."""
    N, D = X.shape
    K = t.shape[1]
    D1, M1 = D + 1, M + 1
    nw = M * D1
    xb = np.c_[X, np.ones(N)]

    def forward(wv):
        w = wv[:nw].reshape(M, D1)
        v = wv[nw:].reshape(K, M1)
        b = xb @ w.T
        e = np.exp(-np.abs(b))
        zs = np.where(b >= 0, 1 / (1 + e), e / (1 + e))
        z = np.c_[zs, np.ones(N)]
        a = z @ v.T
        amax = a.max(axis=1, keepdims=True)
        ea = np.exp(a - amax)
        s = ea.sum(axis=1, keepdims=True)
        f = float(np.sum(amax[:, 0] + np.log(s[:, 0]) - np.sum(t * a, axis=1)) / N)
        return f, zs, z, ea / s, v

    def fun(wv):
        return forward(wv)[0]

    def jac(wv):
        _, zs, z, y, v = forward(wv)
        d = y - t
        dv = d.T @ z / N
        d1 = zs * (1 - zs) * (d @ v[:, :M])
        dw = d1.T @ xb / N
        return np.r_[dw.ravel(), dv.ravel()]

    def hess(wv):
        _, zs, z, y, v = forward(wv)
        d = y - t
        sp = zs * (1 - zs)
        V = v[:, :M]
        ybar = y @ V                                   # N x M: sum_l y_nl v_lm
        U = (sp[:, :, None] * xb[:, None, :]).reshape(N, nw)   # sp_nm xb_ni
        Uy = U * np.repeat(ybar, D1, axis=1)           # ybar_nm sp_nm xb_ni
        Q = (y[:, :, None] * z[:, None, :]).reshape(N, K * M1)  # y_nk z_nj
        H = np.empty((nw + K * M1, nw + K * M1))
        # w, w: sum_k (U o v_k)' diag(y_k) (U o v_k) - Uy' Uy, plus the
        # second derivative of the sigmoid on the diagonal blocks.
        ww = -(Uy.T @ Uy)
        for k in range(K):
            Uk = U * np.repeat(V[k], D1)[None, :]
            ww += (Uk * y[:, k:k + 1]).T @ Uk
        spp_g = sp * (1 - 2 * zs) * (d @ V)
        for j in range(M):
            ww[j * D1:(j + 1) * D1, j * D1:(j + 1) * D1] += (xb * spp_g[:, j:j + 1]).T @ xb
        # v, v: blockdiag_k(z' diag(y_k) z) - Q'Q.
        vv = -(Q.T @ Q)
        for k in range(K):
            vv[k * M1:(k + 1) * M1, k * M1:(k + 1) * M1] += (z * y[:, k:k + 1]).T @ z
        # v, w: sum_n y_nk z_nj (v_km - ybar_nm) sp_nm xb_ni + d_nk sp_nj xb_ni [j = m].
        vw = -(Q.T @ Uy)
        for k in range(K):
            vw[k * M1:(k + 1) * M1] += (Q[:, k * M1:(k + 1) * M1].T @ U) * np.repeat(V[k], D1)[None, :]
        dU = d.T @ U                                    # K x nw
        for k in range(K):
            for j in range(M):
                vw[k * M1 + j, j * D1:(j + 1) * D1] += dU[k, j * D1:(j + 1) * D1]
        H[:nw, :nw] = ww
        H[nw:, nw:] = vv
        H[nw:, :nw] = vw
        H[:nw, nw:] = vw.T
        return H / N

    return fun, jac, hess


def load(data):
    raw = np.fromfile(os.path.join(data, "train.f64"), dtype="<f8")
    n = len(raw) // 3  # 2 features, then the labels
    X = raw[:2 * n].reshape(2, n).T.copy()
    labels = raw[2 * n:].astype(int)
    t = np.eye(3)[labels]
    return X, t


def write_data():
    d = tempfile.mkdtemp(prefix="dense_speed")
    subprocess.run(["go", "test", "./solvers", "-run", "^TestWriteDenseData$", "-count", "1",
                    "-dense.data", d], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return d


class Timed:
    """A function that adds its calls' time to a total."""

    def __init__(self, fn):
        self.fn, self.total = fn, 0.0

    def __call__(self, x):
        start = time.perf_counter()
        r = self.fn(x)
        self.total += time.perf_counter() - start
        return r


def check():
    rng = np.random.default_rng(1)
    X, t = rng.standard_normal((40, 2)), np.eye(3)[rng.integers(0, 3, 40)]
    fun, jac, hess = network(X, t, 4)
    x = rng.standard_normal(6 * 4 + 3)
    h = 1e-6
    gd = np.array([(fun(x + h * e) - fun(x - h * e)) / (2 * h) for e in np.eye(len(x))])
    hd = np.array([(jac(x + h * e) - jac(x - h * e)) / (2 * h) for e in np.eye(len(x))])
    eg = np.abs(gd - jac(x)).max() / np.abs(gd).max()
    eh = np.abs(hd - hess(x)).max() / np.abs(hd).max()
    print(f"jac against central differences: {eg:.2e} relative; hess: {eh:.2e}")
    return eg < 1e-7 and eh < 1e-7


def main():
    args = sys.argv[1:]
    if args and args[0] == "--check":
        sys.exit(0 if check() else 1)
    repeats = int(args.pop(0)) if args and args[0].isdigit() else 3
    data, sizes = None, SIZES
    while args and args[0].startswith("--"):
        flag = args.pop(0)
        if flag == "--data":
            data = args.pop(0)
        elif flag == "--sizes":
            sizes = [int(s) for s in args.pop(0).split(",")]
        else:
            sys.exit(f"unknown flag {flag}")
    methods = args or METHODS
    data = data or write_data()
    X, t = load(data)
    print(f"scipy {scipy.__version__}, numpy {np.__version__}, {len(X)} training samples, best of {repeats}")
    print(f"{'method':12s} {'P':>5s} {'time/iter':>12s} {'nit':>4s} {'fun':>6s} {'jac':>6s} {'hess':>6s} {'run':>9s}")
    for P in sizes:
        M = (P - 3) // 6
        x0 = np.fromfile(os.path.join(data, f"x0-{P}.f64"), dtype="<f8")
        x0, f0 = x0[:-1], x0[-1]
        fun, jac, hess = network(X, t, M)
        if abs(fun(x0) - f0) > 1e-12 * abs(f0):
            sys.exit(f"P={P}: f(x0) is {fun(x0)!r} here and {f0!r} in Go: not the same problem")
        maxiter = 3 if P > 1000 else 5
        for m in methods:
            best, shares, nit, run = float("inf"), (0, 0, 0), 0, 0.0
            for _ in range(repeats):
                tf, tj, th = Timed(fun), Timed(jac), Timed(hess)
                kw = {"method": m, "jac": tj, "options": {"maxiter": maxiter, "gtol": 0}}
                if m in SECOND_ORDER:
                    kw["hess"] = th
                if m == "L-BFGS-B":
                    kw["options"] = {"maxiter": maxiter, "gtol": 0, "ftol": 0}
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    start = time.perf_counter()
                    try:
                        res = minimize(tf, x0, **kw)
                        nit = res.nit
                    except Exception as e:  # dogleg's non-psd Hessian at x0
                        nit = 0
                        print(f"  {m} P={P}: {type(e).__name__}: {e}")
                    el = time.perf_counter() - start
                run = el
                per = el / max(nit, 1)
                if per < best:
                    best, shares = per, (tf.total / el, tj.total / el, th.total / el)
            print(f"{m:12s} {P:5d} {best * 1e3:10.2f}ms {nit:4d} {shares[0]:6.0%} {shares[1]:6.0%} {shares[2]:6.0%} {run:8.2f}s",
                  flush=True)


if __name__ == "__main__":
    main()
