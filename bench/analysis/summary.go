package analysis

import (
	"cmp"
	"math"
	"slices"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/stats"
	"github.com/optbench/optbench/solvers"
)

// BestF is the lowest finite final value of the runs, NaN if none.
func BestF(runs []bench.Run) float64 {
	best := math.NaN()
	for _, r := range runs {
		if f := r.Result.Fun; !math.IsInf(f, 0) && !(f >= best) {
			best = f
		}
	}
	return best
}

// Summary describes a Group over its starts. Medians come with their
// distribution-free intervals and shares with Wilson's, at
// Settings.Confidence.
type Summary struct {
	Problem *bench.Problem
	bench.Solver
	Starts int
	// Success is the share of runs whose status is success, of those
	// for which success is defined (SuccessDefined); NaN when there are
	// none, as in a row of mini-batch runs that ran their epochs.
	Success stats.Estimate
	Targets float64 // the share of (start, target) pairs reached: the runtime ECDF at the end
	// Reached is the share of runs that reached f* + MiddleDeltaF: a
	// target rate over independent starts (Targets shares targets of the
	// same starts, which are not independent).
	Reached stats.Estimate
	ART     float64 // average runtime in evaluations to f* + MiddleDeltaF; +Inf when no run reached it

	BestF, WorstF      float64
	F, Nit, Nfev, Njev stats.Estimate   // medians
	Time               stats.Estimate   // median seconds
	Metrics            []stats.Estimate // medians, per Problem.Metrics
	Minima             int              // distinct final values of the successful runs (within MinimaTol)
	AtFStar            stats.Estimate   // the share of runs ending within MinimaTol of f* (the problem's reference)

	// BestAt lists the measures of Settings.BestMeasures on which the group is the
	// best of its problem, or not significantly worse than the best.
	BestAt []Measure
}

// Summarize computes one Summary per group: problems in order of first
// appearance, and within one, by aRT to the middle target, then by median
// final value.
func Summarize(runs []bench.Run, refs map[string]Reference, st Settings) []Summary {
	groups := Groups(runs)
	middle := st.middle()
	var out []Summary
	for _, g := range groups {
		fstar := refs[g.Problem.Name].FStar
		s := Summary{Problem: g.Problem, Solver: g.Solver, Starts: len(g.Runs)}
		var converged []float64
		success, judged, reached, reachedMiddle, atFStar := 0, 0, 0, 0, 0
		var rs []reach
		// The aRT to the middle target, summed in the same pass over the
		// traces as groupARTs sums it (in run order, the cost to the
		// target where reached, to the end where not).
		artSum := 0.0
		for j := range g.Runs {
			r := &g.Runs[j]
			if SuccessDefined(*r) {
				judged++
			}
			if r.Result.Status == solvers.Success || r.Result.Status == solvers.Target {
				success++
				converged = append(converged, r.Result.Fun)
			}
			rs = reaches(rs, r, fstar, st.DeltaFs)
			for _, re := range rs {
				if re.ok {
					reached++
				}
			}
			if middle >= 0 && rs[middle].ok {
				reachedMiddle++
				artSum += rs[middle].evals
			} else if middle >= 0 {
				artSum += evals(r, r.Result.Nfev, r.Result.Njev, r.Result.Nhev)
			}
			if st.SameMinimum(refs[g.Problem.Name], r.Result.Fun, fstar) {
				atFStar++
			}
		}
		n := len(g.Runs)
		s.Success = share(success, judged, st.Confidence)
		s.Reached = share(reachedMiddle, n, st.Confidence)
		s.AtFStar = share(atFStar, n, st.Confidence)
		s.Targets = float64(reached) / float64(n*len(st.DeltaFs))
		s.ART = math.NaN()
		switch {
		case middle >= 0 && reachedMiddle == 0:
			s.ART = math.Inf(1)
		case middle >= 0:
			s.ART = artSum / float64(reachedMiddle)
		}
		f := F.values(g.Runs, 0)
		s.BestF, s.WorstF = stats.Quantile(f, 0), stats.Quantile(f, 1)
		median := func(m Measure) stats.Estimate { return stats.MedianEstimate(m.values(g.Runs, 0), st.Confidence) }
		s.F, s.Nit, s.Nfev, s.Njev, s.Time = median(F), median(Nit), median(Nfev), median(Njev), median(Time)
		for _, m := range g.Problem.Metrics {
			s.Metrics = append(s.Metrics, median(MetricMeasure(m)))
		}
		rel, abs, shift := st.minimumTols(refs[g.Problem.Name])
		for i := range converged {
			converged[i] -= shift
		}
		s.Minima = stats.Clusters(converged, rel, abs)
		out = append(out, s)
	}
	markBest(out, groups, refs, st)
	problems := map[string]int{}
	for i, p := range bench.Problems(runs) {
		problems[p.Name] = i
	}
	// By aRT, then median f; by median f alone where the targets are left
	// out (their aRT is measured from a circular f*, and not shown).
	circular := circularSet(runs)
	slices.SortStableFunc(out, func(a, b Summary) int {
		byART := 0
		if !circular[a.Problem.Name] {
			byART = cmpNaNLast(a.ART, b.ART)
		}
		return cmp.Or(cmp.Compare(problems[a.Problem.Name], problems[b.Problem.Name]), byART, cmpNaNLast(a.F.V, b.F.V))
	})
	return out
}

// SuccessDefined reports whether a run can have succeeded: every run but
// one on mini-batches that ran its epochs (status epochs), which has no
// convergence test to pass (Gtol does not apply to a batch's gradient).
func SuccessDefined(r bench.Run) bool { return r.Result.Status != solvers.Epochs }

// share is k of n with its Wilson interval at level; NaN (and no interval)
// when n is 0.
func share(k, n int, level float64) stats.Estimate {
	if n == 0 {
		return stats.Estimate{V: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	}
	lo, hi := stats.Wilson(k, n, level)
	return stats.Estimate{V: float64(k) / float64(n), Lo: lo, Hi: hi}
}

// markBest sets each summary's BestAt: within a problem, for each of
// st.BestMeasures, the group of lowest median, and every group whose
// difference from it is not significant at st.Alpha, tested by the
// Pairing rule, with Holm's correction for the comparisons with the best
// of that problem and measure. sums and groups are in the same order.
func markBest(sums []Summary, groups []Group, refs map[string]Reference, st Settings) {
	for _, members := range byProblem(groups) {
		ref := refs[members.Key]
		gs := make([]Group, len(members.Members))
		for j, gi := range members.Members {
			gs[j] = groups[gi]
		}
		for _, m := range st.BestMeasures {
			r := rankOn(gs, m, ref.FStar+st.MiddleDeltaF, st.Alpha)
			for j, gi := range members.Members {
				// The same minimum as the best is best at f, however
				// consistently it differs below the tolerance (1e-15
				// against 1e-19 on Wood is no difference).
				sameF := m.Key == F.Key && st.SameMinimum(ref, r.medians[j], r.medians[r.best])
				if sameF || !r.worse[j] {
					sums[gi].BestAt = append(sums[gi].BestAt, m)
				}
			}
		}
	}
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
