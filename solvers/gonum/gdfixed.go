package gonum

import "github.com/optbench/optbench/solvers/core"

// gdFixed is the classroom's gradient descent: x := x - alpha*grad with a
// constant alpha and no line search, so every iteration costs exactly one
// value and one gradient, and a too-large alpha may make the loss grow. It
// stops as the other methods do: on Gtol, MaxIter, MaxFev, the time limit
// or a cancelled context, and on a non-finite value (keeping the last
// finite iterate).
var gdFixed = core.Method{
	Name:       "GD-fixed",
	Doc:        "the classroom's gradient descent with a constant step",
	Gradient:   true,
	Stochastic: true,
	Params:     []core.ParamSpec{{Key: "alpha", Default: "0.5", Min: 0, MinOpen: true, Doc: "the step: x := x - alpha*grad (the classroom's 0.5)"}},
	Run:        runFixedStep,
}

func runFixedStep(s *core.Search, x0 []float64, p core.Params) {
	alpha, _ := p.Float("alpha")
	if s.Batched() {
		core.RunUpdates(s, x0, func(x, g []float64) {
			for i := range x {
				x[i] -= alpha * g[i]
			}
		})
		return
	}
	n := len(x0)
	x := append([]float64(nil), x0...)
	g, next := make([]float64, n), make([]float64, n)
	f := s.FuncGrad(g, x)
	if s.Iterate(x, f, g) { // x0 is recorded even when a limit stops the run there
		return
	}
	for {
		for i := range next {
			next[i] = x[i] - alpha*g[i]
		}
		f = s.FuncGrad(g, next)
		if s.Iterate(next, f, g) {
			return
		}
		x, next = next, x
	}
}
