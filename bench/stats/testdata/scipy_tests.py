"""Computes the p-values of scipy.stats.wilcoxon and scipy.stats.mannwhitneyu
(scipy 1.10, default arguments) on samples that exercise their exact and
approximate branches, and writes them with the samples (as text, so that
infinities survive JSON) to scipy_tests.json
beside this file, which bench's tests read (so go test needs no Python).

Run from the repository root with Debian's scipy (apt-get install -y
python3-scipy):

    /usr/bin/python3 bench/testdata/scipy_tests.py
"""
import json
import os
import warnings

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261127)
cases = []


def paired(name, x, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = stats.wilcoxon(x, y).pvalue
    cases.append({"name": name, "test": "wilcoxon", "x": [repr(float(v)) for v in x], "y": [repr(float(v)) for v in y], "p": float(p)})


def unpaired(name, x, y):
    p = stats.mannwhitneyu(x, y).pvalue
    cases.append({"name": name, "test": "mannwhitneyu", "x": [repr(float(v)) for v in x], "y": [repr(float(v)) for v in y], "p": float(p)})


for n in (1, 2, 5, 6, 9, 12, 20, 30, 50):
    x = rng.normal(size=n)
    paired(f"continuous n={n}", x, x + rng.normal(0.3, 1, size=n))
paired("one-sided n=8", np.arange(8.0) + 10, np.arange(8.0))
x = rng.normal(size=15)
paired("ties, no zeros n=15", np.round(x, 1), np.round(x + rng.normal(0.5, 1, size=15), 1) + 0.05)
x = np.round(rng.normal(size=20), 1)
y = x.copy()
y[:5] += 0.3
y[5:12] -= np.round(rng.uniform(0.1, 1, size=7), 1)
paired("zeros and ties n=20", x, y)
x = rng.normal(size=60)
paired("continuous n=60", x, x + rng.normal(0.2, 1, size=60))
x = np.round(rng.normal(size=70), 1)
paired("ties n=70", x, np.round(x + rng.normal(0.1, 1, size=70), 1))

for n1, n2 in ((1, 1), (2, 3), (5, 7), (8, 8), (3, 20), (8, 30), (9, 9), (30, 30), (40, 25)):
    unpaired(f"continuous {n1} x {n2}", rng.normal(size=n1), rng.normal(0.5, 1, size=n2))
unpaired("separated 6 x 6", np.arange(6.0), np.arange(6.0) + 10)
unpaired("ties 6 x 7", np.round(rng.normal(size=6)), np.round(rng.normal(size=7)))
unpaired("ties 30 x 30", np.round(rng.normal(size=30), 1), np.round(rng.normal(0.3, 1, size=30), 1))
unpaired("infinities 10 x 12", np.r_[rng.normal(size=8), np.inf, np.inf], np.r_[rng.normal(size=11), np.inf])

with open(os.path.join(HERE, "scipy_tests.json"), "w") as f:
    json.dump({"scipy": scipy.__version__, "numpy": np.__version__, "cases": cases}, f, indent=1, allow_nan=False)
    f.write("\n")
print(f"{len(cases)} cases, scipy {scipy.__version__}")
