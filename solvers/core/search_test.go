package core

import (
	"math"
	"testing"
)

// TestNonFinite: every NaN and infinity is found wherever it is (in the
// four-way unrolled part and in the tail), and no finite value, however
// large or small, is taken for one.
func TestNonFinite(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	finite := []float64{0, math.Copysign(0, -1), 1, -2.5, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, 1e308}
	for _, n := range []int{0, 1, 3, 4, 5, 8, 11} {
		x := make([]float64, n)
		for i := range x {
			x[i] = finite[i%len(finite)]
		}
		if NonFinite(x) {
			t.Errorf("%v: NonFinite true, want false", x)
		}
		for i := range n {
			for _, bad := range []float64{nan, inf, -inf} {
				saved := x[i]
				x[i] = bad
				if !NonFinite(x) {
					t.Errorf("%v: NonFinite false, want true", x)
				}
				x[i] = saved
			}
		}
	}
	if NonFinite(nil) {
		t.Error("NonFinite(nil) true, want false")
	}
}
