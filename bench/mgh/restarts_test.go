package mgh

import (
	"math"
	"slices"
	"testing"
)

// TestRestarts: under COCO's protocol every MGH problem restarts from
// random points around x0, as starts k >= 3 are, drawn from (seed, k, r)
// alone: reproducible, finite, near x0, and not the points of any start.
func TestRestarts(t *testing.T) {
	for _, p := range All() {
		if p.Restart == nil {
			t.Fatalf("%s: no Restart", p.Name)
		}
		x0 := p.Start(0, 1)
		seen := map[string]bool{}
		for k := range 3 {
			for r := 1; r <= 5; r++ {
				x := p.Restart(k, r, 1)
				if !slices.Equal(x, p.Restart(k, r, 1)) {
					t.Errorf("%s: restart (%d, %d) is not reproducible", p.Name, k, r)
				}
				for i, v := range x {
					if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v-x0[i]) >= max(math.Abs(x0[i]), 1) {
						t.Errorf("%s: restart (%d, %d) has x[%d] = %v, x0 %v", p.Name, k, r, i, v, x0[i])
					}
				}
				key := formatPoint(x)
				if seen[key] {
					t.Errorf("%s: restart (%d, %d) repeats a point", p.Name, k, r)
				}
				seen[key] = true
				for s := 3; s < 10; s++ {
					if slices.Equal(x, p.Start(s, 1)) {
						t.Errorf("%s: restart (%d, %d) is start %d", p.Name, k, r, s)
					}
				}
			}
		}
	}
}

func formatPoint(x []float64) string {
	b := make([]byte, 0, 8*len(x))
	for _, v := range x {
		u := math.Float64bits(v)
		for i := range 8 {
			b = append(b, byte(u>>(8*i)))
		}
	}
	return string(b)
}
