package core

import (
	"math"
	"slices"
	"testing"
)

func TestTraceKeeper(t *testing.T) {
	k := traceKeeper{mode: TraceLog}
	var kept []int
	for iter := range 2_000_001 {
		if k.keep(iter) {
			kept = append(kept, iter)
		}
	}
	for _, want := range []int{0, 1, 50, 100, 1000, 10000, 100000, 1000000} {
		if !slices.Contains(kept, want) {
			t.Errorf("iteration %d not kept", want)
		}
	}
	// 101 dense rows, then 20 a decade for 4.3 decades.
	if n := len(kept); n < 101+4*20 || n > 101+5*20 {
		t.Errorf("%d rows kept of 2,000,001 iterations", n)
	}
	for i := 102; i < len(kept); i++ {
		if r := float64(kept[i]) / float64(kept[i-1]); r > math.Pow(10, 0.05)*1.01 {
			t.Errorf("iterations %d and %d kept, a ratio of %.3f", kept[i-1], kept[i], r)
		}
	}
}
