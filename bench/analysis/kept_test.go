package analysis_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/solvers"
)

// quadratic is sum x_i^2 / 2 in dim dimensions, f* = 0.
func quadratic(dim int) *bench.Problem {
	p := bench.FuncProblem("quadratic", dim, solvers.Problem{
		Func: func(x []float64) float64 {
			var s float64
			for _, v := range x {
				s += v * v
			}
			return s / 2
		},
		Grad: func(g, x []float64) { copy(g, x) },
	})
	p.FStar = 0
	return p
}

// TestKeptBytes: the memory a sweep's runs and their analysis hold at its
// peak, measured as the live heap after a collection with the sweep, its
// runs and their analysis alive, is what Sweep.KeptBytes estimates or less
// (2 % more where the vectors are nearly all of it), and at least half of
// it: short traces, long ones rounded to pages, the log trace, and
// vectors of 20,000 values.
func TestKeptBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs 8,000 runs")
	}
	for _, c := range []struct {
		dim, iters, starts int
		trace              solvers.TraceMode
		stored             bool // the traces in a TraceStore
	}{
		{2, 50, 4000, solvers.TraceAll, false},
		{2, 3, 4000, solvers.TraceAll, false},
		{20, 200, 2000, solvers.TraceLog, false},
		{2, 500, 2000, solvers.TraceNone, false},
		// 410 rows of 21-24 B: about 9 kB, with the allocator's rounding.
		{2, 409, 1000, solvers.TraceAll, false},
		// The vectors: the sweep's starts, shared, and each run's x and
		// gradient.
		{20000, 5, 300, solvers.TraceNone, false},
		// The traces in a file: the runs and the store's buffer.
		{2, 409, 1000, solvers.TraceAll, true},
		{2, 50, 4000, solvers.TraceAll, true},
	} {
		// GD-fixed with a small step and no gradient test takes every
		// iteration its limit allows: each trace has its full length.
		o := solvers.Options{MaxIter: c.iters, Gtol: solvers.GtolOff, Trace: c.trace}
		sw, err := bench.NewSweep([]*bench.Problem{quadratic(c.dim)}, c.starts, 1, o)
		if err != nil {
			t.Fatal(err)
		}
		if err := sw.Add([]solvers.Config{{Method: "GD-fixed", Params: map[string]string{"alpha": "0.01"}}}, solvers.Analytic); err != nil {
			t.Fatal(err)
		}
		before := liveHeap()
		if c.stored {
			store, err := bench.NewTraceStore("")
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			sw.TraceStore = store
		}
		specs, err := sw.Specs()
		if err != nil {
			t.Fatal(err)
		}
		runs := bench.ExecuteWith(context.Background(), specs, 1, 1, nil)
		a := analysis.Analyze(runs)
		_, _ = a.Convergence(), a.ARTs()
		measured := liveHeap() - before
		runtime.KeepAlive(sw)
		runtime.KeepAlive(specs)
		runtime.KeepAlive(a)
		est := sw.KeptBytes()
		t.Logf("dim %d, %d iterations, trace %s, stored %v: measured %d B a run, estimated %d (%.0f %%)", c.dim, c.iters, c.trace, c.stored, measured/int64(c.starts), est/c.starts, 100*float64(est)/float64(measured))
		// Where the vectors are nearly all of it, the estimate is exact
		// but for the runtime's own few bytes: 2 % below is allowed.
		if float64(est) < 0.98*float64(measured) || int64(est) > 2*measured {
			t.Errorf("dim %d, %d iterations, trace %s: %d runs hold %d bytes; KeptBytes estimates %d, want no less than 98 %% of that and at most twice it",
				c.dim, c.iters, c.trace, c.starts, measured, est)
		}
	}
}

// liveHeap is the heap in use after a full collection.
func liveHeap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
