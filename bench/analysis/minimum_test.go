package analysis

import "testing"

// TestSameMinimum: final values are the same minimum within 1e-4
// relative plus COCO's last Δf, 1e-8: near 0 a local minimum of 2.8e-5
// is not the global one (an absolute floor of 1e-4 made it so, and "at f*"
// 100 % for runs stuck there).
func TestSameMinimum(t *testing.T) {
	st := DefaultSettings()
	for _, tc := range []struct {
		a, b float64
		want bool
	}{
		{0.1215, 0.1215, true},
		{0.1215, 0.12151, true}, // 8e-5 relative
		{0.1215, 0.1216, false}, // 8e-4 relative
		{1e-11, 4e-9, true},     // both solved
		{0, 2.8e-5, false},      // a local minimum near 0
		{1e6, 1e6 + 50, true},   // relative above 1
		{-3.5, -3.50003, true},  // negative minima
		{85822.2, 85822.2 * 1.001, false},
	} {
		if got := st.SameMinimum(tc.a, tc.b); got != tc.want {
			t.Errorf("SameMinimum(%g, %g) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
