package gonum

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/optimize"

	"github.com/optbench/optbench/solvers/core"
)

// Line-search parameters shared by the gonum methods.
var (
	linesearchNames = []string{"bisection", "more-thuente", "backtracking"}
	c1Spec          = core.ParamSpec{Key: "c1", Default: core.Auto, Min: 0, Max: 1, MinOpen: true, MaxOpen: true,
		Doc: "sufficient-decrease constant (more-thuente: gonum's 0 when auto; backtracking: 1e-4); bisection has none"}
	c2Spec = core.ParamSpec{Key: "c2", Default: core.Auto, Min: 0, Max: 1, MinOpen: true, MaxOpen: true,
		Doc: "curvature constant (bisection and more-thuente: 0.9 when auto, CG's more-thuente 0.1); backtracking has none"}
)

func linesearchSpec(def string) core.ParamSpec {
	return core.ParamSpec{Key: "linesearch", Default: def, Choices: linesearchNames,
		Doc: "bisection (strong Wolfe), more-thuente (strong Wolfe, MINPACK's dcsrch) or backtracking (Armijo)"}
}

// checkLinesearch rejects a constant the chosen line search does not have.
func checkLinesearch(p core.Params) error {
	ls := p.String("linesearch")
	_, c1 := p.Float("c1")
	_, c2 := p.Float("c2")
	c1v, _ := p.Float("c1")
	c2v, _ := p.Float("c2")
	switch {
	case ls == "bisection" && c1:
		return errors.New("c1 does not apply to linesearch=bisection (it has no sufficient-decrease constant)")
	case ls == "backtracking" && c2:
		return errors.New("c2 does not apply to linesearch=backtracking (it has no curvature condition)")
	case ls == "more-thuente" && c1 && c2 && c1v >= c2v:
		return fmt.Errorf("more-thuente needs c1 < c2, have c1=%v c2=%v", c1v, c2v)
	}
	return nil
}

// linesearcher builds the line search named by the parameters; defC2 is
// the curvature constant when c2 is auto (0 for gonum's default).
func linesearcher(p core.Params, defC2 float64) optimize.Linesearcher {
	c1, _ := p.Float("c1")
	c2, ok := p.Float("c2")
	if !ok {
		c2 = defC2
	}
	switch p.String("linesearch") {
	case "more-thuente":
		return &optimize.MoreThuente{DecreaseFactor: c1, CurvatureFactor: c2}
	case "backtracking":
		return &optimize.Backtracking{DecreaseFactor: c1}
	}
	return &optimize.Bisection{CurvatureFactor: c2}
}
