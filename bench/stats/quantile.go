package stats

import (
	"math"
	"math/bits"
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
	return orderedQuantiles(s, []float64{p})[0]
}

// Quantiles is Quantile of xs at each of ps, from one copy of xs: a
// figure's band takes three quantiles of every start at each of its
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
	return orderedQuantiles(s, ps)
}

// orderedQuantiles is Quantile of s (without NaNs, not empty; reordered)
// at each of ps. The order statistics it needs are selected, not sorted
// for (quickselect: about 2n comparisons each where a sort takes n log n),
// but for an s that holds a zero: selection may leave -0 where a sort
// leaves 0, and the quantile would differ in its sign.
func orderedQuantiles(s, ps []float64) []float64 {
	out := make([]float64, len(ps))
	if slices.Contains(s, 0) || len(s) <= selectMin {
		slices.Sort(s)
		for i, p := range ps {
			out[i] = quantileSorted(s, p)
		}
		return out
	}
	// The ranks each p reads (quantileSorted's lo and hi), in increasing
	// order, each selected in what lies above the last.
	var room [8]int
	ranks := room[:0]
	for _, p := range ps {
		lo, hi := quantileRanks(len(s), p)
		ranks = append(ranks, lo, hi)
	}
	slices.Sort(ranks)
	from := 0
	for _, k := range slices.Compact(ranks) {
		if k >= from {
			selectRank(s[from:], k-from)
			from = k + 1
		}
	}
	for i, p := range ps {
		out[i] = quantileSorted(s, p) // reads only the ranks selected
	}
	return out
}

// quantileRanks are the two order statistics quantileSorted reads for p
// of n values.
func quantileRanks(n int, p float64) (lo, hi int) {
	lo = int(math.Floor(p * float64(n-1)))
	return lo, min(lo+1, n-1)
}

// selectMin is the most values sorted rather than selected from.
const selectMin = 16

// selectRank reorders a so that a[k] is the value a sorted would hold
// there, with no greater value before it and no smaller one after it.
// It partitions around the median of three values (Hoare's scheme) until
// k's part is small, or, after more rounds than a balanced search takes
// (a pathological order), sorts what is left.
func selectRank(a []float64, k int) {
	for rounds := 2 * bits.Len(uint(len(a))); len(a) > selectMin; rounds-- {
		if rounds == 0 {
			break
		}
		v := median3(a[0], a[len(a)/2], a[len(a)-1])
		i, j := 0, len(a)-1
		for i <= j {
			for a[i] < v {
				i++
			}
			for a[j] > v {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		// a[:j+1] <= v, a[i:] >= v, and what lies between equals v.
		switch {
		case k <= j:
			a = a[:j+1]
		case k >= i:
			a, k = a[i:], k-i
		default:
			return
		}
	}
	slices.Sort(a)
}

// median3 is the middle value of a, b and c.
func median3(a, b, c float64) float64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	return max(a, b)
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
