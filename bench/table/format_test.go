package table

import (
	"math"
	"testing"
)

// TestFormatSecondsBoundaries checks each unit's boundary from both
// sides: a value that rounds to 1000 of a unit prints as 1.00 of the next,
// and one that rounds to 10 or 100 of a unit loses a decimal.
func TestFormatSecondsBoundaries(t *testing.T) {
	for _, tc := range []struct {
		s    float64
		want string
	}{
		{0, "0s"},
		{0.5e-9, "0.50ns"},
		{9.994e-9, "9.99ns"},
		{9.996e-9, "10.0ns"},
		{99.94e-9, "99.9ns"},
		{99.96e-9, "100ns"},
		{999.4e-9, "999ns"},
		{999.6e-9, "1.00µs"},
		{1e-6, "1.00µs"},
		{9.994e-6, "9.99µs"},
		{9.996e-6, "10.0µs"},
		{99.96e-6, "100µs"},
		{999.4e-6, "999µs"},
		{999.6e-6, "1.00ms"},
		{9.996e-3, "10.0ms"},
		{99.96e-3, "100ms"},
		{0.9994, "999ms"},
		{0.99996, "1.00s"},
		{1, "1.00s"},
		{9.996, "10.0s"},
		{99.96, "100s"},
		{1234.4, "1234s"},
		{-1, "-"},
		{math.NaN(), "-"},
		{math.Inf(1), "-"},
	} {
		if got := formatSeconds(tc.s); got != tc.want {
			t.Errorf("formatSeconds(%g) = %q, want %q", tc.s, got, tc.want)
		}
	}
}
