// Package scipy holds ports of scipy 1.10's scipy.optimize.minimize
// methods, each named scipy:NAME after the method argument scipy takes:
// scipy:BFGS, scipy:CG, scipy:Nelder-Mead, scipy:Newton-CG,
// scipy:trust-ncg, scipy:trust-exact, scipy:dogleg, scipy:Powell,
// scipy:L-BFGS-B (the L-BFGS-B 3.0 Fortran code scipy wraps, with bounds),
// scipy:TNC (truncated Newton with bounds, tnc.c's algorithm) and
// scipy:trust-krylov (GLTR as scipy's vendored trlib runs it, trlib.go).
// Methods returns them for a core.Registry; package solvers registers them
// in its Default, so a user names them and never imports this package.
// Where scipy's own name is not also one of gonum's, it is accepted as an
// alias and resolves to the scipy:NAME label: Powell, Newton-CG, trust-ncg,
// trust-exact, dogleg, L-BFGS-B, TNC and trust-krylov. BFGS, CG and Nelder-Mead are gonum's.
//
// A port follows scipy's code step for step, with its defaults, its line
// searches (MINPACK's dcsrch and the Wolfe search of Nocedal and Wright, as
// _line_search_wolfe12 chains them), its stopping tests (BFGS and CG:
// |grad|inf <= Gtol, inclusive; the trust-region methods: |grad|_2 < Gtol;
// Newton-CG: the step's size alone), its defaults and limits (Options'
// zero values mean scipy's, not optbench's: Search.Given), its messages
// and the way it counts (core.Method.ScalarFunction: a repeated point
// answered from scipy's cache is not counted again; Nelder-Mead and
// Powell refuse the evaluation past maxfun as scipy does). Bounds
// (Problem.Bounds) are honoured by scipy:L-BFGS-B, scipy:TNC,
// scipy:Nelder-Mead and scipy:Powell, as scipy honours them. The few
// departures (a bound that keeps a run from looping where scipy would,
// Powell's NaN status at f = -Inf) are in each method's doc, and
// docs/scipy.md has the whole account.
//
// Memory: the methods that keep n x n values (scipy:BFGS's inverse
// Hessian, trust-exact's and dogleg's Hessian, Nelder-Mead's simplex of n+1
// points, Powell's n directions) are core.Method.Dense and refuse more than
// core.MaxDenseParams parameters; Newton-CG and trust-ncg keep a whole
// Hessian only up to that bound (scipy given hess=), and beyond it take
// their products H v from Problem.HessVec or from differences of the
// gradient, in O(n) memory.
//
// scipy_test.go checks every port against runs of scipy's own code, kept in
// testdata/scipy_traces.json with the script that made them
// (testdata/scipy_traces.py, Debian's scipy 1.10): on Rosenbrock the whole
// run (iterations, counts, status, message, and for CG and Nelder-Mead
// every loss to the bit); on the classroom problem the loss of the first
// iterations to 1e-10 relative (1e-8 for the second-order methods), and
// the final loss.
package scipy

import "github.com/optbench/optbench/solvers/core"

// Methods returns the scipy ports in the order tables list them:
// scipy:BFGS, scipy:CG, scipy:Nelder-Mead, scipy:Newton-CG,
// scipy:trust-ncg, scipy:trust-exact, scipy:dogleg, scipy:Powell,
// scipy:L-BFGS-B, scipy:TNC, scipy:trust-krylov.
func Methods() []core.Method {
	return []core.Method{scipyBFGS, scipyCG, scipyNelderMead, scipyNewtonCG, scipyTrustNCG, scipyTrustExact, scipyDogleg, powell, scipyLBFGSB, scipyTNC, scipyTrustKrylov}
}
