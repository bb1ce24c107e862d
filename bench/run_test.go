package bench_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/bench/results"
	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers"
)

// jsonWithoutTimes is a run's JSON line with every time zeroed.
func jsonWithoutTimes(t *testing.T, r bench.Run) string {
	rec := results.NewRecord(r)
	rec.TimeS = 0
	for i := range rec.Trace {
		rec.Trace[i].TimeS = 0
	}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExecuteIsTheSameWhateverTheWorkers(t *testing.T) {
	specs := benchtest.Specs(t, []*bench.Problem{benchtest.Classroom(), benchtest.Rosenbrock()}, benchtest.Configs(t, solvers.Methods()...), []solvers.GradientMode{solvers.Analytic, solvers.Central3}, 3, 7, solvers.Options{MaxIter: 40})
	one := bench.Execute(context.Background(), specs, 1, nil)
	three := bench.Execute(context.Background(), specs, 3, nil)
	if len(one) != len(specs) || len(three) != len(specs) {
		t.Fatalf("%d and %d runs, want %d", len(one), len(three), len(specs))
	}
	for i := range one {
		if a, b := jsonWithoutTimes(t, one[i]), jsonWithoutTimes(t, three[i]); a != b {
			t.Errorf("run %d differs between -j 1 and -j 3:\n%s\n%s", i, a, b)
		}
	}
}

func TestSpecsAndStartPoints(t *testing.T) {
	p := benchtest.Classroom()
	specs := benchtest.Specs(t, []*bench.Problem{p}, benchtest.Configs(t, "bfgs", "Nelder-Mead"), []solvers.GradientMode{"analytic", "3-point"}, 2, 5, solvers.Options{})
	var got []string
	for _, sp := range specs {
		got = append(got, sp.Method+"/"+string(sp.Gradient))
	}
	want := "BFGS/analytic BFGS/analytic BFGS/3-point BFGS/3-point Nelder-Mead/none Nelder-Mead/none"
	if strings.Join(got, " ") != want {
		t.Errorf("specs %v, want %s", got, want)
	}
	x0 := objective.ClassroomInit()
	for i, v := range specs[0].X0 {
		if v != x0[i] {
			t.Fatalf("start 0 is not the classroom x0")
		}
	}
	again := p.Start(1, 5)
	for i, v := range specs[1].X0 {
		if v != again[i] {
			t.Fatalf("start 1 is not reproducible")
		}
	}
	if other := p.Start(1, 6); other[0] == again[0] {
		t.Errorf("seeds 5 and 6 give the same start")
	}
	sw := benchtest.Sweep(t, []*bench.Problem{p}, nil, nil, 1, 1, solvers.Options{})
	if err := sw.Add([]solvers.Config{{Method: "simplex"}}, solvers.Analytic); !errors.Is(err, solvers.ErrUnknownMethod) {
		t.Errorf("unknown method: %v", err)
	}
}

func TestFailingRunsAreRecordedAndTheRestFinish(t *testing.T) {
	// Three problems: one whose value turns NaN after a few evaluations,
	// one that panics, and the classroom network itself.
	misbehaving := func(name string, bad func(ce *objective.CrossEntropy, x []float64) float64) *bench.Problem {
		p := benchtest.Classroom()
		p.Name = name
		p.New = func(int) (solvers.Problem, func(), error) {
			train, _ := objective.Classroom()
			ce, err := objective.NewCrossEntropy(objective.ClassroomNetwork, train, 0)
			calls := 0
			return solvers.Problem{Grad: ce.Grad, Func: func(x []float64) float64 {
				if calls++; calls > 5 {
					return bad(ce, x)
				}
				return ce.Func(x)
			}}, nil, err
		}
		return p
	}
	problems := []*bench.Problem{
		misbehaving("nan", func(*objective.CrossEntropy, []float64) float64 { return math.NaN() }),
		misbehaving("panic", func(*objective.CrossEntropy, []float64) float64 { panic("objective exploded") }),
		benchtest.Classroom(),
	}
	// One more whose construction panics, before any method runs.
	unbuilt := benchtest.Classroom()
	unbuilt.Name = "unbuilt"
	unbuilt.New = func(int) (solvers.Problem, func(), error) { panic("no problem here") }
	problems = append(problems, unbuilt)
	specs := benchtest.Specs(t, problems, benchtest.Configs(t, "BFGS", "GD-fixed", "Nelder-Mead"), []solvers.GradientMode{"analytic"}, 2, 1, solvers.Options{MaxIter: 100})
	runs := bench.Execute(context.Background(), specs, 2, nil)
	if len(runs) != len(specs) {
		t.Fatalf("%d runs finished, want %d", len(runs), len(specs))
	}
	for _, r := range runs {
		st, msg := r.Result.Status, r.Result.Message
		switch r.Problem.Name {
		case "nan":
			if st != solvers.NaN {
				t.Errorf("%s on nan: status %v (%s), want nan", r.Method, st, msg)
			}
		case "panic":
			if st != solvers.Failed || !strings.Contains(msg, "panic: objective exploded") || !r.Result.Panicked {
				t.Errorf("%s on panic: status %v (%s), panicked %v; want error with the panic", r.Method, st, msg, r.Result.Panicked)
			}
		case "unbuilt":
			if st != solvers.Failed || !strings.Contains(msg, "panic: no problem here") || !r.Result.Panicked {
				t.Errorf("%s on unbuilt: status %v (%s), panicked %v; want error with the panic", r.Method, st, msg, r.Result.Panicked)
			}
		default:
			if st != solvers.Success && st != solvers.MaxIter && st != solvers.Stalled {
				t.Errorf("%s start %d: status %v (%s)", r.Method, r.Start, st, msg)
			}
			if math.IsNaN(r.Metric("test_acc")) {
				t.Errorf("%s start %d: no test accuracy", r.Method, r.Start)
			}
		}
		if _, err := json.Marshal(results.NewRecord(r)); err != nil {
			t.Errorf("%s start %d: %v", r.Method, r.Start, err)
		}
	}
}

func TestExecuteStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := benchtest.Classroom()
	p.New = func(int) (solvers.Problem, func(), error) {
		train, _ := objective.Classroom()
		ce, err := objective.NewCrossEntropy(objective.ClassroomNetwork, train, 0)
		calls := 0
		return solvers.Problem{Func: func(x []float64) float64 {
			if calls++; calls == 1000 {
				cancel() // as Ctrl-C would, in the middle of the runs
			}
			return ce.Func(x)
		}}, nil, err
	}
	// Runs that would go on for ever but for the cancel.
	never, err := solvers.Default.Config("Nelder-Mead", map[string]string{"fatol-iters": "1e9"})
	if err != nil {
		t.Fatal(err)
	}
	specs := benchtest.Specs(t, []*bench.Problem{p}, []solvers.Config{never}, nil, 50, 1, solvers.Options{MaxIter: 1 << 30})
	runs := bench.Execute(ctx, specs, 2, nil)
	if len(runs) == 0 || len(runs) > 2 {
		t.Errorf("%d runs returned after cancel, want the 1 or 2 under way", len(runs))
	}
	for _, r := range runs {
		if r.Result.Status != solvers.Interrupted {
			t.Errorf("run %d status %v, want interrupted", r.Start, r.Result.Status)
		}
	}
}

func TestSplitWorkers(t *testing.T) {
	for _, tc := range []struct{ cpus, j, runs, want int }{
		{2, 2, 700, 1},  // a sweep: one goroutine per loss
		{2, 2, 1, 2},    // one run on a big data set: both CPUs for its loss
		{8, 2, 100, 4},  // two runs at once, four CPUs each
		{8, 16, 100, 1}, // more runs than CPUs
		{2, 1, 10, 2},
		{1, 4, 4, 1},
	} {
		if got := bench.SplitWorkers(tc.cpus, tc.j, tc.runs); got != tc.want {
			t.Errorf("bench.SplitWorkers(%d CPUs, -j %d, %d runs) = %d, want %d", tc.cpus, tc.j, tc.runs, got, tc.want)
		}
	}
}

// TestProblemOfAnotherShape: a user's function (here Rosenbrock, 2
// variables) runs like the network: its starts have its dimension, start 0
// is its own, and converged runs are successes.
func TestProblemOfAnotherShape(t *testing.T) {
	specs := benchtest.Specs(t, []*bench.Problem{benchtest.Rosenbrock()}, benchtest.Configs(t, "BFGS", "scipy:Nelder-Mead"), []solvers.GradientMode{solvers.Analytic}, 3, 1, solvers.Options{MaxIter: 2000})
	if len(specs) != 6 || !slices.Equal(specs[0].X0, []float64{-1.2, 1}) || len(specs[1].X0) != 2 {
		t.Fatalf("specs: %d, start 0 %v, start 1 %v", len(specs), specs[0].X0, specs[1].X0)
	}
	for _, r := range bench.Execute(context.Background(), specs, 2, nil) {
		if r.Result.Status != solvers.Success || math.Abs(r.Result.X[0]-1) > 1e-2 {
			t.Errorf("%s start %d: %v %q at %v", r.Label, r.Start, r.Result.Status, r.Result.Message, r.Result.X)
		}
		if len(r.Metrics) != 0 {
			t.Errorf("%s start %d: metrics %v for a problem with none", r.Label, r.Start, r.Metrics)
		}
	}
	bad := benchtest.Rosenbrock()
	bad.Start = func(int, uint64) []float64 { return []float64{1, 2, 3} }
	if _, err := benchtest.Sweep(t, []*bench.Problem{bad}, benchtest.Configs(t, "BFGS"), []solvers.GradientMode{solvers.Analytic}, 1, 1, solvers.Options{}).Specs(); err == nil || !strings.Contains(err.Error(), "start 0 has 3 values, want 2") {
		t.Errorf("a start of the wrong length: %v", err)
	}
}
