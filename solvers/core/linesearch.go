package core

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// LinesearchRun returns a Method.Run that drives a gonum line-search method
// synchronously: build makes, for one run, the NextDirectioner (gonum's
// BFGS, LBFGS, CG, GradientDescent or Newton, or one of your own) and the
// Linesearcher from the run's parameters.
//
// The loop is optimize.LinesearchMethod's, in the caller's goroutine: no
// goroutine or channel per evaluation, and the value and gradient computed
// once per point where the problem allows. Its iterates, values and counts
// are those of optimize.Minimize with the same method (tested).
func LinesearchRun(build func(p Params) (optimize.NextDirectioner, optimize.Linesearcher, error)) func(*Search, []float64, Params) {
	return func(s *Search, x0 []float64, p Params) {
		nd, ls, err := build(p)
		if err != nil {
			s.End(Failed, err)
			return
		}
		runLinesearch(s, x0, nd, ls)
	}
}

// MaxLinesearchEvals bounds the evaluation tasks of one line search of
// the gonum methods (a value, a gradient or both at one point count once).
// gonum's line searches have no bound of their own: More-Thuente with c1 =
// 0 was seen cycling through 200,000 evaluations at one iteration of a
// classroom run. A line search that reaches the bound ends the run as
// stalled. scipy's own line searches stop at 100 (MINPACK) and about 30
// (Wolfe) evaluations.
const MaxLinesearchEvals = 100

func runLinesearch(s *Search, x0 []float64, nd optimize.NextDirectioner, lsr optimize.Linesearcher) {
	n := len(x0)
	loc := &optimize.Location{X: append([]float64(nil), x0...), Gradient: make([]float64, n)}
	if s.method.Hessian {
		loc.Hessian = mat.NewSymDense(n, nil)
	}
	// As optimize.Minimize: value, gradient (and Hessian) at x0 as one
	// task, the limits checked after it.
	s.evaluate(loc, optimize.FuncEvaluation|optimize.GradEvaluation|hessOp(loc))
	if s.Iterate(loc.X, loc.F, loc.Gradient) { // x0 is recorded even when a limit stops the run there
		return
	}
	lm := &optimize.LinesearchMethod{NextDirectioner: nd, Linesearcher: lsr}
	op, err := lm.Init(loc)
	evals := 0
	for {
		if err != nil {
			s.End(Stalled, err)
			return
		}
		if op == optimize.MajorIteration {
			if s.Iterate(loc.X, loc.F, loc.Gradient) {
				return
			}
			evals = 0
		} else {
			if evals++; evals > MaxLinesearchEvals {
				s.End(Stalled, fmt.Errorf("line search: no acceptable step after %d evaluations", MaxLinesearchEvals))
				return
			}
			s.evaluate(loc, op)
			if s.Limited() {
				return
			}
		}
		op, err = lm.Iterate(loc)
	}
}

func hessOp(loc *optimize.Location) optimize.Operation {
	if loc.Hessian != nil {
		return optimize.HessEvaluation
	}
	return 0
}

// evaluate fills what op asks for at loc.X, as gonum's evaluate does.
func (s *Search) evaluate(loc *optimize.Location, op optimize.Operation) {
	if op&optimize.FuncEvaluation != 0 {
		loc.F = s.ev.Func(loc.X)
	}
	if op&optimize.GradEvaluation != 0 {
		s.ev.Grad(loc.Gradient, loc.X)
	}
	if op&optimize.HessEvaluation != 0 {
		s.ev.Hess(loc.Hessian, loc.X)
	}
}
