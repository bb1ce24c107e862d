package gonum

import (
	"github.com/optbench/optbench/solvers/core"
	"gonum.org/v1/gonum/optimize"
)

// gd is gonum's GradientDescent: steepest descent with a line search
// (backtracking by default) and gonum's quadratic initial step estimate.
var gd = core.Method{
	Name:     "GD",
	Doc:      "gonum's steepest descent, backtracking line search",
	Gradient: true,
	Params:   []core.ParamSpec{linesearchSpec("backtracking"), c1Spec, c2Spec},
	Check:    checkLinesearch,
	Run: core.LinesearchRun(func(p core.Params) (optimize.NextDirectioner, optimize.Linesearcher, error) {
		return &optimize.GradientDescent{StepSizer: &optimize.QuadraticStepSize{}}, linesearcher(p, 0), nil
	}),
}
