// Package torch holds the update rules of torch.optim (PyTorch 1.13):
// Momentum and Nesterov (torch.optim.SGD), Adam (with amsgrad), AdamW,
// RMSprop (centered, with momentum) and Adagrad, with torch's parameter
// names (lr, betas as beta1 and beta2, eps, weight-decay, ...; torch's
// lr_decay is accepted for lr-decay) and defaults (SGD's lr, which torch
// leaves to the caller, is 0.1). Methods returns them for a core.Registry;
// package solvers registers them in its Default, so a user names them
// ("Adam[lr=0.05]") and never imports this package.
//
// Each takes one value and one gradient per step and no line search, and
// can step on mini-batches (core.Problem.Batches): the loop is
// core.RunUpdates. A step's arithmetic is torch's, in torch's order, so a
// full-batch run follows torch's: torch_test.go runs each rule for 200
// steps on the classroom problem and compares the loss before and after
// every step with torch's, kept in testdata/torch_traces.json with the
// script that made them (testdata/torch_traces.py, Debian's PyTorch 1.13),
// within 1e-10 relative.
package torch

import "github.com/optbench/optbench/solvers/core"

// Methods returns torch's rules in the order tables list them: Momentum,
// Nesterov, Adam, AdamW, RMSprop, Adagrad.
func Methods() []core.Method {
	return []core.Method{momentum, nesterov, adam, adamW, rmsprop, adagrad}
}
