package torch

import "github.com/optbench/optbench/solvers/core"

// Parameters the torch.optim methods share.
var (
	lrParam = func(def string) core.ParamSpec {
		return core.ParamSpec{Key: "lr", Default: def, Min: 0, MinOpen: true, Doc: "the learning rate"}
	}
	epsParam = func(def string) core.ParamSpec {
		return core.ParamSpec{Key: "eps", Default: def, Min: 0, Doc: "added to the denominator for stability"}
	}
	weightDecayParam = func(def string) core.ParamSpec {
		return core.ParamSpec{Key: "weight-decay", Default: def, Min: 0, Doc: "L2 penalty added to the gradient (AdamW: decoupled, applied to x)"}
	}
	boolParam = func(key, doc string) core.ParamSpec {
		return core.ParamSpec{Key: key, Default: "false", Choices: []string{"false", "true"}, Doc: doc}
	}
)
