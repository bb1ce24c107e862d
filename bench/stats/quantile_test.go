package stats

import (
	"math"
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
