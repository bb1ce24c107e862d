package gonum

import (
	"testing"

	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers/core"
)

// registry holds this family's methods alone: its tests need no other.
var registry = core.MustRegistry(Methods()...)

// minimize is core.Minimize with the family's registry unless o names one.
func minimize(p core.Problem, x0 []float64, o core.Options) (core.Result, error) {
	if o.Registry == nil {
		o.Registry = registry
	}
	return core.Minimize(p, x0, o)
}

func rosen(x []float64) float64 {
	a, b := 1-x[0], x[1]-x[0]*x[0]
	return a*a + 100*b*b
}

func rosenGrad(g, x []float64) {
	g[0] = -2*(1-x[0]) - 400*x[0]*(x[1]-x[0]*x[0])
	g[1] = 200 * (x[1] - x[0]*x[0])
}

var rosenbrock = core.Problem{Func: rosen, Grad: rosenGrad}

// classroom returns a fresh problem (its own workspace) on the classroom
// training set and the classroom x0.
func classroom(t testing.TB) (core.Problem, []float64) {
	t.Helper()
	train, _ := objective.Classroom()
	ce, err := objective.NewCrossEntropy(objective.ClassroomNetwork, train, 0)
	if err != nil {
		t.Fatal(err)
	}
	return core.Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad}, objective.ClassroomInit()
}

// classroomWithHessian is the classroom problem with its exact Hessian.
func classroomWithHessian(t testing.TB) core.Problem {
	train, _ := objective.Classroom()
	ce, err := objective.NewCrossEntropy(objective.ClassroomNetwork, train, 0)
	if err != nil {
		t.Fatal(err)
	}
	return core.Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad, Hess: ce.Hess, HessVec: ce.HessVec}
}
