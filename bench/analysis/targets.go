package analysis

import (
	"math"
	"slices"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// DeltaFs are COCO's 51 default precisions: 10^2, 10^1.8, ..., 10^-8. A run
// reaches target f* + Δf at the first point of its trace at or below it.
var DeltaFs = func() []float64 {
	out := make([]float64, 51)
	for i := range out {
		out[i] = math.Pow(10, float64(20-2*i)/10) // exact exponents: 10^-3 is 0.001
	}
	return out
}()

// MiddleDeltaF is the precision of the summary's aRT column, the middle
// of DeltaFs' range.
const MiddleDeltaF = 1e-3

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
	for _, r := range runs {
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
func lowest(r bench.Run) float64 {
	best := math.NaN()
	consider := func(f float64) {
		if finite(f) && !(f >= best) {
			best = f
		}
	}
	for _, p := range r.Result.Trace {
		consider(p.Fun)
	}
	consider(r.Result.Fun)
	return best
}

// Evals is the cost of a run up to trace point p, in evaluations: every
// call of f counts one, finite differences' included; with the analytic
// gradient every gradient counts one more, and with the exact Hessian every
// Hessian or Hessian-vector product one more. Back-propagation gives the
// gradient for a small constant multiple of f's cost (about one more f on
// the network), so one evaluation is its fair charge; a finite-difference
// gradient is charged the n or 2n calls of f it makes, which nfev already
// holds.
func Evals(r bench.Run, p solvers.TracePoint) float64 {
	return evals(r, p.Nfev, p.Njev, p.Nhev)
}

// TotalEvals is Evals at the end of the run: the evaluations after its last
// iteration included.
func TotalEvals(r bench.Run) float64 {
	return evals(r, r.Result.Nfev, r.Result.Njev, r.Result.Nhev)
}

func evals(r bench.Run, nfev, njev, nhev int) float64 {
	n := nfev
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
	for _, p := range r.Result.Trace {
		if p.Fun <= target {
			return Evals(r, p), p.Time, true
		}
	}
	return math.Inf(1), 0, false
}

// reach is when a run first reached one target.
type reach struct {
	evals float64
	d     time.Duration
	ok    bool
}

// reaches is Reach for every target f* + Δf, Δf in DeltaFs, in one pass
// over the trace: the targets decrease, so a point that misses one misses
// all that follow it.
func reaches(r bench.Run, fstar float64) []reach {
	out := make([]reach, len(DeltaFs))
	k := 0
	for _, p := range r.Result.Trace {
		for k < len(DeltaFs) && p.Fun <= fstar+DeltaFs[k] {
			out[k] = reach{Evals(r, p), p.Time, true}
			k++
		}
		if k == len(DeltaFs) {
			break
		}
	}
	return out
}

// Cost kinds of an ECDF.
const (
	CostEvals   = "evals_per_dim" // evaluations (see Evals) over the problem's dimension
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
// DeltaFs, COCO-style: evaluation costs are divided by the problem's
// dimension, times are not.
func ECDFs(runs []bench.Run, refs map[string]Reference) []ECDF {
	var out []ECDF
	for _, s := range bench.SolversOf(runs) {
		ev, sec := ECDF{Solver: s, CostKind: CostEvals}, ECDF{Solver: s, CostKind: CostSeconds}
		var evCosts, secCosts []float64
		for _, r := range runs {
			if r.Solver != s {
				continue
			}
			for _, re := range reaches(r, refs[r.Problem.Name].FStar) {
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
// each Δf in DeltaFs.
func ARTs(runs []bench.Run, refs map[string]Reference) []ART {
	var out []ART
	for _, g := range Groups(runs) {
		out = append(out, groupARTs(g, refs[g.Problem.Name].FStar)...)
	}
	return out
}

// groupARTs are a group's average runtimes to f* + Δf for each Δf in
// DeltaFs.
func groupARTs(g Group, fstar float64) []ART {
	out := make([]ART, len(DeltaFs))
	for i, df := range DeltaFs {
		out[i] = ART{Problem: g.Problem.Name, Solver: g.Solver, DeltaF: df, Target: fstar + df, Runs: len(g.Runs)}
	}
	for _, r := range g.Runs {
		for i, re := range reaches(r, fstar) {
			a := &out[i]
			if re.ok {
				a.Reached++
				a.Evals += re.evals
				a.Seconds += re.d.Seconds()
			} else {
				a.Evals += TotalEvals(r)
				a.Seconds += r.Result.Runtime.Seconds()
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

// ProfileTaus are the tolerances of the performance and data profiles.
var ProfileTaus = []float64{1e-1, 1e-3, 1e-5, 1e-7}

// Profile is a Dolan-Moré performance profile or a Moré-Wild data profile
// of one solver at one tolerance tau, over instances (problem, start): the
// share of instances solved within X[i], where an instance is solved at the
// first trace point with f(x0) - f(x) >= (1 - tau)(f(x0) - f_L), f_L the
// lowest value any solver reached on it. For a performance profile X is
// the ratio of the solver's cost to the best solver's on the instance; for
// a data profile it is the cost in simplex gradients, evaluations / (n+1).
type Profile struct {
	bench.Solver
	Kind      string // "performance" or "data"
	Tau       float64
	X         []float64
	Fraction  []float64
	Instances int
}

// Profiles computes the performance and data profiles of every solver at
// each tau in ProfileTaus. Costs are in evaluations (see Evals).
func Profiles(runs []bench.Run) []Profile {
	type instance struct {
		problem string
		start   int
	}
	var order []instance
	byInst := map[instance][]bench.Run{}
	for _, r := range runs {
		in := instance{r.Problem.Name, r.Start}
		if _, ok := byInst[in]; !ok {
			order = append(order, in)
		}
		byInst[in] = append(byInst[in], r)
	}
	solverList := bench.SolversOf(runs)
	var out []Profile
	for _, tau := range ProfileTaus {
		// cost[i][s]: the cost of solver s on instance i, +Inf if unsolved.
		cost := make([][]float64, len(order))
		dims := make([]float64, len(order))
		for i, in := range order {
			rs := byInst[in]
			dims[i] = float64(rs[0].Problem.Dim)
			f0, fL := math.NaN(), math.NaN()
			for _, r := range rs {
				if len(r.Result.Trace) > 0 && math.IsNaN(f0) && finite(r.Result.Trace[0].Fun) {
					f0 = r.Result.Trace[0].Fun
				}
				if f := lowest(r); f < fL || math.IsNaN(fL) {
					fL = f
				}
			}
			cost[i] = make([]float64, len(solverList))
			for s := range cost[i] {
				cost[i][s] = math.Inf(1)
			}
			if math.IsNaN(f0) || math.IsNaN(fL) {
				continue // no solver has a finite value here: nobody solves it
			}
			threshold := fL + tau*(f0-fL)
			for _, r := range rs {
				if e, _, ok := Reach(r, threshold); ok {
					s := slices.Index(solverList, r.Solver)
					cost[i][s] = min(cost[i][s], e)
				}
			}
		}
		for s, sv := range solverList {
			var ratios, simplex []float64
			for i := range order {
				c := cost[i][s]
				if math.IsInf(c, 1) {
					continue
				}
				ratio := 1.0 // a cost of 0 is the best's too
				if best := slices.Min(cost[i]); best > 0 {
					ratio = c / best
				}
				ratios = append(ratios, ratio)
				simplex = append(simplex, c/(dims[i]+1))
			}
			perf := Profile{Solver: sv, Kind: "performance", Tau: tau, Instances: len(order)}
			perf.X, perf.Fraction = steps(ratios, len(order))
			data := Profile{Solver: sv, Kind: "data", Tau: tau, Instances: len(order)}
			data.X, data.Fraction = steps(simplex, len(order))
			out = append(out, perf, data)
		}
	}
	return out
}

// stepAt is a step function's value at x: 0 before its first step.
func stepAt(xs, fraction []float64, x float64) float64 {
	i, _ := slices.BinarySearch(xs, x)
	if i < len(xs) && xs[i] == x {
		return fraction[i]
	}
	if i == 0 {
		return 0
	}
	return fraction[i-1]
}

// At is the share of instances solved within x.
func (p Profile) At(x float64) float64 { return stepAt(p.X, p.Fraction, x) }

// At is the share of triples reached within budget.
func (e ECDF) At(budget float64) float64 { return stepAt(e.Budgets, e.Fraction, budget) }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
