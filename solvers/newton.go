package solvers

import "gonum.org/v1/gonum/optimize"

// newton is gonum's modified Newton method; its Hessian comes from central
// differences of the gradient (Options.HessStep), and gonum shifts it by a
// multiple of the identity where it is not positive definite.
var newton = method{
	name:      "Newton",
	gradient:  true,
	hessian:   true,
	converger: neverConverge,
	build: func(o Options) optimize.Method {
		return &optimize.Newton{GradStopThreshold: gtol(o)}
	},
}
