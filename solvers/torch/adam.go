package torch

import (
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// adam is torch.optim.Adam, following torch 1.13's update: at step t, with
// d = g + weight_decay x,
//
//	m := beta1 m + (1 - beta1) d,  v := beta2 v + (1 - beta2) d d
//	x := x - lr / (1 - beta1^t) m / (sqrt(v') / sqrt(1 - beta2^t) + eps)
//
// where v' is v, or with amsgrad the largest v so far.
var adam = core.Method{
	Name:       "Adam",
	Doc:        "torch.optim.Adam (Kingma and Ba), optionally AMSGrad",
	Gradient:   true,
	Stochastic: true,
	Params:     append(adamParams(), weightDecayParam("0"), boolParam("amsgrad", "keep the largest second moment (AMSGrad)")),
	Run:        func(s *core.Search, x0 []float64, p core.Params) { runAdam(s, x0, p, false) },
}

// adamW is torch.optim.AdamW: Adam with the weight decay decoupled from the
// gradient: x := (1 - lr weight_decay) x before each Adam step.
var adamW = core.Method{
	Name:       "AdamW",
	Doc:        "torch.optim.AdamW (Loshchilov and Hutter): Adam with decoupled weight decay",
	Gradient:   true,
	Stochastic: true,
	Params:     append(adamParams(), weightDecayParam("0.01"), boolParam("amsgrad", "keep the largest second moment (AMSGrad)")),
	Run:        func(s *core.Search, x0 []float64, p core.Params) { runAdam(s, x0, p, true) },
}

func adamParams() []core.ParamSpec {
	return []core.ParamSpec{lrParam("0.001"),
		{Key: "beta1", Default: "0.9", Min: 0, Max: 1, MaxOpen: true, Doc: "decay of the first moment"},
		{Key: "beta2", Default: "0.999", Min: 0, Max: 1, MaxOpen: true, Doc: "decay of the second moment"},
		epsParam("1e-8")}
}

func runAdam(s *core.Search, x0 []float64, p core.Params, decoupled bool) {
	lr, _ := p.Float("lr")
	b1, _ := p.Float("beta1")
	b2, _ := p.Float("beta2")
	eps, _ := p.Float("eps")
	wd, _ := p.Float("weight-decay")
	ams := p.String("amsgrad") == "true"
	n := len(x0)
	m, v, vmax := make([]float64, n), make([]float64, n), make([]float64, n)
	step := 0
	core.RunUpdates(s, x0, func(x, g []float64) {
		step++
		bc1 := 1 - math.Pow(b1, float64(step))
		bc2 := 1 - math.Pow(b2, float64(step))
		stepSize := lr / bc1
		bc2Sqrt := math.Sqrt(bc2)
		for i := range x {
			d := g[i]
			if decoupled {
				x[i] *= 1 - lr*wd
			} else if wd != 0 {
				d += wd * x[i]
			}
			m[i] = m[i]*b1 + (1-b1)*d
			v[i] = v[i]*b2 + (1-b2)*d*d
			vi := v[i]
			if ams {
				vmax[i] = max(vmax[i], v[i])
				vi = vmax[i]
			}
			denom := math.Sqrt(vi)/bc2Sqrt + eps
			x[i] += -stepSize * m[i] / denom
		}
	})
}
