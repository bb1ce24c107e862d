package solvers

// runUpdates is the loop of the first-order methods of deep learning
// (Momentum, Nesterov, Adam, AdamW, RMSprop, Adagrad): one value and one
// gradient per step, x updated in place by update(x, g) from the gradient
// at x. Like GD-fixed they stop on Gtol, MaxIter, MaxFev, the time limit, a
// cancelled context or a non-finite value (keeping the last finite
// iterate).
func runUpdates(s *Search, x0 []float64, update func(x, g []float64)) {
	x := append([]float64(nil), x0...)
	g := make([]float64, len(x0))
	f := s.FuncGrad(g, x)
	if s.Iterate(x, f, g) {
		return
	}
	for {
		update(x, g)
		f = s.FuncGrad(g, x)
		if s.Iterate(x, f, g) {
			return
		}
	}
}

// Parameters the torch.optim methods share.
var (
	lrParam = func(def string) ParamSpec {
		return ParamSpec{Key: "lr", Default: def, Min: 0, MinOpen: true, Doc: "the learning rate"}
	}
	epsParam = func(def string) ParamSpec {
		return ParamSpec{Key: "eps", Default: def, Min: 0, Doc: "added to the denominator for stability"}
	}
	weightDecayParam = func(def string) ParamSpec {
		return ParamSpec{Key: "weight-decay", Default: def, Min: 0, Doc: "L2 penalty added to the gradient (AdamW: decoupled, applied to x)"}
	}
	boolParam = func(key, doc string) ParamSpec {
		return ParamSpec{Key: key, Default: "false", Choices: []string{"false", "true"}, Doc: doc}
	}
)
