package table

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/stats"
)

// SummaryTable shows one row per problem and solver, in the order of the
// summaries: medians with their confidence intervals (benchstat's ±) and
// shares with Wilson's. People see the best and worst values, the
// intervals of the counts and the metrics, and njev in CSV only; with
// brief, for sweeps of many problems, also the metrics, the intervals and
// the best-at marks, to fit a terminal.
func SummaryTable(a analysis.Analysis, brief bool) Table {
	st := a.Settings
	type S = analysis.Summary
	ci := func(c Column) Column { c.CI, c.Plain = true, brief; return c }
	plain := func(c Column) Column { c.CI, c.Plain = true, true; return c }
	middle := Exp(st.MiddleDeltaF)
	fields := solverFields(len(a.Problems()), func(s S) (*bench.Problem, bench.Solver) { return s.Problem, s.Solver })
	fields = append(fields, []field[S]{
		{Column{Name: "starts", Key: "starts", Kind: Int, Doc: "starting points per row"}, func(s S) any { return s.Starts }},
		{ci(Column{Name: "success", Key: "success_frac", Kind: Percent, Doc: fmt.Sprintf("the share of runs whose status is success, with its %s Wilson score interval [lo-hi]; - for runs on mini-batches that ran their epochs (status epochs), which have no convergence test to pass", analysis.Percent(st.Confidence))}),
			func(s S) any { return s.Success }},
		{Column{Name: "targets", Key: "targets_frac", Kind: Percent, Doc: "the share of the " + targetsDoc(st) + " the runs reached: the runtime ECDF at the end"},
			func(s S) any { return s.Targets }},
		{Column{Key: "reached_" + middle + "_frac", Kind: Percent, CI: true}, func(s S) any { return s.Reached }},
		{Column{Name: "aRT " + middle, Key: "art_" + middle + "_evals", Kind: Count, Doc: "COCO's average runtime to f* + " + middle + ", in evaluations: all the runs' evaluations until they reached it (or ended), over the number that reached it; - when none did"},
			func(s S) any { return s.ART }},
		{Column{Key: "best_fun", Kind: Sig}, func(s S) any { return s.BestF }},
		{ci(Column{Name: "median " + fName(a.Runs), Key: "median_fun", Kind: Sig, Term: "median ... ±", Doc: fmt.Sprintf("the median over the starts of a row, ± the wider side of its %s confidence interval relative to it, as benchstat shows it, or the interval [lo, hi] when that side exceeds the median's magnitude (a median near zero): distribution-free, from order statistics; ±∞ with fewer than %d starts", analysis.Percent(st.Confidence), minStarts(st))}),
			func(s S) any { return s.F }},
		{Column{Key: "worst_fun", Kind: Sig}, func(s S) any { return s.WorstF }},
	}...)
	for _, m := range metrics(a.Runs) {
		c := MetricColumn(m)
		c.Key = "median_" + c.Key
		fields = append(fields, field[S]{plain(forPeople(c, !brief && !m.Detail)), func(s S) any {
			if i := slices.IndexFunc(s.Problem.Metrics, func(pm bench.Metric) bool { return pm.Key == m.Key }); i >= 0 {
				return s.Metrics[i]
			}
			return math.NaN()
		}})
	}
	fields = append(fields, []field[S]{
		{plain(Column{Name: "nit", Key: "median_nit", Kind: Count}), func(s S) any { return s.Nit }},
		{plain(Column{Name: "nfev", Key: "median_nfev", Kind: Count}), func(s S) any { return s.Nfev }},
		{plain(Column{Key: "median_njev", Kind: Count}), func(s S) any { return s.Njev }},
		{ci(Column{Name: "time", Key: "median_time_s", Kind: Seconds}), func(s S) any { return s.Time }},
		{Column{Name: "minima", Key: "minima", Kind: Count, Doc: fmt.Sprintf("distinct final values of the successful runs (within %s relative, plus %s: more than one means local minima); - when none succeeded (an empty cell in summary.csv)", Short(st.MinimaTol), Short(st.LastDeltaF()))},
			func(s S) any {
				if !(s.Success.V > 0) {
					return math.NaN() // none to count: "-" for people, "" for machines
				}
				return float64(s.Minima)
			}},
		{plain(Column{Name: "at f*", Key: "at_fstar_frac", Kind: Percent, Doc: fmt.Sprintf("the share of runs ending within %s relative (plus %s) of f*: the known minimum, or else the best value any run reached (its Wilson interval in summary.csv)", Short(st.MinimaTol), Short(st.LastDeltaF()))}),
			func(s S) any { return s.AtFStar }},
		{forPeople(Column{Name: "best at", Kind: Text, Doc: fmt.Sprintf("the measures (%s) on which the row is the best of its problem, or not significantly worse: Wilcoxon signed-rank test against the best on the same starts (Mann-Whitney U when the starts differ), alpha %g, Holm's correction for the rows compared", bestMeasuresDoc(st), st.Alpha)}, !brief),
			func(s S) any {
				var names []string
				for _, m := range s.BestAt {
					names = append(names, m.Name)
				}
				return cmpOr(strings.Join(names, " "), "-")
			}},
	}...)
	for _, m := range st.BestMeasures {
		fields = append(fields, field[S]{Column{Key: "best_at_" + strings.TrimSuffix(m.Key, "_s"), Kind: Text},
			func(s S) any {
				return strconv.FormatBool(slices.ContainsFunc(s.BestAt, func(b analysis.Measure) bool { return b.Key == m.Key }))
			}})
	}
	title := fmt.Sprintf("Summary over starts: medians ± their %s confidence interval (summary.csv has more)", analysis.Percent(st.Confidence))
	if brief {
		title = "Summary over starts: medians (summary.csv has more)"
	}
	return build(title, fields, a.Summaries)
}

// bestMeasuresDoc names the best-at measures: "f: the final value, time,
// evals".
func bestMeasuresDoc(st analysis.Settings) string {
	var names []string
	for _, m := range st.BestMeasures {
		n := m.Name
		if m.Key == analysis.F.Key {
			n += ": the final value"
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

// minStarts is the fewest starts that give a median a finite interval.
func minStarts(st analysis.Settings) int { return stats.MinSamplesForCI(st.Confidence) }

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ConvergenceTable shows the median value after each of the settings'
// iteration checkpoints, at the end, and after each of their time
// checkpoints.
func ConvergenceTable(a analysis.Analysis) Table {
	st := a.Settings
	type C = analysis.Convergence
	rows := a.Convergence()
	fields := solverFields(len(a.Problems()), func(c C) (*bench.Problem, bench.Solver) { return c.Problem, c.Solver })
	for i, k := range st.IterCheckpoints {
		fields = append(fields, field[C]{Column{Name: "iter " + strconv.Itoa(k), Key: "fun_iter_" + strconv.Itoa(k), Kind: Sig,
			Term: "iter N, end, " + formatSeconds(st.TimeCheckpoints[0].Seconds()) + " ...", Doc: "in the convergence table: the median value after N iterations, at the end, and after that much solver time"},
			func(c C) any { return c.AtIter[i] }})
	}
	fields = append(fields, field[C]{Column{Name: "end", Key: "fun_end", Kind: Sig}, func(c C) any { return c.AtEnd }})
	for i, d := range st.TimeCheckpoints {
		fields = append(fields, field[C]{Column{Name: Duration(d), Key: "fun_time_" + Raw(d.Seconds()) + "s", Kind: Sig},
			func(c C) any { return c.AtTime[i] }})
	}
	return build("Convergence: median value over starts", fields, rows)
}

// targetsDoc names the targets for the glossary: "51 targets f* + Δf (Δf =
// 100 ... 1e-8, COCO's)" with the default settings.
func targetsDoc(st analysis.Settings) string {
	n := len(st.DeltaFs)
	if n == 0 {
		return "targets (none)"
	}
	coco := ""
	if slices.Equal(st.DeltaFs, analysis.DefaultSettings().DeltaFs) {
		coco = ", COCO's"
	}
	return fmt.Sprintf("%d targets f* + Δf (Δf = %s ... %s%s)", n, Short(st.DeltaFs[0]), Short(st.DeltaFs[n-1]), coco)
}
