"""scipy 1.10.1's own optimize test cases for the gradient ports, run with
scipy and written to scipy_cases.json beside this file for
scipy_cases_test.go: scipy:BFGS, scipy:CG, scipy:Newton-CG, scipy:trust-ncg,
scipy:trust-exact and scipy:dogleg.

Each case is one scipy.optimize.minimize call taken from test_optimize.py,
test_trustregion.py (and a few that the issue names), on a problem that the
Go test defines operation for operation (the names below). The JSON keeps
what scipy returned: nit, nfev, njev, nhev, x, fun, status, success and
message, and the calls scipy's run made to the problem (f, gradient, hess,
hessp), so that the Go test checks the counts call for call.

How optbench's options map to scipy's (the Go test applies them):
  gradient "analytic": jac=<the problem's>; "funcgrad": jac=True, f giving
  both (optbench's Problem.FuncGrad alone); "2-point"/"3-point": jac= that
  string (relative steps); "eps": jac=None, scipy's absolute step eps
  (default sqrt(machine eps)), optbench's Gradient 2-point with FDStep.
  hessian "exact": hess=<the problem's>; "hessp": hessp=<the problem's>;
  "2-point"/"3-point": hess= that string; "none": neither.
  gtol/xtol/maxiter, params (xrtol): options; tol: minimize's tol= (gtol for BFGS, CG and
  the trust-region methods, xtol for Newton-CG).

Run from the repository root with Debian's scipy 1.10 (apt-get install -y
python3-scipy):

    /usr/bin/python3 solvers/scipy/testdata/scipy_cases.py
"""
import hashlib
import json
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import optimize
from scipy.optimize import rosen, rosen_der, rosen_hess, rosen_hess_prod

HERE = os.path.dirname(os.path.abspath(__file__))

# CheckOptimize's entropy maximization problem (Berger et al. 1996).
F = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 1], [1, 0, 0], [1, 0, 0]])
K = np.array([1., 0.3, 0.5])


def ent_f(x):
    log_pdot = np.dot(F, x)
    logZ = np.log(sum(np.exp(log_pdot)))
    return logZ - np.dot(K, x)


def ent_g(x):
    log_pdot = np.dot(F, x)
    logZ = np.log(sum(np.exp(log_pdot)))
    p = np.exp(log_pdot - logZ)
    return np.dot(F.transpose(), p) - K


def ent_h(x):
    log_pdot = np.dot(F, x)
    logZ = np.log(sum(np.exp(log_pdot)))
    p = np.exp(log_pdot - logZ)
    return np.dot(F.T, np.dot(np.diag(p), F - np.dot(F.T, p)))


def ent_hp(x, p):
    return np.dot(ent_h(x), p)


def himmelblau(p):
    x, y = p
    a = x*x + y - 11
    b = x + y*y - 7
    return a*a + b*b


def himmelblau_grad(p):
    x, y = p
    return np.array([4*x**3 + 4*x*y - 42*x + 2*y**2 - 14,
                     2*x**2 + 4*x*y + 4*y**3 - 26*y - 22])


def himmelblau_hess(p):
    x, y = p
    return np.array([[12*x**2 + 4*y - 42, 4*x + 4*y],
                     [4*x + 4*y, 4*x + 12*y**2 - 26]])


def scaled(scale):
    # test_initial_step_scaling
    return (lambda x: scale*(x[0] - 1)**2,
            lambda x: np.array([scale*(x[0] - 1)]))


def tolfun(z):
    # test_minimize_tol_parameter
    x, y = z
    return x**2*y**2 + x**4 + 1


def toldfun(z):
    x, y = z
    return np.array([2*x*y**2 + 4*x**3, 2*x**2*y])


def cornercase(r):
    # test_cg_cornercase
    return 2.5 * (1 - np.exp(-1.5*(r[0] - 0.5)))**2


def gh2169(x):
    # test_bfgs_gh_2169
    if x[0] < 0:
        return 1.79769313e+308
    return x[0] + 1./x[0]


PROBLEMS = {
    "entropy": (ent_f, ent_g, ent_h, ent_hp),
    "rosen": (rosen, rosen_der, rosen_hess, rosen_hess_prod),
    "himmelblau": (himmelblau, himmelblau_grad, himmelblau_hess, None),
    "scaled-1e-50": scaled(1e-50) + (None, None),
    "scaled-1": scaled(1.0) + (None, None),
    "scaled-1e+50": scaled(1e50) + (None, None),
    # test_no_increase: a gradient of the wrong sign
    "bad-grad": (lambda x: (x[0] - 1)**2, lambda x: np.array([2*(x[0] - 1)*(-1) - 2]), None, None),
    # test_bfgs_infinite: -inf is the minimum
    "neg-exp": (lambda x: -np.e**-x[0], lambda x: np.array([np.e**-x[0]]),
                lambda x: np.array([[-np.e**-x[0]]]), None),
    # test_bfgs_nan_return: NaN from the first call, NaN away from 0
    "nan": (lambda x: np.nan, lambda x: np.array([1.0]), lambda x: np.array([[1.0]]), None),
    "nan-off-zero": (lambda x: 0.0 if x[0] == 0 else np.nan, lambda x: np.ones_like(x), None, None),
    # test_nan_values' func2 with fixed values for its two random ones
    "nan-third": (None, lambda x: np.array([1.0]), lambda x: np.array([[1.0]]), None),
    "tol": (tolfun, toldfun, None, None),
    # test_bfgs_double_evaluations: 10 x^2 with its gradient, jac=True
    "double-eval": (lambda x: 10*x[0]**2, lambda x: np.array([20*x[0]]), None, None),
    "cornercase": (cornercase, None, None, None),
    "gh2169": (gh2169, None, None, None),
}


def wobble(x, salt):
    """-1, 0 or +1 by a hash of x: a change of one ulp that varies from
    point to point, as two correct implementations of f differ (a uniform
    one leaves finite differences nearly unchanged)."""
    h = int.from_bytes(hashlib.blake2b(np.asarray(x, dtype=float).tobytes() + salt, digest_size=4).digest(),
                       "little")
    return h % 3 - 1


class Counted:
    """A problem's functions, counting the calls scipy makes; ulp: f and
    the gradient changed by one ulp (relative 2**-52, see wobble), to
    measure how far scipy's own run moves under a change in the last bit."""

    def __init__(self, name, ulp=False):
        f, g, h, hp = PROBLEMS[name]
        if ulp:
            f0, g0 = f, g
            if f0 is not None:
                def f(x):
                    return f0(x) * (1 + wobble(x, b"f") * 2.0**-52)
            if g0 is not None:
                def g(x):
                    return np.asarray(g0(x)) * (1 + wobble(x, b"g") * 2.0**-52)
        self.calls = {"f": 0, "g": 0, "h": 0, "hp": 0}
        self.trace = []
        if name == "nan-third":
            values = [0.5, 0.25]

            def f(x):
                k = self.calls["f"]
                return values[k - 1] * (1 + 2.0**-52 * ulp * wobble(x, b"f")) if k <= 2 else np.nan
        self._f, self._g, self._h, self._hp = f, g, h, hp

    def f(self, x):
        self.calls["f"] += 1
        self.trace.append([float(v) for v in x])
        return self._f(x)

    def g(self, x):
        self.calls["g"] += 1
        return self._g(x)

    def h(self, x):
        self.calls["h"] += 1
        return self._h(x)

    def hp(self, x, p):
        self.calls["hp"] += 1
        return self._hp(x, p)


def num(v):
    v = float(v)
    if np.isnan(v):
        return "NaN"
    if np.isinf(v):
        return "+Inf" if v > 0 else "-Inf"
    return v


def run(name, problem, method, x0, gradient="analytic", hessian="none", eps=None,
        gtol=None, xtol=None, tol=None, maxiter=None, source="", params=None, ulp=False):
    c = Counted(problem, ulp)
    kw = {"method": method, "options": dict(params or {})}
    if gradient == "analytic":
        kw["jac"] = c.g
    elif gradient == "funcgrad":
        # jac=True: f returns (f, g), through scipy's MemoizeJac
        f0, g0 = c.f, c.g

        def fg(x):
            return f0(x), g0(x)
        kw["jac"] = True
    elif gradient == "eps":
        kw["jac"] = None
        if eps is not None:
            kw["options"]["eps"] = eps
    else:
        kw["jac"] = gradient
    if hessian == "exact":
        kw["hess"] = c.h
    elif hessian == "hessp":
        kw["hessp"] = c.hp
    elif hessian in ("2-point", "3-point"):
        kw["hess"] = hessian
    for key, v in (("gtol", gtol), ("xtol", xtol), ("maxiter", maxiter)):
        if v is not None:
            kw["options"][key] = v
    if tol is not None:
        kw["tol"] = tol
    out = {"name": name, "source": source, "problem": problem, "method": "scipy:" + method,
           "x0": list(map(float, x0)), "gradient": gradient, "hessian": hessian,
           "eps": eps, "gtol": gtol, "xtol": xtol, "tol": tol, "maxiter": maxiter, "params": params or {}}
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            res = optimize.minimize(fg if gradient == "funcgrad" else c.f, np.array(x0, dtype=float), **kw)
    except ValueError as e:
        out.update({"raises": str(e), "calls": c.calls})
        return out
    out.update({
        "nit": int(res.nit), "nfev": int(res.nfev), "njev": int(res.get("njev", 0)),
        "nhev": int(res.get("nhev", 0)), "x": [num(v) for v in np.atleast_1d(res.x)],
        "fun": num(res.fun), "status": int(res.status), "success": bool(res.success),
        "message": res.message, "calls": c.calls,
        # how many times scipy called f at the point it had called it at
        # just before (test_duplicate_evaluations)
        "repeats": sum(1 for a, b in zip(c.trace, c.trace[1:]) if a == b),
    })
    if not ulp:
        u = run(name, problem, method, x0, gradient, hessian, eps, gtol, xtol, tol, maxiter, source, params, True)
        out["ulp"] = {k: u.get(k) for k in ("nit", "nfev", "njev", "nhev", "x", "fun", "message", "raises")}
    return out


def main():
    cases = []
    add = cases.append
    zeros3 = [0.0, 0.0, 0.0]
    # CheckOptimizeParameterized (maxiter 1000)
    add(run("test_cg", "entropy", "CG", zeros3, maxiter=1000, source="test_optimize.py"))
    add(run("test_bfgs", "entropy", "BFGS", zeros3, maxiter=1000, source="test_optimize.py"))
    add(run("test_ncg", "entropy", "Newton-CG", zeros3, maxiter=1000, source="test_optimize.py"))
    add(run("test_ncg_hess", "entropy", "Newton-CG", zeros3, hessian="exact", maxiter=1000, source="test_optimize.py"))
    add(run("test_ncg_hessp", "entropy", "Newton-CG", zeros3, hessian="hessp", maxiter=1000, source="test_optimize.py"))
    add(run("test_bfgs_infinite", "neg-exp", "BFGS", [0.0], source="test_optimize.py"))
    # the same corner for the other ports (issue 19, item 4)
    add(run("neg_exp_cg", "neg-exp", "CG", [0.0], source="issue 19"))
    add(run("neg_exp_ncg", "neg-exp", "Newton-CG", [0.0], hessian="exact", source="issue 19"))
    add(run("neg_exp_ncg_nohess", "neg-exp", "Newton-CG", [0.0], source="issue 19"))
    for m in ("trust-ncg", "dogleg"):
        add(run("neg_exp_" + m, "neg-exp", m, [0.0], hessian="exact", source="issue 19"))
    add(run("neg_exp_trust-exact", "neg-exp", "trust-exact", [0.0], hessian="exact", source="issue 19"))
    # TestOptimizeSimple
    add(run("test_bfgs_nan_return_1", "nan", "BFGS", [0.0], gradient="eps", source="test_optimize.py"))
    add(run("test_bfgs_nan_return_2", "nan-off-zero", "BFGS", [0.0], source="test_optimize.py"))
    for m in ("CG", "BFGS"):
        for jac in ("2-point", "3-point", "eps"):
            add(run("test_finite_differences_jac_%s_%s" % (m, jac), "entropy", m, zeros3, gradient=jac,
                    source="test_optimize.py"))
    for m in ("Newton-CG", "trust-ncg"):
        for hess in ("2-point", "3-point"):
            add(run("test_finite_differences_hess_%s_%s" % (m, hess), "entropy", m, zeros3, hessian=hess,
                    gtol=1e-4 if m == "trust-ncg" else None, source="test_optimize.py"))
    add(run("test_bfgs_gh_2169", "gh2169", "BFGS", [10.0], gradient="eps", source="test_optimize.py"))
    for m in ("CG", "BFGS", "Newton-CG"):
        for tol in (1e-10, 1.0):
            add(run("test_minimize_tol_parameter_%s_%g" % (m, tol), "tol", m, [1.0, 1.0], tol=tol,
                    source="test_optimize.py"))
    for m in ("CG", "BFGS", "Newton-CG"):
        add(run("test_no_increase_" + m, "bad-grad", m, [2.0], maxiter=20, source="test_optimize.py"))
    for m, h in (("CG", "none"), ("BFGS", "none"), ("Newton-CG", "exact"), ("trust-ncg", "exact"),
                 ("trust-exact", "exact"), ("dogleg", "exact")):
        add(run("test_respect_maxiter_" + m, "rosen", m, [0.0]*10, hessian=h, maxiter=4,
                gtol=1e-4 if m in ("trust-ncg", "trust-exact", "dogleg") else None, source="test_optimize.py"))
    for scale, p in ((1e-50, "scaled-1e-50"), (1.0, "scaled-1"), (1e50, "scaled-1e+50")):
        for m in ("CG", "BFGS", "Newton-CG"):
            if m == "Newton-CG" and scale < 1e-10:
                continue  # scipy's test leaves it out too
            add(run("test_initial_step_scaling_%s_%g" % (m, scale), p, m, [-1.0],
                    gtol=scale*1e-8 if m != "Newton-CG" else None, source="test_optimize.py"))
    for m, h in (("CG", "none"), ("BFGS", "none"), ("Newton-CG", "exact"), ("Newton-CG", "none"),
                 ("trust-ncg", "exact"), ("trust-exact", "exact"), ("dogleg", "exact")):
        for p in ("nan", "nan-third"):
            add(run("test_nan_values_%s_%s_%s" % (m, h, p), p, m, [1.0], hessian=h, maxiter=20,
                    gtol=1e-4 if m in ("trust-ncg", "trust-exact", "dogleg") else None, source="test_optimize.py"))
    for m, g, h in (("CG", "eps", "none"), ("BFGS", "eps", "none"), ("dogleg", "analytic", "exact"),
                    ("trust-ncg", "analytic", "exact"), ("trust-exact", "analytic", "exact")):
        add(run("test_duplicate_evaluations_" + m, "entropy", m, zeros3, gradient=g, hessian=h,
                gtol=1e-4 if h == "exact" else None, source="test_optimize.py"))
    for i, x0 in enumerate(np.linspace(-0.75, 3, 71)):
        add(run("test_cg_cornercase_%d" % i, "cornercase", "CG", [x0], gradient="eps", source="test_optimize.py"))
    add(run("test_bfgs_xrtol", "rosen", "BFGS", [1.3, 0.7, 0.8, 1.9, 1.2], gradient="eps", params={"xrtol": 1e-3},
            source="test_optimize.py"))
    add(run("test_bfgs_xrtol_ref", "rosen", "BFGS", [1.3, 0.7, 0.8, 1.9, 1.2], gradient="eps", gtol=1e-3,
            source="test_optimize.py"))
    add(run("test_bfgs_double_evaluations", "double-eval", "BFGS", [-100.0], gradient="funcgrad", tol=1e-7,
            source="test_optimize.py"))
    # TestNewtonCg
    add(run("TestNewtonCg.test_rosenbrock", "rosen", "Newton-CG", [-1.2, 1.0], hessian="exact", tol=1e-5,
            source="test_optimize.py"))
    add(run("TestNewtonCg.test_himmelblau", "himmelblau", "Newton-CG", [-0.27, -0.9], hessian="exact", tol=1e-6,
            source="test_optimize.py"))
    add(run("TestNewtonCg.test_finite_difference", "rosen", "Newton-CG", [-1.2, 1.0], hessian="2-point", tol=1e-5,
            source="test_optimize.py"))
    # Newton-CG without a Hessian (issue 19, item 2)
    for i, x0 in enumerate(([1.3, 0.7, 0.8, 1.9, 1.2], [-1.2, 1.0, 1.0, 1.0, 1.0], [-1.2, 1.0, -1.2, 1.0, -1.2])):
        for h in ("none", "2-point", "3-point"):
            add(run("ncg_rosen5_%s_x0_%d" % (h, i), "rosen", "Newton-CG", x0, hessian=h, source="issue 19"))
    add(run("ncg_himmelblau_nohess", "himmelblau", "Newton-CG", [-0.27, -0.9], tol=1e-6, source="issue 19"))
    # test_trustregion.py (TestTrustRegionSolvers)
    hard, easy, opt = [-1.2, 1.0], [2.0, 2.0], [1.0, 1.0]
    add(run("test_dogleg_accuracy", "rosen", "dogleg", hard, hessian="exact", tol=1e-8, source="test_trustregion.py"))
    add(run("test_dogleg_callback", "rosen", "dogleg", hard, hessian="exact", maxiter=5, gtol=1e-4,
            source="test_trustregion.py"))
    add(run("test_dogleg_user_warning", "rosen", "dogleg", hard, hessian="exact", maxiter=1, gtol=1e-4,
            source="test_trustregion.py"))
    for x0 in (easy, hard):
        for m in ("dogleg", "trust-ncg", "Newton-CG", "trust-exact"):
            add(run("test_solver_concordance_%s_%g" % (m, x0[0]), "rosen", m, x0, hessian="exact", tol=1e-8,
                    source="test_trustregion.py"))
    for x0 in (easy, hard, opt):
        add(run("test_trust_ncg_hessp_%g" % x0[0], "rosen", "trust-ncg", x0, hessian="hessp", tol=1e-8,
                source="test_trustregion.py"))
    for m in ("trust-ncg", "trust-exact"):
        add(run("test_%s_start_in_optimum" % m.replace("-", "_"), "rosen", m, opt, hessian="exact", tol=1e-8,
                source="test_trustregion.py"))
    doc = {"scipy": scipy.__version__, "numpy": np.__version__, "python": sys.version.split()[0],
           "cases": cases}
    with open(os.path.join(HERE, "scipy_cases.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for c in cases:
        if "raises" in c:
            print(f'{c["name"]:48s} raises {c["raises"]}')
        else:
            print(f'{c["name"]:48s} nit={c["nit"]:4d} nfev={c["nfev"]:4d} njev={c["njev"]:4d} nhev={c["nhev"]:4d} '
                  f'{c["message"]}')


if __name__ == "__main__":
    main()
