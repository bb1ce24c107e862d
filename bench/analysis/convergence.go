package analysis

import (
	"math"
	"sort"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/stats"
	"github.com/optbench/optbench/solvers"
)

// FAtIter is f after k iterations, or the final f of a run that ended
// before k.
func FAtIter(r bench.Run, k int) float64 {
	f, seen := r.Result.Fun, false
	for p := range r.TraceRows() {
		if p.Iter > k {
			break
		}
		f, seen = p.Fun, true
	}
	if !seen {
		return r.Result.Fun
	}
	return f
}

// fAtIter is FAtIter of a run with trace tr and final value final.
func FAtIterOf(tr []solvers.TracePoint, final float64, k int) float64 {
	i := sort.Search(len(tr), func(i int) bool { return tr[i].Iter > k })
	if i == 0 {
		return final
	}
	return tr[i-1].Fun
}

// FAtTime is f at the last iterate reached within d of solver time (the
// final f if the run ended earlier), NaN if not even x0's value was known
// by then.
func FAtTime(r bench.Run, d time.Duration) float64 {
	f := math.NaN()
	for p := range r.TraceRows() {
		if p.Time > d {
			break
		}
		f = p.Fun
	}
	return f
}

// fAtTime is FAtTime of a run with trace tr.
func FAtTimeOf(tr []solvers.TracePoint, d time.Duration) float64 {
	i := sort.Search(len(tr), func(i int) bool { return tr[i].Time > d })
	if i == 0 {
		return math.NaN()
	}
	return tr[i-1].Fun
}

// Convergence is one row of the convergence table: median values of f at
// the iteration and time checkpoints, and at the end.
type Convergence struct {
	Problem *bench.Problem
	bench.Solver
	AtIter []float64 // per Settings.IterCheckpoints
	AtEnd  float64
	AtTime []float64 // per Settings.TimeCheckpoints
}

// ConvergenceRows computes the convergence table at st's checkpoints,
// groups in the order of summaries.
func ConvergenceRows(runs []bench.Run, order []Summary, st Settings) []Convergence {
	groups := Groups(runs)
	// Each summary's group is looked up by key, not by a scan of all the
	// groups: O(groups), not O(groups²). Groups' keys are distinct.
	at := make(map[groupKey]int, len(groups))
	for i, g := range groups {
		at[groupKey{g.Problem.Name, g.Solver}] = i
	}
	var out []Convergence
	var tr []solvers.TracePoint
	for _, s := range order {
		g := groups[at[groupKey{s.Problem.Name, s.Solver}]]
		c := Convergence{Problem: g.Problem, Solver: g.Solver}
		var end []float64
		// Each run's trace is decoded once, for all its checkpoints:
		// at[k][j] is run j's f at checkpoint k.
		nk := len(st.IterCheckpoints) + len(st.TimeCheckpoints)
		at := make([][]float64, nk)
		for k := range at {
			at[k] = make([]float64, len(g.Runs))
		}
		for j := range g.Runs {
			r := &g.Runs[j]
			tr = r.TracePoints(tr)
			for k, it := range st.IterCheckpoints {
				at[k][j] = FAtIterOf(tr, r.Result.Fun, it)
			}
			for k, d := range st.TimeCheckpoints {
				at[len(st.IterCheckpoints)+k][j] = FAtTimeOf(tr, d)
			}
		}
		for k := range st.IterCheckpoints {
			c.AtIter = append(c.AtIter, stats.Median(at[k]))
		}
		for k := range st.TimeCheckpoints {
			c.AtTime = append(c.AtTime, stats.Median(at[len(st.IterCheckpoints)+k]))
		}
		for _, r := range g.Runs {
			end = append(end, r.Result.Fun)
		}
		c.AtEnd = stats.Median(end)
		out = append(out, c)
	}
	return out
}
