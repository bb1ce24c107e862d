package table

import (
	"math"
	"testing"

	"github.com/optbench/optbench/bench/stats"
)

// TestFormatInterval checks when an interval is relative and when its
// bounds are printed: the bounds once the wider side exceeds the value's
// magnitude, never a percentage over 100.
func TestFormatInterval(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		name string
		k    Kind
		e    stats.Estimate
		want string
	}{
		{"narrow", Sig, stats.Estimate{V: 0.1244, Lo: 0.12, Hi: 0.128}, " ±4%"},
		{"wider side below", Sig, stats.Estimate{V: 0.1244, Lo: 0.1, Hi: 0.19}, " ±53%"},
		{"exactly the magnitude", Sig, stats.Estimate{V: 1, Lo: 0, Hi: 2}, " ±100%"},
		{"near zero", Sig, stats.Estimate{V: 8.7e-16, Lo: 8.1e-17, Hi: 4.6e-14}, " [8.1e-17, 4.6e-14]"},
		{"across zero", Sig, stats.Estimate{V: -0.5, Lo: -2, Hi: 1.5}, " [-2, 1.5]"},
		{"zero median", Sig, stats.Estimate{V: 0, Lo: 0, Hi: 3e-9}, " [0, 3e-09]"},
		{"all zero", Sig, stats.Estimate{V: 0, Lo: 0, Hi: 0}, " ±0%"},
		{"too few", Sig, stats.Estimate{V: 0.3, Lo: math.Inf(-1), Hi: inf}, " ±∞"},
		{"seconds", Seconds, stats.Estimate{V: 11e-6, Lo: 2.1e-6, Hi: 62e-6}, " [2.10µs, 62.0µs]"},
		{"counts", Count, stats.Estimate{V: 8, Lo: 3, Hi: 40.5}, " [3, 40.5]"},
		{"3 digits", Sig, stats.Estimate{V: 32.5, Lo: 24, Hi: 1064}, " [24, 1060]"},
		{"exponent of one digit", Sig, stats.Estimate{V: 8.287e4, Lo: 2.01, Hi: 4.61e5}, " [2.01, 4.61e+05]"},
		{"large", Sig, stats.Estimate{V: 2.276e+78, Lo: 5.3e+50, Hi: 7.31e+114}, " [5.3e+50, 7.31e+114]"},
		{"share", Percent, stats.Estimate{V: 0.25, Lo: 0.09, Hi: 0.49}, " [9-49]"},
		{"not finite", Sig, stats.Estimate{V: inf, Lo: 1, Hi: inf}, ""},
		{"no interval", Sig, stats.Estimate{V: 1, Lo: math.NaN(), Hi: math.NaN()}, ""},
	} {
		if got := formatInterval(tc.k, tc.e); got != tc.want {
			t.Errorf("%s: formatInterval(%v) = %q, want %q", tc.name, tc.e, got, tc.want)
		}
	}
}
