package gonum

import (
	"github.com/optbench/optbench/solvers/core"
	"gonum.org/v1/gonum/optimize"
)

// lbfgs is gonum's limited-memory BFGS with a strong-Wolfe bisection line
// search.
var lbfgs = core.Method{
	Name:     "L-BFGS",
	Doc:      "gonum's limited-memory BFGS, bisection line search",
	Gradient: true,
	Params: []core.ParamSpec{
		{Key: "memory", Default: "15", Int: true, Min: 1, Doc: "the number of updates kept (gonum's Store)"},
		linesearchSpec("bisection"), c1Spec, c2Spec,
	},
	Check: checkLinesearch,
	Run: core.LinesearchRun(func(p core.Params) (optimize.NextDirectioner, optimize.Linesearcher, error) {
		memory, _ := p.Int("memory")
		return &optimize.LBFGS{Store: memory}, linesearcher(p, 0), nil
	}),
}
