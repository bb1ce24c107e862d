package torch

import "github.com/optbench/optbench/solvers/core"

// momentum is torch.optim.SGD with momentum (the heavy ball), following
// torch 1.13's update: with d = g + weight_decay x,
//
//	b := d at the first step, then b := momentum b + (1 - dampening) d
//	x := x - lr b
//
// torch.optim.SGD has no default learning rate; optbench's is 0.1.
var momentum = core.Method{
	Name:       "Momentum",
	Doc:        "torch.optim.SGD with momentum (heavy ball)",
	Gradient:   true,
	Stochastic: true,
	Params: []core.ParamSpec{lrParam("0.1"),
		{Key: "momentum", Default: "0.9", Min: 0, Doc: "the momentum factor"},
		{Key: "dampening", Default: "0", Min: 0, Max: 1, Doc: "dampening of the gradient in the momentum buffer"},
		weightDecayParam("0")},
	Run: func(s *core.Search, x0 []float64, p core.Params) { runSGD(s, x0, p, false) },
}

// nesterov is torch.optim.SGD with nesterov=True: as momentum, but the step
// is along d + momentum b. torch refuses dampening with Nesterov; so does
// this method.
var nesterov = core.Method{
	Name:       "Nesterov",
	Doc:        "torch.optim.SGD with Nesterov momentum",
	Gradient:   true,
	Stochastic: true,
	Params: []core.ParamSpec{lrParam("0.1"),
		{Key: "momentum", Default: "0.9", Min: 0, MinOpen: true, Doc: "the momentum factor"},
		weightDecayParam("0")},
	Run: func(s *core.Search, x0 []float64, p core.Params) { runSGD(s, x0, p, true) },
}

func runSGD(s *core.Search, x0 []float64, p core.Params, nesterov bool) {
	lr, _ := p.Float("lr")
	mu, _ := p.Float("momentum")
	damp, _ := p.Float("dampening")
	wd, _ := p.Float("weight-decay")
	buf := make([]float64, len(x0))
	first := true
	core.RunUpdates(s, x0, func(x, g []float64) {
		for i := range x {
			d := g[i]
			if wd != 0 {
				d += wd * x[i]
			}
			if mu != 0 {
				if first {
					buf[i] = d
				} else {
					buf[i] = buf[i]*mu + (1-damp)*d
				}
				if nesterov {
					d += mu * buf[i]
				} else {
					d = buf[i]
				}
			}
			x[i] += -lr * d
		}
		first = false
	})
}
