package scipy

import (
	"testing"
)

// TestMatmulLooksAtTheLimits: the n^3 update looks at the context and the
// time limit every cutRows rows, so that a run of thousands of parameters
// stops within a fraction of one product (at 4095 parameters one took
// minutes, and -time-limit waited for it).
func TestMatmulLooksAtTheLimits(t *testing.T) {
	const n = 100
	a, b, dst := identity(n), identity(n), make([]float64, n*n)
	calls := 0
	matmul(dst, a, b, n, func() { calls++ })
	if calls != n/cutRows {
		t.Errorf("%d looks at the limits in a product of %d rows, want %d", calls, n, n/cutRows)
	}
	for i := range n {
		if dst[i*n+i] != 1 {
			t.Fatalf("I I is not I at %d", i)
		}
	}
}
