// Package gonum holds the methods of gonum.org/v1/gonum/optimize (v0.17.0)
// as optbench runs them: GD-fixed (the classroom's constant-step gradient
// descent, which gonum has not), GD, CG, BFGS, L-BFGS, Newton and
// Nelder-Mead. Methods returns them for a core.Registry; package solvers
// registers them in its Default, so a user names them ("BFGS",
// "L-BFGS[memory=5]") and never imports this package.
//
// Each is driven synchronously in the caller's goroutine, with no goroutine
// hand-off per evaluation (core.LinesearchRun for the line-search methods,
// a plain loop for Nelder-Mead), and has the same iterates, values and
// counts as optimize.Minimize with the same gonum method: BFGS's and
// Newton's NextDirectioners are copies of gonum's (BFGS with its first
// inverse Hessian's scaling made optional, Newton with a cheaper condition
// test that takes gonum's decisions) and Nelder-Mead is gonum's loop
// unrolled. driver_test.go checks every iteration bit for bit against
// optimize.Minimize, on the classroom problem and on Rosenbrock.
//
// gonum's hidden defaults become documented parameters: the line search
// ("linesearch": bisection, more-thuente or backtracking, with its c1 and
// c2), L-BFGS's memory, CG's variant and restart factor, Newton's shift
// growth and Hessian step, Nelder-Mead's coefficients and its
// function-convergence test (fatol over fatol-iters iterations). No run
// stops on gonum's default function-convergence test or its 1e-12 gradient
// threshold; Options.Gtol decides (|grad|inf < Gtol, gonum's strict test),
// and a gonum line search gets at most core.MaxLinesearchEvals evaluations.
//
// BFGS and Newton (an n x n matrix) and Nelder-Mead (a simplex of n+1
// points) are core.Method.Dense: they refuse more than core.MaxDenseParams
// parameters. L-BFGS bounds its history by what the run can fill and by
// 1 GiB.
package gonum

import "github.com/optbench/optbench/solvers/core"

// Methods returns gonum's methods in the order tables list them: GD-fixed,
// GD, CG, BFGS, L-BFGS, Newton, Nelder-Mead.
func Methods() []core.Method {
	return []core.Method{gdFixed, gd, cg, bfgs, lbfgs, newton, nelderMead}
}
