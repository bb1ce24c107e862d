package analysis

import (
	"math"
	"testing"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestFAtEach: f at many checkpoints in one pass is f at each: before the
// first row, between rows, on them, past the last, for a trace kept as it
// is, compacted, and empty.
func TestFAtEach(t *testing.T) {
	var tr []solvers.TracePoint
	for i, f := range []float64{9, 5, math.NaN(), 2, 1} {
		tr = append(tr, solvers.TracePoint{Iter: 2 + 3*i, Time: time.Duration(10+10*i) * time.Millisecond, Fun: f})
	}
	held := bench.Run{Result: solvers.Result{Fun: 0.5, Trace: tr}}
	compact := held
	compact.CompactTrace()
	empty := bench.Run{Result: solvers.Result{Fun: 0.5}}
	ks := []int{0, 1, 2, 3, 5, 8, 9, 14, 15, 100}
	ds := []time.Duration{0, 5 * time.Millisecond, 10 * time.Millisecond, 25 * time.Millisecond, 40 * time.Millisecond, time.Second}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for name, r := range map[string]*bench.Run{"held": &held, "compact": &compact, "empty": &empty} {
		fi, ft := make([]float64, len(ks)), make([]float64, len(ds))
		FAtIters(r, ks, fi)
		FAtTimes(r, ds, ft)
		for j, k := range ks {
			if want := FAtIter(*r, k); !same(fi[j], want) {
				t.Errorf("%s: f at iteration %d: %v, FAtIter %v", name, k, fi[j], want)
			}
		}
		for j, d := range ds {
			if want := FAtTime(*r, d); !same(ft[j], want) {
				t.Errorf("%s: f at %v: %v, FAtTime %v", name, d, ft[j], want)
			}
		}
	}
	// FAtIter itself: the final value before the first row, the row's
	// own at it, the last row's after.
	for _, c := range []struct {
		k    int
		want float64
	}{{1, 0.5}, {2, 9}, {4, 9}, {5, 5}, {14, 1}, {1000, 1}} {
		if got := FAtIter(compact, c.k); got != c.want {
			t.Errorf("FAtIter(%d) = %v, want %v", c.k, got, c.want)
		}
	}
}

// TestFirstReachPaths: the profiles' two ways to find a run's first row
// reaching a threshold, over its trace decoded once (short traces) or
// read anew (long ones), agree on every threshold.
func TestFirstReachPaths(t *testing.T) {
	var tr []solvers.TracePoint
	for i := range maxDecodedRows + 10 {
		tr = append(tr, solvers.TracePoint{Iter: i, Fun: 100 / float64(1+i%5000), Nfev: 2 * i})
	}
	tr[7].Fun = math.Inf(-1)
	r := bench.Run{Result: solvers.Result{Trace: tr}}
	r.CompactTrace()
	decoded := r.TracePoints(nil)
	for _, target := range []float64{1000, 100, 50, 1, 0.0201, 0.02, 0.01, math.Inf(-1)} {
		e1, ok1 := firstReach(&r, target)
		e2, ok2 := firstReachIn(&r, decoded, target)
		if e1 != e2 || ok1 != ok2 {
			t.Errorf("target %v: %v %v and %v %v", target, e1, ok1, e2, ok2)
		}
	}
}

// TestSummaryARTIsTheARTs: the summary's aRT, summed in its own pass, is
// the aRT table's at the middle target, to the bit: for a configuration
// that reaches it on some starts (A), on none (C) and on all (B).
func TestSummaryARTIsTheARTs(t *testing.T) {
	p := &bench.Problem{Name: "p", Dim: 2, FStar: 0}
	values := map[string][][]float64{
		"A": {{5, 1e-2, 1e-4}, {5, 3, 2}, {9, 1e-3, 1e-9}, {4, 4, 4}},
		"B": {{1, 1e-5}, {3, 1e-4, 1e-6}, {2, 1e-8}, {7, 1e-3}},
		"C": {{5, 1}, {5, 0.5, 0.1}, {2, 2}, {9, 8, 7}},
	}
	var runs []bench.Run
	for _, m := range []string{"A", "B", "C"} {
		for i, fs := range values[m] {
			r := benchtest.FakeRun(p, m, solvers.Success, fs...)
			r.Start = i
			r.CompactTrace()
			runs = append(runs, r)
		}
	}
	a := Analyze(runs)
	compared := 0
	for _, s := range a.Summaries {
		for _, art := range a.ARTs() {
			if art.Solver == s.Solver && art.DeltaF == a.Settings.MiddleDeltaF {
				compared++
				if math.Float64bits(art.Evals) != math.Float64bits(s.ART) {
					t.Errorf("%s: summary aRT %v, the aRT table's %v", s.Label, s.ART, art.Evals)
				}
			}
		}
	}
	if compared != 3 || !math.IsInf(a.Summaries[2].ART, 1) {
		t.Errorf("%d aRTs compared, C's %v: want 3 and +Inf", compared, a.Summaries[2].ART)
	}
}
