// Package solvers minimizes a function of a parameter vector in the manner
// of scipy.optimize.minimize, with gonum.org/v1/gonum/optimize's methods,
// ports of scipy's own and torch.optim's update rules. It is the package to
// import: every built-in method is in Default, and
//
//	res, err := solvers.Minimize(p, x0, solvers.Options{Method: "scipy:BFGS"})
//
// needs no other import.
//
// Minimize takes a Problem (a function, optionally its gradient, Hessian
// and Hessian-vector products, or mini-batches), a start and Options naming
// the method and its parameters, and returns a Result with scipy's
// OptimizeResult fields (X, Fun, Grad, Nit, Nfev, Njev, Nhev, Status,
// Success, Message) plus the full parameter set, the run time and a Trace
// of the iterations.
//
// # Where things live
//
// The types, the registry, the counting evaluator and the run loop are in
// package solvers/core; solvers gives them under the same names (Problem,
// Options, Result, Method, Registry, Search, ... are aliases of core's
// types, and the constants, errors and functions are core's), so code
// written against solvers keeps working. The methods come in three
// families, a package each, which Default gathers:
//
//   - solvers/gonum: gonum's methods, GD-fixed, GD, CG, BFGS, L-BFGS,
//     Newton and Nelder-Mead, driven in the caller's goroutine with no
//     goroutine hand-off per evaluation and with the same iterates as
//     optimize.Minimize (tested bit for bit).
//   - solvers/scipy: scipy 1.10's algorithms step for step, named
//     scipy:NAME: scipy:BFGS, scipy:CG, scipy:Nelder-Mead,
//     scipy:Newton-CG, scipy:trust-ncg, scipy:trust-exact, scipy:dogleg
//     and scipy:Powell (tested against runs of scipy's own code).
//   - solvers/torch: torch.optim's rules, Momentum, Nesterov, Adam, AdamW,
//     RMSprop and Adagrad, which can also step on mini-batches (tested
//     against runs of PyTorch 1.13).
//
// # Names and parameters
//
// Lookups ignore case, '-', '_' and spaces. scipy's own names are aliases
// of its ports where gonum has no method of that name: Powell, Newton-CG,
// trust-ncg, trust-exact and dogleg give scipy:Powell, scipy:Newton-CG, and
// so on, and labels and results carry the scipy:NAME (BFGS, CG and
// Nelder-Mead are gonum's own). An unknown name is an
// *UnknownMethodError, which lists the names and suggests the closest one
// when it is close; an unknown parameter is an *UnknownParamError. A
// method's parameters (a line
// search, its constants, a memory, ...) are set by key, and ParseConfigs
// reads grids of them such as "BFGS[linesearch=bisection|more-thuente]".
// Second-order methods use Problem.Hess and HessVec when the problem gives
// them, or differences of the gradient (Options.Hessian).
//
// # Methods of your own
//
// Register adds a method to Default, NewRegistry makes a registry of your
// own (Options.Registry): LinesearchRun drives a gonum NextDirectioner and
// Linesearcher, GonumRun any gonum Method, and Search is what a
// hand-written loop uses.
//
// # Allocations
//
// A run allocates its workspace once, at its start: the Result's vectors,
// the evaluator's buffers (finite differences included), the method's state
// and, for the gonum methods, the line search's. No method allocates in its
// iterations, whatever its gradient or Hessian (TestAllocsPerIteration
// checks every method of Default with every gradient mode, and the
// second-order ones with Hessians by differences), with these exceptions,
// each bounded per run:
//   - L-BFGS keeps min(memory, MaxIter) pairs of n-vectors, made at the
//     start: the count depends on MaxIter, not on the iterations taken;
//   - scipy:trust-krylov's Lanczos basis is made whole at the start when it
//     has at most 2^17 values (up to n = 255 parameters); a larger one grows
//     a row of n values at a time, up to the longest Krylov iteration of the
//     run and never beyond scipy's 2n+1 rows (or 1 GiB);
//   - the Trace (TraceAll, TraceLog) grows as the run records iterations,
//     as a slice grows; that is output. TraceNone keeps x0 and the last
//     iterate only.
//
// # Concurrency and failures
//
// It knows nothing of neural networks: any function of a []float64 will do.
// Every call builds its own method state and workspace, so Minimize may be
// called from many goroutines at once, provided each call's Problem
// functions are themselves safe to call (a Problem whose functions own a
// workspace must not be shared between concurrent calls).
//
// gonum's hidden defaults are replaced by explicit ones (see Options): no
// run stops because of gonum's default function-convergence test or its
// 1e-12 gradient threshold, and a failure, a NaN or a panic inside a run
// ends that run with a Status and a Message, never the process.
package solvers
