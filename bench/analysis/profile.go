package analysis

import (
	"math"
	"slices"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

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
// each tau in taus. Costs are in evaluations (see EvalsAt). The instances
// of the problems of Circular(runs) are left out with the rest of their
// targets (see MinBestSeenStarts): of a few starts of one problem, each
// instance solved at every τ by the run that defines its f_L, a profile
// shows little more than which run was best.
func Profiles(runs []bench.Run, taus []float64) []Profile {
	runs = targeted(runs)
	type instance struct {
		problem string
		start   int
	}
	// The instances hold the runs' indexes: a run is hundreds of bytes,
	// and a sweep's starts are never next to one another.
	idx := make([]int, len(runs))
	for i := range idx {
		idx[i] = i
	}
	order := bench.GroupBy(idx, func(i int) instance { return instance{runs[i].Problem.Name, runs[i].Start} })
	solverList := bench.SolversOf(runs)
	// Solvers' indexes and each instance's best cost are found once, so
	// that the profiles cost O(instances x solvers), not O(runs x solvers
	// + instances x solvers²).
	solverAt := make(map[bench.Solver]int, len(solverList))
	for s, sv := range solverList {
		solverAt[sv] = s
	}
	// Each instance's f_0 (the first finite value at x0) and f_L (the
	// lowest any run reached), which τ does not change.
	f0s, fLs := make([]float64, len(order)), make([]float64, len(order))
	dims := make([]float64, len(order))
	for i, in := range order {
		f0, fL := math.NaN(), math.NaN()
		for _, j := range in.Members {
			r := &runs[j]
			if math.IsNaN(f0) {
				for p := range r.TraceRows() { // the first row, x0's
					if finite(p.Fun) {
						f0 = p.Fun
					}
					break
				}
			}
			if f := lowest(r); f < fL || math.IsNaN(fL) {
				fL = f
			}
		}
		f0s[i], fLs[i], dims[i] = f0, fL, float64(runs[in.Members[0]].Problem.Dim)
	}
	var out []Profile
	// cost[i][s]: the cost of solver s on instance i, +Inf if unsolved,
	// rows of one slice made once, for every τ (costs[t]): each run's trace
	// is decoded once for all of them.
	nc := len(order) * len(solverList)
	var tr []solvers.TracePoint
	costs := make([]float64, len(taus)*nc)
	for k := range costs {
		costs[k] = math.Inf(1)
	}
	for i, in := range order {
		f0, fL := f0s[i], fLs[i]
		if math.IsNaN(f0) || math.IsNaN(fL) {
			continue // no solver has a finite value here: nobody solves it
		}
		for _, j := range in.Members {
			r := &runs[j]
			s := solverAt[r.Solver]
			// A trace of a few thousand rows is decoded once for every
			// τ; a longer one is read anew for each, never held whole.
			short := r.TraceLen() <= maxDecodedRows
			if short {
				tr = r.TracePoints(tr)
			}
			for t, tau := range taus {
				threshold := fL + tau*(f0-fL)
				e, ok := 0.0, false
				if short {
					e, ok = firstReachIn(r, tr, threshold)
				} else {
					e, ok = firstReach(r, threshold)
				}
				if ok {
					c := &costs[t*nc+i*len(solverList)+s]
					*c = min(*c, e)
				}
			}
		}
	}
	cost := make([][]float64, len(order))
	for t, tau := range taus {
		for i := range cost {
			cost[i] = costs[t*nc+i*len(solverList) : t*nc+(i+1)*len(solverList)]
		}
		best := make([]float64, len(order))
		for i := range order {
			best[i] = slices.Min(cost[i])
		}
		for s, sv := range solverList {
			var ratios, simplex []float64
			for i := range order {
				c := cost[i][s]
				if math.IsInf(c, 1) {
					continue
				}
				ratio := 1.0 // a cost of 0 is the best's too
				if best[i] > 0 {
					ratio = c / best[i]
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

// maxDecodedRows is the most rows of a trace the profiles decode whole, to
// read them once for every τ: 320 kB.
const maxDecodedRows = 4096

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
