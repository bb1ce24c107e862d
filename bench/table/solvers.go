package table

import (
	"math"
	"slices"
	"sort"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/stats"
)

// SolversTable sums up each solver over every problem and start: its
// success, the share of all (problem, start, target) triples it reached
// (the runtime ECDF at the end) and the share of instances it solved at
// each profile tolerance (the data profiles at the end).
func SolversTable(a analysis.Analysis) Table {
	type S = bench.Solver
	// Each solver's runs, ECDF and profile ends are looked up in maps
	// built once, so that the table costs O(runs + rows), not O(runs x
	// rows): a 1,000-configuration grid has 9,000 rows.
	bySolver := map[S][]bench.Run{}
	for _, r := range a.Runs {
		bySolver[r.Solver] = append(bySolver[r.Solver], r)
	}
	runsOf := func(s S) []bench.Run { return bySolver[s] }
	finalECDF := map[S]float64{}
	for _, e := range a.ECDFs {
		if _, seen := finalECDF[e.Solver]; !seen && e.CostKind == analysis.CostEvals {
			finalECDF[e.Solver] = e.Final()
		}
	}
	type solverTau struct {
		s   S
		tau float64
	}
	finalData := map[solverTau]float64{}
	for _, p := range a.Profiles {
		k := solverTau{p.Solver, p.Tau}
		if _, seen := finalData[k]; !seen && p.Kind == "data" && len(p.Fraction) > 0 {
			finalData[k] = p.Fraction[len(p.Fraction)-1]
		}
	}
	fields := []field[S]{
		{colMethod, func(s S) any { return s.Method }},
		{colLabel, func(s S) any { return s.Label }},
		{colGradient, func(s S) any { return string(s.Gradient) }},
		{Column{Name: "runs", Key: "runs", Kind: Int}, func(s S) any { return len(runsOf(s)) }},
		{Column{Name: "success", Key: "success_frac", Kind: Percent}, func(s S) any {
			ok, judged := 0, 0
			for _, r := range runsOf(s) {
				if analysis.SuccessDefined(r) {
					judged++
				}
				if r.Result.Success {
					ok++
				}
			}
			if judged == 0 {
				return math.NaN() // mini-batch runs of fixed epochs only: "-"
			}
			return float64(ok) / float64(judged)
		}},
		{Column{Name: "targets", Key: "targets_frac", Kind: Percent}, func(s S) any {
			if v, ok := finalECDF[s]; ok {
				return v
			}
			return 0.0
		}},
	}
	for _, tau := range a.Settings.ProfileTaus {
		fields = append(fields, field[S]{Column{Name: "solved τ=" + Short(tau), Key: "solved_tau_" + Raw(tau) + "_frac", Kind: Percent,
			Term: "solved τ=...", Doc: "the share of (problem, start) instances on which the run reached f(x0) - f >= (1 - τ)(f(x0) - f_L), f_L the lowest value any method reached there (Moré and Wild's test)"},
			func(s S) any {
				if v, ok := finalData[solverTau{s, tau}]; ok {
					return v
				}
				return 0.0
			}})
	}
	fields = append(fields,
		field[S]{Column{Name: "evals", Key: "median_evals", Kind: Count, Doc: "the median evaluations of a run: f, analytic gradients and exact Hessians (finite differences count the f they take)"},
			func(s S) any { return stats.Median(analysis.Evals.Values(runsOf(s))) }},
		field[S]{Column{Name: "time", Key: "median_time_s", Kind: Seconds}, func(s S) any { return stats.Median(analysis.Time.Values(runsOf(s))) }})
	return build("Over all problems and starts", fields, bench.SolversOf(a.Runs))
}

// ECDFTable is every ECDF's steps, for ecdf.csv: one row per (solver, cost
// kind, budget).
func ECDFTable(ecdfs []analysis.ECDF) Table {
	cols := []Column{colMethod, colLabel, colGradient,
		{Key: "cost_kind", Kind: Text}, {Key: "budget", Kind: Sig}, {Key: "fraction", Kind: Sig}, {Key: "triples", Kind: Int}}
	return stepsTable("Runtime ECDFs", cols, len(ecdfs), func(k int) int { return len(ecdfs[k].Budgets) }, func(k, i int, dst []any) []any {
		e := &ecdfs[k]
		return append(dst[:0], e.Method, e.Label, string(e.Gradient), e.CostKind, e.Budgets[i], e.Fraction[i], e.Triples)
	})
}

// stepsTable is the table of the steps of n curves, curve k of steps(k)
// steps, step i of curve k its row(k, i, dst): made as it is read, for a
// large sweep's ECDFs have a step for every (run, target) reached.
func stepsTable(title string, cols []Column, n int, steps func(k int) int, row func(k, i int, dst []any) []any) Table {
	// first[k] is the row of curve k's first step.
	first := make([]int, n+1)
	for k := range n {
		first[k+1] = first[k] + steps(k)
	}
	return Made(title, "", cols, first[n], func(i int, dst []any) []any {
		k := sort.SearchInts(first, i+1) - 1
		return row(k, i-first[k], dst)
	})
}

// ARTTable is every average runtime, for art.csv.
func ARTTable(arts []analysis.ART) Table {
	type A = analysis.ART
	return made("Average runtimes", "", []field[A]{
		{colProblem, func(a A) any { return a.Problem }},
		{colMethod, func(a A) any { return a.Method }},
		{colLabel, func(a A) any { return a.Label }},
		{colGradient, func(a A) any { return string(a.Gradient) }},
		{Column{Key: "delta_f", Kind: Sig}, func(a A) any { return a.DeltaF }},
		{Column{Key: "target", Kind: Sig}, func(a A) any { return a.Target }},
		{Column{Key: "runs", Kind: Int}, func(a A) any { return a.Runs }},
		{Column{Key: "reached", Kind: Int}, func(a A) any { return a.Reached }},
		{Column{Key: "art_evals", Kind: Sig}, func(a A) any { return a.Evals }},
		{Column{Key: "art_s", Kind: Sig}, func(a A) any { return a.Seconds }},
	}, arts)
}

// ProfilesTable is every profile's steps, for profiles.csv: kind
// performance (x: cost ratio to the best solver) or data (x: evaluations
// per n+1).
func ProfilesTable(profiles []analysis.Profile) Table {
	cols := []Column{{Key: "profile", Kind: Text}, {Key: "tau", Kind: Sig},
		colMethod, colLabel, colGradient, {Key: "x", Kind: Sig}, {Key: "fraction", Kind: Sig}, {Key: "instances", Kind: Int}}
	return stepsTable("Performance and data profiles", cols, len(profiles), func(k int) int { return len(profiles[k].X) }, func(k, i int, dst []any) []any {
		p := &profiles[k]
		return append(dst[:0], p.Kind, p.Tau, p.Method, p.Label, string(p.Gradient), p.X[i], p.Fraction[i], p.Instances)
	})
}

// ARTSummaryTable shows, COCO-style, the average runtime in evaluations of
// every solver on every problem to f* + Δf for the Δf of the settings'
// ARTDeltaFs ("-": no run reached it).
//
// arts are a.ARTs(), which a caller that writes art.csv too has already
// (each is a pass over every trace).
func ARTSummaryTable(a analysis.Analysis, arts []analysis.ART) Table {
	type G = bench.Group[string, analysis.ART]
	byRow := bench.GroupBy(arts, func(x analysis.ART) string { return x.Problem + "\x00" + x.Solver.String() })
	fields := []field[G]{
		{colProblem, func(g G) any { return g.Members[0].Problem }},
		{colMethod, func(g G) any { return g.Members[0].Method }},
		{colLabel, func(g G) any { return g.Members[0].Label }},
		{colGradient, func(g G) any { return string(g.Members[0].Gradient) }},
	}
	for _, df := range a.Settings.ARTDeltaFs {
		fields = append(fields, field[G]{Column{Name: "Δf " + Short(df), Key: "art_" + Raw(df) + "_evals", Kind: Count,
			Term: "Δf ... (aRT table)", Doc: "COCO's average runtime to f* + Δf, in evaluations: all the runs' evaluations until they reached it (or ended), over the number that reached it; - when none did"},
			func(g G) any {
				if i := slices.IndexFunc(g.Members, func(x analysis.ART) bool { return x.DeltaF == df }); i >= 0 {
					return g.Members[i].Evals
				}
				return math.NaN()
			}})
	}
	return build("Average runtime (aRT) in evaluations to f* + Δf", fields, byRow)
}
