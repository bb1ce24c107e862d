package bbob

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
)

// TestGrad compares Grad with gonum's central differences of Value at random points inside and
// outside [-5, 5]^n, for every function with a gradient, in several dimensions.
func TestGrad(t *testing.T) {
	tests := []struct {
		id   int
		step float64 // the difference step: smaller for the fast oscillations of f16 and f19
		tol  float64 // relative to max(1, |grad|)
	}{
		{1, 1e-6, 1e-7}, {2, 1e-6, 1e-6}, {3, 1e-6, 1e-6}, {4, 1e-6, 1e-6}, {5, 1e-6, 1e-7},
		{6, 1e-6, 1e-6}, {8, 1e-6, 1e-6}, {9, 1e-6, 1e-6},
		{10, 1e-7, 1e-5}, {11, 1e-7, 1e-5}, {12, 1e-7, 1e-5}, {13, 1e-6, 1e-6}, {14, 1e-6, 1e-6},
		{15, 1e-6, 1e-5}, {16, 1e-9, 1e-4}, {17, 1e-7, 1e-5}, {18, 1e-7, 1e-5},
		{19, 1e-9, 1e-5}, {20, 1e-6, 1e-6}, {21, 1e-6, 1e-6}, {22, 1e-6, 1e-6}, {24, 1e-6, 1e-6},
	}
	for _, tt := range tests {
		for _, n := range []int{2, 5, 20} {
			f, err := NewFunction(tt.id, n, 3)
			if err != nil {
				t.Fatal(err)
			}
			if !f.HasGrad() {
				t.Errorf("%s: HasGrad false", f.ProblemID())
				continue
			}
			x := make([]float64, n)
			g := make([]float64, n)
			want := make([]float64, n)
			for _, k := range []int{2, 3, 4, 5} {
				makePoint(x, tt.id, n, 3, k, f.XOpt)
				if k == 2 {
					// Near, not at, the optimum: 0.1 away, where the gradient is not tiny.
					for j := range x {
						x[j] = f.XOpt[j] + 100*(x[j]-f.XOpt[j])
					}
				}
				f.Grad(g, x)
				fd.Gradient(want, f.Value, x, &fd.Settings{Formula: fd.Central, Step: tt.step})
				scale := math.Max(1, floats.Norm(want, math.Inf(1)))
				for j := range g {
					if math.Abs(g[j]-want[j]) > tt.tol*scale {
						t.Errorf("%s point %d: grad[%d] = %.10g, central difference %.10g (scale %.3g)", f.ProblemID(), k, j, g[j], want[j], scale)
					}
				}
			}
		}
	}
}

func TestNoGrad(t *testing.T) {
	for _, id := range []int{7, 23} {
		f, err := NewFunction(id, 3, 1)
		if err != nil {
			t.Fatal(err)
		}
		g := []float64{1, 2, 3}
		f.Grad(g, []float64{0, 0, 0})
		if f.HasGrad() || !math.IsNaN(g[0]) || !math.IsNaN(g[2]) {
			t.Errorf("f%d: HasGrad %v, Grad %v; want false, NaN", id, f.HasGrad(), g)
		}
	}
	f, _ := NewFunction(1, 3, 1)
	g := []float64{1, 2}
	f.Grad(g, []float64{0, 0, 0})
	if !math.IsNaN(g[0]) {
		t.Errorf("Grad with a short grad slice: %v, want NaN", g)
	}
}
