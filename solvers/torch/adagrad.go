package torch

import (
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// adagrad is torch.optim.Adagrad, following torch 1.13's update: at step t,
// with d = g + weight_decay x,
//
//	s := s + d d,  x := x - lr / (1 + (t - 1) lr_decay) d / (sqrt(s) + eps)
//
// s starts at initial-accumulator.
var adagrad = core.Method{
	Name:       "Adagrad",
	Doc:        "torch.optim.Adagrad (Duchi, Hazan and Singer)",
	Gradient:   true,
	Stochastic: true,
	Params: []core.ParamSpec{lrParam("0.01"),
		epsParam("1e-10"),
		{Key: "lr-decay", Default: "0", Min: 0, Doc: "the rate's decay: lr / (1 + (t - 1) lr_decay) at step t"},
		{Key: "initial-accumulator", Default: "0", Min: 0, Doc: "the squared gradients' sum at the start"},
		weightDecayParam("0")},
	Run: runAdagrad,
}

func runAdagrad(s *core.Search, x0 []float64, p core.Params) {
	lr, _ := p.Float("lr")
	eps, _ := p.Float("eps")
	decay, _ := p.Float("lr-decay")
	acc, _ := p.Float("initial-accumulator")
	wd, _ := p.Float("weight-decay")
	sum := make([]float64, len(x0))
	for i := range sum {
		sum[i] = acc
	}
	step := 0
	core.RunUpdates(s, x0, func(x, g []float64) {
		step++
		clr := lr / (1 + float64(step-1)*decay)
		for i := range x {
			d := g[i]
			if wd != 0 {
				d += wd * x[i]
			}
			sum[i] += 1 * d * d
			std := math.Sqrt(sum[i]) + eps
			x[i] += -clr * d / std
		}
	})
}
