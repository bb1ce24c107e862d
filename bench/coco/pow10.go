package coco

import (
	"math"

	"github.com/optbench/optbench/bench"
)

// cocoppLevel is cocopp's alignment level numpy.power(10, k/5) for the
// integer k: bench.COCOLevel, 10^y for the double y = k/5 correctly
// rounded, as glibc's pow (which numpy calls) returns it in practice. Go's
// math.Pow is not correctly rounded and is one ulp off for some k, which
// moves a target to the next level in cocopp's lookups. They equal numpy's
// for k in [-200, 110] (Δf up to 1e22; COCO logs at most 3e21;
// TestCocoppLevel).
func cocoppLevel(k float64) float64 {
	if k == math.Trunc(k) && math.Abs(k) <= 200 {
		return bench.COCOLevel(int(k))
	}
	return math.Pow(10, k/5)
}
