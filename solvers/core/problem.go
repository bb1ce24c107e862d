package core

// Problem is a function to minimize and, optionally, its gradient.
//
// The functions must not retain or modify x, and must fill grad in place.
// Minimize calls them from one goroutine at a time (not necessarily the
// caller's).
type Problem struct {
	// Func returns f(x). Required unless FuncGrad is set.
	Func func(x []float64) float64
	// Grad writes the gradient of f at x into grad. Optional.
	Grad func(grad, x []float64)
	// FuncGrad returns f(x) and writes its gradient into grad, in one pass.
	// Optional; when set, Minimize uses it for every evaluation with the
	// analytic gradient and keeps the gradient of the last point, since
	// gonum asks for f and then for the gradient at the same x.
	FuncGrad func(grad, x []float64) float64
	// Hess writes the Hessian at x into hess, n x n row-major. Optional:
	// second-order methods use it when Options.Hessian is exact (the
	// default when it is set).
	Hess func(hess, x []float64)
	// HessVec writes H(x) v into dst. Optional: methods that need only
	// products (Newton-CG, trust-ncg) use it, or Hess when it is missing.
	HessVec func(dst, x, v []float64)
	// Bounds, when set, box the variables (see Bounds). Only the methods
	// with Method.Bounds honour them, each as scipy 1.10 does (scipy's
	// L-BFGS-B and TNC by their algorithms, Nelder-Mead and Powell by
	// clipping); Minimize refuses a bounded problem for the others.
	// Constraints, when they come, will be a field beside it.
	Bounds *Bounds
	// Batches, when set, makes the first-order methods (those with
	// Method.Stochastic) step on mini-batches; the others refuse it.
	Batches *Batches
}

// Batches are f as a mean over N samples, evaluated on mini-batches: every
// epoch the samples are shuffled by a generator seeded with Seed, and cut
// into consecutive batches of Size (the last may be smaller). The trace
// then holds f itself (Func or FuncGrad) after every epoch and at most
// EvalsPerEpoch times in it, evaluations that count neither in Nfev nor in
// the run's time.
type Batches struct {
	N, Size int
	Seed    [2]uint64
	// FuncGrad returns f on the samples idx and writes its gradient into
	// grad. It must not keep idx.
	FuncGrad func(grad, x []float64, idx []int) float64
}

// EvalsPerEpoch bounds how often a mini-batch run evaluates f itself in an
// epoch, for its trace.
const EvalsPerEpoch = 4

func (p Problem) hasFunc() bool { return p.Func != nil || p.FuncGrad != nil }
func (p Problem) hasGrad() bool { return p.Grad != nil || p.FuncGrad != nil }
func (p Problem) hasHess() bool { return p.Hess != nil }
