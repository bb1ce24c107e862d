package stats

import (
	"math"
	"slices"
)

// quantile returns the p-quantile of xs by linear interpolation between
// order statistics (numpy's default, "type 7"): the median of an even count
// is the mean of the middle two. NaNs are left out; +Inf counts as larger
// than everything (a run that never reached a target). NaN for no values.
func Quantile(xs []float64, p float64) float64 {
	s := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return math.NaN()
	}
	slices.Sort(s)
	return quantileSorted(s, p)
}

// Quantiles is Quantile of xs at each of ps, from one sorted copy of xs:
// a figure's band takes three quantiles of every start at each of its
// points.
func Quantiles(xs []float64, ps ...float64) []float64 {
	s := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	out := make([]float64, len(ps))
	if len(s) == 0 {
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	slices.Sort(s)
	for i, p := range ps {
		out[i] = quantileSorted(s, p)
	}
	return out
}

// quantileSorted is Quantile of s, sorted and without NaNs, not empty.
func quantileSorted(s []float64, p float64) float64 {
	h := p * float64(len(s)-1)
	lo := int(math.Floor(h))
	hi := min(lo+1, len(s)-1)
	if s[lo] == s[hi] || h == float64(lo) {
		return s[lo]
	}
	return s[lo] + (h-float64(lo))*(s[hi]-s[lo])
}

func Median(xs []float64) float64 { return Quantile(xs, 0.5) }

// Clusters counts the groups of values that lie within rel |v| + abs of
// the smallest value v of their group, scanning in increasing order. NaNs
// are left out.
func Clusters(xs []float64, rel, abs float64) int {
	s := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	slices.Sort(s)
	n := 0
	var first float64
	for i, x := range s {
		if i == 0 || x-first > rel*math.Abs(first)+abs {
			n++
			first = x
		}
	}
	return n
}
