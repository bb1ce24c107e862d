// Package solvers minimizes a function of a parameter vector in the manner
// of scipy.optimize.minimize, with gonum.org/v1/gonum/optimize's methods
// and ports of scipy's own.
//
// Minimize takes a Problem (a function, optionally its gradient), a start
// and Options naming the method and its parameters, and returns a Result
// with scipy's OptimizeResult fields (X, Fun, Grad, Nit, Nfev, Njev,
// Status, Success, Message) plus the full parameter set, the run time and a
// Trace of every iteration.
//
// Methods live in a Registry (Default holds the built-in ones): GD-fixed,
// GD, CG, BFGS, L-BFGS, Newton and Nelder-Mead are gonum's, driven in the
// caller's goroutine with no goroutine hand-off per evaluation and with the
// same iterates as optimize.Minimize; scipy:BFGS, scipy:CG,
// scipy:Nelder-Mead, scipy:Newton-CG, scipy:trust-ncg, scipy:trust-exact and
// scipy:dogleg follow scipy 1.10's code step for step. Second-order methods
// use Problem.Hess and HessVec when the problem gives them, or differences
// of the gradient (Options.Hessian). A method's
// parameters (a line search, its constants, a memory, ...) are set by key,
// and ParseConfigs reads grids of them such as
// "BFGS[linesearch=bisection|more-thuente]". Register adds a method of your
// own: LinesearchRun drives a gonum NextDirectioner and Linesearcher,
// GonumRun any gonum Method, and Search is what a hand-written loop uses.
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
