package solvers

import "gonum.org/v1/gonum/optimize"

// bfgs is gonum's BFGS: a dense inverse-Hessian approximation and a
// strong-Wolfe bisection line search.
var bfgs = method{
	name:      "BFGS",
	gradient:  true,
	converger: neverConverge,
	build: func(o Options) optimize.Method {
		return &optimize.BFGS{GradStopThreshold: gtol(o)}
	},
}
