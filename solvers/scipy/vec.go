package scipy

import "math"

// The vector helpers of the ports, as numpy computes them where the order
// of operations matters (dot, in scipy/linesearch.go, sums in index order).

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
