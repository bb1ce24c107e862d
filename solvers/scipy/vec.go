package scipy

import "math"

// The vector helpers of the ports, as numpy computes them where the order
// of operations matters (dot, in scipy/linesearch.go, sums in index order).

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// hasNaN reports whether x holds a NaN or an infinity.
func hasNaN(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return true
		}
	}
	return false
}

// infNorm is the largest absolute component of g, NaN if g is nil or has
// a NaN.
func infNorm(g []float64) float64 {
	if g == nil {
		return math.NaN()
	}
	var m float64
	for _, v := range g {
		if math.IsNaN(v) {
			return math.NaN()
		}
		m = max(m, math.Abs(v))
	}
	return m
}
