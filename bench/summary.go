package bench

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/optbench/optbench/solvers"
)

// MinimaTol is the relative tolerance within which two final losses count
// as the same minimum: |a-b| <= MinimaTol*max(1,|a|).
const MinimaTol = 1e-4

// BestLoss is the lowest finite final loss of the runs, NaN if none.
func BestLoss(runs []Run) float64 {
	best := math.NaN()
	for _, r := range runs {
		if f := r.Result.Fun; !math.IsInf(f, 0) && !(f >= best) {
			best = f
		}
	}
	return best
}

// DefaultTarget is the best final loss of the runs plus 1e-6*max(1,|best|).
func DefaultTarget(runs []Run) float64 {
	best := BestLoss(runs)
	return best + 1e-6*max(1, math.Abs(best))
}

// ToTarget returns the time and the function evaluations a run took to
// first reach loss <= target, from its trace: +Inf and -1 if it never did.
func ToTarget(r Run, target float64) (time.Duration, int) {
	for _, p := range r.Result.Trace {
		if p.Fun <= target {
			return p.Time, p.Nfev
		}
	}
	return time.Duration(math.MaxInt64), -1
}

// Group is the runs of one method configuration (its label: the method
// and its non-default parameters) and gradient mode, over all starts.
type Group struct {
	Method   string // the method's name
	Label    string
	Gradient solvers.GradientMode
	Runs     []Run
}

// Groups splits runs by (label, gradient), in order of first appearance.
func Groups(runs []Run) []Group {
	var gs []Group
	for _, r := range runs {
		i := slices.IndexFunc(gs, func(g Group) bool { return g.Label == r.Label && g.Gradient == r.Gradient })
		if i < 0 {
			gs = append(gs, Group{Method: r.Method, Label: r.Label, Gradient: r.Gradient})
			i = len(gs) - 1
		}
		gs[i].Runs = append(gs[i].Runs, r)
	}
	return gs
}

// Summary describes a Group. Medians are over its starts.
type Summary struct {
	Method           string
	Label            string
	Gradient         solvers.GradientMode
	Starts           int
	Success          float64 // fraction of runs whose Status is success
	Reached          float64 // fraction of runs that reached the target
	BestLoss         float64
	MedianLoss       float64
	WorstLoss        float64
	MedianTestLoss   float64
	MedianTestAcc    float64
	MedianNit        float64
	MedianNfev       float64
	MedianNjev       float64
	MedianTime       float64 // seconds
	MedianToTarget   float64 // seconds; +Inf when most runs never reached it
	MedianNfevTarget float64 // evaluations; +Inf likewise
	Minima           int     // distinct final losses of the successful runs (MinimaTol)
	AtBest           float64 // fraction of runs ending within MinimaTol of the sweep's best loss
}

// Summarize computes one Summary per group, ordered by median time to
// target, then by median final loss.
func Summarize(runs []Run, target float64) []Summary {
	best := BestLoss(runs)
	var out []Summary
	for _, g := range Groups(runs) {
		s := Summary{Method: g.Method, Label: g.Label, Gradient: g.Gradient, Starts: len(g.Runs)}
		var loss, test, acc, nit, nfev, njev, secs, toT, nfevT, converged []float64
		for _, r := range g.Runs {
			res := r.Result
			if res.Status == solvers.Success {
				s.Success++
				converged = append(converged, res.Fun)
			}
			d, n := ToTarget(r, target)
			if n >= 0 {
				s.Reached++
				toT = append(toT, d.Seconds())
				nfevT = append(nfevT, float64(n))
			} else {
				toT = append(toT, math.Inf(1))
				nfevT = append(nfevT, math.Inf(1))
			}
			if math.Abs(res.Fun-best) <= MinimaTol*max(1, math.Abs(best)) {
				s.AtBest++
			}
			loss = append(loss, res.Fun)
			test = append(test, r.TestFun)
			acc = append(acc, r.TestAcc)
			nit = append(nit, float64(res.Nit))
			nfev = append(nfev, float64(res.Nfev))
			njev = append(njev, float64(res.Njev))
			secs = append(secs, res.Runtime.Seconds())
		}
		n := float64(len(g.Runs))
		s.Success /= n
		s.Reached /= n
		s.AtBest /= n
		s.BestLoss, s.MedianLoss, s.WorstLoss = quantile(loss, 0), median(loss), quantile(loss, 1)
		s.MedianTestLoss, s.MedianTestAcc = median(test), median(acc)
		s.MedianNit, s.MedianNfev, s.MedianNjev = median(nit), median(nfev), median(njev)
		s.MedianTime = median(secs)
		s.MedianToTarget, s.MedianNfevTarget = median(toT), median(nfevT)
		s.Minima = clusters(converged, MinimaTol)
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b Summary) int {
		return cmp.Or(cmpNaNLast(a.MedianToTarget, b.MedianToTarget), cmpNaNLast(a.MedianLoss, b.MedianLoss))
	})
	return out
}

func cmpNaNLast(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	}
	return cmp.Compare(a, b)
}

// Checkpoints of the convergence table.
var (
	IterCheckpoints = []int{1, 10, 100, 1000}
	TimeCheckpoints = []time.Duration{time.Millisecond, 10 * time.Millisecond, 100 * time.Millisecond, time.Second}
)

// LossAtIter is the loss after k iterations, or the final loss of a run
// that ended before k.
func LossAtIter(r Run, k int) float64 {
	tr := r.Result.Trace
	i := sort.Search(len(tr), func(i int) bool { return tr[i].Iter > k })
	if i == 0 {
		return r.Result.Fun
	}
	return tr[i-1].Fun
}

// LossAtTime is the loss of the last iterate reached within d of solver
// time (the final loss if the run ended earlier), NaN if not even x0's
// value was known by then.
func LossAtTime(r Run, d time.Duration) float64 {
	tr := r.Result.Trace
	i := sort.Search(len(tr), func(i int) bool { return tr[i].Time > d })
	if i == 0 {
		return math.NaN()
	}
	return tr[i-1].Fun
}

// Convergence is one row of the convergence table: median losses at the
// iteration and time checkpoints, and at the end.
type Convergence struct {
	Method   string
	Label    string
	Gradient solvers.GradientMode
	AtIter   []float64 // per IterCheckpoints
	AtEnd    float64
	AtTime   []float64 // per TimeCheckpoints
}

// ConvergenceRows computes the convergence table, groups in the order of
// summaries.
func ConvergenceRows(runs []Run, order []Summary) []Convergence {
	groups := Groups(runs)
	var out []Convergence
	for _, s := range order {
		i := slices.IndexFunc(groups, func(g Group) bool { return g.Label == s.Label && g.Gradient == s.Gradient })
		g := groups[i]
		c := Convergence{Method: g.Method, Label: g.Label, Gradient: g.Gradient}
		var end []float64
		for _, k := range IterCheckpoints {
			var v []float64
			for _, r := range g.Runs {
				v = append(v, LossAtIter(r, k))
			}
			c.AtIter = append(c.AtIter, median(v))
		}
		for _, d := range TimeCheckpoints {
			var v []float64
			for _, r := range g.Runs {
				v = append(v, LossAtTime(r, d))
			}
			c.AtTime = append(c.AtTime, median(v))
		}
		for _, r := range g.Runs {
			end = append(end, r.Result.Fun)
		}
		c.AtEnd = median(end)
		out = append(out, c)
	}
	return out
}
