package gonum

import (
	"github.com/optbench/optbench/solvers/core"
	"gonum.org/v1/gonum/optimize"
)

// newton is gonum's modified Newton method (newtonDirection: gonum's, with
// a cheaper condition test). Its Hessian is the problem's (Options.Hessian
// exact), or differences of the gradient with step hess-step, and gonum
// adds tau*I, tau growing by the factor increase, where it is not positive
// definite.
var newton = core.Method{
	Name:     "Newton",
	Dense:    true,
	Doc:      "gonum's modified Newton: H + tau I, tau raised until Cholesky succeeds; H exact where the problem has one (-hessian auto), else central differences of the gradient",
	Gradient: true,
	Hessian:  true,
	Params: []core.ParamSpec{
		linesearchSpec("bisection"), c1Spec, c2Spec,
		{Key: "increase", Default: "5", Min: 1, MinOpen: true, Doc: "growth factor of the Hessian shift tau (gonum's Increase)"},
		{Key: "hess-step", Default: "1e-4", Min: 0, MinOpen: true, Doc: "step of the central differences of the gradient that give the Hessian when the problem has no exact one"},
	},
	Check: checkLinesearch,
	Run: func(s *core.Search, x0 []float64, p core.Params) {
		h, _ := p.Float("hess-step")
		s.SetHessStep(h)
		increase, _ := p.Float("increase")
		core.LinesearchRun(func(p core.Params) (optimize.NextDirectioner, optimize.Linesearcher, error) {
			return &newtonDirection{increase: increase}, linesearcher(p, 0), nil
		})(s, x0, p)
	},
}
