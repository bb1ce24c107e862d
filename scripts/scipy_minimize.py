#!/usr/bin/python3
"""Runs scipy.optimize.minimize beside an optbench sweep.

    /usr/bin/python3 scripts/scipy_minimize.py DIR [--methods BFGS,L-BFGS-B,...]

DIR is an `optbench -out DIR` directory. The script reads DIR/sweep.json and
DIR/results.jsonl, rebuilds the sweep's problems, runs scipy's counterpart of
each of its methods from the same starting points with the same limits, and
writes DIR/scipy.jsonl: one record per run in the schema of results.jsonl,
with "engine": "scipy <version>". Then

    optbench report DIR DIR/scipy.jsonl

shows both engines in one set of tables and figures.

Counterparts: BFGS, scipy:BFGS -> BFGS; CG, scipy:CG -> CG; L-BFGS -> L-BFGS-B;
Nelder-Mead, scipy:Nelder-Mead -> Nelder-Mead; Newton, scipy:Newton-CG ->
Newton-CG; scipy:trust-ncg, scipy:trust-exact, scipy:dogleg -> themselves
(the second-order ones with the exact Hessian). GD and GD-fixed have none.
Each scipy method runs once per problem, gradient mode and start, however
many optbench configurations map to it.

Problems it rebuilds: the network (optbench's classroom problem) on the
classroom data or on a -data file with a split column, any -hidden, -l2 and
-standardize. It refuses, naming them, what it cannot rebuild: a -data file
split at random by optbench's generator (no split column), -synthetic data
(drawn by Go's generator) and the Moré-Garbow-Hillstrom functions.

Needs Debian's python3-scipy and python3-numpy (scipy 1.10).
"""
import argparse
import csv
import hashlib
import json
import math
import os
import sys
import time

import numpy as np
import scipy
from scipy.optimize import minimize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

COUNTERPARTS = {
    "BFGS": "BFGS", "scipy:BFGS": "BFGS",
    "CG": "CG", "scipy:CG": "CG",
    "L-BFGS": "L-BFGS-B",
    "Nelder-Mead": "Nelder-Mead", "scipy:Nelder-Mead": "Nelder-Mead",
    "Newton": "Newton-CG", "scipy:Newton-CG": "Newton-CG",
    "scipy:trust-ncg": "trust-ncg", "scipy:trust-exact": "trust-exact", "scipy:dogleg": "dogleg",
}
SECOND_ORDER = {"Newton-CG", "trust-ncg", "trust-exact", "dogleg"}
NO_GRADIENT = {"Nelder-Mead"}
LOG_TRACE_DENSE = 100


class Refused(Exception):
    pass


def read_data(src):
    """The training and test sets (features, labels) and the number of
    classes, as optbench reads them."""
    if src["data"] == "synthetic":
        raise Refused("-synthetic data are drawn by Go's generator, which this script does not reproduce")
    if src["data"] == "classroom":
        path, label = os.path.join(ROOT, "objective", "classroom.csv"), "class"
    else:
        path, label = src["file"], src["label"]
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if src.get("sha256") and digest != src["sha256"]:
            raise Refused(f"{path} has changed since the sweep (SHA-256 {digest[:12]}..., then {src['sha256'][:12]}...)")
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header = [h.strip() for h in rows[0]]
    rows = [[c.strip() for c in r] for r in rows[1:] if any(c.strip() for c in r)]
    if "split" not in header:
        raise Refused(f"{path} has no split column: optbench split it at random with Go's generator; give it a split column")
    li, si = header.index(label), header.index("split")
    feats = [i for i in range(len(header)) if i not in (li, si)]
    labels = [r[li] for r in rows]
    try:
        ints = [int(l) for l in labels]
        classes = max(ints) + 1
        y = ints
    except ValueError:
        names = sorted(set(labels))
        classes = len(names)
        y = [names.index(l) for l in labels]
    x = np.array([[float(r[i]) for i in feats] for r in rows])
    y = np.array(y)
    train = np.array([r[si] == "train" for r in rows])
    xtr, ytr, xte, yte = x[train], y[train], x[~train], y[~train]
    if src.get("standardize"):
        mean = xtr.mean(axis=0)
        sd = np.sqrt(((xtr - mean) ** 2).mean(axis=0))
        sd[sd == 0] = 1
        xtr, xte = (xtr - mean) / sd, (xte - mean) / sd
    return xtr, ytr, xte, yte, classes


class Network:
    """The mean cross-entropy of optbench's two-layer network (sigmoid hidden
    layer, softmax output, log-sum-exp), its gradient and Hessian-vector
    product, with objective/'s parameter layout: w (M x (D+1), bias last),
    then v (K x (M+1))."""

    def __init__(self, x, labels, hidden, classes, l2):
        self.x, self.xb = x, np.c_[x, np.ones(len(x))]
        self.t = np.eye(classes)[labels]
        self.D, self.M, self.K, self.l2 = x.shape[1], hidden, classes, l2

    def split(self, wv):
        D, M, K = self.D, self.M, self.K
        return wv[:M * (D + 1)].reshape(M, D + 1), wv[M * (D + 1):].reshape(K, M + 1)

    def forward(self, wv, xb=None):
        xb = self.xb if xb is None else xb
        w, v = self.split(wv)
        b = xb @ w.T
        e = np.exp(-np.abs(b))
        zs = np.where(b >= 0, 1 / (1 + e), e / (1 + e))
        z = np.c_[zs, np.ones(len(xb))]
        a = z @ v.T
        amax = a.max(axis=1, keepdims=True)
        ex = np.exp(a - amax)
        s = ex.sum(axis=1, keepdims=True)
        return a, amax, s, zs, z, ex / s, w, v

    def fun(self, wv, xb=None, t=None, l2=None):
        t = self.t if t is None else t
        a, amax, s, *_ = self.forward(wv, xb)
        f = float(np.sum(amax[:, 0] + np.log(s[:, 0]) - np.sum(t * a, axis=1)) / len(a))
        l2 = self.l2 if l2 is None else l2
        return f + 0.5 * l2 * float(wv @ wv)

    def grad(self, wv):
        a, amax, s, zs, z, y, w, v = self.forward(wv)
        n, M = len(a), self.M
        d = (y - self.t) / n
        gv = d.T @ z
        gb = (d @ v[:, :M]) * zs * (1 - zs)
        gw = gb.T @ self.xb
        return np.concatenate([gw.ravel(), gv.ravel()]) + self.l2 * wv

    def hessp(self, wv, p):
        """H p by central differences of the gradient would not be exact;
        this is the R-operator, as objective/hessian.go computes it."""
        a, amax, s, zs, z, y, w, v = self.forward(wv)
        n, M = len(a), self.M
        dw, dv = self.split(p)
        d = y - self.t
        sp = zs * (1 - zs)
        rb = self.xb @ dw.T
        rz = sp * rb
        ra = z @ dv.T + rz @ v[:, :M].T
        rd = y * (ra - np.sum(y * ra, axis=1, keepdims=True))
        rz_t = np.c_[rz, np.zeros(n)]
        hv = (rd.T @ z + d.T @ rz_t) / n
        g = d @ v[:, :M]
        rg = d @ dv[:, :M] + rd @ v[:, :M]
        rdelta = sp * (1 - 2 * zs) * rb * g + sp * rg
        hw = rdelta.T @ self.xb / n
        return np.concatenate([hw.ravel(), hv.ravel()]) + self.l2 * p

    def hess(self, wv):
        P = len(wv)
        return np.array([self.hessp(wv, e) for e in np.eye(P)])

    def accuracy(self, wv, x, labels):
        y = self.forward(wv, np.c_[x, np.ones(len(x))])[5]
        return float(np.mean(np.argmax(y, axis=1) == labels))


def keep(mode):
    """optbench's trace modes: all, log (0..100, then the first iteration of
    every twentieth of a decade), none (x0 only); the last is added at the end."""
    state = {"next": 0, "step": 40}

    def advance(it):
        while state["next"] <= it:
            state["step"] += 1
            state["next"] = math.ceil(10 ** (state["step"] / 20) - 1e-9)

    def kept(it):
        if mode == "none":
            return it == 0
        if mode != "log" or it <= LOG_TRACE_DENSE:
            return True
        if state["next"] == 0:
            advance(LOG_TRACE_DENSE)
        if it < state["next"]:
            return False
        advance(it)
        return True
    return kept


def status_of(res, method):
    msg = str(res.message)
    if res.success:
        return "success"
    if res.status == 1 or "maximum number of iterations" in msg.lower() or "iterations reached" in msg.lower():
        return "maxiter"
    if "function evaluations" in msg.lower():
        return "maxfev"
    if "precision loss" in msg.lower() or "abnormal" in msg.lower():
        return "stalled"
    if "nan" in msg.lower():
        return "nan"
    return "error"


def finite(v):
    return v if v is not None and math.isfinite(v) else None


def run_one(net, test, problem, ref, x0, gradient, start, seed, limits, trace_mode, method):
    n = len(x0)
    counts = {"f": 0, "g": 0, "h": 0}

    def f(x):
        counts["f"] += 1
        return net.fun(x)

    def g(x):
        counts["g"] += 1
        return net.grad(x)

    def hessp(x, p):
        counts["h"] += 1
        return net.hessp(x, p)

    def hess(x):
        counts["h"] += 1
        return net.hess(x)

    maxiter = limits["maxiter"] or 200 * n
    options = {"maxiter": maxiter}
    gtol = limits["gtol"] if limits["gtol"] > 0 else 1e-5
    if method in ("BFGS", "CG", "trust-ncg", "trust-exact", "dogleg"):
        options["gtol"] = gtol if limits["gtol"] >= 0 else 0.0
    if method == "L-BFGS-B":
        options["gtol"] = gtol if limits["gtol"] >= 0 else 0.0
    if method == "Nelder-Mead" and limits["maxfev"]:
        options["maxfev"] = limits["maxfev"]
    if method == "L-BFGS-B" and limits["maxfev"]:
        options["maxfun"] = limits["maxfev"]
    kwargs = {"method": method, "options": options}
    if method not in NO_GRADIENT:
        kwargs["jac"] = g if gradient == "analytic" else gradient
    if method in ("trust-exact", "dogleg"):
        kwargs["hess"] = hess
    elif method in ("Newton-CG", "trust-ncg"):
        kwargs["hessp"] = hessp
    trace, kept = [], keep(trace_mode)
    last = {}
    began = time.perf_counter()

    def record(it, x):
        fx = net.fun(x)  # not counted: the callback's own evaluation
        gn = None if method in NO_GRADIENT else float(np.max(np.abs(net.grad(x))))
        point = {"iter": it, "time_s": time.perf_counter() - began, "fun": finite(fx), "grad_norm": finite(gn),
                 "nfev": counts["f"], "njev": counts["g"], "nhev": counts["h"]}
        last["point"] = point
        if kept(it):
            trace.append(point)

    record(0, np.array(x0, dtype=float))
    it = [0]

    def callback(xk, *args):
        it[0] += 1
        record(it[0], xk)

    try:
        res = minimize(f, np.array(x0, dtype=float), callback=callback, **kwargs)
    except Exception as e:  # one run never takes down the others
        elapsed = time.perf_counter() - began
        return base_record(problem, ref, method, gradient, start, seed, x0) | {
            "status": "error", "success": False, "message": f"{type(e).__name__}: {e}", "x": [], "fun": None,
            "metrics": {}, "grad_norm": None, "nit": it[0], "nfev": counts["f"], "njev": counts["g"], "nhev": counts["h"],
            "time_s": elapsed, "trace": trace}
    elapsed = time.perf_counter() - began
    if trace and last and trace[-1]["iter"] != last["point"]["iter"]:
        trace.append(last["point"])
    x = res.x
    xte, yte, xtr, ytr = test
    gnorm = None if method in NO_GRADIENT else finite(float(np.max(np.abs(net.grad(x)))))
    tt = np.eye(net.K)[yte]
    metrics = {}
    if len(xte):
        metrics["test_fun"] = finite(net.fun(x, np.c_[xte, np.ones(len(xte))], tt, 0.0))
    metrics["train_acc"] = net.accuracy(x, xtr, ytr)
    if len(xte):
        metrics["test_acc"] = net.accuracy(x, xte, yte)
    return base_record(problem, ref, method, gradient, start, seed, x0) | {
        "status": status_of(res, method), "success": bool(res.success), "message": str(res.message),
        "x": [finite(float(v)) for v in x], "fun": finite(float(res.fun)), "metrics": metrics, "grad_norm": gnorm,
        "nit": int(getattr(res, "nit", it[0])), "nfev": counts["f"], "njev": counts["g"], "nhev": counts["h"],
        "time_s": elapsed, "trace": trace}


def base_record(problem, ref, method, gradient, start, seed, x0):
    return {"run_id": f"{problem}/{method}/{gradient}/{start}", "engine": f"scipy {scipy.__version__}",
            "problem": problem, "f_star": ref.get("f_star"), "method": method, "label": method, "params": {},
            "gradient": gradient, "hessian": "exact" if method in SECOND_ORDER else "none",
            "start": start, "seed": seed, "x0": x0}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--methods", help="comma list of scipy methods to run (default: every counterpart the sweep has)")
    args = ap.parse_args()
    with open(os.path.join(args.dir, "sweep.json")) as f:
        sweep = json.load(f)
    records = []
    with open(os.path.join(args.dir, "results.jsonl")) as f:
        for line in f:
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                pass  # a cut-short line: optbench redoes that run on resume
    wanted = set(args.methods.split(",")) if args.methods else None
    refs = {p["name"]: p for p in sweep["problems"]}
    nets, refused = {}, {}
    for name, ref in refs.items():
        try:
            if ref["family"] != "network":
                raise Refused(f"the {ref['family']} family is not rebuilt by this script")
            src = ref["config"]
            xtr, ytr, xte, yte, classes = read_data(src)
            nets[name] = (Network(xtr, ytr, src["hidden"], classes, src["l2"]), (xte, yte, xtr, ytr))
        except Refused as e:
            refused[name] = str(e)
    for name, why in refused.items():
        print(f"scipy_minimize.py: problem {name}: {why}; its runs are left out", file=sys.stderr)
    jobs, seen = [], set()
    for rec in records:
        if rec.get("engine", "optbench") != "optbench" or rec["problem"] not in nets:
            continue
        method = COUNTERPARTS.get(rec["method"])
        if method is None or (wanted and method not in wanted):
            continue
        gradient = "none" if method in NO_GRADIENT else rec["gradient"]
        key = (rec["problem"], method, gradient, rec["start"])
        if key in seen:
            continue
        seen.add(key)
        jobs.append((key, rec))
    jobs.sort(key=lambda j: (list(refs).index(j[0][0]), j[0][1], j[0][2], j[0][3]))
    out = os.path.join(args.dir, "scipy.jsonl")
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        for (problem, method, gradient, start), rec in jobs:
            net, test = nets[problem]
            r = run_one(net, test, problem, refs[problem], rec["x0"], gradient, start, rec["seed"], sweep["limits"],
                        sweep["trace"], method)
            f.write(json.dumps(r, allow_nan=False, separators=(",", ":")) + "\n")
    os.replace(tmp, out)
    print(f"scipy_minimize.py: {len(jobs)} runs of scipy {scipy.__version__} in {out}", file=sys.stderr)
    if not jobs:
        sys.exit(1)


if __name__ == "__main__":
    try:
        main()
    except (OSError, KeyError, ValueError) as e:
        print(f"scipy_minimize.py: {e}", file=sys.stderr)
        sys.exit(1)
