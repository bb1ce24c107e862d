package analysis

import (
	"math"
	"slices"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// Reference is the f* a problem's targets are measured from.
type Reference struct {
	FStar float64
	Known bool // FStar is the problem's known minimum, not the best any run reached
}

// References gives each problem of the runs (by name) its f*: the known
// minimum, or else the lowest value any run reached (NaN if none reached a
// finite value).
func References(runs []bench.Run) map[string]Reference {
	refs := map[string]Reference{}
	for i := range runs {
		r := &runs[i]
		name := r.Problem.Name
		if _, ok := refs[name]; !ok {
			refs[name] = Reference{FStar: r.Problem.FStar, Known: !math.IsNaN(r.Problem.FStar)}
		}
		if ref := refs[name]; !ref.Known {
			if f := lowest(r); f < ref.FStar || math.IsNaN(ref.FStar) {
				ref.FStar = f
				refs[name] = ref
			}
		}
	}
	return refs
}

// lowest is the lowest finite value a run's trace or result reached, NaN
// if none.
func lowest(r *bench.Run) float64 {
	best := math.NaN()
	consider := func(f float64) {
		if finite(f) && !(f >= best) {
			best = f
		}
	}
	for p := range r.TraceRows() {
		consider(p.Fun)
	}
	consider(r.Result.Fun)
	return best
}

// EvalsAt is the cost of a run up to trace point p, in evaluations: every
// call of f counts one, finite differences' included; with the analytic
// gradient every gradient counts one more, and with the exact Hessian every
// Hessian or Hessian-vector product one more. Back-propagation gives the
// gradient for a small constant multiple of f's cost (about one more f on
// the network), so one evaluation is its fair charge; a finite-difference
// gradient is charged the n or 2n calls of f it makes, which nfev already
// holds. A run under COCO's protocol (Spec.Budget) is charged its
// evaluations of f only, as COCO counts them: its gradients and Hessians
// are counted apart, never in its cost.
func EvalsAt(r bench.Run, p solvers.TracePoint) float64 {
	return evals(&r, p.Nfev, p.Njev, p.Nhev)
}

// TotalEvals is EvalsAt at the end of the run: the evaluations after its last
// iteration included.
func TotalEvals(r bench.Run) float64 {
	return evals(&r, r.Result.Nfev, r.Result.Njev, r.Result.Nhev)
}

// evals is EvalsAt with the counts nfev, njev and nhev; r by reference, as
// a run is hundreds of bytes.
func evals(r *bench.Run, nfev, njev, nhev int) float64 {
	n := nfev
	if r.Budget > 0 {
		return float64(n)
	}
	if r.Gradient == solvers.Analytic {
		n += njev
	}
	if r.Result.Hessian == solvers.Exact {
		n += nhev
	}
	return float64(n)
}

// Reach returns the cost in evaluations and in solver time at which a run
// first reached f <= target, and false if it never did.
func Reach(r bench.Run, target float64) (evals float64, d time.Duration, ok bool) {
	for p := range r.TraceRows() {
		if reached(p.Fun, target) {
			return EvalsAt(r, p), p.Time, true
		}
	}
	return math.Inf(1), 0, false
}

// firstReach is Reach's cost in evaluations, r by reference.
func firstReach(r *bench.Run, target float64) (cost float64, ok bool) {
	for p := range r.TraceRows() {
		if reached(p.Fun, target) {
			return evals(r, p.Nfev, p.Njev, p.Nhev), true
		}
	}
	return math.Inf(1), false
}

// firstReachIn is firstReach in r's trace decoded as tr.
func firstReachIn(r *bench.Run, tr []solvers.TracePoint, target float64) (cost float64, ok bool) {
	for _, p := range tr {
		if reached(p.Fun, target) {
			return evals(r, p.Nfev, p.Njev, p.Nhev), true
		}
	}
	return math.Inf(1), false
}

// reached says whether the value f reaches target: f <= target, and f is
// not -Inf, an overflow (a function unbounded below, or a NaN in its
// arithmetic), which reaches no target: it would pass every one, and a run
// that overflowed would rank before every run that converged.
func reached(f, target float64) bool { return f <= target && !math.IsInf(f, -1) }

// reach is when a run first reached one target.
type reach struct {
	evals float64
	d     time.Duration
	ok    bool
}

// reaches is Reach for every target f* + Δf, Δf in deltaFs (decreasing),
// in one pass over r's trace: the targets decrease, so a point that misses
// one misses all that follow it. The result is dst's storage when it is
// long enough (a buffer a caller reuses from run to run).
func reaches(dst []reach, r *bench.Run, fstar float64, deltaFs []float64) []reach {
	out := dst[:0]
	if cap(out) < len(deltaFs) {
		out = make([]reach, len(deltaFs))
	}
	out = out[:len(deltaFs)]
	clear(out)
	k := 0
	for p := range r.TraceRows() {
		for k < len(deltaFs) && reached(p.Fun, fstar+deltaFs[k]) {
			out[k] = reach{evals(r, p.Nfev, p.Njev, p.Nhev), p.Time, true}
			k++
		}
		if k == len(deltaFs) {
			break
		}
	}
	return out
}

// Cost kinds of an ECDF.
const (
	CostEvals   = "evals_per_dim" // evaluations (see EvalsAt) over the problem's dimension
	CostSeconds = "seconds"       // solver wall time
)

// ECDF is a solver's empirical runtime distribution: the fraction of its
// (problem, start, target) triples reached within a budget.
type ECDF struct {
	bench.Solver
	CostKind string
	Budgets  []float64 // increasing: the costs at which a triple was reached
	Fraction []float64 // Fraction[i]: the share reached within Budgets[i]
	Triples  int
}

// Final is the share of all triples reached by the runs' end.
func (e ECDF) Final() float64 {
	if len(e.Fraction) == 0 {
		return 0
	}
	return e.Fraction[len(e.Fraction)-1]
}

// ECDFs computes, for each solver and both cost kinds, the runtime ECDF
// over every (problem, start, target f* + Δf) triple of its runs, Δf in
// deltaFs, COCO-style: evaluation costs are divided by the problem's
// dimension, times are not. The problems of Circular(runs) are left out
// (see MinBestSeenStarts); none when every problem is.
func ECDFs(runs []bench.Run, refs map[string]Reference, deltaFs []float64) []ECDF {
	runs = targeted(runs)
	var out []ECDF
	// One pass groups the runs by solver (in order of first appearance,
	// keeping their order), so that the ECDFs cost O(runs), not O(runs x
	// solvers).
	for _, g := range bench.GroupBy(runs, func(r bench.Run) bench.Solver { return r.Solver }) {
		s := g.Key
		ev, sec := ECDF{Solver: s, CostKind: CostEvals}, ECDF{Solver: s, CostKind: CostSeconds}
		var evCosts, secCosts []float64
		var buf []reach
		for i := range g.Members {
			r := &g.Members[i]
			buf = reaches(buf, r, refs[r.Problem.Name].FStar, deltaFs)
			for _, re := range buf {
				ev.Triples++
				if re.ok {
					evCosts = append(evCosts, re.evals/float64(r.Problem.Dim))
					secCosts = append(secCosts, re.d.Seconds())
				}
			}
		}
		sec.Triples = ev.Triples
		ev.Budgets, ev.Fraction = steps(evCosts, ev.Triples)
		sec.Budgets, sec.Fraction = steps(secCosts, sec.Triples)
		out = append(out, ev, sec)
	}
	return out
}

// steps is the empirical distribution of costs over n trials (the others
// never succeeded): each distinct cost with the share of trials at or
// below it.
func steps(costs []float64, n int) (budgets, fraction []float64) {
	slices.Sort(costs)
	for i, c := range costs {
		if i+1 < len(costs) && costs[i+1] == c {
			continue
		}
		budgets = append(budgets, c)
		fraction = append(fraction, float64(i+1)/float64(n))
	}
	return budgets, fraction
}

// ART is COCO's average runtime of a solver on a problem for one target:
// the cost summed over all its runs (to the target where reached, to the
// end where not) divided by the number of runs that reached it; +Inf when
// none did.
type ART struct {
	Problem string
	bench.Solver
	DeltaF, Target float64
	Runs, Reached  int
	Evals, Seconds float64
}

// ARTs computes the average runtime of every solver on every problem for
// each Δf in deltaFs, but for the problems of Circular(runs) (see
// MinBestSeenStarts).
func ARTs(runs []bench.Run, refs map[string]Reference, deltaFs []float64) []ART {
	var out []ART
	for _, g := range Groups(targeted(runs)) {
		out = append(out, groupARTs(g, refs[g.Problem.Name].FStar, deltaFs)...)
	}
	return out
}

// groupARTs are a group's average runtimes to f* + Δf for each Δf in
// deltaFs.
func groupARTs(g Group, fstar float64, deltaFs []float64) []ART {
	out := make([]ART, len(deltaFs))
	for i, df := range deltaFs {
		out[i] = ART{Problem: g.Problem.Name, Solver: g.Solver, DeltaF: df, Target: fstar + df, Runs: len(g.Runs)}
	}
	var buf []reach
	for j := range g.Runs {
		r := &g.Runs[j]
		buf = reaches(buf, r, fstar, deltaFs)
		total, seconds := evals(r, r.Result.Nfev, r.Result.Njev, r.Result.Nhev), r.Result.Runtime.Seconds()
		for i, re := range buf {
			a := &out[i]
			if re.ok {
				a.Reached++
				a.Evals += re.evals
				a.Seconds += re.d.Seconds()
			} else {
				a.Evals += total
				a.Seconds += seconds
			}
		}
	}
	for i := range out {
		a := &out[i]
		if a.Reached == 0 {
			a.Evals, a.Seconds = math.Inf(1), math.Inf(1)
		} else {
			a.Evals /= float64(a.Reached)
			a.Seconds /= float64(a.Reached)
		}
	}
	return out
}
