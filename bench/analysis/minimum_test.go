package analysis

import (
	"math"
	"testing"
)

// TestSameMinimum: final values are the same minimum within 1e-4 of the
// lower, measured from a known f* (from 0 otherwise), plus COCO's last Δf,
// 1e-8 (times |f*| beyond 1): near 0 a local minimum of 2.8e-5 is not the
// global one (an absolute floor of 1e-4 made it so, and "at f*" 100 % for
// runs stuck there), and bbob's f* offset does not widen the tolerance.
func TestSameMinimum(t *testing.T) {
	st := DefaultSettings()
	seen := Reference{FStar: 0.1215}
	zero := Reference{FStar: 0, Known: true}
	bbob := Reference{FStar: 149.15, Known: true}
	brown := Reference{FStar: 85822.2, Known: true}
	for _, tc := range []struct {
		ref  Reference
		a, b float64
		want bool
	}{
		{seen, 0.1215, 0.1215, true},
		{seen, 0.1215, 0.12151, true}, // 8e-5 relative
		{seen, 0.1215, 0.1216, false}, // 8e-4 relative
		{Reference{FStar: math.NaN()}, -3.5, -3.50003, true},
		{zero, 1e-11, 4e-9, true},              // both solved
		{zero, 1e-11, 2.8e-5, false},           // a local minimum near 0
		{zero, 0, 2.8e-5, false},               // at f*? no
		{zero, 1.0, 1.00005, true},             // a local minimum at 1
		{bbob, 149.15, 149.15 + 4.2e-3, false}, // GD's gap on f8 is not f*
		{bbob, 149.15, 149.15 + 1e-6, true},    // within 1e-8 |f*|
		{brown, 85822.2, 85822.2 + 1e-4, true},
		{brown, 85822.2, 85822.2 + 1e-2, false},
	} {
		if got := st.SameMinimum(tc.ref, tc.a, tc.b); got != tc.want {
			t.Errorf("f* %v: SameMinimum(%g, %g) = %v, want %v", tc.ref, tc.a, tc.b, got, tc.want)
		}
	}
}
