package solvers

import "gonum.org/v1/gonum/optimize"

// cg is gonum's nonlinear conjugate gradient (Hestenes-Stiefel with a
// More-Thuente line search and restarts).
var cg = method{
	name:      "CG",
	gradient:  true,
	converger: neverConverge,
	build: func(o Options) optimize.Method {
		return &optimize.CG{GradStopThreshold: gtol(o)}
	},
}
