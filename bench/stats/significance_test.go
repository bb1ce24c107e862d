package stats

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
)

// TestAgainstScipy compares WilcoxonSignedRank and MannWhitneyU with
// scipy.stats 1.10's p-values on the samples of testdata/scipy_tests.json
// (made by testdata/scipy_tests.py): exact and approximate branches, ties,
// zeros and infinities.
func TestAgainstScipy(t *testing.T) {
	b, err := os.ReadFile("testdata/scipy_tests.json")
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Cases []struct {
			Name, Test string
			X, Y       []string
			P          float64
		}
	}
	if err := json.Unmarshal(b, &data); err != nil {
		t.Fatal(err)
	}
	parse := func(ss []string) []float64 {
		out := make([]float64, len(ss))
		for i, s := range ss {
			out[i], _ = strconv.ParseFloat(s, 64)
		}
		return out
	}
	for _, c := range data.Cases {
		x, y := parse(c.X), parse(c.Y)
		var p float64
		if c.Test == "wilcoxon" {
			p, _, err = WilcoxonSignedRank(x, y)
		} else {
			p, _, err = MannWhitneyU(x, y)
		}
		if err != nil || math.Abs(p-c.P) > 1e-12*max(1e-3, c.P) {
			t.Errorf("%s %s: p = %v (%v), scipy %v", c.Test, c.Name, p, err, c.P)
		}
	}
	if len(data.Cases) < 20 {
		t.Errorf("%d cases", len(data.Cases))
	}
}

func TestMedianCI(t *testing.T) {
	// n = 5 is too few at 95 % (2/32 > 0.05); n = 6 gives the extremes
	// (2/64 <= 0.05); n = 10: 2 P(B <= 1) = 22/1024 <= 0.05 < 2 P(B <= 2).
	if m, lo, hi := MedianCI([]float64{5, 1, 4, 2, 3}, 0.95); m != 3 || !math.IsInf(lo, -1) || !math.IsInf(hi, 1) {
		t.Errorf("n=5: %v [%v, %v]", m, lo, hi)
	}
	if m, lo, hi := MedianCI([]float64{6, 1, 5, 2, 4, 3}, 0.95); m != 3.5 || lo != 1 || hi != 6 {
		t.Errorf("n=6: %v [%v, %v]", m, lo, hi)
	}
	if m, lo, hi := MedianCI([]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1, math.NaN()}, 0.95); m != 5.5 || lo != 2 || hi != 9 {
		t.Errorf("n=10: %v [%v, %v]", m, lo, hi)
	}
	if n := MinSamplesForCI(0.95); n != 6 {
		t.Errorf("MinSamplesForCI(0.95) = %d, want 6 (benchstat's)", n)
	}
}

func TestWilson(t *testing.T) {
	// Worked values: 8 of 10 at 95 %: [0.490, 0.943]; 0 of 10: [0, 0.278].
	for _, tc := range []struct {
		s, n   int
		lo, hi float64
	}{{8, 10, 0.4902, 0.9433}, {0, 10, 0, 0.2775}, {10, 10, 0.7225, 1}} {
		lo, hi := Wilson(tc.s, tc.n, 0.95)
		if math.Abs(lo-tc.lo) > 1e-4 || math.Abs(hi-tc.hi) > 1e-4 {
			t.Errorf("Wilson(%d, %d) = [%.4f, %.4f], want [%.4f, %.4f]", tc.s, tc.n, lo, hi, tc.lo, tc.hi)
		}
	}
}

func TestHolm(t *testing.T) {
	got := HolmAdjust([]float64{0.01, 0.04, 0.03, math.NaN(), 0.005})
	want := []float64{0.03, 0.06, 0.06, math.NaN(), 0.02}
	for i := range want {
		if !(math.Abs(got[i]-want[i]) < 1e-15) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Errorf("HolmAdjust: %v, want %v", got, want)
			break
		}
	}
}
