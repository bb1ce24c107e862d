package gonum

import (
	"github.com/optbench/optbench/solvers/core"
	"gonum.org/v1/gonum/optimize"
)

// cg is gonum's nonlinear conjugate gradient: Hestenes-Stiefel by default,
// a More-Thuente line search with curvature constant 0.1, restarts every
// 6n iterations or when successive gradients are far from orthogonal.
var cg = core.Method{
	Name:     "CG",
	Doc:      "gonum's nonlinear conjugate gradient (Hestenes-Stiefel, More-Thuente)",
	Gradient: true,
	Params: []core.ParamSpec{
		{Key: "variant", Default: "hestenes-stiefel", Choices: []string{"hestenes-stiefel", "fletcher-reeves", "polak-ribiere", "dai-yuan", "hager-zhang"},
			Doc: "the beta update (gonum's HestenesStiefel, FletcherReeves, PolakRibierePolyak, DaiYuan, HagerZhang)"},
		linesearchSpec("more-thuente"), c1Spec, c2Spec,
		{Key: "restart", Default: "6", Min: 0, MinOpen: true, Doc: "restart every ceil(restart*n) iterations (gonum's IterationRestartFactor)"},
	},
	Check: checkLinesearch,
	Run: core.LinesearchRun(func(p core.Params) (optimize.NextDirectioner, optimize.Linesearcher, error) {
		var variant optimize.CGVariant
		switch p.String("variant") {
		case "fletcher-reeves":
			variant = &optimize.FletcherReeves{}
		case "polak-ribiere":
			variant = &optimize.PolakRibierePolyak{}
		case "dai-yuan":
			variant = &optimize.DaiYuan{}
		case "hager-zhang":
			variant = &optimize.HagerZhang{}
		default:
			variant = &optimize.HestenesStiefel{}
		}
		defC2 := 0.0
		if p.String("linesearch") == "more-thuente" {
			defC2 = 0.1 // gonum CG's default line search
		}
		restart, _ := p.Float("restart")
		// The fields initLocal would default, set here since the driver
		// calls the NextDirectioner directly.
		return &optimize.CG{
			Variant:                variant,
			InitialStep:            &optimize.FirstOrderStepSize{},
			IterationRestartFactor: restart,
			AngleRestartThreshold:  -0.9,
		}, linesearcher(p, defC2), nil
	}),
}
