"""Runs scipy's Powell on functions unbounded below and writes what it did
to powell_unbounded.json beside this file: status, success, message,
fun, x, nit and nfev, or the exception it raised. TestPowellUnbounded
compares optbench's scipy:Powell with them, so `go test` needs no Python.

Run from the repository root with Debian's scipy 1.10 (apt-get install -y
python3-scipy):

    /usr/bin/python3 solvers/scipy/testdata/powell_unbounded.py
"""
import json
import os
import warnings

import numpy as np
import scipy
from scipy.optimize import minimize

HERE = os.path.dirname(os.path.abspath(__file__))

FUNCS = {
    "-x0^2": lambda x: -x[0] ** 2,
    "x0": lambda x: x[0],
}
CASES = [("-x0^2", [0.0]), ("-x0^2", [1.0, 2.0]), ("x0", [0.0]), ("x0", [0.0, 0.0])]


def fmt(v):
    """A float as JSON takes it: -inf as the string "-Inf"."""
    v = float(v)
    return "-Inf" if v == -np.inf else v


def main():
    runs = []
    for name, x0 in CASES:
        run = {"f": name, "x0": x0}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                r = minimize(FUNCS[name], np.array(x0), method="Powell")
                run.update(status=int(r.status), success=bool(r.success), message=r.message,
                           fun=fmt(r.fun), x=[fmt(v) for v in r.x], nit=int(r.nit), nfev=int(r.nfev))
            except RuntimeError as e:
                run["raised"] = "RuntimeError: " + str(e)
        runs.append(run)
    doc = {"scipy": scipy.__version__, "runs": runs}
    with open(os.path.join(HERE, "powell_unbounded.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
