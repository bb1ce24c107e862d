package solvers

import "gonum.org/v1/gonum/optimize"

// gd is gonum's GradientDescent: steepest descent with a line search
// (backtracking by default) and gonum's quadratic initial step estimate.
var gd = Method{
	Name:     "GD",
	Doc:      "gonum's steepest descent, backtracking line search",
	Gradient: true,
	Params:   []ParamSpec{linesearchSpec("backtracking"), c1Spec, c2Spec},
	Check:    checkLinesearch,
	Run: LinesearchRun(func(p Params) (optimize.NextDirectioner, optimize.Linesearcher, error) {
		return &optimize.GradientDescent{StepSizer: &optimize.QuadraticStepSize{}}, linesearcher(p, 0), nil
	}),
}
