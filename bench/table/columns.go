package table

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
)

// Columns every table shares.
var (
	colProblem  = Column{Name: "problem", Key: "problem", Kind: Text, Doc: "the objective minimized, by name (a function of variable dimension with its dimension: ExtendedRosenbrock:10)"}
	colMethod   = Column{Key: "method", Kind: Text}
	colLabel    = Column{Name: "method", Key: "label", Kind: Text, Doc: "the method with the parameters that differ from its defaults, e.g. BFGS[linesearch=more-thuente]; \"optbench methods\" lists them all"}
	colGradient = Column{Name: "gradient", Key: "gradient", Kind: Text, Doc: "analytic, or 2-point or 3-point finite differences; none for Nelder-Mead"}
)

// problemColumn is the problem column, for machines only when every row has
// the same problem.
func problemColumn(problems int) Column {
	c := colProblem
	if problems <= 1 {
		c.Name = ""
	}
	return c
}

// metricColumns are the extra metrics of the runs' problems, each key once,
// in order of first appearance; with summary, the Detail ones for machines
// only.
func metricColumns(runs []bench.Run, summary bool) []Column {
	var cols []Column
	for _, p := range bench.Problems(runs) {
		for _, m := range p.Metrics {
			if !slices.ContainsFunc(cols, func(c Column) bool { return c.Key == m.Key }) {
				c := MetricColumn(m)
				if summary && m.Detail {
					c.Name = ""
				}
				cols = append(cols, c)
			}
		}
	}
	return cols
}

// fColumns name the value columns after the problems' FName when they all
// share one.
func fName(runs []bench.Run) string {
	ps := bench.Problems(runs)
	name := "f"
	if len(ps) > 0 {
		name = ps[0].ValueName()
	}
	for _, p := range ps {
		if p.ValueName() != name {
			return "f"
		}
	}
	return name
}

// fDoc explains the value column: the problems' FDoc when they share one.
func fDoc(runs []bench.Run) string {
	doc := "the value minimized, at the end"
	ps := bench.Problems(runs)
	for i, p := range ps {
		if p.FDoc == "" || (i > 0 && p.FDoc != ps[0].FDoc) {
			return doc
		}
	}
	if len(ps) == 0 {
		return doc
	}
	return doc + ": " + ps[0].FDoc
}

// RunsTable is the table of single runs: one row per run; the start column
// for people only withStart.
func RunsTable(runs []bench.Run, withStart bool) Table {
	f := fName(runs)
	start := Column{Name: "start", Key: "start", Kind: Int, Doc: "the starting point's number: 0 is the problem's standard start"}
	if !withStart {
		start.Name = ""
	}
	metrics := metricColumns(runs, false)
	t := Table{Title: "Runs", Columns: []Column{problemColumn(len(bench.Problems(runs))), colMethod, colLabel, colGradient, start,
		{Name: "status", Key: "status", Kind: Text},
		{Name: f, Key: "fun", Kind: Sig, Doc: fDoc(runs)}}}
	t.Columns = append(t.Columns, metrics...)
	t.Columns = append(t.Columns,
		Column{Name: "nit", Key: "nit", Kind: Int, Doc: "iterations: the steps taken from the start"},
		Column{Name: "nfev", Key: "nfev", Kind: Int, Doc: "evaluations of f, line-search trials and finite differences included, as scipy counts them"},
		Column{Name: "njev", Key: "njev", Kind: Int, Doc: "evaluations of the gradient, as scipy counts them"},
		Column{Name: "time", Key: "time_s", Kind: Seconds, Doc: "the solver's wall time for the run"},
		Column{Name: "time/iter", Key: "time_per_iter_s", Kind: Seconds, Doc: "time over nit"})
	for _, r := range runs {
		res := r.Result
		perIter := math.NaN()
		if res.Nit > 0 {
			perIter = res.Runtime.Seconds() / float64(res.Nit)
		}
		row := []any{r.Problem.Name, r.Method, r.Label, string(r.Gradient), r.Start, res.Status.String(), res.Fun}
		for _, c := range metrics {
			row = append(row, r.Metric(c.Key))
		}
		t.Add(append(row, res.Nit, res.Nfev, res.Njev, res.Runtime.Seconds(), perIter)...)
	}
	return t
}

// SummaryTable shows one row per problem, method and gradient mode, in the
// order of sums, medians with their 95 % confidence intervals (benchstat's
// ±) and the share of successes with its Wilson interval. People see the
// best and worst values, the intervals of the counts and the metrics, and
// njev in CSV only; with brief, for sweeps of many problems, also the
// metrics, the intervals and the best-at marks, to fit a terminal.
func SummaryTable(sums []analysis.Summary, runs []bench.Run, brief bool) Table {
	f := fName(runs)
	metrics := metricColumns(runs, true)
	people := func(c Column) Column {
		if brief {
			c.Name = ""
		}
		return c
	}
	plain := func(c Column) Column {
		c.CI, c.Plain = true, true
		return c
	}
	ci := func(c Column) Column {
		c.CI, c.Plain = true, brief
		return c
	}
	title := "Summary over starts: medians ± their 95 % confidence interval (summary.csv has more)"
	if brief {
		title = "Summary over starts: medians (summary.csv has more)"
	}
	t := Table{Title: title, Columns: []Column{
		problemColumn(len(bench.Problems(runs))), colMethod, colLabel, colGradient,
		{Name: "starts", Key: "starts", Kind: Int, Doc: "starting points per row"},
		ci(Column{Name: "success", Key: "success_frac", Kind: Percent, Doc: "the share of runs whose status is success, with its 95 % Wilson score interval [lo-hi]"}),
		{Name: "targets", Key: "targets_frac", Kind: Percent, Doc: "the share of the 51 targets f* + Δf (Δf = 100 ... 1e-8, COCO's) the runs reached: the runtime ECDF at the end"},
		{Key: "reached_1e-3_frac", Kind: Percent, CI: true},
		{Name: "aRT 1e-3", Key: "art_1e-3_evals", Kind: Count, Doc: "COCO's average runtime to f* + 1e-3, in evaluations: all the runs' evaluations until they reached it (or ended), over the number that reached it; - when none did"},
		{Key: "best_fun", Kind: Sig},
		ci(Column{Name: "median " + f, Key: "median_fun", Kind: Sig, Term: "median ... ±", Doc: "the median over the starts of a row, ± the wider side of its 95 % confidence interval relative to it, as benchstat shows it: distribution-free, from order statistics; ±∞ with fewer than 6 starts"}),
		{Key: "worst_fun", Kind: Sig},
	}}
	for _, c := range metrics {
		c.Key = "median_" + c.Key
		t.Columns = append(t.Columns, plain(people(c)))
	}
	t.Columns = append(t.Columns,
		plain(Column{Name: "nit", Key: "median_nit", Kind: Count}),
		plain(Column{Name: "nfev", Key: "median_nfev", Kind: Count}),
		plain(Column{Key: "median_njev", Kind: Count}),
		ci(Column{Name: "time", Key: "median_time_s", Kind: Seconds}),
		Column{Name: "minima", Key: "minima", Kind: Text, Doc: "distinct final values of the successful runs (within 1e-4 relative: more than one means local minima); - when none succeeded"},
		plain(Column{Name: "at f*", Key: "at_fstar_frac", Kind: Percent, Doc: "the share of runs ending within 1e-4 relative of f*: the known minimum, or else the best value any run reached (its Wilson interval in summary.csv)"}),
		people(Column{Name: "best at", Kind: Text, Doc: "the measures (f: the final value, time, evals) on which the row is the best of its problem, or not significantly worse: Wilcoxon signed-rank test against the best on the same starts (Mann-Whitney U when the starts differ), alpha 0.05, Holm's correction for the rows compared"}))
	for _, m := range analysis.BestMeasures {
		key := "best_at_" + m
		if m == "f" {
			key = "best_at_fun"
		}
		t.Columns = append(t.Columns, Column{Key: key, Kind: Text})
	}
	for _, s := range sums {
		minima := strconv.Itoa(s.Minima)
		if s.Success == 0 {
			minima = "-"
		}
		row := []any{s.Problem.Name, s.Method, s.Label, string(s.Gradient), s.Starts, s.SuccessCI, s.Targets, s.ReachedCI, s.ART,
			s.BestLoss, s.LossCI, s.WorstLoss}
		for _, c := range metrics {
			var v any = math.NaN()
			for i, m := range s.Problem.Metrics {
				if m.Key == c.Key {
					v = s.MetricCIs[i]
				}
			}
			row = append(row, v)
		}
		bestAt := strings.Join(s.BestAt, " ")
		if bestAt == "" {
			bestAt = "-"
		}
		row = append(row, s.NitCI, s.NfevCI, s.NjevCI, s.TimeCI, minima, s.AtBestCI, bestAt)
		for _, m := range analysis.BestMeasures {
			row = append(row, strconv.FormatBool(slices.Contains(s.BestAt, m)))
		}
		t.Add(row...)
	}
	return t
}

// ConvergenceTable shows the median value after 1, 10, 100 and 1000
// iterations, at the end, and after 1 ms, 10 ms, 100 ms and 1 s of solver
// time.
func ConvergenceTable(rows []analysis.Convergence) Table {
	problems := map[string]bool{}
	for _, c := range rows {
		problems[c.Problem.Name] = true
	}
	t := Table{Title: "Convergence: median value over starts", Columns: []Column{problemColumn(len(problems)), colMethod, colLabel, colGradient}}
	for _, k := range analysis.IterCheckpoints {
		t.Columns = append(t.Columns, Column{Name: "iter " + strconv.Itoa(k), Key: "fun_iter_" + strconv.Itoa(k), Kind: Sig,
			Term: "iter N, end, 1.00ms ...", Doc: "in the convergence table: the median value after N iterations, at the end, and after that much solver time"})
	}
	t.Columns = append(t.Columns, Column{Name: "end", Key: "fun_end", Kind: Sig})
	for _, d := range analysis.TimeCheckpoints {
		t.Columns = append(t.Columns, Column{Name: formatDuration(d), Key: "fun_time_" + Raw(d.Seconds()) + "s", Kind: Sig})
	}
	for _, c := range rows {
		row := []any{c.Problem.Name, c.Method, c.Label, string(c.Gradient)}
		for _, v := range c.AtIter {
			row = append(row, v)
		}
		row = append(row, c.AtEnd)
		for _, v := range c.AtTime {
			row = append(row, v)
		}
		t.Add(row...)
	}
	return t
}

// formatCount formats a count: whole numbers and halves (medians) as
// such, others (averages) with 4 significant digits and no exponent; "-"
// for NaN or +Inf.
func formatCount(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "-"
	case 2*v == math.Trunc(2*v):
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	decimals := max(0, 3-int(math.Floor(math.Log10(math.Abs(v)))))
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// MetricColumn is the column of a problem's metric: a share as a
// percentage, any other value with 4 significant digits.
func MetricColumn(m bench.Metric) Column {
	c := Column{Name: m.Name, Key: m.Key, Kind: Sig, Doc: m.Doc}
	if m.Share {
		c.Kind = Percent
	}
	return c
}
