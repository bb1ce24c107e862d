package analysis

import (
	"math"
	"sort"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/stats"
)

// FAtIter is f after k iterations, or the final f of a run that ended
// before k.
func FAtIter(r bench.Run, k int) float64 {
	tr := r.Result.Trace
	i := sort.Search(len(tr), func(i int) bool { return tr[i].Iter > k })
	if i == 0 {
		return r.Result.Fun
	}
	return tr[i-1].Fun
}

// FAtTime is f at the last iterate reached within d of solver time (the
// final f if the run ended earlier), NaN if not even x0's value was known
// by then.
func FAtTime(r bench.Run, d time.Duration) float64 {
	tr := r.Result.Trace
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
	for _, s := range order {
		g := groups[at[groupKey{s.Problem.Name, s.Solver}]]
		c := Convergence{Problem: g.Problem, Solver: g.Solver}
		var end []float64
		for _, k := range st.IterCheckpoints {
			var v []float64
			for _, r := range g.Runs {
				v = append(v, FAtIter(r, k))
			}
			c.AtIter = append(c.AtIter, stats.Median(v))
		}
		for _, d := range st.TimeCheckpoints {
			var v []float64
			for _, r := range g.Runs {
				v = append(v, FAtTime(r, d))
			}
			c.AtTime = append(c.AtTime, stats.Median(v))
		}
		for _, r := range g.Runs {
			end = append(end, r.Result.Fun)
		}
		c.AtEnd = stats.Median(end)
		out = append(out, c)
	}
	return out
}
