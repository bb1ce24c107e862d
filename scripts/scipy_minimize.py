#!/usr/bin/python3
"""Runs scipy.optimize.minimize beside an optbench sweep.

    /usr/bin/python3 scripts/scipy_minimize.py DIR [--methods BFGS,L-BFGS-B,...]

DIR is an `optbench -out DIR` directory. The script reads DIR/sweep.json and
DIR/results.jsonl, rebuilds the sweep's problems, runs scipy's counterpart of
each of its method configurations from the same starting points, with the
same limits, parameters and bounds, and writes DIR/scipy.jsonl: one record
per run in the schema of results.jsonl, with "engine": "scipy <version>".
Then

    optbench report DIR DIR/scipy.jsonl

shows both engines in one set of tables and figures.

Counterparts. Every scipy: port runs as scipy's method of the same name:
scipy:Nelder-Mead, scipy:Powell, scipy:CG, scipy:BFGS, scipy:Newton-CG,
scipy:L-BFGS-B, scipy:TNC, scipy:dogleg, scipy:trust-ncg, scipy:trust-exact,
scipy:trust-krylov. gonum's methods run as the nearest scipy method: BFGS ->
BFGS, CG -> CG, L-BFGS -> L-BFGS-B, Nelder-Mead -> Nelder-Mead, Newton ->
Newton-CG. GD, GD-fixed and torch's methods have none: the script skips
their runs, with one line on stderr per method saying so and why, as it does
for the methods --methods leaves out and every run it cannot make.

Parameters. A scipy: port's parameters that differ from their defaults go to
scipy's options under scipy's names (L-BFGS-B maxcor, ftol, maxls; TNC
maxcgit as maxCGit, eta, stepmx, accuracy, minfev, ftol, xtol, rescale;
Nelder-Mead xatol, fatol, adaptive, and nonzdelt/zdelt as the
initial_simplex scipy would make with them; Powell xtol, ftol; Newton-CG
xtol; the trust-region methods initial-radius, max-radius and eta as
initial_trust_radius, max_trust_radius, eta, trust-krylov's inexact; BFGS
xrtol). A configuration scipy 1.10 cannot take is left out with one line on
stderr: scipy:BFGS or scipy:CG with c1 or c2 not their default (scipy 1.11
has them, 1.10 does not). gonum's methods' parameters (line searches,
memory, ...) have no scipy counterpart: their counterpart runs with scipy's
defaults. A record's params are the options scipy was given; its label is
scipy's method name with the non-default parameters in optbench's words,
"L-BFGS-B[maxcor=5]", so that `optbench report` shows "scipy 1.10.1:
L-BFGS-B[maxcor=5]" beside "scipy:L-BFGS-B[maxcor=5]".

Limits. sweep.json's limits are as the command line gave them (0: not
given; gtol negative: no gradient test). scipy is given only those, so that
a scipy: port and scipy's method both keep scipy's defaults (docs/scipy.md,
"Defaults and limits"): maxiter; maxfev as Nelder-Mead's and Powell's
maxfev and L-BFGS-B's maxfun; for TNC maxfun, from maxfev or else maxiter
(scipy 1.10 takes TNC's maxiter as a deprecated name of maxfun; passing it
as maxfun does the same without the DeprecationWarning); gtol to BFGS, CG,
L-BFGS-B, TNC and the trust-region methods (negative: -1, never met; TNC 0,
as the port, since TNC reads a negative gtol as its default). gonum's
methods' defaults are optbench's, so their counterparts get maxiter 200n and
gtol 1e-5 when the sweep gave none. Where that makes a counterpart's limits
differ from what the scipy: port of the same method gets, the label says
so: "L-BFGS-B[maxiter=3000]" for L-BFGS. -maxfev with a method scipy cannot
bound by evaluations (BFGS, CG, Newton-CG, the trust-region methods) leaves
its runs out, with a line; a time limit is not applied (a line says so).

Derivatives. The analytic gradient as jac; 2-point and 3-point as scipy's
jac='2-point'/'3-point' (relative steps), or with -fd-step as scipy's eps
(jac=None: 2-point with that absolute step; 3-point with -fd-step has no
scipy counterpart and is left out). Newton-CG and the trust-region methods
need jac in scipy: their runs with a finite-difference gradient are left out.
Their Hessian follows the record's Hessian mode as the ports take it:
exact is hess= when the problem gives its whole Hessian (the network up to
4096 parameters, Beale) and hessp= otherwise; 2-point and 3-point are
scipy's hess='2-point'/'3-point' (Newton-CG with the sweep's automatic mode:
neither, scipy's approx_fhess_p); trust-exact and dogleg need hess= as a
function, so their finite-difference runs are left out.

Bounds. sweep.json's "bounds" (the sweep's) or else each problem's
"bounds": a list of [lo, hi] pairs, null for a side without a bound, one pair
for every coordinate or one per coordinate (bench/bounds.go, docs/layout.md);
none of the sides finite is no bounds. They go to scipy as
scipy.optimize.Bounds for Nelder-Mead, Powell, L-BFGS-B and TNC. A bounded
sweep with a method scipy would run without bounds (scipy only warns) is
refused, naming them, and nothing is run (exit 2).

Records follow results.jsonl: nit, nfev, njev and nhev as scipy reports
them (the result's fields; a count scipy does not report, such as TNC's
njev, is the calls of the function made: 0 for TNC's with a
finite-difference gradient, whose evaluations scipy makes from f); the
trace's counts are the calls made when each iterate was seen (at x0,
before scipy's first evaluation: 0). "warnings": the messages of the
OptimizeWarnings scipy issued (caught with warnings.catch_warnings), in
order, left out when none; where scipy raised, status "error", message
"Optimization failed." and "cause": the exception as text.

Problems it rebuilds: the network (optbench's classroom problem) on the
classroom data or on a -data file with a split column, any -hidden, -l2 and
-standardize; and the Moré-Garbow-Hillstrom functions ExtendedRosenbrock
(any n) and Beale, in gonum's arithmetic operation for operation, so that
both engines see the same bits. It refuses, naming them, what it cannot
rebuild: a -data file split at random by optbench's generator (no split
column), -synthetic data (drawn by Go's generator), -batch, and the other
MGH functions.

Needs Debian's python3-scipy and python3-numpy (scipy 1.10). Exit status: 0
when it wrote scipy.jsonl with at least one run, 1 on a failure or when no
run is left, 2 when the sweep is refused.
"""
import argparse
import csv
import hashlib
import json
import math
import os
import sys
import time
import warnings

import numpy as np
import scipy
from scipy.optimize import Bounds, OptimizeWarning, minimize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

COUNTERPARTS = {
    "BFGS": "BFGS", "scipy:BFGS": "BFGS",
    "CG": "CG", "scipy:CG": "CG",
    "L-BFGS": "L-BFGS-B", "scipy:L-BFGS-B": "L-BFGS-B",
    "Nelder-Mead": "Nelder-Mead", "scipy:Nelder-Mead": "Nelder-Mead",
    "scipy:Powell": "Powell",
    "Newton": "Newton-CG", "scipy:Newton-CG": "Newton-CG",
    "scipy:TNC": "TNC",
    "scipy:trust-ncg": "trust-ncg", "scipy:trust-exact": "trust-exact", "scipy:dogleg": "dogleg",
    "scipy:trust-krylov": "trust-krylov",
}
# gonum's methods: optbench's defaults (200n iterations, gtol 1e-5) apply.
GONUM = {"BFGS", "CG", "L-BFGS", "Nelder-Mead", "Newton"}
SECOND_ORDER = {"Newton-CG", "trust-ncg", "trust-exact", "dogleg", "trust-krylov"}
WHOLE_HESSIAN = {"trust-exact", "dogleg"}  # scipy needs hess= as a function
NO_GRADIENT = {"Nelder-Mead", "Powell"}
BOUNDED = ("Nelder-Mead", "Powell", "L-BFGS-B", "TNC")  # scipy 1.10's methods that take bounds among these
GTOL = {"BFGS", "CG", "L-BFGS-B", "TNC", "trust-ncg", "trust-exact", "dogleg", "trust-krylov"}
EPS = {"BFGS", "CG", "L-BFGS-B", "TNC"}  # the methods with an eps option (absolute finite-difference step)
# The largest problem whose whole Hessian optbench gives the ports
# (objective.MaxHessParams, core.MaxDenseParams).
MAX_HESS_PARAMS = 4096
LOG_TRACE_DENSE = 100
MAX_WARNINGS, MAX_TEXT = 100, 16 << 10  # what a results.jsonl reader takes


def _int(v):
    return int(v)


def _float(v):
    return float(v)


def _bool(v):
    return str(v).lower() == "true"


# The scipy: ports' parameters: optbench's key -> (scipy's option, or None
# when scipy 1.10 has none; its conversion; the port's default, as
# `optbench methods` lists it). Nelder-Mead's nonzdelt and zdelt are made
# into scipy's initial_simplex ("simplex").
PARAMS = {
    "scipy:BFGS": {"c1": (None, _float, 1e-4), "c2": (None, _float, 0.9), "xrtol": ("xrtol", _float, 0.0)},
    "scipy:CG": {"c1": (None, _float, 1e-4), "c2": (None, _float, 0.4)},
    "scipy:Nelder-Mead": {"xatol": ("xatol", _float, 1e-4), "fatol": ("fatol", _float, 1e-4),
                          "adaptive": ("adaptive", _bool, "false"),
                          "nonzdelt": ("simplex", _float, 0.05), "zdelt": ("simplex", _float, 0.00025)},
    "scipy:Powell": {"xtol": ("xtol", _float, 1e-4), "ftol": ("ftol", _float, 1e-4)},
    "scipy:Newton-CG": {"xtol": ("xtol", _float, 1e-5)},
    "scipy:L-BFGS-B": {"maxcor": ("maxcor", _int, 10), "ftol": ("ftol", _float, 2.2204460492503131e-09),
                       "maxls": ("maxls", _int, 20)},
    "scipy:TNC": {"maxcgit": ("maxCGit", _int, "auto"), "eta": ("eta", _float, 0.25), "stepmx": ("stepmx", _float, 10.0),
                  "accuracy": ("accuracy", _float, "auto"), "minfev": ("minfev", _float, 0.0),
                  "ftol": ("ftol", _float, "auto"), "xtol": ("xtol", _float, "auto"), "rescale": ("rescale", _float, 1.3)},
}
_TRUST = {"initial-radius": ("initial_trust_radius", _float, 1.0), "max-radius": ("max_trust_radius", _float, 1000.0),
          "eta": ("eta", _float, 0.15)}
for _m in ("scipy:trust-ncg", "scipy:trust-exact", "scipy:dogleg"):
    PARAMS[_m] = _TRUST
PARAMS["scipy:trust-krylov"] = dict(_TRUST, inexact=("inexact", _bool, "true"))
NO_OPTION = {"c1": "scipy 1.10's {m} has no c1 option (scipy 1.11 added it)",
             "c2": "scipy 1.10's {m} has no c2 option (scipy 1.11 added it)"}


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
        # z = [zs, 1]; not np.c_, whose parsing costs more than the layer
        # (Powell makes thousands of evaluations)
        z = np.empty((len(xb), zs.shape[1] + 1))
        z[:, :-1], z[:, -1] = zs, 1.0
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
        rz_t = np.hstack([rz, np.zeros((n, 1))])
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


class NetworkProblem:
    """The network as the runs see it: f, its gradient, H v, the whole
    Hessian where optbench gives it (up to MAX_HESS_PARAMS parameters), and
    the test loss and accuracies of an answer."""

    def __init__(self, net, test):
        self.net, self.test = net, test
        self.dim = net.M * (net.D + 1) + net.K * (net.M + 1)
        self.fun, self.grad, self.hessp = net.fun, net.grad, net.hessp
        self.hess = net.hess if self.dim <= MAX_HESS_PARAMS else None

    def metrics(self, x):
        net = self.net
        xte, yte, xtr, ytr = self.test
        out = {}
        if len(xte):
            out["test_fun"] = finite(net.fun(x, np.c_[xte, np.ones(len(xte))], np.eye(net.K)[yte], 0.0))
        out["train_acc"] = net.accuracy(x, xtr, ytr)
        if len(xte):
            out["test_acc"] = net.accuracy(x, xte, yte)
        return out


# gonum's optimize/functions, written operation for operation as Go
# evaluates them (left to right, no fused multiply-add on amd64), so that
# scipy sees the values optbench's ports see, to the bit.

def rosen_f(x):
    x = [float(v) for v in x]
    s = 0.0
    for i in range(len(x) - 1):
        a = 1 - x[i]
        b = x[i + 1] - x[i] * x[i]
        s += a * a + 100 * b * b
    return s


def rosen_g(x):
    x = [float(v) for v in x]
    n = len(x)
    g = [0.0] * n
    for i in range(n - 1):
        g[i] -= 2 * (1 - x[i])
        g[i] -= 400 * (x[i + 1] - x[i] * x[i]) * x[i]
    for i in range(1, n):
        g[i] += 200 * (x[i] - x[i - 1] * x[i - 1])
    return np.array(g)


def beale_f(x):
    x0, x1 = float(x[0]), float(x[1])
    f1 = 1.5 - x0 * (1 - x1)
    f2 = 2.25 - x0 * (1 - x1 * x1)
    f3 = 2.625 - x0 * (1 - x1 * x1 * x1)
    return f1 * f1 + f2 * f2 + f3 * f3


def beale_g(x):
    x0, x1 = float(x[0]), float(x[1])
    t1, t2, t3 = 1 - x1, 1 - x1 * x1, 1 - x1 * x1 * x1
    f1, f2, f3 = 1.5 - x0 * t1, 2.25 - x0 * t2, 2.625 - x0 * t3
    return np.array([-2 * (f1 * t1 + f2 * t2 + f3 * t3), 2 * x0 * (f1 + 2 * f2 * x1 + 3 * f3 * x1 * x1)])


def beale_h(x):
    # bench/mgh's Beale Hessian: gonum's formulas with the residuals
    # c_i - x[0] t_i that gonum's Hess miscomputes with x[1].
    x0, x1 = float(x[0]), float(x[1])
    t1, t2, t3 = 1 - x1, 1 - x1 * x1, 1 - x1 * x1 * x1
    f1, f2, f3 = 1.5 - x0 * t1, 2.25 - x0 * t2, 2.625 - x0 * t3
    h00 = 2 * (t1 * t1 + t2 * t2 + t3 * t3)
    h01 = 2 * (f1 + x1 * (2 * f2 + 3 * x1 * f3) - x0 * (t1 + x1 * (2 * t2 + 3 * x1 * t3)))
    h11 = 2 * x0 * (x0 + 2 * f2 + x1 * (6 * f3 + x0 * x1 * (4 + 9 * x1 * x1)))
    return np.array([[h00, h01], [h01, h11]])


MGH = {"ExtendedRosenbrock": (rosen_f, rosen_g, None), "Beale": (beale_f, beale_g, beale_h)}


class MGHProblem:
    def __init__(self, name, n):
        if name not in MGH:
            raise Refused(f"the MGH function {name} is not rebuilt by this script (it rebuilds {' and '.join(MGH)})")
        self.fun, self.grad, self.hess = MGH[name]
        self.hessp, self.dim = None, n

    def metrics(self, x):
        return {}


def build(ref):
    family, cfg = ref["family"], ref.get("config") or {}
    if family == "network":
        if cfg.get("batch"):
            raise Refused(f"-batch {cfg['batch']}: scipy's minimize has no mini-batches")
        xtr, ytr, xte, yte, classes = read_data(cfg)
        return NetworkProblem(Network(xtr, ytr, cfg["hidden"], classes, cfg["l2"]), (xte, yte, xtr, ytr))
    if family == "mgh":
        return MGHProblem(cfg["function"], cfg["n"])
    raise Refused(f"the {family} family is not rebuilt by this script")


def read_box(v, where):
    """A box as sweep.json writes it ([[lo, hi], ...], null for no bound)
    as (lo, hi) pairs; None for none."""
    if v is None:
        return None
    if not isinstance(v, list) or not all(isinstance(p, list) and len(p) == 2 for p in v):
        raise ValueError(f"sweep.json: {where}: want a list of [lo, hi] pairs (null for no bound), have {json.dumps(v)[:80]}")
    box = []
    for i, (lo, hi) in enumerate(v):
        for side in (lo, hi):
            if side is not None and (isinstance(side, bool) or not isinstance(side, (int, float))):
                raise ValueError(f"sweep.json: {where}[{i}] holds {side!r}, not a number or null")
        lo = -math.inf if lo is None else float(lo)
        hi = math.inf if hi is None else float(hi)
        if math.isnan(lo) or math.isnan(hi) or lo > hi or lo == math.inf or hi == -math.inf:
            raise ValueError(f"sweep.json: {where}[{i}] {fmt(lo)}:{fmt(hi)} cannot hold")
        box.append((lo, hi))
    return box or None


def bounds_for(box, dim):
    """scipy Bounds of a problem of dim variables from a box (one pair for
    every coordinate, or one per coordinate), as bench.Box.For makes them;
    None when no side is finite."""
    if not box or all(lo == -math.inf and hi == math.inf for lo, hi in box):
        return None
    if len(box) > 1 and len(box) != dim:
        raise Refused(f"{len(box)} intervals of bounds for a problem of dimension {dim}")
    pairs = box * dim if len(box) == 1 else box
    return Bounds(np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]))


def box_text(box):
    return ",".join(f"{fmt(lo)}:{fmt(hi)}" for lo, hi in box)


def fmt(v):
    """A number as optbench writes it in labels: shortest decimal, inf."""
    if isinstance(v, str):
        return v
    if isinstance(v, float) and math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if isinstance(v, float) and v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v).replace("e-0", "e-").replace("e+0", "e+").replace("e+", "e")


def same(a, b):
    if isinstance(a, str) or isinstance(b, str):
        return str(a).lower() == str(b).lower()
    return float(a) == float(b)


def method_options(rec, method):
    """scipy's options for the non-default parameters of rec's
    configuration, and the label part naming them; Refused where scipy 1.10
    has no option for one."""
    spec = PARAMS.get(rec["method"])
    opts, named = {}, []
    if spec is None:
        return opts, named  # gonum's: scipy's defaults
    for key, value in (rec.get("params") or {}).items():
        if key not in spec:
            raise Refused(f"its parameter {key}={fmt(value)} has no counterpart in scipy 1.10's {method}")
        option, conv, default = spec[key]
        if same(value, default):
            continue
        if option is None:
            raise Refused(NO_OPTION.get(key, "scipy 1.10's {m} has no option " + key).format(m=method) + f" ({key}={fmt(value)})")
        opts[key if option == "simplex" else option] = conv(value)
        named.append(f"{key}={fmt(value)}")
    return opts, named


def limit_options(method, limits, n, gonum):
    """scipy's options for the sweep's limits: only the given ones, but
    optbench's 200n iterations and gtol 1e-5 for gonum's methods."""
    maxiter, maxfev, gtol = limits.get("maxiter") or 0, limits.get("maxfev") or 0, limits.get("gtol") or 0
    if gonum:
        maxiter = maxiter or 200 * n
        gtol = gtol or 1e-5
    opts = {}
    if method == "TNC":
        if maxfev or maxiter:
            opts["maxfun"] = maxfev or maxiter
    else:
        if maxiter:
            opts["maxiter"] = maxiter
        if maxfev:
            if method in ("Nelder-Mead", "Powell"):
                opts["maxfev"] = maxfev
            elif method == "L-BFGS-B":
                opts["maxfun"] = maxfev
            else:
                raise Refused(f"-maxfev {maxfev}: scipy 1.10's {method} has no limit on evaluations")
    if gtol and method in GTOL:
        opts["gtol"] = gtol if gtol > 0 else (0.0 if method == "TNC" else -1.0)
    return opts


def effective(method, opts, n):
    """The limits scipy applies given opts: maxiter, maxfev, gtol."""
    mi, mf = opts.get("maxiter"), opts.get("maxfev", opts.get("maxfun"))
    if method in ("Nelder-Mead", "Powell"):
        d = (200 if method == "Nelder-Mead" else 1000) * n
        if mi is None and mf is None:
            mi = mf = d
        mi = math.inf if mi is None else mi
        mf = math.inf if mf is None else mf
    elif method == "L-BFGS-B":
        mi, mf = mi or 15000, mf or 15000
    elif method == "TNC":
        mi, mf = math.inf, mf or max(100, 10 * n)
    else:
        mi, mf = mi or 200 * n, math.inf
    gtol = opts.get("gtol")
    if gtol is None and method in GTOL:
        gtol = {"TNC": "auto", "BFGS": 1e-5, "CG": 1e-5, "L-BFGS-B": 1e-5}.get(method, 1e-4)
    return {"maxiter": mi, "maxfev": mf, "gtol": gtol}


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


def status_of(res, fun):
    """optbench's status for scipy's result, from scipy's message (the
    status codes mean different things per method: Nelder-Mead's 1 is
    maxfev, BFGS's 1 maxiter, L-BFGS-B's 1 either)."""
    msg = str(res.message).lower()
    if res.success:
        # optbench's ports end nan where scipy succeeds on a value or
        # gradient that is not finite (Powell at -inf, a NaN |g| in the
        # trust-region loop).
        jac = res.get("jac")
        bad_jac = jac is not None and not np.all(np.isfinite(np.asarray(jac, dtype=float)))
        return "nan" if fun is None or bad_jac else "success"
    if "iterations" in msg and ("maximum" in msg or "limit" in msg):
        return "maxiter"
    if "function evaluations" in msg or "f and g evaluations" in msg:
        return "maxfev"
    if "nan" in msg or fun is None:
        return "nan"
    for stall in ("precision loss", "abnormal", "linear search failed", "unable to progress", "bad approximation"):
        if stall in msg:
            return "stalled"
    return "error"


def finite(v):
    return float(v) if v is not None and math.isfinite(v) else None


def clip_text(s):
    return s if len(s) <= MAX_TEXT else s[:MAX_TEXT - 3] + "..."


def run_one(prob, job, trace_mode):
    method, x0 = job["method"], np.array(job["x0"], dtype=float)
    counts = {"f": 0, "g": 0, "h": 0}

    def f(x):
        counts["f"] += 1
        return prob.fun(x)

    def g(x):
        counts["g"] += 1
        return prob.grad(x)

    def hess(x):
        counts["h"] += 1
        return prob.hess(x)

    def hessp(x, p):
        counts["h"] += 1
        return prob.hessp(x, p)

    options = dict(job["options"])
    nonzdelt, zdelt = options.pop("nonzdelt", None), options.pop("zdelt", None)
    kwargs = {"method": method}
    if nonzdelt is not None or zdelt is not None:
        # scipy's own first simplex (_minimize_neldermead) with these
        # deltas, from x0 clipped as scipy clips it.
        nonzdelt, zdelt = nonzdelt or 0.05, zdelt or 0.00025
        xs = x0 if job["bounds"] is None else np.clip(x0, job["bounds"].lb, job["bounds"].ub)
        sim = [xs.copy()]
        for k in range(len(xs)):
            y = xs.copy()
            y[k] = (1 + nonzdelt) * y[k] if y[k] != 0 else zdelt
            sim.append(y)
        options["initial_simplex"] = np.array(sim)
    kwargs["options"] = options
    if method not in NO_GRADIENT:
        kwargs["jac"] = g if job["jac"] == "analytic" else job["jac"]
    if job["hessian"] == "hess":
        kwargs["hess"] = hess
    elif job["hessian"] == "hessp":
        kwargs["hessp"] = hessp
    elif job["hessian"] in ("2-point", "3-point"):
        kwargs["hess"] = job["hessian"]
    if job["bounds"] is not None:
        kwargs["bounds"] = job["bounds"]
    trace, kept = [], keep(trace_mode)
    last = {}
    began = time.perf_counter()

    def record(it, x):
        fx = prob.fun(x)  # not counted: the callback's own evaluation
        gn = None if method in NO_GRADIENT else float(np.max(np.abs(prob.grad(x))))
        point = {"iter": it, "time_s": time.perf_counter() - began, "fun": finite(fx), "grad_norm": finite(gn),
                 "nfev": counts["f"], "njev": counts["g"], "nhev": counts["h"]}
        last["point"] = point
        if kept(it):
            trace.append(point)

    record(0, x0)
    it = [0]

    def callback(xk, *args):
        it[0] += 1
        record(it[0], xk)

    base = {"run_id": f"{job['problem']}/{job['label']}/{job['gradient']}/{job['start']}",
            "engine": f"scipy {scipy.__version__}", "problem": job["problem"], "f_star": job["f_star"],
            "method": method, "label": job["label"], "params": job["params"], "gradient": job["gradient"],
            "hessian": job["hessian_mode"], "start": job["start"], "seed": job["seed"], "x0": job["x0"]}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = minimize(f, x0.copy(), callback=callback, **kwargs)
            raised = None
        except Exception as e:  # one run never takes down the others
            raised = e
    elapsed = time.perf_counter() - began
    notes = [clip_text(str(w.message)) for w in caught if issubclass(w.category, OptimizeWarning)][:MAX_WARNINGS]
    if notes:
        base["warnings"] = notes
    if trace and last and trace[-1]["iter"] != last["point"]["iter"]:
        trace.append(last["point"])
    if raised is not None:
        return base | {
            "status": "error", "success": False, "message": "Optimization failed.",
            "cause": clip_text(f"{type(raised).__name__}: {raised}"), "x": [], "fun": None, "metrics": {},
            "grad_norm": None, "nit": it[0], "nfev": counts["f"], "njev": counts["g"], "nhev": counts["h"],
            "time_s": elapsed, "trace": trace}
    x = np.asarray(res.x, dtype=float)
    fun = finite(float(res.fun))
    gnorm = None if method in NO_GRADIENT else finite(float(np.max(np.abs(prob.grad(x)))))
    # The counts as scipy reports them (ScalarFunction's, Newton-CG's
    # hcalls, the trust-region methods' dummy Hessian at x0), which the
    # ports follow; the calls made where scipy reports none.
    return base | {
        "status": status_of(res, fun), "success": bool(res.success), "message": str(res.message),
        "x": [finite(float(v)) for v in x], "fun": fun, "metrics": prob.metrics(x), "grad_norm": gnorm,
        "nit": int(getattr(res, "nit", it[0])), "nfev": int(res.get("nfev", counts["f"])),
        "njev": int(res.get("njev", counts["g"])), "nhev": int(res.get("nhev", counts["h"])),
        "time_s": elapsed, "trace": trace}


def plan(rec, prob, ref, sweep, bounds):
    """The scipy run standing for rec: a job, or Refused saying why scipy
    cannot run it."""
    method = COUNTERPARTS[rec["method"]]
    n = len(rec["x0"])
    limits = sweep.get("limits") or {}
    opts, named = method_options(rec, method)
    lim = limit_options(method, limits, n, False)
    if rec["method"] in GONUM:
        # optbench's defaults, where they are not scipy's: the label says
        # where the counterpart's limits are not the ones the scipy: port
        # of the same method gets in this sweep. Where they are the same,
        # the two are one run.
        mine = limit_options(method, limits, n, True)
        have, port = effective(method, mine, n), effective(method, lim, n)
        if have != port:
            lim = mine
            named += [f"{k}={fmt(have[k])}" for k in ("maxiter", "maxfev", "gtol") if have[k] != port[k]]
    opts.update(lim)
    gradient = "none" if method in NO_GRADIENT else rec["gradient"]
    jac = gradient
    fd_step = limits.get("fd_step") or 0
    if gradient in ("2-point", "3-point"):
        if method in SECOND_ORDER:
            raise Refused(f"scipy 1.10's {method} needs the gradient as a function (jac=): no {gradient} runs")
        if fd_step:
            if gradient == "3-point" or method not in EPS:
                raise Refused(f"-fd-step {fmt(fd_step)} with {gradient}: scipy 1.10's {method} takes an absolute step for 2-point differences only")
            jac, opts["eps"] = None, float(fd_step)
    hessian, mode = None, rec.get("hessian") or "none"
    if method in SECOND_ORDER:
        if mode == "exact":
            if prob.hess is not None and n <= MAX_HESS_PARAMS:
                hessian = "hess"
            elif method in WHOLE_HESSIAN or prob.hessp is None:
                raise Refused(f"scipy 1.10's {method} needs the whole Hessian, which this problem does not give")
            else:
                hessian = "hessp"
        elif mode in ("2-point", "3-point"):
            if method in WHOLE_HESSIAN:
                raise Refused(f"scipy 1.10's {method} needs hess= as a function: no {mode} Hessian")
            # Newton-CG with the sweep's automatic mode is scipy's default,
            # approx_fhess_p (neither hess nor hessp), as the port runs it.
            hessian = "approx" if method == "Newton-CG" and sweep.get("hessian") in (None, "", "none") else mode
        else:
            raise Refused(f"Hessian mode {mode!r}")
    label = method + (f"[{','.join(named)}]" if named else "")
    params = {k: (("true" if v else "false") if isinstance(v, bool) else v) for k, v in opts.items()}
    return {"problem": rec["problem"], "f_star": ref.get("f_star"), "method": method, "label": label,
            "options": opts, "params": params, "gradient": gradient, "jac": jac, "hessian": hessian,
            "hessian_mode": "none" if hessian is None else mode,
            "start": rec["start"], "seed": rec["seed"], "x0": rec["x0"], "bounds": bounds}


def plural(n, what):
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def no_counterpart_why(method):
    """Why optbench's method has no scipy.optimize.minimize counterpart."""
    if method in ("GD", "GD-fixed"):
        return "scipy.optimize.minimize has no plain gradient descent (fixed step or with a line search)"
    if method in ("Momentum", "Nesterov", "Adam", "AdamW", "RMSprop", "Adagrad"):
        return "a torch.optim rule: scipy.optimize.minimize has no stochastic-gradient methods"
    return "no scipy 1.10 method runs its algorithm"


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
    sweep_box = read_box(sweep.get("bounds"), "bounds")
    refs = {p["name"]: p for p in sweep["problems"]}
    probs, bounds, refused = {}, {}, {}
    for i, (name, ref) in enumerate(refs.items()):
        try:
            probs[name] = build(ref)
            box = sweep_box or read_box(ref.get("bounds"), f"problems[{i}].bounds")
            bounds[name] = (bounds_for(box, ref["dim"]), box)
        except Refused as e:
            refused[name] = str(e)
            probs.pop(name, None)
    for name, why in refused.items():
        print(f"scipy_minimize.py: problem {name}: {why}; its runs are left out", file=sys.stderr)
    if (sweep.get("limits") or {}).get("time_limit"):
        print(f"scipy_minimize.py: scipy has no time limit: its runs go on past -time-limit {sweep['limits']['time_limit']}",
              file=sys.stderr)
    jobs, seen, left = [], set(), {}
    no_counterpart, not_wanted = {}, {}  # by method: the run ids skipped
    for rec in records:
        if rec.get("engine", "optbench") != "optbench" or rec.get("problem") not in probs:
            continue
        method = COUNTERPARTS.get(rec.get("method"))
        if method is None:
            no_counterpart.setdefault(rec.get("method"), set()).add(rec.get("run_id"))
            continue
        if wanted and method not in wanted:
            not_wanted.setdefault(method, set()).add(rec.get("run_id"))
            continue
        try:
            job = plan(rec, probs[rec["problem"]], refs[rec["problem"]], sweep, bounds[rec["problem"]][0])
        except Refused as e:
            left.setdefault((rec.get("label", rec["method"]), str(e)), set()).add(rec["run_id"])
            continue
        key = (job["problem"], job["label"], json.dumps(job["params"], sort_keys=True), job["gradient"], job["start"])
        if key in seen:
            continue
        seen.add(key)
        jobs.append(job)
    for method, runs in sorted(no_counterpart.items(), key=lambda kv: str(kv[0])):
        print(f"scipy_minimize.py: {method}: skipped, {no_counterpart_why(method)}; "
              f"its {plural(len(runs), 'run')} left out", file=sys.stderr)
    if not_wanted:
        print(f"scipy_minimize.py: skipped, not in --methods {args.methods}: "
              + ", ".join(f"{m} ({plural(len(r), 'run')})" for m, r in sorted(not_wanted.items())), file=sys.stderr)
    for (label, why), runs in left.items():
        print(f"scipy_minimize.py: {label}: {why}; its {len(runs)} run{'s' if len(runs) != 1 else ''} left out",
              file=sys.stderr)
    unbounded = sorted({j["method"] for j in jobs if j["bounds"] is not None and j["method"] not in BOUNDED})
    if unbounded:
        at = sorted({(j["problem"], box_text(bounds[j["problem"]][1])) for j in jobs if j["bounds"] is not None})
        print(f"scipy_minimize.py: the sweep is bounded ({', '.join(f'{p} {b}' for p, b in at)}), and scipy 1.10 runs "
              f"{', '.join(unbounded)} without bounds (it only warns); the methods that take them: {', '.join(BOUNDED)}. "
              "Refused: nothing run", file=sys.stderr)
        sys.exit(2)
    order = list(refs)
    jobs.sort(key=lambda j: (order.index(j["problem"]), j["label"], j["gradient"], j["start"]))
    out = os.path.join(args.dir, "scipy.jsonl")
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        for job in jobs:
            r = run_one(probs[job["problem"]], job, sweep.get("trace", "log"))
            f.write(json.dumps(r, allow_nan=False, separators=(",", ":")) + "\n")
    os.replace(tmp, out)
    print(f"scipy_minimize.py: {len(jobs)} runs of scipy {scipy.__version__} in {out}", file=sys.stderr)
    if not jobs:
        sys.exit(1)


if __name__ == "__main__":
    try:
        main()
    except (OSError, KeyError, ValueError, TypeError) as e:
        # KeyError's text is only the key: say it is one missing.
        why = f"missing key {e}" if isinstance(e, KeyError) else str(e)
        print(f"scipy_minimize.py: {why}", file=sys.stderr)
        sys.exit(1)
