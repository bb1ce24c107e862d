package core

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func rosen(x []float64) float64 {
	a, b := 1-x[0], x[1]-x[0]*x[0]
	return a*a + 100*b*b
}

func rosenGrad(g, x []float64) {
	g[0] = -2*(1-x[0]) - 400*x[0]*(x[1]-x[0]*x[0])
	g[1] = 200 * (x[1] - x[0]*x[0])
}

var rosenbrock = Problem{Func: rosen, Grad: rosenGrad}

// TestFiniteDifferenceHessian checks Newton's Hessian (central differences
// of the gradient, 2n gradient evaluations) against Rosenbrock's analytic
// one, with the analytic and with a 3-point gradient. Central differences
// of step 1e-4 were measured 7-135 times more accurate than forward ones of
// step sqrt(eps) on the classroom loss at large weights, where Newton runs.
func TestFiniteDifferenceHessian(t *testing.T) {
	x := []float64{-1.2, 1}
	want := [2][2]float64{{1200*x[0]*x[0] - 400*x[1] + 2, -400 * x[0]}, {-400 * x[0], 200}}
	for _, jac := range []GradientMode{Analytic, Central3} {
		o, _ := Options{Gradient: jac, Registry: &Registry{}}.withDefaults(2)
		ev := newEvaluator(context.Background(), rosenbrock, o, 2)
		h := mat.NewSymDense(2, nil)
		ev.Hess(h, x)
		for i := range 2 {
			for j := range 2 {
				if d := math.Abs(h.At(i, j) - want[i][j]); d > 1e-6*math.Abs(want[0][0]) {
					t.Errorf("%s: H[%d][%d] = %v, want %v", jac, i, j, h.At(i, j), want[i][j])
				}
			}
		}
		if ev.njev != 4 || ev.nhev != 1 {
			t.Errorf("%s: %d gradient evaluations and %d Hessians, want 4 and 1", jac, ev.njev, ev.nhev)
		}
	}
}
