// Package solvers minimizes a function of a parameter vector in the manner
// of scipy.optimize.minimize, on top of gonum.org/v1/gonum/optimize.
//
// Minimize takes a Problem (a function, optionally its gradient), a start
// and Options naming the method, and returns a Result with scipy's
// OptimizeResult fields (X, Fun, Grad, Nit, Nfev, Njev, Status, Success,
// Message) plus the run time and a Trace of every iteration.
//
// It knows nothing of neural networks: any function of a []float64 will do.
// Every call builds its own gonum Method, Settings and workspace, so
// Minimize may be called from many goroutines at once, provided each call's
// Problem functions are themselves safe to call (a Problem whose functions
// own a workspace must not be shared between concurrent calls).
//
// gonum's hidden defaults are replaced by explicit ones (see Options): no
// run stops because of gonum's default function-convergence test or its
// 1e-12 gradient threshold, and a failure, a NaN or a panic inside a run
// ends that run with a Status and a Message, never the process.
package solvers
