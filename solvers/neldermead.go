package solvers

import "gonum.org/v1/gonum/optimize"

// nelderMead is gonum's Nelder-Mead simplex search, which needs no
// gradient. Its first simplex adds 0.05 to one coordinate of x0 per vertex.
// It succeeds when the best value improves by less than Fatol over
// FatolIters iterations in a row.
var nelderMead = method{
	name: "Nelder-Mead",
	converger: func(o Options) optimize.Converger {
		return &optimize.FunctionConverge{Absolute: o.Fatol, Iterations: o.FatolIters}
	},
	build: func(Options) optimize.Method { return &optimize.NelderMead{} },
}
