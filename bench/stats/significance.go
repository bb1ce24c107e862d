package stats

import (
	"errors"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// DefaultConfidence is the level of the confidence intervals, and
// DefaultAlpha the significance level of the tests, as benchstat's.
const (
	DefaultConfidence = 0.95
	DefaultAlpha      = 0.05
)

// MedianCI returns the median of xs (NaNs left out, +Inf counted as the
// largest) and a distribution-free confidence interval for the median at
// level, from order statistics as benchstat makes it: [x_(k), x_(n+1-k)]
// with k the largest order whose binomial(n, 1/2) tail 2 P(B <= k-1) is at
// most 1 - level, so the interval covers the median with probability at
// least level. With too few values for any k (fewer than 6 at 95 %), lo and
// hi are -Inf and +Inf.
func MedianCI(xs []float64, level float64) (med, lo, hi float64) {
	s := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	n := len(s)
	if n == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	slices.Sort(s)
	med = Quantile(s, 0.5)
	b := distuv.Binomial{N: float64(n), P: 0.5}
	k := 0
	for j := 1; j <= (n+1)/2; j++ {
		if 2*b.CDF(float64(j-1)) <= 1-level {
			k = j
		}
	}
	if k == 0 {
		return med, math.Inf(-1), math.Inf(1)
	}
	return med, s[k-1], s[n-k]
}

// MinSamplesForCI is the fewest values MedianCI needs for a finite interval
// at level.
func MinSamplesForCI(level float64) int {
	for n := 1; n < 1000; n++ {
		if 2*math.Pow(0.5, float64(n)) <= 1-level {
			return n
		}
	}
	return 1000
}

// Wilson is the Wilson score interval of a proportion of successes out of
// n trials at level (Wilson 1927): it stays inside [0, 1] and is not
// degenerate at 0 or n successes, unlike the normal approximation.
func Wilson(successes, n int, level float64) (lo, hi float64) {
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	z := distuv.UnitNormal.Quantile(1 - (1-level)/2)
	p, fn := float64(successes)/float64(n), float64(n)
	den := 1 + z*z/fn
	center := (p + z*z/(2*fn)) / den
	half := z / den * math.Sqrt(p*(1-p)/fn+z*z/(4*fn*fn))
	return max(0, center-half), min(1, center+half)
}

// ranks returns the ranks of xs, 1-based, ties given their average rank
// (scipy's rankdata, method "average"), and the sizes of the tie groups.
func ranks(xs []float64) (r []float64, ties []int) {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case xs[a] < xs[b]:
			return -1
		case xs[a] > xs[b]:
			return 1
		}
		return 0
	})
	r = make([]float64, len(xs))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && xs[idx[j+1]] == xs[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = avg
		}
		if j > i {
			ties = append(ties, j-i+1)
		}
		i = j + 1
	}
	return r, ties
}

// ErrNoDifference is the error of a signed-rank test whose differences are
// all zero: scipy refuses it too.
var ErrNoDifference = errors.New("every paired difference is zero")

// WilcoxonSignedRank is the two-sided Wilcoxon signed-rank test of the
// paired samples x and y (equal lengths) with scipy.stats.wilcoxon 1.10's
// defaults: zero_method "wilcox" (zero differences dropped), no continuity
// correction, and mode "auto": the exact distribution of the statistic
// when there are at most 50 pairs and no zero difference (scipy then
// truncates a tied rank sum to an integer, and so does this), the normal
// approximation with the tie correction otherwise. exact says which.
func WilcoxonSignedRank(x, y []float64) (p float64, exact bool, err error) {
	if len(x) != len(y) {
		return math.NaN(), false, errors.New("wilcoxon: samples of different lengths")
	}
	d := make([]float64, len(x))
	zeros := 0
	for i := range x {
		d[i] = x[i] - y[i]
		if d[i] == 0 {
			zeros++
		}
	}
	if len(d) == 0 {
		return math.NaN(), false, errors.New("wilcoxon: no pairs")
	}
	exact = len(d) <= 50 && zeros == 0
	if !exact {
		if zeros == len(d) {
			return math.NaN(), false, ErrNoDifference
		}
		d = slices.DeleteFunc(d, func(v float64) bool { return v == 0 })
	}
	abs := make([]float64, len(d))
	for i, v := range d {
		abs[i] = math.Abs(v)
	}
	r, ties := ranks(abs)
	var rPlus, rMinus float64
	for i, v := range d {
		if v > 0 {
			rPlus += r[i]
		} else if v < 0 {
			rMinus += r[i]
		}
	}
	n := len(d)
	if exact {
		pmf := wilcoxonPMF(n)
		k := int(rPlus)
		if k == (len(pmf)-1)/2 {
			return 1, true, nil
		}
		var less, greater float64
		for i, v := range pmf {
			if i <= k {
				less += v
			}
			if i >= k {
				greater += v
			}
		}
		return min(1, max(0, 2*min(less, greater))), true, nil
	}
	t := min(rPlus, rMinus)
	fn := float64(n)
	mn := fn * (fn + 1) / 4
	se := fn * (fn + 1) * (2*fn + 1)
	for _, c := range ties {
		fc := float64(c)
		se -= 0.5 * fc * (fc*fc - 1)
	}
	se = math.Sqrt(se / 24)
	z := (t - mn) / se
	return 2 * distuv.UnitNormal.Survival(math.Abs(z)), false, nil
}

// wilcoxonPMF is the distribution of the positive rank sum of n pairs under
// the null hypothesis, over 0 ... n(n+1)/2 (scipy's _get_wilcoxon_distr).
func wilcoxonPMF(n int) []float64 {
	c := []float64{1}
	for k := 1; k <= n; k++ {
		next := make([]float64, k*(k+1)/2+1)
		m := len(c)
		for i, v := range c {
			next[i] += v / 2
			next[len(next)-m+i] += v / 2
		}
		c = next
	}
	return c
}

// MannWhitneyU is the two-sided Mann-Whitney U test of the independent
// samples x and y with scipy.stats.mannwhitneyu 1.10's defaults: the exact
// distribution of U when one sample has at most 8 values and no value is
// tied, the normal approximation with the tie and continuity corrections
// otherwise. exact says which.
func MannWhitneyU(x, y []float64) (p float64, exact bool, err error) {
	n1, n2 := len(x), len(y)
	if n1 == 0 || n2 == 0 {
		return math.NaN(), false, errors.New("mann-whitney: an empty sample")
	}
	xy := slices.Concat(x, y)
	r, ties := ranks(xy)
	var r1 float64
	for _, v := range r[:n1] {
		r1 += v
	}
	u1 := r1 - float64(n1*(n1+1))/2
	u := max(u1, float64(n1*n2)-u1)
	exact = !(n1 > 8 && n2 > 8) && len(ties) == 0 && exactUFeasible(n1, n2)
	if exact {
		counts, total := uCounts(n1, n2)
		k := n1*n2 - int(u) // the survival function at U, by symmetry
		var cdf float64
		for i := 0; i <= k && i < len(counts); i++ {
			cdf += counts[i]
		}
		return min(1, max(0, 2*cdf/total)), true, nil
	}
	n := float64(n1 + n2)
	var tieTerm float64
	for _, c := range ties {
		fc := float64(c)
		tieTerm += fc*fc*fc - fc
	}
	s := math.Sqrt(float64(n1*n2) / 12 * ((n + 1) - tieTerm/(n*(n-1))))
	z := (u - float64(n1*n2)/2 - 0.5) / s
	return min(1, max(0, 2*distuv.UnitNormal.Survival(z))), false, nil
}

// uCounts are the numbers of arrangements of n1 and n2 values that give
// U = 0 ... n1 n2, and their total C(n1+n2, n1): the partitions of U into
// at most m parts of at most n each (m, n the smaller and larger size),
// counted by adding only, so that no count loses precision to a
// cancellation.
func uCounts(n1, n2 int) (counts []float64, total float64) {
	m, n := min(n1, n2), max(n1, n2)
	// dp[c][k]: partitions of k into c parts, each at most the part size
	// reached so far.
	dp := make([][]float64, m+1)
	for c := range dp {
		dp[c] = make([]float64, m*n+1)
	}
	dp[0][0] = 1
	for size := 1; size <= n; size++ {
		for c := 1; c <= m; c++ {
			for k := size; k <= c*size && k <= m*n; k++ {
				dp[c][k] += dp[c-1][k-size]
			}
		}
	}
	counts = make([]float64, m*n+1)
	for c := range dp {
		for k, v := range dp[c] {
			counts[k] += v
		}
	}
	for _, v := range counts {
		total += v
	}
	return counts, total
}

// exactUFeasible says whether the exact U distribution is cheap enough to
// count (about 1e8 additions); beyond, MannWhitneyU uses the normal
// approximation where scipy would still count.
func exactUFeasible(n1, n2 int) bool {
	m, n := min(n1, n2), max(n1, n2)
	return float64(m)*float64(m)*float64(n)*float64(n) <= 1e8
}

// HolmAdjust returns the Holm-Bonferroni adjusted p-values: with m tests,
// the i-th smallest p is multiplied by m - i + 1 (i from 1), made
// non-decreasing in that order and capped at 1. A test is significant at
// alpha when its adjusted p is below alpha; the chance of any false
// positive among the m is then at most alpha.
func HolmAdjust(ps []float64) []float64 {
	m := 0
	for _, p := range ps {
		if !math.IsNaN(p) {
			m++
		}
	}
	idx := make([]int, 0, len(ps))
	for i, p := range ps {
		if !math.IsNaN(p) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case ps[a] < ps[b]:
			return -1
		case ps[a] > ps[b]:
			return 1
		}
		return 0
	})
	out := make([]float64, len(ps))
	for i := range out {
		out[i] = math.NaN()
	}
	running := 0.0
	for rank, i := range idx {
		adj := min(1, ps[i]*float64(m-rank))
		running = max(running, adj)
		out[i] = running
	}
	return out
}

// minWilcoxonP is the smallest two-sided p-value the exact signed-rank test
// can give for n pairs: every difference of one sign.
func MinWilcoxonP(n int) float64 { return min(1, 2*math.Pow(0.5, float64(n))) }

// minMannWhitneyP is the smallest two-sided p-value the exact U test can
// give for samples of n1 and n2 values: complete separation.
func MinMannWhitneyP(n1, n2 int) float64 {
	return min(1, 2/math.Exp(lchoose(n1+n2, n1)))
}

// lchoose is log C(n, k).
func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// Estimate is a value with its confidence interval [Lo, Hi].
type Estimate struct{ V, Lo, Hi float64 }

// MedianEstimate is the median of xs with its distribution-free
// confidence interval at level (see MedianCI).
func MedianEstimate(xs []float64, level float64) Estimate {
	m, lo, hi := MedianCI(xs, level)
	return Estimate{m, lo, hi}
}
