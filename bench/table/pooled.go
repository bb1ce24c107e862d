package table

import (
	"math"
	"slices"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
)

// pooledRow is one row of the pooled aRT table: a solver's aRTs on a
// class, or the class's reference algorithm's (reference true).
type pooledRow struct {
	arts      []analysis.PooledART // one per Δf: the settings' ARTDeltaFs, then the final one
	reference bool
	name      string
}

// PooledARTTable is COCO's table of average runtimes (cocopp's pptable):
// for every class of problems (bbob's function in one dimension, over its
// instances) a row for its reference algorithm (best 2009) with its aRT in
// evaluations, then one row per solver with its aRT, its ratio to the
// reference's at each Δf of the settings' ARTDeltaFs, and how many of its
// runs reached f* + bench.FinalDeltaF.
func PooledARTTable(a analysis.Analysis) Table {
	deltaFs := append(slices.Clone(a.Settings.ARTDeltaFs), bench.FinalDeltaF)
	final := len(deltaFs) - 1
	arts := analysis.PooledARTs(a.Runs, a.Refs, deltaFs)
	var rows []pooledRow
	refDone := map[string]bool{}
	for i := 0; i+len(deltaFs) <= len(arts); i += len(deltaFs) {
		g := arts[i : i+len(deltaFs)]
		if c := g[0].Class; !refDone[c] {
			refDone[c] = true
			if !math.IsNaN(g[0].Reference) || !math.IsNaN(g[final].Reference) {
				rows = append(rows, pooledRow{arts: g, reference: true, name: referenceName(a.Runs, c)})
			}
		}
		rows = append(rows, pooledRow{arts: g})
	}
	type R = pooledRow
	fields := []field[R]{
		{Column{Name: "class", Key: "class", Kind: Text, Doc: "the problems whose runs are pooled: bbob's function in one dimension, over its instances"}, func(r R) any { return r.arts[0].Class }},
		{colMethod, func(r R) any {
			if r.reference {
				return r.name
			}
			return r.arts[0].Method
		}},
		{colLabel, func(r R) any {
			if r.reference {
				return r.name
			}
			return r.arts[0].Label
		}},
		{colGradient, func(r R) any {
			if r.reference {
				return ""
			}
			return string(r.arts[0].Gradient)
		}},
	}
	for i, df := range deltaFs[:final] {
		fields = append(fields,
			field[R]{Column{Name: "aRT " + Short(df), Key: "art_" + Raw(df) + "_evals", Kind: Count, Term: "aRT ... (pooled)",
				Doc: "COCO's average runtime to f* + Δf over every instance's run, in evaluations of f: all the runs' evaluations until they reached it (or ended), over the number that reached it; - when none did"},
				func(r R) any {
					if r.reference {
						return r.arts[i].Reference
					}
					return r.arts[i].Evals
				}},
			field[R]{Column{Name: "÷ref", Key: "art_" + Raw(df) + "_ratio", Kind: Ratio, Term: "÷ref",
				Doc: "the aRT over the reference algorithm's (COCO's best 2009 on bbob) at the same Δf, as cocopp's tables give it"},
				func(r R) any {
					if r.reference {
						return math.NaN()
					}
					return r.arts[i].Ratio()
				}})
	}
	fields = append(fields,
		field[R]{Column{Name: "runs", Key: "runs", Kind: Count}, func(r R) any {
			if r.reference {
				return math.NaN()
			}
			return float64(r.arts[0].Runs)
		}},
		field[R]{Column{Name: "solved", Key: "solved", Kind: Count, Doc: "runs that reached f* + 1e-8, COCO's final target"}, func(r R) any {
			if r.reference {
				return math.NaN()
			}
			return float64(r.arts[final].Reached)
		}})
	return build("Average runtime (aRT) in evaluations to f* + Δf, over the instances of each class, and its ratio to the reference", fields, rows)
}

// referenceName is the name of class's reference algorithm.
func referenceName(runs []bench.Run, class string) string {
	for _, r := range runs {
		if r.Problem.ClassName() == class && r.Problem.Reference != nil {
			return r.Problem.Reference.Name
		}
	}
	return "reference"
}

// ECDFAtTable is the runtime ECDF in evaluations per dimension read at
// budgets 1, 10, 100, ... (up to the decade past the largest cost any
// ECDF has): per solver, and for the runs' reference algorithm (best 2009
// on bbob) when they have one, the share of (problem, start, target)
// triples reached within each budget. It is the ecdf_evals figure as a
// table, for a terminal.
func ECDFAtTable(a analysis.Analysis) Table {
	type row struct {
		name, method, gradient string
		e                      analysis.ECDF
	}
	var rows []row
	hi := 1.0
	for _, e := range a.ECDFs {
		if e.CostKind != analysis.CostEvals {
			continue
		}
		rows = append(rows, row{e.Label, e.Method, string(e.Gradient), e})
		if n := len(e.Budgets); n > 0 {
			hi = max(hi, e.Budgets[n-1])
		}
	}
	if ref, name, ok := analysis.ReferenceECDF(a.Runs, a.Settings.DeltaFs); ok {
		rows = append(rows, row{name, name, "", ref})
	}
	var budgets []float64
	for b := 1.0; ; b *= 10 {
		budgets = append(budgets, b)
		if b >= hi || len(budgets) == 9 {
			break
		}
	}
	type R = row
	fields := []field[R]{
		{colMethod, func(r R) any { return r.method }},
		{colLabel, func(r R) any { return r.name }},
		{colGradient, func(r R) any { return r.gradient }},
	}
	for _, b := range budgets {
		fields = append(fields, field[R]{Column{Name: "≤ " + Short(b) + " n", Key: "within_" + Raw(b) + "_frac", Kind: Percent, Term: "≤ ... n",
			Doc: "the share of (problem, start, target) triples reached within that many evaluations per dimension: the runtime ECDF (for the reference, of its (class, target) pairs at its aRT)"},
			func(r R) any { return r.e.At(b) }})
	}
	return build("Runtime ECDF: share of (problem, start, target) triples reached within evaluations / dimension", fields, rows)
}
