package analysis

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/stats"
	"github.com/optbench/optbench/solvers"
)

// MinimaTol is the relative tolerance within which two final losses count
// as the same minimum: |a-b| <= MinimaTol*max(1,|a|).
const MinimaTol = 1e-4

// BestLoss is the lowest finite final value of the runs, NaN if none.
func BestLoss(runs []bench.Run) float64 {
	best := math.NaN()
	for _, r := range runs {
		if f := r.Result.Fun; !math.IsInf(f, 0) && !(f >= best) {
			best = f
		}
	}
	return best
}

// Group is the runs of one problem and solver, over all starts.
type Group struct {
	Problem *bench.Problem
	bench.Solver
	Runs []bench.Run
}

// groupKey is what Groups groups runs by.
type groupKey struct {
	problem string
	solver  bench.Solver
}

// Groups splits runs by problem and solver, in order of first appearance.
func Groups(runs []bench.Run) []Group {
	var out []Group
	for _, g := range bench.GroupBy(runs, func(r bench.Run) groupKey { return groupKey{r.Problem.Name, r.Solver} }) {
		out = append(out, Group{Problem: g.Members[0].Problem, Solver: g.Key.solver, Runs: g.Members})
	}
	return out
}

// Summary describes a Group. Medians are over its starts.
type Summary struct {
	Problem       *bench.Problem
	Method        string
	Label         string
	Gradient      solvers.GradientMode
	Starts        int
	Success       float64 // fraction of runs whose Status is success
	Targets       float64 // fraction of the (start, target) pairs reached: the runtime ECDF at the end
	ART           float64 // average runtime in evaluations to f* + MiddleDeltaF; +Inf when no run reached it
	BestLoss      float64
	MedianLoss    float64
	WorstLoss     float64
	MedianMetrics []float64 // per Problem.Metrics
	MedianNit     float64
	MedianNfev    float64
	MedianNjev    float64
	MedianTime    float64 // seconds
	Minima        int     // distinct final values of the successful runs (MinimaTol)
	AtBest        float64 // fraction of runs ending within MinimaTol of f* (the problem's reference)

	// Confidence intervals at stats.DefaultConfidence: Wilson's for the share of
	// successes, distribution-free (MedianCI) for the medians.
	SuccessCI, AtBestCI, LossCI, NitCI, NfevCI, NjevCI, TimeCI stats.Estimate
	// ReachedCI is the share of runs that reached f* + MiddleDeltaF, with
	// its Wilson interval: a target rate over independent starts (Targets
	// shares targets of the same starts, which are not independent).
	ReachedCI stats.Estimate
	MetricCIs []stats.Estimate // per Problem.Metrics

	// BestAt lists the measures (BestMeasures) on which the group is the
	// best of its problem, or not significantly worse than the best.
	BestAt []string
}

// BestMeasures are the measures Summarize marks the best groups by: the
// final value, the solver time and the evaluations (TotalEvals), lower
// better.
var BestMeasures = []string{"f", "time", "evals"}

// measure is a run's value of one of BestMeasures; a value that is not
// finite counts as worse than any.
func measure(r bench.Run, m string) float64 {
	var v float64
	switch m {
	case "f":
		v = r.Result.Fun
	case "time":
		v = r.Result.Runtime.Seconds()
	case "evals":
		v = TotalEvals(r)
	}
	if math.IsNaN(v) {
		return math.Inf(1)
	}
	return v
}

// Summarize computes one Summary per group: problems in order of first
// appearance, and within one, by aRT to the middle target, then by median
// final value.
func Summarize(runs []bench.Run, refs map[string]Reference) []Summary {
	var out []Summary
	for _, g := range Groups(runs) {
		ref := refs[g.Problem.Name]
		s := Summary{Problem: g.Problem, Method: g.Method, Label: g.Label, Gradient: g.Gradient, Starts: len(g.Runs)}
		var loss, nit, nfev, njev, secs, converged []float64
		metrics := make([][]float64, len(g.Problem.Metrics))
		reached := 0
		for _, r := range g.Runs {
			res := r.Result
			if res.Status == solvers.Success {
				s.Success++
				converged = append(converged, res.Fun)
			}
			for _, re := range reaches(r, ref.FStar) {
				if re.ok {
					reached++
				}
			}
			if math.Abs(res.Fun-ref.FStar) <= MinimaTol*max(1, math.Abs(ref.FStar)) {
				s.AtBest++
			}
			loss = append(loss, res.Fun)
			for i := range metrics {
				metrics[i] = append(metrics[i], r.Metrics[i])
			}
			nit = append(nit, float64(res.Nit))
			nfev = append(nfev, float64(res.Nfev))
			njev = append(njev, float64(res.Njev))
			secs = append(secs, res.Runtime.Seconds())
		}
		n := float64(len(g.Runs))
		s.Success /= n
		s.AtBest /= n
		s.Targets = float64(reached) / (n * float64(len(DeltaFs)))
		s.ART = groupARTs(g, ref.FStar)[slices.Index(DeltaFs, MiddleDeltaF)].Evals
		s.BestLoss, s.MedianLoss, s.WorstLoss = stats.Quantile(loss, 0), stats.Median(loss), stats.Quantile(loss, 1)
		for _, m := range metrics {
			s.MedianMetrics = append(s.MedianMetrics, stats.Median(m))
			s.MetricCIs = append(s.MetricCIs, estimate(m))
		}
		s.MedianNit, s.MedianNfev, s.MedianNjev = stats.Median(nit), stats.Median(nfev), stats.Median(njev)
		s.MedianTime = stats.Median(secs)
		lo, hi := stats.Wilson(int(math.Round(s.Success*n)), len(g.Runs), stats.DefaultConfidence)
		s.SuccessCI = stats.Estimate{V: s.Success, Lo: lo, Hi: hi}
		middle := slices.Index(DeltaFs, MiddleDeltaF)
		reachedMiddle := 0
		for _, r := range g.Runs {
			if reaches(r, ref.FStar)[middle].ok {
				reachedMiddle++
			}
		}
		lo, hi = stats.Wilson(reachedMiddle, len(g.Runs), stats.DefaultConfidence)
		s.ReachedCI = stats.Estimate{V: float64(reachedMiddle) / n, Lo: lo, Hi: hi}
		lo, hi = stats.Wilson(int(math.Round(s.AtBest*n)), len(g.Runs), stats.DefaultConfidence)
		s.AtBestCI = stats.Estimate{V: s.AtBest, Lo: lo, Hi: hi}
		s.LossCI, s.NitCI, s.NfevCI, s.NjevCI, s.TimeCI = estimate(loss), estimate(nit), estimate(nfev), estimate(njev), estimate(secs)
		s.Minima = stats.Clusters(converged, MinimaTol)
		out = append(out, s)
	}
	markBest(out, Groups(runs))
	problems := problemOrder(runs)
	slices.SortStableFunc(out, func(a, b Summary) int {
		return cmp.Or(cmp.Compare(problems[a.Problem.Name], problems[b.Problem.Name]),
			cmpNaNLast(a.ART, b.ART), cmpNaNLast(a.MedianLoss, b.MedianLoss))
	})
	return out
}

// estimate is the median of xs with its confidence interval.
func estimate(xs []float64) stats.Estimate {
	m, lo, hi := stats.MedianCI(xs, stats.DefaultConfidence)
	return stats.Estimate{V: m, Lo: lo, Hi: hi}
}

// markBest sets each summary's BestAt: within a problem, for each measure,
// the group of lowest median, and every group whose difference from it is
// not significant at stats.DefaultAlpha: by the Wilcoxon signed-rank test on the
// starts both ran (the same starting points, so the runs pair up), or the
// Mann-Whitney U test when their starts differ, with Holm's correction for
// the comparisons with the best of that problem and measure. sums and
// groups are in the same order.
func markBest(sums []Summary, groups []Group) {
	byProblem := map[string][]int{}
	var order []string
	for i, g := range groups {
		if _, ok := byProblem[g.Problem.Name]; !ok {
			order = append(order, g.Problem.Name)
		}
		byProblem[g.Problem.Name] = append(byProblem[g.Problem.Name], i)
	}
	for _, name := range order {
		members := byProblem[name]
		for _, m := range BestMeasures {
			values := make([][]float64, len(members))
			best := -1
			for j, gi := range members {
				for _, r := range groups[gi].Runs {
					values[j] = append(values[j], measure(r, m))
				}
				if best < 0 || stats.Median(values[j]) < stats.Median(values[best]) {
					best = j
				}
			}
			ps := make([]float64, len(members))
			for j, gi := range members {
				ps[j] = math.NaN()
				if j != best {
					ps[j] = compareGroups(groups[members[best]], groups[gi], values[best], values[j])
				}
			}
			adj := stats.HolmAdjust(ps)
			for j := range members {
				if j == best || !(adj[j] < stats.DefaultAlpha) {
					sums[members[j]].BestAt = append(sums[members[j]].BestAt, m)
				}
			}
		}
	}
}

// compareGroups is the p-value of the difference between two groups'
// values: paired by start when they ran the same starts, else unpaired. A
// test that cannot be made (all pairs equal) gives 1: no difference.
func compareGroups(a, b Group, va, vb []float64) float64 {
	if sameStarts(a, b) {
		x, y := make([]float64, len(va)), make([]float64, len(vb))
		at := map[int]int{}
		for i, r := range b.Runs {
			at[r.Start] = i
		}
		for i, r := range a.Runs {
			x[i], y[i] = va[i], vb[at[r.Start]]
			if math.IsInf(x[i], 1) && math.IsInf(y[i], 1) {
				x[i], y[i] = 0, 0 // both failed: no difference
			}
		}
		p, _, err := stats.WilcoxonSignedRank(x, y)
		if err != nil {
			return 1
		}
		return p
	}
	p, _, err := stats.MannWhitneyU(va, vb)
	if err != nil {
		return 1
	}
	return p
}

// sameStarts says whether two groups ran the same set of starts.
func sameStarts(a, b Group) bool {
	if len(a.Runs) != len(b.Runs) {
		return false
	}
	starts := map[int]bool{}
	for _, r := range a.Runs {
		starts[r.Start] = true
	}
	for _, r := range b.Runs {
		if !starts[r.Start] {
			return false
		}
	}
	return true
}

// problemOrder numbers the problems of runs in order of first appearance.
func problemOrder(runs []bench.Run) map[string]int {
	order := map[string]int{}
	for _, r := range runs {
		if _, ok := order[r.Problem.Name]; !ok {
			order[r.Problem.Name] = len(order)
		}
	}
	return order
}

func cmpNaNLast(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	}
	return cmp.Compare(a, b)
}

// Checkpoints of the convergence table.
var (
	IterCheckpoints = []int{1, 10, 100, 1000}
	TimeCheckpoints = []time.Duration{time.Millisecond, 10 * time.Millisecond, 100 * time.Millisecond, time.Second}
)

// LossAtIter is the loss after k iterations, or the final loss of a run
// that ended before k.
func LossAtIter(r bench.Run, k int) float64 {
	tr := r.Result.Trace
	i := sort.Search(len(tr), func(i int) bool { return tr[i].Iter > k })
	if i == 0 {
		return r.Result.Fun
	}
	return tr[i-1].Fun
}

// LossAtTime is the loss of the last iterate reached within d of solver
// time (the final loss if the run ended earlier), NaN if not even x0's
// value was known by then.
func LossAtTime(r bench.Run, d time.Duration) float64 {
	tr := r.Result.Trace
	i := sort.Search(len(tr), func(i int) bool { return tr[i].Time > d })
	if i == 0 {
		return math.NaN()
	}
	return tr[i-1].Fun
}

// Convergence is one row of the convergence table: median losses at the
// iteration and time checkpoints, and at the end.
type Convergence struct {
	Problem  *bench.Problem
	Method   string
	Label    string
	Gradient solvers.GradientMode
	AtIter   []float64 // per IterCheckpoints
	AtEnd    float64
	AtTime   []float64 // per TimeCheckpoints
}

// ConvergenceRows computes the convergence table, groups in the order of
// summaries.
func ConvergenceRows(runs []bench.Run, order []Summary) []Convergence {
	groups := Groups(runs)
	var out []Convergence
	for _, s := range order {
		i := slices.IndexFunc(groups, func(g Group) bool {
			return g.Problem.Name == s.Problem.Name && g.Label == s.Label && g.Gradient == s.Gradient
		})
		g := groups[i]
		c := Convergence{Problem: g.Problem, Method: g.Method, Label: g.Label, Gradient: g.Gradient}
		var end []float64
		for _, k := range IterCheckpoints {
			var v []float64
			for _, r := range g.Runs {
				v = append(v, LossAtIter(r, k))
			}
			c.AtIter = append(c.AtIter, stats.Median(v))
		}
		for _, d := range TimeCheckpoints {
			var v []float64
			for _, r := range g.Runs {
				v = append(v, LossAtTime(r, d))
			}
			c.AtTime = append(c.AtTime, stats.Median(v))
		}
		for _, r := range g.Runs {
			end = append(end, r.Result.Fun)
		}
		c.AtEnd = stats.Median(end)
		out = append(out, c)
	}
	return out
}
