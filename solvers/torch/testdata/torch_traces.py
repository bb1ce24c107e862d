"""Runs torch.optim's SGD (momentum, Nesterov), Adam (and AMSGrad), AdamW,
RMSprop (plain, centered with momentum) and Adagrad for 200 full-batch steps
on the classroom problem from its x0, in float64, and writes the loss before
and after every step to torch_traces.json beside this file. The gradient
given to torch is the network's analytic one (numpy, objective/'s formulas,
from scripts/scipy_minimize.py), so that the traces test the update rules.
The tests compare optbench's Momentum, Nesterov, Adam, AdamW, RMSprop and
Adagrad with these traces, so `go test` needs no Python.

Run from the repository root with Debian's PyTorch 1.13 (apt-get install -y
python3-torch):

    /usr/bin/python3 solvers/torch/testdata/torch_traces.py
"""
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from scipy_minimize import Network, read_data  # noqa: E402

STEPS = 200

# optbench's method and parameters, and torch's optimizer with its arguments.
CONFIGS = [
    ("Momentum", {}, torch.optim.SGD, {"lr": 0.1, "momentum": 0.9}),
    ("Momentum", {"lr": "0.5", "momentum": "0.5", "dampening": "0.2", "weight-decay": "0.01"},
     torch.optim.SGD, {"lr": 0.5, "momentum": 0.5, "dampening": 0.2, "weight_decay": 0.01}),
    ("Nesterov", {}, torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("Adam", {}, torch.optim.Adam, {}),
    ("Adam", {"lr": "0.05", "amsgrad": "true", "weight-decay": "0.001"}, torch.optim.Adam,
     {"lr": 0.05, "amsgrad": True, "weight_decay": 0.001}),
    ("AdamW", {"lr": "0.05"}, torch.optim.AdamW, {"lr": 0.05}),
    ("RMSprop", {}, torch.optim.RMSprop, {}),
    ("RMSprop", {"lr": "0.005", "momentum": "0.5", "centered": "true"}, torch.optim.RMSprop,
     {"lr": 0.005, "momentum": 0.5, "centered": True}),
    ("Adagrad", {}, torch.optim.Adagrad, {}),
    ("Adagrad", {"lr": "0.5", "lr-decay": "0.01", "initial-accumulator": "0.1"}, torch.optim.Adagrad,
     {"lr": 0.5, "lr_decay": 0.01, "initial_accumulator_value": 0.1}),
]


def main():
    xtr, ytr, _, _, classes = read_data({"data": "classroom"})
    net = Network(xtr, ytr, 2, classes, 0.0)
    with open(os.path.join(ROOT, "objective", "classroom_init.txt")) as f:
        x0 = np.array([float(line) for line in f if line.strip()])
    runs = []
    for method, params, opt, kwargs in CONFIGS:
        p = torch.tensor(x0.copy(), dtype=torch.float64, requires_grad=True)
        o = opt([p], **kwargs)
        losses = []
        for _ in range(STEPS):
            x = p.detach().numpy().copy()
            losses.append(net.fun(x))
            o.zero_grad()
            p.grad = torch.tensor(net.grad(x), dtype=torch.float64)
            o.step()
        losses.append(net.fun(p.detach().numpy().copy()))
        runs.append({"method": method, "params": params, "torch": f"{opt.__name__}({kwargs})", "loss": losses})
    with open(os.path.join(HERE, "torch_traces.json"), "w") as f:
        json.dump({"torch": torch.__version__, "numpy": np.__version__, "steps": STEPS, "runs": runs}, f, indent=1)
        f.write("\n")
    print(f"{len(runs)} runs, torch {torch.__version__}")


if __name__ == "__main__":
    main()
