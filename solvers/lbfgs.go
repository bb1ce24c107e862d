package solvers

import "gonum.org/v1/gonum/optimize"

// lbfgs is gonum's limited-memory BFGS, keeping the last 15 updates.
var lbfgs = method{
	name:      "L-BFGS",
	gradient:  true,
	converger: neverConverge,
	build: func(o Options) optimize.Method {
		return &optimize.LBFGS{GradStopThreshold: gtol(o)}
	},
}
