package table

import (
	"math"
	"slices"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/stats"
)

// SolversTable sums up each solver over every problem and start: its
// success, the share of all (problem, start, target) triples it reached
// (the runtime ECDF at the end) and the share of instances it solved at
// each profile tolerance (the data profiles at the end).
func SolversTable(runs []bench.Run, ecdfs []analysis.ECDF, profiles []analysis.Profile) Table {
	t := Table{Title: "Over all problems and starts", Columns: []Column{colMethod, colLabel, colGradient,
		{Name: "runs", Key: "runs", Kind: Int},
		{Name: "success", Key: "success_frac", Kind: Percent},
		{Name: "targets", Key: "targets_frac", Kind: Percent}}}
	for _, tau := range analysis.ProfileTaus {
		t.Columns = append(t.Columns, Column{Name: "solved τ=" + Short(tau), Key: "solved_tau_" + Raw(tau) + "_frac", Kind: Percent,
			Term: "solved τ=...", Doc: "the share of (problem, start) instances on which the run reached f(x0) - f >= (1 - τ)(f(x0) - f_L), f_L the lowest value any method reached there (Moré and Wild's test)"})
	}
	t.Columns = append(t.Columns,
		Column{Name: "evals", Key: "median_evals", Kind: Count, Doc: "the median evaluations of a run: f, analytic gradients and exact Hessians (finite differences count the f they take)"},
		Column{Name: "time", Key: "median_time_s", Kind: Seconds})
	for _, s := range bench.SolversOf(runs) {
		var n int
		var success float64
		var evals, secs []float64
		for _, r := range runs {
			if r.Solver == s {
				n++
				if r.Result.Success {
					success++
				}
				evals = append(evals, analysis.TotalEvals(r))
				secs = append(secs, r.Result.Runtime.Seconds())
			}
		}
		row := []any{s.Method, s.Label, string(s.Gradient), n, success / float64(n), 0.0}
		for _, e := range ecdfs {
			if e.Solver == s && e.CostKind == analysis.CostEvals {
				row[5] = e.Final()
			}
		}
		for _, tau := range analysis.ProfileTaus {
			solved := 0.0
			for _, p := range profiles {
				if p.Solver == s && p.Kind == "data" && p.Tau == tau && len(p.Fraction) > 0 {
					solved = p.Fraction[len(p.Fraction)-1]
				}
			}
			row = append(row, solved)
		}
		t.Add(append(row, stats.Median(evals), stats.Median(secs))...)
	}
	return t
}

// ECDFTable is every ECDF's steps, for ecdf.csv: one row per (solver, cost
// kind, budget).
func ECDFTable(ecdfs []analysis.ECDF) Table {
	t := Table{Title: "Runtime ECDFs", Columns: []Column{colMethod, colLabel, colGradient,
		{Key: "cost_kind", Kind: Text}, {Key: "budget", Kind: Sig}, {Key: "fraction", Kind: Sig}, {Key: "triples", Kind: Int}}}
	for _, e := range ecdfs {
		for i, b := range e.Budgets {
			t.Add(e.Method, e.Label, string(e.Gradient), e.CostKind, b, e.Fraction[i], e.Triples)
		}
	}
	return t
}

// ARTTable is every average runtime, for art.csv.
func ARTTable(arts []analysis.ART) Table {
	t := Table{Title: "Average runtimes", Columns: []Column{colProblem, colMethod, colLabel, colGradient,
		{Key: "delta_f", Kind: Sig}, {Key: "target", Kind: Sig}, {Key: "runs", Kind: Int}, {Key: "reached", Kind: Int},
		{Key: "art_evals", Kind: Sig}, {Key: "art_s", Kind: Sig}}}
	for _, a := range arts {
		t.Add(a.Problem, a.Method, a.Label, string(a.Gradient), a.DeltaF, a.Target, a.Runs, a.Reached, a.Evals, a.Seconds)
	}
	return t
}

// ProfilesTable is every profile's steps, for profiles.csv: kind
// performance (x: cost ratio to the best solver) or data (x: evaluations
// per n+1).
func ProfilesTable(profiles []analysis.Profile) Table {
	t := Table{Title: "Performance and data profiles", Columns: []Column{{Key: "profile", Kind: Text}, {Key: "tau", Kind: Sig},
		colMethod, colLabel, colGradient, {Key: "x", Kind: Sig}, {Key: "fraction", Kind: Sig}, {Key: "instances", Kind: Int}}}
	for _, p := range profiles {
		for i, x := range p.X {
			t.Add(p.Kind, p.Tau, p.Method, p.Label, string(p.Gradient), x, p.Fraction[i], p.Instances)
		}
	}
	return t
}

// ARTDeltaFs are the precisions of the aRT table: every other decade.
var ARTDeltaFs = []float64{10, 1e-1, 1e-3, 1e-5, 1e-7}

// ARTSummaryTable shows, COCO-style, the average runtime in evaluations of
// every solver on every problem to f* + Δf for the Δf of ARTDeltaFs, with
// the share of runs that reached each ("-": none).
func ARTSummaryTable(arts []analysis.ART) Table {
	t := Table{Title: "Average runtime (aRT) in evaluations to f* + Δf", Columns: []Column{colProblem, colMethod, colLabel, colGradient}}
	for _, df := range ARTDeltaFs {
		t.Columns = append(t.Columns, Column{Name: "Δf " + Short(df), Key: "art_" + Raw(df) + "_evals", Kind: Count,
			Term: "Δf ... (aRT table)", Doc: "COCO's average runtime to f* + Δf, in evaluations: all the runs' evaluations until they reached it (or ended), over the number that reached it; - when none did"})
	}
	type key struct {
		problem string
		s       bench.Solver
	}
	var order []key
	values := map[key][]any{}
	for _, a := range arts {
		k := key{a.Problem, a.Solver}
		i := slices.Index(ARTDeltaFs, a.DeltaF)
		if i < 0 {
			continue
		}
		if _, ok := values[k]; !ok {
			order = append(order, k)
			values[k] = make([]any, len(ARTDeltaFs))
		}
		values[k][i] = a.Evals
	}
	for _, k := range order {
		row := []any{k.problem, k.s.Method, k.s.Label, string(k.s.Gradient)}
		for _, v := range values[k] {
			if v == nil {
				v = math.NaN()
			}
			row = append(row, v)
		}
		t.Add(row...)
	}
	return t
}
