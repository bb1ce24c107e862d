package analysis

import (
	"math"
	"slices"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
)

// TestPooledARTs pools two instances of one class, each with its own f*,
// worked by hand: instance 1 (f* = 10) reaches Δf = 1 at evaluation 5 and
// ends at 9 short of 1e-8; instance 2 (f* = -3) reaches both at 4 and
// stops there. To Δf = 1 the aRT is (5 + 4) / 2; to 1e-8, (9 + 4) / 1.
func TestPooledARTs(t *testing.T) {
	ref := &bench.Reference{Name: "best", ART: func(df float64) float64 {
		if df < 1e-5 {
			return math.Inf(1)
		}
		return 3
	}}
	p1 := &bench.Problem{Name: "c_i1", Class: "c", Dim: 2, FStar: 10, Reference: ref}
	p2 := &bench.Problem{Name: "c_i2", Class: "c", Dim: 2, FStar: -3, Reference: ref}
	other := &bench.Problem{Name: "alone", Dim: 3, FStar: 0}
	runs := []bench.Run{
		benchtest.Trace(p1, "A", []float64{20, 10.5, 10.01}, []int{1, 5, 9}),
		benchtest.Trace(p2, "A", []float64{5, -3}, []int{1, 4}),
		benchtest.Trace(other, "A", []float64{1, 0}, []int{1, 2}),
	}
	refs := References(runs)
	arts := PooledARTs(runs, refs, []float64{1, 1e-8})
	if len(arts) != 4 {
		t.Fatalf("%d aRTs, want 2 classes x 2 precisions: %+v", len(arts), arts)
	}
	for _, tc := range []struct {
		i              int
		class          string
		runs, reached  int
		evals, ref     float64
		ratio          float64
		ratioUndefined bool
	}{
		{0, "c", 2, 2, 4.5, 3, 1.5, false},
		{1, "c", 2, 1, 13, math.Inf(1), 0, true},
		{2, "alone", 1, 1, 1, math.NaN(), 0, true},
		{3, "alone", 1, 1, 2, math.NaN(), 0, true},
	} {
		a := arts[tc.i]
		if a.Class != tc.class || a.Runs != tc.runs || a.Reached != tc.reached || a.Evals != tc.evals || !same(a.Reference, tc.ref) {
			t.Errorf("aRT %d: %+v, want class %s, %d of %d, %v evaluations, reference %v", tc.i, a, tc.class, tc.reached, tc.runs, tc.evals, tc.ref)
		}
		if r := a.Ratio(); tc.ratioUndefined != math.IsNaN(r) || !tc.ratioUndefined && r != tc.ratio {
			t.Errorf("aRT %d: ratio %v, want %v", tc.i, r, tc.ratio)
		}
	}
	if !Pooled(runs) || Pooled(runs[2:]) {
		t.Errorf("Pooled: want true with a class, false without")
	}
	e, name, ok := ReferenceECDF(runs, []float64{1, 1e-3, 1e-8})
	// One class with a reference, three precisions: two reached at 3
	// evaluations, 1.5 per dimension.
	if !ok || name != "best" || e.Triples != 3 || !slices.Equal(e.Budgets, []float64{1.5}) || !slices.Equal(e.Fraction, []float64{2.0 / 3}) {
		t.Errorf("reference ECDF %+v %q %v", e, name, ok)
	}
	if _, _, ok := ReferenceECDF(runs[2:], []float64{1}); ok {
		t.Errorf("a reference ECDF without a reference")
	}
}

func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
