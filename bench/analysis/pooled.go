package analysis

import (
	"math"
	"slices"

	"github.com/optbench/optbench/bench"
)

// PooledART is COCO's average runtime of a solver on a class of problems
// (bench.Problem.Class: bbob's instances of one function in one dimension)
// to one precision Δf: the evaluations of every run on every problem of
// the class, to f* + Δf of its own problem where it reached it and to its
// end where not, over the number of runs that reached it; +Inf when none
// did. Problems without a class are each a class of their own.
type PooledART struct {
	Class string
	Dim   int
	bench.Solver
	DeltaF        float64
	Runs, Reached int
	Evals         float64
	// Reference is the class's reference algorithm's aRT to the same
	// precision (bench.Problem.Reference), NaN without one.
	Reference float64
}

// Ratio is the aRT over the reference's: COCO's aRT ratio; NaN without a
// reference or when the reference never reached the target (there is
// nothing to divide by), +Inf when only the reference reached it.
func (a PooledART) Ratio() float64 {
	if !(a.Reference > 0) || math.IsInf(a.Reference, 1) {
		return math.NaN()
	}
	return a.Evals / a.Reference
}

// PooledARTs computes the average runtime of every solver on every class
// of the runs' problems for each Δf in deltaFs, in order of first
// appearance of the class, then the solver; the problems of Circular(runs)
// are left out (see MinBestSeenStarts).
func PooledARTs(runs []bench.Run, refs map[string]Reference, deltaFs []float64) []PooledART {
	runs = targeted(runs)
	type key struct {
		class  string
		solver bench.Solver
	}
	var out []PooledART
	for _, g := range bench.GroupBy(runs, func(r bench.Run) key { return key{r.Problem.ClassName(), r.Solver} }) {
		p := g.Members[0].Problem
		arts := make([]PooledART, len(deltaFs))
		for i, df := range deltaFs {
			arts[i] = PooledART{Class: g.Key.class, Dim: p.Dim, Solver: g.Key.solver, DeltaF: df, Runs: len(g.Members), Reference: math.NaN()}
			if p.Reference != nil && p.Reference.ART != nil {
				arts[i].Reference = p.Reference.ART(df)
			}
		}
		var buf []reach
		for j := range g.Members {
			r := &g.Members[j]
			buf = reaches(buf, r, refs[r.Problem.Name].FStar, deltaFs)
			for i, re := range buf {
				if re.ok {
					arts[i].Reached++
					arts[i].Evals += re.evals
				} else {
					arts[i].Evals += TotalEvals(*r)
				}
			}
		}
		for i := range arts {
			if arts[i].Reached == 0 {
				arts[i].Evals = math.Inf(1)
			} else {
				arts[i].Evals /= float64(arts[i].Reached)
			}
		}
		out = append(out, arts...)
	}
	return out
}

// Pooled says whether some of the runs' problems share a class, so that
// tables pool them (bbob's instances).
func Pooled(runs []bench.Run) bool {
	return slices.ContainsFunc(runs, func(r bench.Run) bool { return r.Problem.Class != "" })
}

// ReferenceECDF is the runtime ECDF of the runs' problems' reference
// algorithm (bench.Problem.Reference) in evaluations per dimension, over
// every (class, Δf) pair of the runs' classes, as COCO draws its best 2009
// line from the aRT: a pair counts as reached at aRT / dimension. ok is
// false when no problem has a reference.
func ReferenceECDF(runs []bench.Run, deltaFs []float64) (e ECDF, name string, ok bool) {
	seen := map[string]bool{}
	var costs []float64
	pairs := 0
	for _, r := range runs {
		p := r.Problem
		c := p.ClassName()
		if seen[c] || p.Reference == nil || p.Reference.ART == nil {
			continue
		}
		seen[c], name, ok = true, p.Reference.Name, true
		for _, df := range deltaFs {
			art := p.Reference.ART(df)
			if math.IsNaN(art) {
				continue // no data: not a pair
			}
			pairs++
			if art < math.Inf(1) {
				costs = append(costs, art/float64(p.Dim))
			}
		}
	}
	if !ok {
		return ECDF{}, "", false
	}
	e = ECDF{Solver: bench.Solver{Label: name}, CostKind: CostEvals, Triples: pairs}
	e.Budgets, e.Fraction = steps(costs, pairs)
	return e, name, true
}
