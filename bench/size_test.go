package bench_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"unsafe"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestHugeShardCounts: a shard count far past the sweep's runs, up to
// math.MaxInt, gives the shard its runs, or none, and never wraps.
func TestHugeShardCounts(t *testing.T) {
	sw := gridSweep(t) // 30 runs
	for _, tc := range []struct {
		shard bench.Shard
		want  int
	}{
		{bench.Shard{Index: 1, Count: math.MaxInt}, 1},
		{bench.Shard{Index: 29, Count: math.MaxInt}, 1},
		{bench.Shard{Index: 30, Count: math.MaxInt}, 0},
		{bench.Shard{Index: math.MaxInt - 1, Count: math.MaxInt}, 0},
		{bench.Shard{Index: 0, Count: 31}, 1},
		{bench.Shard{Index: 29, Count: 30}, 1},
		{bench.Shard{Index: 0, Count: 29}, 2},
	} {
		sw.Shard = tc.shard
		if err := sw.CheckSize(); err != nil {
			t.Errorf("shard %s: %v", tc.shard, err)
		}
		specs, err := sw.Specs()
		if err != nil || len(specs) != tc.want {
			t.Errorf("shard %s: %d runs, %v; want %d", tc.shard, len(specs), err, tc.want)
		}
	}
	for _, bad := range []bench.Shard{{Index: -1, Count: 2}, {Index: 2, Count: 2}, {Index: 0, Count: -5}} {
		sw.Shard = bad
		if err := sw.CheckSize(); !errors.Is(err, bench.ErrShard) {
			t.Errorf("shard %+v: %v, want ErrShard", bad, err)
		}
	}
}

func TestParseHugeShard(t *testing.T) {
	s, err := bench.ParseShard("1/9223372036854775807")
	if err != nil || s != (bench.Shard{Index: 1, Count: math.MaxInt}) {
		t.Errorf("1/MaxInt64: %v, %v", s, err)
	}
	for _, bad := range []string{"1/9223372036854775808", "9223372036854775807/9223372036854775807", "-9223372036854775808/2"} {
		if _, err := bench.ParseShard(bad); !errors.Is(err, bench.ErrShard) {
			t.Errorf("%s: %v, want ErrShard", bad, err)
		}
	}
}

// TestTraceRowSize: the size check counts a trace row as it is in memory.
func TestTraceRowSize(t *testing.T) {
	if got := unsafe.Sizeof(solvers.TracePoint{}); got != bench.TraceRowBytes {
		t.Errorf("a TracePoint is %d bytes, the size check counts %d", got, bench.TraceRowBytes)
	}
}

// TestLogTraceRows: LogTraceRows is what TraceLog keeps, measured on runs
// that take every iteration up to their MaxIter.
func TestLogTraceRows(t *testing.T) {
	p := bench.FuncProblem("slope", 1, solvers.Problem{
		Func: func(x []float64) float64 { return x[0] },
		Grad: func(g, x []float64) { g[0] = 1 },
	})
	for _, n := range []int{0, 1, 99, 100, 101, 112, 113, 1000, 12345, 100000} {
		sw := benchtest.Sweep(t, []*bench.Problem{p}, benchtest.Configs(t, "GD-fixed"), []solvers.GradientMode{solvers.Analytic}, 1, 1,
			solvers.Options{MaxIter: n, Gtol: solvers.GtolOff, Trace: solvers.TraceLog})
		specs, err := sw.Specs()
		if err != nil {
			t.Fatal(err)
		}
		runs := bench.Execute(context.Background(), specs, 1, nil)
		if got, want := len(runs[0].Result.Trace), sw.TraceRows(p); got != want || runs[0].Result.Nit != sw.MaxIter(p) {
			t.Errorf("maxiter %d: a run keeps %d rows in %d iterations, TraceRows says %d", n, got, runs[0].Result.Nit, want)
		}
	}
	for n, want := range map[int]int{100000: 161, 100001: 162, math.MaxInt: 441} {
		if got := bench.LogTraceRows(n); got != want {
			t.Errorf("LogTraceRows(%d) = %d, want %d", n, got, want)
		}
	}
}

// batched is a problem that steps on mini-batches, 10 a epoch, as the
// network with -batch is.
func batched() *bench.Problem {
	p := benchtest.Rosenbrock()
	p.Name, p.BatchesPerEpoch = "batched", 10
	return p
}

// TestOptionsPerProblem: Epochs and the mark of the epochs being the limit
// apply to the problems that step on mini-batches only; the others run
// with their plain limits, as without -batch.
func TestOptionsPerProblem(t *testing.T) {
	plain := benchtest.Rosenbrock() // dimension 2
	for _, tc := range []struct {
		o                       solvers.Options
		plainIter, batchedIter  int
		plainEpochs, batchEpoch int
	}{
		{solvers.Options{Epochs: 10, MaxIter: bench.EpochsMaxIter}, 400, 100, 0, 10},
		{solvers.Options{Epochs: 10, MaxIter: 50}, 50, 50, 0, 10},
		{solvers.Options{MaxIter: 70}, 70, 70, 0, 0},
		{solvers.Options{}, 400, 400, 0, 0},
		{solvers.Options{Epochs: 1000000000, MaxIter: bench.EpochsMaxIter}, 400, bench.EpochsMaxIter, 0, 1000000000},
	} {
		sw := benchtest.Sweep(t, []*bench.Problem{plain, batched()}, benchtest.Configs(t, "Adam"), []solvers.GradientMode{solvers.Analytic}, 1, 1, tc.o)
		specs, err := sw.Specs()
		if err != nil {
			t.Fatal(err)
		}
		if o := specs[0].Options; o.Epochs != tc.plainEpochs || sw.MaxIter(specs[0].Problem) != tc.plainIter || (o.MaxIter != 0 && o.MaxIter != tc.plainIter) {
			t.Errorf("%+v: the plain problem runs with epochs %d, maxiter %d (%d); want %d, %d", tc.o, o.Epochs, o.MaxIter, sw.MaxIter(specs[0].Problem), tc.plainEpochs, tc.plainIter)
		}
		if o := specs[1].Options; o.Epochs != tc.batchEpoch || o.MaxIter != tc.o.MaxIter || sw.MaxIter(specs[1].Problem) != tc.batchedIter {
			t.Errorf("%+v: the batched problem runs with epochs %d, maxiter %d (%d); want %d, %d", tc.o, o.Epochs, o.MaxIter, sw.MaxIter(specs[1].Problem), tc.batchEpoch, tc.batchedIter)
		}
	}
	// The plain problem's runs are those of a sweep without epochs.
	o := solvers.Options{Epochs: 10, MaxIter: bench.EpochsMaxIter, Gtol: solvers.GtolOff}
	sw := benchtest.Sweep(t, []*bench.Problem{plain}, benchtest.Configs(t, "Adam"), []solvers.GradientMode{solvers.Analytic}, 1, 1, o)
	specs, err := sw.Specs()
	if err != nil {
		t.Fatal(err)
	}
	if r := bench.Execute(context.Background(), specs, 1, nil)[0]; r.Result.Nit != 400 {
		t.Errorf("Adam on Rosenbrock with epochs and gtol 0: %d iterations (%s), want 400", r.Result.Nit, r.Result.Message)
	}
}

// TestCheckSize: exact, saturating arithmetic for every trace mode.
func TestCheckSize(t *testing.T) {
	big := func(o solvers.Options, starts int, ps ...*bench.Problem) *bench.Sweep {
		if len(ps) == 0 {
			ps = []*bench.Problem{benchtest.Rosenbrock()}
		}
		return benchtest.Sweep(t, ps, benchtest.Configs(t, "GD-fixed"), []solvers.GradientMode{solvers.Analytic}, starts, 1, o)
	}
	for _, tc := range []struct {
		sw   *bench.Sweep
		want string // "" for accepted
	}{
		{big(solvers.Options{MaxIter: math.MaxInt, Gtol: solvers.GtolOff, Trace: solvers.TraceAll}, 1), "more than 8 EiB of traces (-trace all)"},
		{big(solvers.Options{MaxIter: math.MaxInt - 1, Trace: solvers.TraceAll}, 1), "of traces"},
		{big(solvers.Options{MaxIter: math.MaxInt}, 1), "of traces (-trace all)"}, // "" is all
		{big(solvers.Options{MaxIter: math.MaxInt, Trace: solvers.TraceLog}, 1), ""},
		{big(solvers.Options{MaxIter: math.MaxInt, Trace: solvers.TraceNone}, 1), ""},
		// 20,000 starts at maxiter 100,000 keep ~162 rows a run with the
		// log trace: 260 MB, not 150 GiB.
		{big(solvers.Options{MaxIter: 100000, Trace: solvers.TraceLog}, 20000), ""},
		{big(solvers.Options{MaxIter: 100000, Trace: solvers.TraceAll}, 20000), "20000 runs of up to 100000 iterations would keep 149 GiB of traces"},
		{big(solvers.Options{MaxIter: 100000, Trace: solvers.TraceAll}, 100), ""},
		// Mini-batches: 1e9 epochs of 10 batches keep 1e10 rows with
		// the whole trace, a few hundred with the log trace.
		{big(solvers.Options{Epochs: 1000000000, MaxIter: bench.EpochsMaxIter, Trace: solvers.TraceAll}, 1, batched()), "of up to 2147483647 iterations"},
		{big(solvers.Options{Epochs: 1000000000, MaxIter: bench.EpochsMaxIter, Trace: solvers.TraceLog}, 1, batched()), ""},
		{big(solvers.Options{Epochs: 1000, MaxIter: bench.EpochsMaxIter, Trace: solvers.TraceAll}, 1, batched()), ""},
		{big(solvers.Options{}, 1000001), "1000001 runs in all"},
		{big(solvers.Options{}, math.MaxInt), "more than 9.2e+18 runs in all"},
	} {
		err := tc.sw.CheckSize()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v x %d: %v", tc.sw.Options, tc.sw.Starts, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%+v x %d: %v, want %q", tc.sw.Options, tc.sw.Starts, err, tc.want)
		case tc.want != "":
			var u *bench.UsageError
			if !errors.Is(err, bench.ErrTooLarge) || !errors.As(err, &u) {
				t.Errorf("%v is not a UsageError matching ErrTooLarge", err)
			}
		}
	}
	sw := big(solvers.Options{}, 1)
	sw.Starts = 0
	if err := sw.CheckSize(); err == nil || !strings.Contains(err.Error(), "-starts 0") {
		t.Errorf("0 starts: %v", err)
	}
	// A shard keeps its share only.
	sw = big(solvers.Options{MaxIter: 100000, Trace: solvers.TraceAll}, 1000)
	if err := sw.CheckSize(); err == nil {
		t.Error("1000 runs of 100,000 iterations were accepted")
	}
	sw.Shard = bench.Shard{Index: 9, Count: 10}
	if err := sw.CheckSize(); err != nil {
		t.Errorf("a tenth of them: %v", err)
	}
}

// TestShardRunsBounded: one process runs and analyses at most
// MaxShardRuns runs; a larger sweep is accepted split into shards.
func TestShardRunsBounded(t *testing.T) {
	sw := gridSweep(t)
	perStart := sw.Runs() / sw.Starts
	sw.Starts = bench.MaxShardRuns/perStart + 1
	err := sw.CheckSize()
	if !errors.Is(err, bench.ErrTooLarge) || !strings.Contains(err.Error(), "-shard i/n") {
		t.Errorf("%d runs in one process: %v; want ErrTooLarge suggesting -shard", sw.Runs(), err)
	}
	sw.Shard = bench.Shard{Index: 1, Count: 2}
	if err := sw.CheckSize(); err != nil {
		t.Errorf("half of %d runs: %v", sw.Runs(), err)
	}
}
