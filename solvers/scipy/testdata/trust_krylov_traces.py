"""Runs scipy's own trust-krylov (scipy 1.10.1, Debian's python3-scipy) on the
problems the scipy:trust-krylov tests use and writes what it did to
trust_krylov_traces.json beside this file, so `go test` needs no Python:

- runs: the classroom problem from the exercise's x0 with the exact Hessian,
  and Rosenbrock n = 2, 5, 10 from (-1.2, 1, -1.2, ...) given hess= or only
  hessp=, each with inexact True and False; gtol 1e-5 (optbench's default;
  scipy's own for the trust-region methods is 1e-4). For each: the loss after
  every iteration (scipy's callback), the final loss, nit/nfev/njev/nhev,
  success and message, and the first 10 iterations of the same run with the
  loss one ulp larger (trace_ulp) and with the gradient and the Hessian (or
  H v) each changed by one ulp up, down or not at all, element by element, by
  a pattern drawn from a hash of x (trace_ulp_gh, the Hessian kept
  symmetric): scipy's own sensitivity to the last bits of what it is given,
  which is all another correct implementation of f, g and H can promise.
  trust-krylov uses f only in the ratio test, so trace_ulp hardly moves; the
  classroom problem's gradient and Hessian here and numpy's differ in the
  last bits, and trace_ulp_gh measures what that does to scipy's own run.
- subproblems: TestKrylovQuadraticSubproblem's matrices (scipy's
  test_trustregion_krylov.py) solved by scipy's TRLIBQuadraticSubproblem:
  the step, hits_boundary and lam, for each radius in turn on the same
  subproblem (the second solve is trlib's hot start).
  One more, optbench's own: "lanczos_switch", H = diag(1, -1, 2, 0.5) and g
  chosen so that the second CG direction has zero curvature (|p.Hp| below
  trlib's zero, 2e-16): trlib switches to Lanczos and runs to its itmax.
  (A hot start after that is left out: it reads the Lanczos vector past
  itmax, which nothing wrote: scipy's np.empty.)
  And "convexify/0" to "convexify/3", optbench's too: random small H with
  one large and one slightly negative eigenvalue, solved inexactly (scipy's
  default tolerances), the first four where trlib_krylov_min's convexify
  test asks for the model's value at the step (TRLIB_CLA_OBJVAL): H v is
  then called at the step itself, twice when the value matches (scipy's
  loop sees the same action again). hessp_calls counts the products.
- concordance: TestTrustRegionSolvers (test_trustregion.py) cases with
  trust-krylov: Rosenbrock with tol=1e-8 from (2, 2), (-1.2, 1) and (1, 1).
- bad_values: Rosenbrock n = 2 from (-1.2, 1), maxiter 50, with a NaN in
  the Hessian and an infinity in H v: how scipy ends. (A zero Hessian is
  left out: trlib then returns h before anything wrote it, scipy's
  np.empty, so scipy's step is whatever that memory held.)
- classroom_repeats: the classroom runs again, five times each, a second
  apart: scipy's trust-krylov is not deterministic there. trlib's
  trlib_eigen_inverse (the hard case of the tridiagonal subproblem) starts
  from random vectors seeded by time(NULL), so the iterates agree only up
  to rounding from run to run, the first iterations exactly, the counts not.
- speed: scipy's minimize(method='trust-krylov') on the classroom problem,
  best of 5 wall-clock seconds.

Run from the repository root:

    /usr/bin/python3 solvers/scipy/testdata/trust_krylov_traces.py
"""
import hashlib
import json
import os
import sys
import time

import numpy as np
import scipy
from scipy.optimize import minimize, rosen, rosen_der, rosen_hess, rosen_hess_prod
from scipy.optimize._trlib import get_trlib_quadratic_subproblem

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from scipy_traces import classroom, crossentropy  # noqa: E402

GTOL = 1e-5


def ulp_pattern(a, *keys):
    """a with each element changed by -1, 0 or +1 ulp (relative 2**-52), by a
    pattern drawn from a hash of keys; a 2-D a stays symmetric."""
    a = np.asarray(a, dtype=float)
    h = hashlib.blake2b(digest_size=4)
    for k in keys:
        h.update(np.asarray(k, dtype=float).tobytes())
    r = np.random.RandomState(int.from_bytes(h.digest(), "little")).randint(-1, 2, size=a.shape)
    if a.ndim == 2:
        r = np.triu(r) + np.triu(r, 1).T
    return a * (1 + r * 2.0**-52)


def run(problem, fun, jac, x0, inexact, hess=None, hessp=None):
    trace = [fun(x0)]
    kw = {"hess": hess} if hess is not None else {"hessp": hessp}
    opts = {"gtol": GTOL, "inexact": inexact}
    res = minimize(fun, x0, jac=jac, method="trust-krylov",
                   callback=lambda xk: trace.append(fun(xk)), options=opts, **kw)
    ulp = [fun(x0)]
    try:
        minimize(lambda x: fun(x) * (1 + 2.0**-52), x0, jac=jac, method="trust-krylov",
                 callback=lambda xk: ulp.append(fun(xk)), options=dict(opts, maxiter=10), **kw)
    except np.linalg.LinAlgError:
        pass
    ulp_gh = [fun(x0)]
    if hess is not None:
        kw_gh = {"hess": lambda x: ulp_pattern(hess(x), x)}
    else:
        kw_gh = {"hessp": lambda x, p: ulp_pattern(hessp(x, p), x, p)}
    try:
        minimize(fun, x0, jac=lambda x: ulp_pattern(jac(x), x), method="trust-krylov",
                 callback=lambda xk: ulp_gh.append(fun(xk)), options=dict(opts, maxiter=10), **kw_gh)
    except np.linalg.LinAlgError:
        pass
    return {
        "problem": problem, "hess": "hess" if hess is not None else "hessp", "inexact": inexact,
        "x0": list(map(float, x0)), "trace": trace, "trace_ulp": ulp, "trace_ulp_gh": ulp_gh,
        "fun": float(res.fun), "x": list(map(float, res.x)),
        "nit": int(res.nit), "nfev": int(res.nfev), "njev": int(res.njev), "nhev": int(res.nhev),
        "status": int(res.status), "success": bool(res.success), "message": res.message,
    }


# TestKrylovQuadraticSubproblem's cases (scipy 1.10.1
# optimize/tests/test_trustregion_krylov.py), with the radii it solves for.
SUBPROBLEMS = [
    ("easy", [[1.0, 0.0, 4.0], [0.0, 2.0, 0.0], [4.0, 0.0, 3.0]], [5.0, 0.0, 4.0], [1.0, 0.5]),
    ("hard", [[1.0, 0.0, 4.0], [0.0, 2.0, 0.0], [4.0, 0.0, 3.0]], [0.0, 2.0, 0.0], [1.0, 0.5]),
    ("interior", [[1.812159, 0.82687265, 0.21838879, -0.52487006, 0.25436988],
                  [0.82687265, 2.66380283, 0.31508988, -0.40144163, 0.08811588],
                  [0.21838879, 0.31508988, 2.38020726, -0.3166346, 0.27363867],
                  [-0.52487006, -0.40144163, -0.3166346, 1.61927182, -0.42140166],
                  [0.25436988, 0.08811588, 0.27363867, -0.42140166, 1.33243101]],
     [0.75798952, 0.01421945, 0.33847612, 0.83725004, -0.47909534], [1.1]),
    ("very_close_to_zero", [[0.88547534, 2.90692271, 0.98440885, -0.78911503, -0.28035809],
                            [2.90692271, -0.04618819, 0.32867263, -0.83737945, 0.17116396],
                            [0.98440885, 0.32867263, -0.87355957, -0.06521957, -1.43030957],
                            [-0.78911503, -0.83737945, -0.06521957, -1.645709, -0.33887298],
                            [-0.28035809, 0.17116396, -1.43030957, -0.33887298, -1.68586978]],
     [0, 0, 0, 0, 1e-6], [1.1]),
]


def lanczos_case():
    """H and g with p1.H p1 = 0 to rounding, p1 the second CG direction."""
    H = np.diag([1.0, -1.0, 2.0, 0.5])

    def curvature(t):
        g = np.array([1.0, t, 1.0, 0.3])
        p = -g
        Hp = H @ p
        a = (g @ g) / (p @ Hp)
        g1 = g + a * Hp
        p1 = -g1 + (g1 @ g1) / (g @ g) * p
        return p1 @ (H @ p1), g

    lo, hi = 0.1, 3.0
    flo = curvature(lo)[0]
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        fm = curvature(mid)[0]
        if (fm > 0) == (flo > 0):
            lo, flo = mid, fm
        else:
            hi = mid
    g = curvature(mid)[1]
    assert abs(curvature(mid)[0]) <= 2e-16
    return ("lanczos_switch", H.tolist(), g.tolist(), [1.0])


def convexify_cases():
    """Random H (one eigenvalue 1e3 to 1e10, one -1e-6 to -10) and g where
    trlib asks for the objective value at the step."""
    KrylovQP = get_trlib_quadratic_subproblem(tol_rel_i=-2.0, tol_rel_b=-3.0)
    rng = np.random.RandomState(1)
    out = []
    while len(out) < 4:
        n = rng.randint(2, 6)
        ev = np.concatenate([[10.0**rng.uniform(3, 10)], -10.0**rng.uniform(-6, 1, size=1), rng.uniform(-2, 5, size=n - 2)])
        Q, _ = np.linalg.qr(rng.randn(n, n))
        H = Q @ np.diag(ev) @ Q.T
        H = 0.5 * (H + H.T)
        g = rng.randn(n) * 10.0**rng.uniform(-2, 6)
        r = 10.0**rng.uniform(-3, 1)
        calls = []

        def hp(x, y, H=H, calls=calls):
            calls.append(y.copy())
            return H.dot(y)

        p, _ = KrylovQP(x=0, fun=lambda x: 0, jac=lambda x, g=g: g, hess=lambda x: None, hessp=hp).solve(r)
        if any(np.array_equal(c, p) for c in calls):
            out.append(("convexify/%d" % len(out), H.tolist(), g.tolist(), [r], True))
    return out


def subproblems():
    out = []
    for name, H, g, radii, inexact in [c + (False,) for c in SUBPROBLEMS + [lanczos_case()]] + convexify_cases():
        if inexact:
            KrylovQP = get_trlib_quadratic_subproblem(tol_rel_i=-2.0, tol_rel_b=-3.0)
        else:
            KrylovQP = get_trlib_quadratic_subproblem(tol_rel_i=1e-8, tol_rel_b=1e-6)
        H, g = np.array(H), np.array(g, dtype=float)
        calls = [0]

        def hp(x, y, H=H, calls=calls):
            calls[0] += 1
            return H.dot(y)

        sub = KrylovQP(x=0, fun=lambda x: 0, jac=lambda x, g=g: g, hess=lambda x: None, hessp=hp)
        solves = []
        for r in radii:
            calls[0] = 0
            p, hits = sub.solve(r)
            solves.append({"radius": r, "p": list(map(float, p)), "hits_boundary": bool(hits), "lam": float(sub.lam),
                           "hessp_calls": calls[0]})
        out.append({"name": name, "inexact": inexact, "H": H.tolist(), "g": g.tolist(), "solves": solves})
    return out


def concordance():
    out = []
    for x0 in ([2.0, 2.0], [-1.2, 1.0], [1.0, 1.0]):
        r = minimize(rosen, x0, jac=rosen_der, hess=rosen_hess, tol=1e-8, method="trust-krylov")
        out.append({"x0": x0, "x": list(map(float, r.x)), "nit": int(r.nit), "nfev": int(r.nfev),
                    "njev": int(r.njev), "nhev": int(r.nhev), "message": r.message, "success": bool(r.success)})
    return out


def bad_values():
    def nan_hess(x):
        h = rosen_hess(x)
        h[0, 0] = np.nan
        return h

    def inf_hessp(x, v):
        r = rosen_hess_prod(x, v)
        r[1] = np.inf
        return r

    out = []
    for name, kw in [("nan_hess", {"hess": nan_hess}), ("inf_hessp", {"hessp": inf_hessp})]:
        with np.errstate(all="ignore"):
            r = minimize(rosen, [-1.2, 1.0], jac=rosen_der, method="trust-krylov",
                         options={"maxiter": 50, "gtol": GTOL}, **kw)
        out.append({"name": name, "nit": int(r.nit), "nfev": int(r.nfev), "njev": int(r.njev), "nhev": int(r.nhev),
                    "fun": float(r.fun), "success": bool(r.success), "message": r.message})
    return out


def main():
    x, t, x0 = classroom()
    ce, ce_jac, ce_hess = crossentropy(x, t)
    runs = []
    for inexact in (True, False):
        runs.append(run("classroom", ce, ce_jac, x0, inexact, hess=ce_hess))
    for n in (2, 5, 10):
        xr = np.array([-1.2 if i % 2 == 0 else 1.0 for i in range(n)])
        for inexact in (True, False):
            runs.append(run("rosenbrock%d" % n, rosen, rosen_der, xr, inexact, hess=rosen_hess))
            runs.append(run("rosenbrock%d" % n, rosen, rosen_der, xr, inexact, hessp=rosen_hess_prod))
    repeats = []
    for inexact in (True, False):
        for _ in range(5):
            time.sleep(1.05)  # another second, another seed in trlib
            r = minimize(ce, x0, jac=ce_jac, hess=ce_hess, method="trust-krylov",
                         options={"gtol": GTOL, "inexact": inexact})
            repeats.append({"inexact": inexact, "nit": int(r.nit), "nfev": int(r.nfev), "njev": int(r.njev),
                            "nhev": int(r.nhev), "fun": float(r.fun), "message": r.message})
    best = []
    for _ in range(5):
        t0 = time.perf_counter()
        minimize(ce, x0, jac=ce_jac, hess=ce_hess, method="trust-krylov", options={"gtol": GTOL})
        best.append(time.perf_counter() - t0)
    doc = {"scipy": scipy.__version__, "numpy": np.__version__, "python": sys.version.split()[0],
           "runs": runs, "classroom_repeats": repeats, "subproblems": subproblems(), "concordance": concordance(), "bad_values": bad_values(),
           "speed": {"classroom_best_of_5_seconds": min(best)}}
    with open(os.path.join(HERE, "trust_krylov_traces.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for r in runs:
        print(f'{r["problem"]:12s} {r["hess"]:5s} inexact={r["inexact"]!s:5s} nit={r["nit"]:4d} nfev={r["nfev"]:4d} '
              f'njev={r["njev"]:4d} nhev={r["nhev"]:4d} fun={r["fun"]:.6g} {r["message"]}')
    for r in repeats:
        print("classroom again inexact=%-5s nit=%4d nfev=%4d nhev=%4d fun=%.6g" % (r["inexact"], r["nit"], r["nfev"], r["nhev"], r["fun"]))
    print("scipy trust-krylov on classroom, best of 5: %.3f ms" % (1e3 * min(best)))


if __name__ == "__main__":
    main()
