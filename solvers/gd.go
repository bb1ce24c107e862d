package solvers

import "gonum.org/v1/gonum/optimize"

// gd is gonum's GradientDescent: steepest descent with a backtracking
// (Armijo) line search and a quadratic initial step estimate.
var gd = method{
	name:      "GD",
	gradient:  true,
	converger: neverConverge,
	build: func(o Options) optimize.Method {
		return &optimize.GradientDescent{GradStopThreshold: gtol(o)}
	},
}
