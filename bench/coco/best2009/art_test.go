package best2009

import (
	"math"
	"testing"
)

// TestARTBadInput: no data or a bad target gives ok false and NaN, never
// a panic or a made-up number.
func TestARTBadInput(t *testing.T) {
	for _, c := range []struct {
		name        string
		fn, dim     int
		deltaF      float64
		wantOK      bool
		wantInf     bool
		description string
	}{
		{"f1 2-D 1e-8", 1, 2, 1e-8, true, false, "data"},
		{"f24 40-D 1e-8", 24, 40, 1e-8, true, false, "data"},
		{"below every level", 1, 2, 1e-300, true, true, "never reached"},
		{"function 0", 0, 2, 1, false, false, "no function 0"},
		{"function 25", 25, 2, 1, false, false, "bbob has 24"},
		{"function -1", -1, 2, 1, false, false, "negative"},
		{"dimension 4", 1, 4, 1, false, false, "not a bbob dimension"},
		{"dimension 1", 1, 1, 1, false, false, "not a bbob dimension"},
		{"dimension 80", 1, 80, 1, false, false, "not a bbob dimension"},
		{"Δf 0", 1, 2, 0, false, false, "not positive"},
		{"Δf -1", 1, 2, -1, false, false, "not positive"},
		{"Δf NaN", 1, 2, math.NaN(), false, false, "not a number"},
		{"Δf +Inf", 1, 2, math.Inf(1), false, false, "not finite"},
	} {
		t.Run(c.name, func(t *testing.T) {
			art, ok := ART(c.fn, c.dim, c.deltaF)
			if ok != c.wantOK {
				t.Fatalf("ART(%d, %d, %v) ok = %v, want %v (%s)", c.fn, c.dim, c.deltaF, ok, c.wantOK, c.description)
			}
			switch {
			case !ok && !math.IsNaN(art):
				t.Errorf("ART = %v without data, want NaN", art)
			case ok && c.wantInf && !math.IsInf(art, 1):
				t.Errorf("ART = %v, want +Inf", art)
			case ok && !c.wantInf && !(art >= 1 && !math.IsInf(art, 0)):
				t.Errorf("ART = %v, want a finite count >= 1", art)
			}
			if s, r, sok := Successes(c.fn, c.dim, c.deltaF); sok != ok || (ok && (s < 0 || r < 1 || s > r)) {
				t.Errorf("Successes = %d/%d, %v beside ART's ok %v", s, r, sok, ok)
			}
			if HasData(c.fn, c.dim) != (c.fn >= 1 && c.fn <= 24 && (c.dim == 2 || c.dim == 40)) {
				t.Errorf("HasData(%d, %d) = %v", c.fn, c.dim, HasData(c.fn, c.dim))
			}
		})
	}
}

// TestARTReadsLevels: a Δf a rounding away from a level is that level
// (snapTol), a Δf strictly between two levels is reached exactly when the
// lower one is (records sit on levels), and ART grows as Δf falls.
func TestARTReadsLevels(t *testing.T) {
	tab, err := load()
	if err != nil {
		t.Fatal(err)
	}
	for _, fn := range []int{1, 7, 15, 24} {
		for _, dim := range dimensions {
			prev := 0.0
			for k := 10; k > -40; k-- {
				df := tab.deltaF[k-tab.minLevel]
				at, _ := ART(fn, dim, df)
				for _, near := range []float64{math.Nextafter(df, 0), math.Nextafter(df, 2*df), df * (1 - 1e-12), df * (1 + 1e-12)} {
					if got, _ := ART(fn, dim, near); got != at {
						t.Errorf("f%d %d-D: ART at %v = %v, at level %d's Δf %v = %v", fn, dim, near, got, k, df, at)
					}
				}
				lower := tab.deltaF[k-1-tab.minLevel]
				below, _ := ART(fn, dim, lower)
				if got, _ := ART(fn, dim, math.Sqrt(df*lower)); got != below {
					t.Errorf("f%d %d-D: ART between levels %d and %d = %v, at level %d = %v", fn, dim, k, k-1, got, k-1, below)
				}
				if at < prev {
					t.Errorf("f%d %d-D: ART %v at level %d is below %v at level %d", fn, dim, at, k, prev, k+1)
				}
				prev = at
			}
		}
	}
}

// TestARTAllocatesNothing: ART is called per table cell and per ECDF
// point.
func TestARTAllocatesNothing(t *testing.T) {
	if _, err := load(); err != nil {
		t.Fatal(err)
	}
	deltaFs := optbenchDeltaFs()
	if n := testing.AllocsPerRun(100, func() {
		for _, df := range deltaFs {
			ART(24, 40, df)
		}
	}); n != 0 {
		t.Errorf("ART allocates %v times per 51 calls", n)
	}
}

// BenchmarkART: one table's worth of lookups (COCO's 51 targets).
func BenchmarkART(b *testing.B) {
	deltaFs := optbenchDeltaFs()
	for b.Loop() {
		for _, df := range deltaFs {
			ART(24, 40, df)
		}
	}
}
