package coco

import (
	"bufio"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestLog10Boundaries compares the target exponent ceil(20 log10(v)) with
// glibc's at the doubles nearest every boundary 10^(k/20), k = -200..200, and
// at 1e-8 and 1e-9 (testdata/log10.txt, made by testdata/cexp/log10.c).
func TestLog10Boundaries(t *testing.T) {
	f, err := os.Open("testdata/log10.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	n, bad := 0, 0
	for s.Scan() {
		p := strings.Fields(s.Text())
		v, err := strconv.ParseFloat(p[0], 64)
		if err != nil {
			t.Fatal(err)
		}
		want, err := strconv.Atoi(p[1])
		if err != nil {
			t.Fatal(err)
		}
		n++
		if got := int(math.Ceil(scaledLog10(v))); got != want {
			bad++
			t.Errorf("ceil(20 log10(%v)) = %d, glibc %d", v, got, want)
		}
	}
	if n != 2+401*9 {
		t.Errorf("%d points in log10.txt, want %d", n, 2+401*9)
	}
}

// TestDecadeFloorAwayFromIntegers backs decadeFloor's claim: 10^(k/20) is
// far (in ulps) from an integer unless k is a multiple of 20, so a last-bit
// difference between Go's and C's pow cannot change its floor, up to 1e12
// evaluations.
func TestDecadeFloorAwayFromIntegers(t *testing.T) {
	for k := 0; k <= 240; k++ {
		p := math.Pow(10, float64(k)/evaluationsPerDecade)
		d := math.Abs(p - math.Round(p))
		ulp := math.Nextafter(p, math.Inf(1)) - p
		if k%20 == 0 {
			if d != 0 {
				t.Errorf("10^(%d/20) = %v, want an exact power of ten", k, p)
			}
			continue
		}
		if d < 16*ulp {
			t.Errorf("10^(%d/20) = %v is within %g ulps of an integer", k, p, d/ulp)
		}
	}
}

func TestEvaluationTrigger(t *testing.T) {
	for _, tc := range []struct {
		dim  int
		upTo int64
		want []int64 // floor(10^(k/20)) and {1,2,5} dim 10^k, worked out by hand
	}{
		{2, 100, []int64{1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 25, 28, 31, 35, 39, 40, 44, 50, 56, 63, 70, 79, 89, 100}},
		{5, 60, []int64{1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 14, 15, 17, 19, 22, 25, 28, 31, 35, 39, 44, 50, 56}},
		{40, 510, []int64{1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 14, 15, 17, 19, 22, 25, 28, 31, 35, 39, 40, 44, 50, 56, 63, 70, 79, 80, 89, 100,
			112, 125, 141, 158, 177, 199, 200, 223, 251, 281, 316, 354, 398, 400, 446, 501}},
	} {
		tr := newEvaluationTrigger(tc.dim)
		var got []int64
		for n := int64(1); n <= tc.upTo; n++ {
			if tr.fire(n) {
				got = append(got, n)
			}
		}
		if !slicesEqual(got, tc.want) {
			t.Errorf("dim %d: logged evaluations %v, want %v", tc.dim, got, tc.want)
		}
	}
}

func slicesEqual(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTargetTrigger(t *testing.T) {
	type step struct {
		delta float64
		fire  bool
	}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"decades", []step{{100, true}, {99, false}, {89.2, false}, {89.1, true}, {89.1, false}, {1, true}, {0.5, true}, {0.45, false}}},
		{"a boundary belongs to the bin below", []step{{1.2, true}, {1, true}, {0.9, false}, {0.8912, true}}},
		{"below precision counts as 1e-8", []step{{1e-7, true}, {1.05e-8, true}, {5e-9, true}, {1e-12, false}, {1e-8, false}}},
		{"zero counts as 1e-9", []step{{1e-6, true}, {0, true}, {0, false}, {1e-12, false}}},
		{"huge", []step{{3e21, true}, {2e21, true}, {2.9e21, false}, {1e6, true}}},
		{"negative (f_opt not optimal)", []step{{1, true}, {-1, true}, {-0.5, false}, {-2, true}, {-1e-9, false}}},
		{"negative, growing", []step{{1, true}, {-1e-5, true}, {-0.5, true}, {-0.4, false}, {0.1, false}}},
	} {
		tr := newTargetTrigger()
		for i, s := range tc.steps {
			if got := tr.fire(s.delta); got != s.fire {
				t.Errorf("%s: step %d, Δf = %g: fired %v, want %v", tc.name, i, s.delta, got, s.fire)
			}
		}
	}
}

func TestRoundUpWithPrecision(t *testing.T) {
	for _, tc := range []struct{ x, want float64 }{
		{0, 0}, {1, 1e5}, {1e5, 1e5}, {1e5 + 1e-7, 2e5}, {2.5e5, 3e5}, {-1, 0}, {-1.5e5, -1e5}, {3e21, 3e21},
	} {
		if got := roundUpWithPrecision(tc.x, linTargetPrecision); got != tc.want {
			t.Errorf("roundUpWithPrecision(%g, 1e5) = %g, want %g", tc.x, got, tc.want)
		}
	}
}

// TestTargetTriggerShortcut: skipping log10 within a bin (targetTrigger.above)
// changes nothing: the trigger fires as one that computes every Δf, on
// decreasing sequences that visit the bin edges 10^(k/20) and their ulps.
func TestTargetTriggerShortcut(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for seq := range 300 {
		fast, slow := newTargetTrigger(), newTargetTrigger()
		d := math.Pow(10, 3*rng.Float64()+1)
		for step := 0; step < 100 && d > 0; step++ {
			switch rng.IntN(4) {
			case 0: // next to an edge
				k := math.Floor(20 * math.Log10(d))
				d = math.Pow(10, k/20)
				for range rng.IntN(5) {
					d = math.Nextafter(d, 0)
				}
			case 1:
				d *= 1 - 1e-10*rng.Float64()
			case 2:
				d *= rng.Float64()
			default:
				if rng.IntN(20) == 0 {
					d = 0
				}
			}
			slow.above = math.Inf(1)
			if f, s := fast.fire(d), slow.fire(d); f != s {
				t.Fatalf("sequence %d, step %d, Δf = %v: fired %v, computing every Δf %v", seq, step, d, f, s)
			}
		}
	}
}
