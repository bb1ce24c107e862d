package best2009

import (
	"math"
	"testing"
)

func TestRatio(t *testing.T) {
	inf := math.Inf(1)
	// f1 in 2-D: best 2009 reached 1e-8 after 6 evaluations; f20 in 40-D
	// (Schwefel) is the one function and dimension where it never reached
	// 1e-8
	ref, _ := ART(1, 2, 1e-8)
	if ref != 6 {
		t.Fatalf("ART(1, 2, 1e-8) = %v, the data say 6", ref)
	}
	for _, c := range []struct {
		name     string
		art      float64
		fn, dim  int
		deltaF   float64
		want     float64
		wantRaw  bool
		wantOK   bool
		wantsNaN bool
	}{
		{"ratio", 63, 1, 2, 1e-8, 10.5, false, true, false},
		{"as fast", 6, 1, 2, 1e-8, 1, false, true, false},
		{"method never reached", inf, 1, 2, 1e-8, inf, false, true, false},
		{"best 2009 never reached", 1234, 20, 40, 1e-8, 1234, true, true, false},
		{"neither reached", inf, 20, 40, 1e-8, inf, true, true, false},
		{"no data", 63, 25, 2, 1e-8, 0, false, false, true},
		{"bad target", 63, 1, 2, -1, 0, false, false, true},
		{"NaN aRT", math.NaN(), 1, 2, 1e-8, 0, false, false, true},
		{"negative aRT", -1, 1, 2, 1e-8, 0, false, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "best 2009 never reached" || c.name == "neither reached" {
				if a, _ := ART(c.fn, c.dim, c.deltaF); !math.IsInf(a, 1) {
					t.Fatalf("ART(%d, %d, %v) = %v: the case needs a target best 2009 missed", c.fn, c.dim, c.deltaF, a)
				}
			}
			r, raw, ok := Ratio(c.art, c.fn, c.dim, c.deltaF)
			if ok != c.wantOK || raw != c.wantRaw || (c.wantsNaN && !math.IsNaN(r)) || (!c.wantsNaN && r != c.want) {
				t.Errorf("Ratio(%v, %d, %d, %v) = %v, %v, %v; want %v, %v, %v", c.art, c.fn, c.dim, c.deltaF, r, raw, ok, c.want, c.wantRaw, c.wantOK)
			}
		})
	}
}
