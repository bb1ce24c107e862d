package core

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

// TestFDGradientIsGonums: fdGradient gives gonum's fd.Gradient bit for bit
// (the same points evaluated in the same order, the same arithmetic), for
// both formulas, the default and a given step, a known and an unknown
// value at x, and at points with large, tiny, zero and negative
// coordinates, and allocates nothing.
func TestFDGradientIsGonums(t *testing.T) {
	// A function with no symmetry, so that a point evaluated in the wrong
	// place or order shows.
	f := func(x []float64) float64 {
		var s float64
		for i, v := range x {
			s += math.Sin(float64(i+1)*v) + v*v*v/float64(i+2) + math.Exp(-v*x[(i+1)%len(x)])
		}
		return s
	}
	points := [][]float64{
		{0.3},
		{-1.2, 1},
		{1e8, -3e-9, 0, math.Copysign(0, -1), 2.5},
		{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
	}
	for _, x := range points {
		for _, mode := range []GradientMode{Forward2, Central3} {
			for _, h := range []float64{0, 1e-5} {
				for _, known := range []bool{false, true} {
					formula := fd.Central
					if mode == Forward2 {
						formula = fd.Forward
					}
					var calls, gonumCalls [][]float64 // the points, in order
					s := &fd.Settings{Formula: formula, Step: h}
					if known {
						s.OriginKnown, s.OriginValue = true, f(x)+0.25 // not f(x): that it is used shows
					}
					want := fd.Gradient(nil, func(p []float64) float64 { gonumCalls = append(gonumCalls, slices.Clone(p)); return f(p) }, x, s)
					got := make([]float64, len(x))
					xs := make([]float64, len(x))
					fdGradient(got, func(p []float64) float64 { calls = append(calls, slices.Clone(p)); return f(p) }, x, xs,
						mode, h, known, s.OriginValue)
					for i := range want {
						if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
							t.Errorf("%s h=%g known=%v at %v: [%d] = %v, gonum's %v", mode, h, known, x, i, got[i], want[i])
						}
					}
					if len(calls) != len(gonumCalls) {
						t.Errorf("%s h=%g known=%v at %v: %d evaluations, gonum's %d", mode, h, known, x, len(calls), len(gonumCalls))
					}
					for i := range min(len(calls), len(gonumCalls)) {
						if !bitEqual(calls[i], gonumCalls[i]) {
							t.Errorf("%s h=%g known=%v at %v: evaluation %d at %v, gonum's at %v", mode, h, known, x, i, calls[i], gonumCalls[i])
							break
						}
					}
				}
			}
		}
	}
	x := points[3]
	grad, xs := make([]float64, len(x)), make([]float64, len(x))
	if a := testing.AllocsPerRun(10, func() { fdGradient(grad, f, x, xs, Central3, 0, false, 0) }); a != 0 {
		t.Errorf("fdGradient: %v allocations, want 0", a)
	}
}

func bitEqual(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(u, v float64) bool { return math.Float64bits(u) == math.Float64bits(v) })
}
