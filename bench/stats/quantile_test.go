package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestQuantile(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		xs   []float64
		p    float64
		want float64
	}{
		{[]float64{3, 1, 2}, 0.5, 2},
		{[]float64{4, 1, 3, 2}, 0.5, 2.5},
		{[]float64{1, 2, 3, 4, 5}, 0.2, 1.8},
		{[]float64{1, 2, 3, 4, 5}, 0, 1},
		{[]float64{1, 2, 3, 4, 5}, 1, 5},
		{[]float64{1, math.NaN(), 3}, 0.5, 2},
		{[]float64{1, inf, inf}, 0.5, inf},
		{[]float64{1, 2, inf}, 0.5, 2},
	} {
		if got := Quantile(tc.xs, tc.p); got != tc.want {
			t.Errorf("Quantile(%v, %v) = %v, want %v", tc.xs, tc.p, got, tc.want)
		}
		// Quantiles is Quantile at each p, whatever else it is asked.
		if got := Quantiles(tc.xs, 0.8, tc.p, 0.2); got[1] != tc.want || got[0] != Quantile(tc.xs, 0.8) || got[2] != Quantile(tc.xs, 0.2) {
			t.Errorf("Quantiles(%v, 0.8, %v, 0.2) = %v, want %v in the middle", tc.xs, tc.p, got, tc.want)
		}
	}
	if got := Median(nil); !math.IsNaN(got) {
		t.Errorf("median of nothing = %v, want NaN", got)
	}
	if got := Quantiles([]float64{math.NaN()}, 0.5, 0.2); len(got) != 2 || !math.IsNaN(got[0]) || !math.IsNaN(got[1]) {
		t.Errorf("Quantiles of no number = %v, want two NaNs", got)
	}
}

func TestClusters(t *testing.T) {
	for _, tc := range []struct {
		xs   []float64
		want int
	}{
		{nil, 0},
		{[]float64{0.12, 0.12000001, 0.1200000099}, 1},
		{[]float64{0.12, 0.15, 0.12001, 0.4931, 0.4931}, 3},
		{[]float64{100, 100.005, 100.02}, 2},        // relative above 1
		{[]float64{1e-11, 4e-9, 2.8e-5, 4.2e-5}, 3}, // near 0: within abs only
	} {
		if got := Clusters(tc.xs, 1e-4, 1e-8); got != tc.want {
			t.Errorf("clusters(%v) = %d, want %d", tc.xs, got, tc.want)
		}
	}
}

// TestQuantilesSelect: the quantiles selected are those of a sorted copy,
// bit for bit, whatever the values' order (sorted, reversed, all equal,
// organ pipes, random with many ties, infinities) and the ps asked for.
func TestQuantilesSelect(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	orders := map[string]func(n int) []float64{
		"random ties": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(rng.IntN(7)) - 3.5
			}
			return xs
		},
		"random": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(20)-10))
			}
			return xs
		},
		"sorted": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(i) + 0.5
			}
			return xs
		},
		"reversed": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(n-i) + 0.5
			}
			return xs
		},
		"equal": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = 1.5
			}
			return xs
		},
		"organ pipe": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(min(i, n-i)) + 0.25
			}
			return xs
		},
		"infinities": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = [...]float64{math.Inf(1), math.Inf(-1), 2.5, -7}[rng.IntN(4)]
			}
			return xs
		},
	}
	pss := [][]float64{{0.5, 0.2, 0.8}, {0, 1}, {0.5}, {0.999, 0.001, 0.5, 0.5}}
	for name, make := range orders {
		for _, n := range []int{1, 2, 3, 16, 17, 18, 31, 100, 257, 1000, 8000} {
			xs := make(n)
			for _, ps := range pss {
				want := sortedQuantiles(xs, ps)
				got := Quantiles(xs, ps...)
				for i := range ps {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Errorf("%s, n %d, p %v: %v, sorted %v", name, n, ps[i], got[i], want[i])
					}
				}
				if q := Quantile(xs, ps[0]); math.Float64bits(q) != math.Float64bits(want[0]) {
					t.Errorf("%s, n %d: Quantile(%v) %v, sorted %v", name, n, ps[0], q, want[0])
				}
			}
		}
	}
}

// sortedQuantiles is Quantiles as it was: a sorted copy, read at each p.
func sortedQuantiles(xs, ps []float64) []float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = quantileSorted(s, p)
	}
	return out
}

func BenchmarkQuantiles(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 8000)
	for i := range xs {
		xs[i] = rng.ExpFloat64()
	}
	for b.Loop() {
		Quantiles(xs, 0.5, 0.2, 0.8)
	}
}
