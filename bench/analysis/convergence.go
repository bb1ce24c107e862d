package analysis

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/stats"
	"github.com/optbench/optbench/solvers"
)

// FAtIter is f after k iterations, or the final f of a run that ended
// before k.
func FAtIter(r bench.Run, k int) float64 {
	f := r.Result.Fun
	for p := range r.TraceRows() {
		if p.Iter > k {
			break
		}
		f = p.Fun
	}
	return f
}

// FAtIters sets out[j] to FAtIter(r, ks[j]) for each j, in one pass over
// r's trace: ks in increasing order (checkpoints, a figure's grid).
func FAtIters(r *bench.Run, ks []int, out []float64) {
	atEach(r, len(ks), func(p solvers.TracePoint, j int) bool { return p.Iter > ks[j] }, r.Result.Fun, out)
}

// FAtTimes sets out[j] to FAtTime(r, ds[j]) for each j, in one pass over
// r's trace: ds in increasing order.
func FAtTimes(r *bench.Run, ds []time.Duration, out []float64) {
	atEach(r, len(ds), func(p solvers.TracePoint, j int) bool { return p.Time > ds[j] }, math.NaN(), out)
}

// atEach sets out[j], for n increasing checkpoints, to f at the last row
// of r's trace before the first row past checkpoint j (past(p, j)), or
// none when the first row is already past it, as sort.Search over the
// rows would find it; rows are read until every checkpoint is passed.
func atEach(r *bench.Run, n int, past func(p solvers.TracePoint, j int) bool, none float64, out []float64) {
	j, f := 0, none
	for p := range r.TraceRows() {
		for j < n && past(p, j) {
			out[j] = f
			j++
		}
		if j == n {
			return
		}
		f = p.Fun
	}
	for ; j < n; j++ {
		out[j] = f
	}
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
		// at[k][j] is run j's f at checkpoint k, each run's trace read
		// once for the checkpoints of iterations and once for those of
		// time (sorted, as atEach reads them).
		ki, ti := sortedOrder(st.IterCheckpoints), sortedOrder(st.TimeCheckpoints)
		ks, ds := permuted(st.IterCheckpoints, ki), permuted(st.TimeCheckpoints, ti)
		nk := len(ks) + len(ds)
		at := make([][]float64, nk)
		for k := range at {
			at[k] = make([]float64, len(g.Runs))
		}
		vi, vt := make([]float64, len(ks)), make([]float64, len(ds))
		for j := range g.Runs {
			r := &g.Runs[j]
			FAtIters(r, ks, vi)
			FAtTimes(r, ds, vt)
			for k, i := range ki {
				at[i][j] = vi[k]
			}
			for k, i := range ti {
				at[len(ks)+i][j] = vt[k]
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

// sortedOrder is the indexes of xs in the order of their values.
func sortedOrder[T cmp.Ordered](xs []T) []int {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(xs[a], xs[b]) })
	return idx
}

// permuted is xs in the order idx.
func permuted[T any](xs []T, idx []int) []T {
	out := make([]T, len(idx))
	for k, i := range idx {
		out[k] = xs[i]
	}
	return out
}
