package solvers

import (
	"errors"
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

// Line-search parameters shared by the gonum methods.
var (
	linesearchNames = []string{"bisection", "more-thuente", "backtracking"}
	c1Spec          = ParamSpec{Key: "c1", Default: Auto, Min: 0, Max: 1, MinOpen: true, MaxOpen: true,
		Doc: "sufficient-decrease constant (more-thuente: gonum's 0 when auto; backtracking: 1e-4); bisection has none"}
	c2Spec = ParamSpec{Key: "c2", Default: Auto, Min: 0, Max: 1, MinOpen: true, MaxOpen: true,
		Doc: "curvature constant (bisection and more-thuente: 0.9 when auto, CG's more-thuente 0.1); backtracking has none"}
)

func linesearchSpec(def string) ParamSpec {
	return ParamSpec{Key: "linesearch", Default: def, Choices: linesearchNames,
		Doc: "bisection (strong Wolfe), more-thuente (strong Wolfe, MINPACK's dcsrch) or backtracking (Armijo)"}
}

// checkLinesearch rejects a constant the chosen line search does not have.
func checkLinesearch(p Params) error {
	ls := p.String("linesearch")
	_, c1 := p.Float("c1")
	_, c2 := p.Float("c2")
	c1v, _ := p.Float("c1")
	c2v, _ := p.Float("c2")
	switch {
	case ls == "bisection" && c1:
		return errors.New("c1 does not apply to linesearch=bisection (it has no sufficient-decrease constant)")
	case ls == "backtracking" && c2:
		return errors.New("c2 does not apply to linesearch=backtracking (it has no curvature condition)")
	case ls == "more-thuente" && c1 && c2 && c1v >= c2v:
		return fmt.Errorf("more-thuente needs c1 < c2, have c1=%v c2=%v", c1v, c2v)
	}
	return nil
}

// linesearcher builds the line search named by the parameters; defC2 is
// the curvature constant when c2 is auto (0 for gonum's default).
func linesearcher(p Params, defC2 float64) optimize.Linesearcher {
	c1, _ := p.Float("c1")
	c2, ok := p.Float("c2")
	if !ok {
		c2 = defC2
	}
	switch p.String("linesearch") {
	case "more-thuente":
		return &optimize.MoreThuente{DecreaseFactor: c1, CurvatureFactor: c2}
	case "backtracking":
		return &optimize.Backtracking{DecreaseFactor: c1}
	}
	return &optimize.Bisection{CurvatureFactor: c2}
}
