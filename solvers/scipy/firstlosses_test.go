package scipy

import (
	"math"
	"testing"

	"github.com/optbench/optbench/solvers/core"
)

// checkFirstLosses compares the losses of got's first iterations, x0 and
// then 10 steps, with scipy's trace: each within 1e-10 relative (of at
// least 1e-3), or within 10 times moved(k), the distance by which scipy's
// own run moved at iteration k when its loss (or gradient) changed by one
// ulp, whichever is wider. moved may be nil.
func checkFirstLosses(t *testing.T, got core.Result, trace []float64, moved func(k int) float64) {
	t.Helper()
	for k := 0; k < len(trace) && k <= 10; k++ {
		if k >= len(got.Trace) {
			t.Fatalf("%d iterations, scipy made %d", len(got.Trace)-1, len(trace)-1)
		}
		g, w := got.Trace[k].Fun, trace[k]
		tol := 1e-10 * math.Max(math.Abs(w), 1e-3)
		if moved != nil {
			tol = math.Max(tol, 10*moved(k))
		}
		if d := math.Abs(g - w); d > tol {
			t.Fatalf("iteration %d: loss %.17g, scipy %.17g (difference %.2g, allowed %.2g)", k, g, w, d, tol)
		}
	}
}

// movedFrom is checkFirstLosses' moved for scipy's traces run again under
// one-ulp changes: the largest distance between trace and any of them at
// iteration k.
func movedFrom(trace []float64, perturbed ...[]float64) func(k int) float64 {
	return func(k int) float64 {
		var d float64
		for _, p := range perturbed {
			if k < len(p) {
				d = math.Max(d, math.Abs(trace[k]-p[k]))
			}
		}
		return d
	}
}
