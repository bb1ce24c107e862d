package mgh

import (
	"math/rand/v2"
	"testing"
)

// zeroFirst is a rand.Source whose first value is 0 (Float64 = 0) and whose
// next are all ones (Float64 = 1 - 2^-53).
type zeroFirst struct{ calls int }

func (z *zeroFirst) Uint64() uint64 {
	z.calls++
	if z.calls == 1 {
		return 0
	}
	return ^uint64(0)
}

// TestOpen: open draws again at Float64's 0, so that 1 + u > 0 and a
// coordinate x0_i (1 + u) keeps its sign; its largest value is below 1.
func TestOpen(t *testing.T) {
	z := &zeroFirst{}
	u := open(rand.New(z))
	if z.calls != 2 || !(u > -1 && u < 1 && 1+u > 0) {
		t.Errorf("open after a 0 = %v, %d draws; want a second draw in (-1, 1)", u, z.calls)
	}
	if u != 1-0x1p-52 {
		t.Errorf("open at Float64's largest value = %v, want 1 - 2^-52", u)
	}
}
