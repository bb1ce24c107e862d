// Package bb_test benchmarks a method of its own, steepest descent with
// Barzilai and Borwein's steps, against L-BFGS on the Moré-Garbow-Hillstrom
// set:
//
//	go test -run '^$' -bench . -count 10
package bb_test

import (
	"flag"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/optbench/optbench/bench/gobench"
	"github.com/optbench/optbench/solvers"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"
)

// -bb.step sets the default of BB's step parameter, so that two values
// compare under one name (BB) without editing the code.
var step = flag.String("bb.step", "long", "BB's step: long (s's/s'y) or short (s'y/y'y)")

func TestMain(m *testing.M) {
	flag.Parse()
	err := solvers.Register(solvers.Method{
		Name:     "BB",
		Doc:      "steepest descent with Barzilai-Borwein steps, backtracking to Armijo's condition",
		Gradient: true,
		Params: []solvers.ParamSpec{{Key: "step", Default: *step, Choices: []string{"long", "short"},
			Doc: "Barzilai and Borwein's long step s's/s'y or short step s'y/y'y"}},
		Run: solvers.LinesearchRun(func(p solvers.Params) (optimize.NextDirectioner, optimize.Linesearcher, error) {
			return &bb{short: p.String("step") == "short"}, &optimize.Backtracking{}, nil
		}),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

// TestBB checks that BB finds the minimum of a quadratic, as any method
// should, in either step.
func TestBB(t *testing.T) {
	quadratic := solvers.Problem{
		Func: func(x []float64) float64 { return x[0]*x[0] + 10*x[1]*x[1] },
		Grad: func(g, x []float64) { g[0], g[1] = 2*x[0], 20*x[1] },
	}
	for _, step := range []string{"long", "short"} {
		o := solvers.Options{Method: "BB", Params: map[string]string{"step": step}}
		res, err := solvers.Minimize(quadratic, []float64{1, 1}, o)
		if err != nil || res.Status != solvers.Success || res.Fun > 1e-10 {
			t.Errorf("BB[step=%s]: %v, %s, f = %g", step, err, res.Status, res.Fun)
		}
	}
}

func BenchmarkMGH(b *testing.B) {
	gobench.Run(b, "mgh", "L-BFGS,BB")
}

// bb is gonum's optimize.NextDirectioner for BB: the direction is -g, and
// the first step the line search tries is Barzilai and Borwein's.
type bb struct {
	short bool
	x, g  []float64 // the last iterate and its gradient
}

func (d *bb) InitDirection(loc *optimize.Location, dir []float64) float64 {
	d.x = append(d.x[:0], loc.X...)
	d.g = append(d.g[:0], loc.Gradient...)
	floats.ScaleTo(dir, -1, loc.Gradient)
	return 1 / floats.Norm(dir, 2)
}

func (d *bb) NextDirection(loc *optimize.Location, dir []float64) float64 {
	floats.SubTo(d.x, loc.X, d.x)        // s = x - x_prev
	floats.SubTo(d.g, loc.Gradient, d.g) // y = g - g_prev
	ss, sy, yy := floats.Dot(d.x, d.x), floats.Dot(d.x, d.g), floats.Dot(d.g, d.g)
	step := ss / sy
	if d.short {
		step = sy / yy
	}
	copy(d.x, loc.X)
	copy(d.g, loc.Gradient)
	floats.ScaleTo(dir, -1, loc.Gradient)
	if !(step > 0) || math.IsInf(step, 0) { // no curvature along s
		step = 1 / floats.Norm(dir, 2)
	}
	return step
}
