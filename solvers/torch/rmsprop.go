package torch

import (
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// rmsprop is torch.optim.RMSprop, following torch 1.13's update: with
// d = g + weight_decay x,
//
//	v := alpha v + (1 - alpha) d d
//	a := sqrt(v) + eps, or centered: sqrt(v - u u) + eps with u := alpha u + (1 - alpha) d
//	x := x - lr d / a, or with momentum: b := momentum b + d / a, x := x - lr b
var rmsprop = core.Method{
	Name:       "RMSprop",
	Doc:        "torch.optim.RMSprop (Hinton), optionally centered and with momentum",
	Gradient:   true,
	Stochastic: true,
	Params: []core.ParamSpec{lrParam("0.01"),
		{Key: "alpha", Default: "0.99", Min: 0, Max: 1, MaxOpen: true, Doc: "decay of the squared gradients' average"},
		epsParam("1e-8"),
		{Key: "momentum", Default: "0", Min: 0, Doc: "momentum factor"},
		boolParam("centered", "divide by the gradient's estimated variance, not its second moment"),
		weightDecayParam("0")},
	Run: runRMSprop,
}

func runRMSprop(s *core.Search, x0 []float64, p core.Params) {
	lr, _ := p.Float("lr")
	alpha, _ := p.Float("alpha")
	eps, _ := p.Float("eps")
	mu, _ := p.Float("momentum")
	wd, _ := p.Float("weight-decay")
	centered := p.String("centered") == "true"
	n := len(x0)
	v, u, buf := make([]float64, n), make([]float64, n), make([]float64, n)
	core.RunUpdates(s, x0, func(x, g []float64) {
		for i := range x {
			d := g[i]
			if wd != 0 {
				d += wd * x[i]
			}
			v[i] = v[i]*alpha + (1-alpha)*d*d
			var a float64
			if centered {
				u[i] = u[i]*alpha + (1-alpha)*d
				a = math.Sqrt(v[i] + -1*u[i]*u[i])
			} else {
				a = math.Sqrt(v[i])
			}
			a += eps
			if mu > 0 {
				buf[i] = buf[i]*mu + d/a
				x[i] += -lr * buf[i]
			} else {
				x[i] += -lr * d / a
			}
		}
	})
}
