package bench_test

import (
	"context"
	"errors"
	"fmt"
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
		if got, want := runs[0].TraceLen(), sw.TraceRows(p, specs[0].Solver); got != want || runs[0].Result.Nit != sw.MaxIter(p, specs[0].Solver) {
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
		if o := specs[0].Options; o.Epochs != tc.plainEpochs || sw.MaxIter(specs[0].Problem, specs[0].Solver) != tc.plainIter || (o.MaxIter != 0 && o.MaxIter != tc.plainIter) {
			t.Errorf("%+v: the plain problem runs with epochs %d, maxiter %d (%d); want %d, %d", tc.o, o.Epochs, o.MaxIter, sw.MaxIter(specs[0].Problem, specs[0].Solver), tc.plainEpochs, tc.plainIter)
		}
		if o := specs[1].Options; o.Epochs != tc.batchEpoch || o.MaxIter != tc.o.MaxIter || sw.MaxIter(specs[1].Problem, specs[1].Solver) != tc.batchedIter {
			t.Errorf("%+v: the batched problem runs with epochs %d, maxiter %d (%d); want %d, %d", tc.o, o.Epochs, o.MaxIter, sw.MaxIter(specs[1].Problem, specs[1].Solver), tc.batchEpoch, tc.batchedIter)
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
		{big(solvers.Options{MaxIter: math.MaxInt, Gtol: solvers.GtolOff, Trace: solvers.TraceAll}, 1), "more than 8 EiB of runs and traces (-trace all)"},
		{big(solvers.Options{MaxIter: math.MaxInt - 1, Trace: solvers.TraceAll}, 1), "and traces"},
		{big(solvers.Options{MaxIter: math.MaxInt}, 1), "of runs and traces (-trace all)"}, // "" is all
		{big(solvers.Options{MaxIter: math.MaxInt, Trace: solvers.TraceLog}, 1), ""},
		{big(solvers.Options{MaxIter: math.MaxInt, Trace: solvers.TraceNone}, 1), ""},
		// 20,000 starts at maxiter 100,000 keep ~162 rows a run with the
		// log trace: 130 MB, not 52 GiB.
		{big(solvers.Options{MaxIter: 100000, Trace: solvers.TraceLog}, 20000), ""},
		{big(solvers.Options{MaxIter: 100000, Trace: solvers.TraceAll}, 20000), "20000 runs of up to 100000 iterations would keep 52.3 GiB of runs and traces"},
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

// wide is a problem of 4096 parameters (the network's size, and
// solvers.MaxDenseParams), never run here.
func wide() *bench.Problem {
	return bench.FuncProblem("wide", 4096, solvers.Problem{Func: func(x []float64) float64 { return x[0] }})
}

// TestMaxIterPerSolver: a run's budget is its method's (its registry's
// IterationBudget with the sweep's options for the problem): Options'
// rule, 200n or -maxiter, for most; scipy's limits for scipy:Powell
// (1000n, or -maxfev alone), scipy:Nelder-Mead (200n), scipy:L-BFGS-B
// (15000) and scipy:TNC (its maxfun, max(100, 10n), -maxiter its alias).
// The runs on Rosenbrock stay within their budgets and trace rows.
func TestMaxIterPerSolver(t *testing.T) {
	methods := []string{"BFGS", "scipy:Powell", "scipy:Nelder-Mead", "scipy:L-BFGS-B", "scipy:TNC", "Adam"}
	for _, tc := range []struct {
		o           solvers.Options
		rosen, wide []int // by method
	}{
		{solvers.Options{}, []int{400, 2000, 400, 15000, 100, 400}, []int{819200, 4096000, 819200, 15000, 40960, 819200}},
		{solvers.Options{MaxIter: 50}, []int{50, 50, 50, 50, 50, 50}, []int{50, 50, 50, 50, 50, 50}},
		{solvers.Options{MaxFev: 300}, []int{400, 300, 300, 300, 300, 400}, []int{819200, 300, 300, 300, 300, 819200}},
		{solvers.Options{MaxIter: 50, MaxFev: 30}, []int{50, 30, 30, 30, 30, 50}, []int{50, 30, 30, 30, 30, 50}},
		{solvers.Options{MaxIter: 20000}, []int{20000, 20000, 20000, 15000, 20000, 20000}, []int{20000, 20000, 20000, 15000, 20000, 20000}},
	} {
		sw := benchtest.Sweep(t, []*bench.Problem{benchtest.Rosenbrock(), wide()}, benchtest.Configs(t, methods...), []solvers.GradientMode{solvers.Analytic}, 1, 1, tc.o)
		if len(sw.Solvers) != len(methods) {
			t.Fatalf("%d solvers", len(sw.Solvers))
		}
		for j, sv := range sw.Solvers {
			for i, want := range [][]int{tc.rosen, tc.wide} {
				p := sw.Problems[i]
				if got := sw.MaxIter(p, sv); got != want[j] {
					t.Errorf("%+v: %s on %s: MaxIter %d, want %d", tc.o, sv.Label, p.Name, got, want[j])
				}
				if got := sw.TraceRows(p, sv); got != want[j]+1 {
					t.Errorf("%+v: %s on %s: TraceRows %d, want %d", tc.o, sv.Label, p.Name, got, want[j]+1)
				}
			}
		}
		if tc.o.MaxIter > 50 {
			continue // long runs: the others test the same limits
		}
		specs, err := sw.Specs()
		if err != nil {
			t.Fatal(err)
		}
		specs = specs[:len(methods)] // Rosenbrock's
		for _, r := range bench.Execute(context.Background(), specs, 2, nil) {
			if budget := sw.MaxIter(r.Problem, r.Solver); r.Result.Nit > budget || r.TraceLen() > sw.TraceRows(r.Problem, r.Solver) {
				t.Errorf("%+v: %s: %d iterations, %d trace rows (%v); budget %d", tc.o, r.Solver, r.Result.Nit, r.TraceLen(), r.Result.Status, budget)
			}
		}
	}
}

// TestCheckSizePerSolver: the trace memory is counted per method, with each
// method's own limits: scipy:Powell's 1000n on 4096 parameters is refused
// where BFGS's 200n passes, scipy:L-BFGS-B's 15000 iterations on
// Rosenbrock are counted as such, and scipy:TNC's maxfun lets pass what
// 200n would refuse.
func TestCheckSizePerSolver(t *testing.T) {
	sweep := func(p *bench.Problem, methods []string, starts int, o solvers.Options) *bench.Sweep {
		return benchtest.Sweep(t, []*bench.Problem{p}, benchtest.Configs(t, methods...), []solvers.GradientMode{solvers.Analytic}, starts, 1, o)
	}
	all := solvers.Options{Trace: solvers.TraceAll}
	for _, tc := range []struct {
		name string
		sw   *bench.Sweep
		want string // "" for accepted
	}{
		// A run of Powell on 4096 parameters keeps up to 4,096,001 rows of
		// at most 28 B, x0, x and its gradient, and RunBytes: about 114.8 MB;
		// BFGS's 819,201 rows, 23.0 MB. Two runs under way hold
		// theirs uncompacted, up to 160 B a row: 655,360,160 B each of
		// Powell's, 131,072,160 B of BFGS's.
		{"Powell x 3", sweep(wide(), []string{"scipy:Powell"}, 3, all), "3 runs of up to 4096000 iterations would keep 1.54 GiB of runs and traces (-trace all)"},
		{"Powell x 2", sweep(wide(), []string{"scipy:Powell"}, 2, all), ""},
		{"BFGS x 4", sweep(wide(), []string{"BFGS"}, 4, all), ""},
		{"Powell -maxiter 1000 x 4", sweep(wide(), []string{"scipy:Powell"}, 4, solvers.Options{MaxIter: 1000}), ""},
		{"Powell -maxfev 5000 x 4", sweep(wide(), []string{"scipy:Powell"}, 4, solvers.Options{MaxFev: 5000}), ""},
		{"Powell -trace log x 4", sweep(wide(), []string{"scipy:Powell"}, 4, solvers.Options{Trace: solvers.TraceLog}), ""},
		{"Powell and BFGS x 3", sweep(wide(), []string{"BFGS", "scipy:Powell"}, 3, all), "6 runs of up to 4096000 iterations would keep 1.61 GiB"},
		{"Powell and BFGS x 2", sweep(wide(), []string{"BFGS", "scipy:Powell"}, 2, all), ""},
		// L-BFGS-B on Rosenbrock: 15,001 rows, 28 B, 48 B of vectors and
		// RunBytes: about 428 kB a run.
		{"L-BFGS-B x 3800", sweep(benchtest.Rosenbrock(), []string{"scipy:L-BFGS-B"}, 3800, all), "3800 runs of up to 15000 iterations would keep 1.52 GiB"},
		{"L-BFGS-B x 3700", sweep(benchtest.Rosenbrock(), []string{"scipy:L-BFGS-B"}, 3700, all), ""},
		{"L-BFGS-B -maxiter 400 x 1000", sweep(benchtest.Rosenbrock(), []string{"scipy:L-BFGS-B"}, 1000, solvers.Options{MaxIter: 400}), ""},
		// TNC on 4096 parameters: maxfun 40,960, about 1.23 MB a run, where
		// 200n would keep 23.0 MB.
		{"TNC x 60", sweep(wide(), []string{"scipy:TNC"}, 60, all), ""},
		{"BFGS x 60", sweep(wide(), []string{"BFGS"}, 60, all), "60 runs of up to 819200 iterations would keep 1.53 GiB"},
		{"TNC -maxiter 819200 x 60", sweep(wide(), []string{"scipy:TNC"}, 60, solvers.Options{MaxIter: 819200}), "60 runs of up to 819200 iterations"},
		// x0, x and the gradient, 32 kB each: most of it; the advice says so.
		{"BFGS -trace none x 20000", sweep(wide(), []string{"BFGS"}, 20000, solvers.Options{Trace: solvers.TraceNone}), "the vectors (the starts, each run's x and gradient) are 2.06 GiB of it: lower -starts"},
		{"TNC -maxfev 40960 -maxiter 819200 x 20", sweep(wide(), []string{"scipy:TNC"}, 20, solvers.Options{MaxIter: 819200, MaxFev: 40960}), ""},
	} {
		err := tc.sw.CheckSize()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, bench.ErrTooLarge)):
			t.Errorf("%s: %v, want ErrTooLarge with %q", tc.name, err, tc.want)
		}
	}

	// A shard counts its own runs of each solver: Powell and BFGS x 3
	// (refused whole) in two shards, 0/2 with BFGS's starts 0 and 2 and
	// Powell's 1, 1/2 with BFGS's 1 and Powell's 0 and 2.
	sw := sweep(wide(), []string{"BFGS", "scipy:Powell"}, 3, all)
	for _, tc := range []struct {
		shard bench.Shard
		want  string
	}{
		{bench.Shard{Index: 0, Count: 2}, ""},
		{bench.Shard{Index: 1, Count: 2}, ""}, // 1.46 GiB
		{bench.Shard{Index: 0, Count: 1}, "and traces"},
	} {
		sw.Shard = tc.shard
		if err := sw.CheckSize(); (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("shard %s: %v, want %q", tc.shard, err, tc.want)
		}
	}

	// With KeepX, start 0 keeps x in its every row (819,201 rows of 4096
	// values: 26.8 GB for BFGS): only the shard that runs it counts it.
	sw = sweep(wide(), []string{"BFGS"}, 2, all)
	sw.KeepX = true
	if err := sw.CheckSize(); !errors.Is(err, bench.ErrTooLarge) {
		t.Errorf("KeepX on 4096 parameters: %v, want ErrTooLarge", err)
	}
	sw.Shard = bench.Shard{Index: 1, Count: 2}
	if err := sw.CheckSize(); err != nil {
		t.Errorf("KeepX, the shard of start 1 alone: %v", err)
	}

	// A method the sweep's registry does not know (a sweep.json's, to be
	// reported) counts Options' rule.
	sw = sweep(benchtest.Rosenbrock(), []string{"BFGS"}, 1, all)
	sw.Solvers = append(sw.Solvers, bench.Solver{Method: "Brent", Label: "Brent", Gradient: solvers.NoGradient})
	if err := sw.CheckSize(); err != nil {
		t.Errorf("an unknown method: %v", err)
	}
	if got := sw.MaxIter(sw.Problems[0], sw.Solvers[1]); got != 400 {
		t.Errorf("an unknown method's budget: %d, want Options' rule, 400", got)
	}
}

// TestSizeCountsCOCOLogs: a run under COCO's protocol with an observer
// is counted ObservedRunBytes besides its trace of at most 53 rows, so a
// bbob sweep of 93,600 runs (the whole suite in every dimension, 100
// instances) or of 17,000 (14,880 peaked at 1.52 GB) is refused at once
// rather than run out of memory, and one of the default suite's size is
// not.
func TestSizeCountsCOCOLogs(t *testing.T) {
	sweep := func(problems int) *bench.Sweep {
		var ps []*bench.Problem
		for i := range problems {
			p := bench.FuncProblem(fmt.Sprintf("p%d", i), 10, solvers.Problem{Func: func(x []float64) float64 { return x[0] * x[0] }})
			p.FStar = 0
			p.Observer = func() bench.Observer { return nil }
			ps = append(ps, p)
		}
		s, err := bench.NewSweep(ps, 1, 1, solvers.Options{Trace: solvers.TraceAll})
		if err != nil {
			t.Fatal(err)
		}
		s.Budget, s.Workers = 1000, 2
		if err := s.Add([]solvers.Config{{Method: "BFGS", Label: "BFGS"}}, solvers.Forward2); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if err := sweep(7200).CheckSize(); err != nil {
		t.Errorf("7,200 runs under COCO's protocol: %v", err)
	}
	if err := sweep(17000).CheckSize(); !errors.Is(err, bench.ErrTooLarge) {
		t.Errorf("17,000 runs under COCO's protocol (14,880 peaked at 1.52 GB): %v, want refused", err)
	}
	err := sweep(93600).CheckSize()
	if !errors.Is(err, bench.ErrTooLarge) || !strings.Contains(err.Error(), "93600 runs under COCO's protocol would keep 8.92 GiB") {
		t.Errorf("93,600 runs under COCO's protocol: %v, want refused", err)
	}
}
