package analysis

import (
	"math"
	"slices"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/stats"
)

// Diff compares two sides, each the runs of one method configuration on
// one problem over several starts, measure by measure.
type Diff struct {
	Problem, Gradient string
	A, B              string // the sides' labels
	Paired            bool   // the runs pair up by start (same problem, same starting points)
	Pairs             int    // the starts both sides ran, when paired
	Measures          []MeasureDiff
}

// MeasureDiff is one measure of a Diff: both medians with their intervals,
// the change of B from A, and the test of the difference.
type MeasureDiff struct {
	Measure     string         // fun, a metric's key, time_s, evals, nit, iter_to_target
	A, B        stats.Estimate // medians and 95 % intervals
	NA, NB      int
	ChangePct   float64 // 100 (B - A) / |A|, of the medians
	Test        string  // "wilcoxon" (signed-rank, paired) or "mannwhitneyu"
	Exact       bool    // the test used its exact distribution
	P           float64 // two-sided p-value; NaN when there was nothing to test
	PAdjusted   float64 // P after Holm's correction over every measure of every Diff compared together
	MinP        float64 // the smallest p the test can give with these sizes
	Significant bool    // PAdjusted < alpha
}

// DiffMeasures are the measures CompareSides compares, in order: the final
// value, the problem's metrics, the solver time, the evaluations, the
// iterations, and the iterations to reach f* + MiddleDeltaF (+Inf for a run
// that never did: ranked after every run that did).
func DiffMeasures(p *bench.Problem) []string {
	out := []string{"fun"}
	for _, m := range p.Metrics {
		out = append(out, m.Key)
	}
	return append(out, "time_s", "evals", "nit", "iter_to_target")
}

// value is a run's value of a diff measure.
func value(r bench.Run, m string, fstar float64) float64 {
	switch m {
	case "fun":
		return r.Result.Fun
	case "time_s":
		return r.Result.Runtime.Seconds()
	case "evals":
		return TotalEvals(r)
	case "nit":
		return float64(r.Result.Nit)
	case "iter_to_target":
		for _, p := range r.Result.Trace {
			if p.Fun <= fstar+MiddleDeltaF {
				return float64(p.Iter)
			}
		}
		return math.Inf(1)
	}
	return r.Metric(m)
}

// CompareSides compares side a with side b on every DiffMeasure. When
// paired, runs are matched by start (the starts both ran) and tested with
// the Wilcoxon signed-rank test; otherwise with the Mann-Whitney U test.
// fstar is the problem's reference for iter_to_target. Significance is
// left to AdjustDiffs, which corrects for everything compared together.
func CompareSides(a, b []bench.Run, paired bool, fstar float64) Diff {
	d := Diff{Paired: paired}
	if len(a) > 0 {
		d.Problem, d.Gradient, d.A = a[0].Problem.Name, string(a[0].Gradient), a[0].Label
	}
	if len(b) > 0 {
		d.B = b[0].Label
	}
	var pa, pb []bench.Run // the pairs, in start order
	if paired {
		at := map[int]bench.Run{}
		for _, r := range b {
			at[r.Start] = r
		}
		for _, r := range a {
			if rb, ok := at[r.Start]; ok {
				pa, pb = append(pa, r), append(pb, rb)
			}
		}
		d.Pairs = len(pa)
	}
	for _, m := range DiffMeasures(a[0].Problem) {
		va, vb := values(a, m, fstar), values(b, m, fstar)
		md := MeasureDiff{Measure: m, A: estimate(va), B: estimate(vb), NA: len(va), NB: len(vb), P: math.NaN()}
		switch {
		case !finite(md.A.V) || !finite(md.B.V):
			md.ChangePct = math.NaN() // a median that never reached the target
		case md.A.V == md.B.V:
			md.ChangePct = 0
		default:
			md.ChangePct = 100 * (md.B.V - md.A.V) / math.Abs(md.A.V)
		}
		var err error
		if paired {
			md.Test = "wilcoxon"
			x, y := finiteOrInf(values(pa, m, fstar)), finiteOrInf(values(pb, m, fstar))
			for i := range x {
				if x[i] == y[i] {
					x[i], y[i] = 0, 0 // equal, failed alike, or neither reached the target
				}
			}
			md.P, md.Exact, err = stats.WilcoxonSignedRank(x, y)
			md.MinP = stats.MinWilcoxonP(len(x))
		} else {
			md.Test = "mannwhitneyu"
			md.P, md.Exact, err = stats.MannWhitneyU(finiteOrInf(va), finiteOrInf(vb))
			md.MinP = stats.MinMannWhitneyP(len(va), len(vb))
		}
		if err != nil {
			md.P = 1 // every pair equal: no difference
		}
		d.Measures = append(d.Measures, md)
	}
	return d
}

func values(runs []bench.Run, m string, fstar float64) []float64 {
	out := make([]float64, len(runs))
	for i, r := range runs {
		out[i] = value(r, m, fstar)
	}
	return out
}

// finiteOrInf makes NaN (a failed run's value) rank after every number.
func finiteOrInf(xs []float64) []float64 {
	out := slices.Clone(xs)
	for i, v := range out {
		if math.IsNaN(v) {
			out[i] = math.Inf(1)
		}
	}
	return out
}

// AdjustDiffs applies Holm's correction to the p-values of every measure of
// every diff together, and marks as significant those below alpha.
func AdjustDiffs(ds []Diff, alpha float64) {
	var ps []float64
	for _, d := range ds {
		for _, m := range d.Measures {
			ps = append(ps, m.P)
		}
	}
	adj := stats.HolmAdjust(ps)
	k := 0
	for i := range ds {
		for j := range ds[i].Measures {
			m := &ds[i].Measures[j]
			m.PAdjusted = adj[k]
			m.Significant = m.PAdjusted < alpha
			k++
		}
	}
}
