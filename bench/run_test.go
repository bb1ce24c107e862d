package bench

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers"
)

// testProblem is the classroom network as a Problem, made here from
// package objective: bench/network, which makes it for users, imports bench
// and so cannot be imported by bench's own tests.
func testProblem() *Problem {
	train, test := objective.Classroom()
	net := objective.ClassroomNetwork
	p := &Problem{Name: "classroom", Dim: net.NumParams(), FStar: math.NaN(), FName: "train loss",
		New: func(int) (solvers.Problem, func(), error) {
			ce, err := objective.NewCrossEntropy(net, train, 0)
			if err != nil {
				return solvers.Problem{}, nil, err
			}
			return solvers.Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad, Hess: ce.Hess, HessVec: ce.HessVec}, nil, nil
		},
		Metrics: []Metric{{Column: Column{Name: "test acc", Key: "test_acc", Kind: Percent},
			Eval: func(x []float64) float64 { return objective.Accuracy(net, x, test) }}},
	}
	random := RandomStarts(p.Dim, 0.5)
	p.Start = func(k int, seed uint64) []float64 {
		if k == 0 {
			return objective.ClassroomInit()
		}
		return random(k, seed)
	}
	return p
}

// rosenbrock is Rosenbrock's function of 2 variables from (-1.2, 1), with
// its minimum 0 known.
func rosenbrock() *Problem {
	p := FuncProblem("Rosenbrock", 2, solvers.Problem{
		Func: func(x []float64) float64 { a, b := 1-x[0], x[1]-x[0]*x[0]; return a*a + 100*b*b },
		Grad: func(g, x []float64) {
			g[0] = -2*(1-x[0]) - 400*x[0]*(x[1]-x[0]*x[0])
			g[1] = 200 * (x[1] - x[0]*x[0])
		},
	})
	p.FStar = 0
	random := p.Start
	p.Start = func(k int, seed uint64) []float64 {
		if k == 0 {
			return []float64{-1.2, 1}
		}
		return random(k, seed)
	}
	return p
}

// jsonWithoutTimes is a run's JSON line with every time zeroed.
func jsonWithoutTimes(t *testing.T, r Run) string {
	rec := NewRecord(r)
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

// configs is bench.Configs, failing the test on an unknown name.
func configs(t testing.TB, names ...string) []solvers.Config {
	t.Helper()
	cs, err := Configs(names...)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestExecuteIsTheSameWhateverTheWorkers(t *testing.T) {
	specs, err := Specs([]*Problem{testProblem(), rosenbrock()}, configs(t, solvers.Methods()...), []solvers.GradientMode{solvers.Analytic, solvers.Central3}, 3, 7, solvers.Options{MaxIter: 40})
	if err != nil {
		t.Fatal(err)
	}
	one := Execute(context.Background(), specs, 1, nil)
	three := Execute(context.Background(), specs, 3, nil)
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
	p := testProblem()
	specs, err := Specs([]*Problem{p}, configs(t, "bfgs", "Nelder-Mead"), []solvers.GradientMode{"analytic", "3-point"}, 2, 5, solvers.Options{})
	if err != nil {
		t.Fatal(err)
	}
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
	if _, err := Specs([]*Problem{p}, []solvers.Config{{Method: "simplex"}}, []solvers.GradientMode{"analytic"}, 1, 1, solvers.Options{}); !errors.Is(err, solvers.ErrUnknownMethod) {
		t.Errorf("unknown method: %v", err)
	}
}

func TestFailingRunsAreRecordedAndTheRestFinish(t *testing.T) {
	// Three problems: one whose value turns NaN after a few evaluations,
	// one that panics, and the classroom network itself.
	misbehaving := func(name string, bad func(ce *objective.CrossEntropy, x []float64) float64) *Problem {
		p := testProblem()
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
	problems := []*Problem{
		misbehaving("nan", func(*objective.CrossEntropy, []float64) float64 { return math.NaN() }),
		misbehaving("panic", func(*objective.CrossEntropy, []float64) float64 { panic("objective exploded") }),
		testProblem(),
	}
	specs, _ := Specs(problems, configs(t, "BFGS", "GD-fixed", "Nelder-Mead"), []solvers.GradientMode{"analytic"}, 2, 1, solvers.Options{MaxIter: 100})
	runs := Execute(context.Background(), specs, 2, nil)
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
			if st != solvers.Failed || !strings.Contains(msg, "panic: objective exploded") {
				t.Errorf("%s on panic: status %v (%s), want error with the panic", r.Method, st, msg)
			}
		default:
			if st != solvers.Success && st != solvers.MaxIter && st != solvers.Stalled {
				t.Errorf("%s start %d: status %v (%s)", r.Method, r.Start, st, msg)
			}
			if math.IsNaN(r.Metric("test_acc")) {
				t.Errorf("%s start %d: no test accuracy", r.Method, r.Start)
			}
		}
		if _, err := json.Marshal(NewRecord(r)); err != nil {
			t.Errorf("%s start %d: %v", r.Method, r.Start, err)
		}
	}
}

func TestExecuteStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := testProblem()
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
	specs, _ := Specs([]*Problem{p}, []solvers.Config{never}, nil, 50, 1, solvers.Options{MaxIter: 1 << 30})
	runs := Execute(ctx, specs, 2, nil)
	if len(runs) == 0 || len(runs) > 2 {
		t.Errorf("%d runs returned after cancel, want the 1 or 2 under way", len(runs))
	}
	for _, r := range runs {
		if r.Result.Status != solvers.Interrupted {
			t.Errorf("run %d status %v, want interrupted", r.Start, r.Result.Status)
		}
	}
}

// TestAppendJSONMatchesEncodingJSON: the hand-written encoder gives the
// bytes encoding/json gives for a Record, NaNs, a panic message with
// quotes, parameters and a run without a gradient included. (Record's
// numbers are Floats, whose MarshalJSON is appendFloat itself:
// TestAppendFloatMatchesEncodingJSON checks appendFloat on its own.)
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	cs := configs(t, "BFGS", "Nelder-Mead", "GD-fixed")
	mt, _ := solvers.Default.Config("BFGS", map[string]string{"linesearch": "more-thuente", "c2": "0.5"})
	specs, _ := Specs([]*Problem{testProblem(), rosenbrock()}, append(cs, mt), []solvers.GradientMode{"analytic"}, 2, 1, solvers.Options{MaxIter: 30})
	runs := Execute(context.Background(), specs, 2, nil)
	odd := testProblem()
	odd.Name = "a \"quoted\", odd name"
	runs = append(runs, Run{Spec: Spec{Problem: odd, Method: "BFGS", Label: "BFGS", Gradient: "analytic"}, Metrics: []float64{math.NaN()},
		Result: solvers.Result{Status: solvers.Failed, Message: "panic: \"<boom>\" & \x00", Fun: math.Inf(1), X: []float64{math.NaN(), 1e-300}}})
	for _, r := range runs {
		want, err := json.Marshal(NewRecord(r))
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendJSON(nil, r); string(got) != string(want)+"\n" {
			t.Errorf("AppendJSON:\n%s\nencoding/json:\n%s", got, want)
		}
	}
}

// TestAppendFloatMatchesEncodingJSON compares appendFloat with
// encoding/json on plain float64 values, and checks null for the values
// JSON has no number for.
func TestAppendFloatMatchesEncodingJSON(t *testing.T) {
	values := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-7, 1e-6, 123456789, 1e20, 1e21, 1e21 + 1e6, -2.5e-300,
		math.SmallestNonzeroFloat64, math.MaxFloat64, 1.0 / 3, 0.1 + 0.2, 5e-324, 9007199254740993}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		values = append(values, math.Float64frombits(rng.Uint64()))
	}
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendFloat(nil, v); string(got) != string(want) {
			t.Errorf("appendFloat(%v) = %s, encoding/json %s", v, got, want)
		}
	}
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got := appendFloat(nil, v); string(got) != "null" {
			t.Errorf("appendFloat(%v) = %s, want null", v, got)
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
		if got := SplitWorkers(tc.cpus, tc.j, tc.runs); got != tc.want {
			t.Errorf("SplitWorkers(%d CPUs, -j %d, %d runs) = %d, want %d", tc.cpus, tc.j, tc.runs, got, tc.want)
		}
	}
}

// TestProblemOfAnotherShape: a user's function (here Rosenbrock, 2
// variables) runs like the network: its starts have its dimension, start 0
// is its own, and converged runs are successes.
func TestProblemOfAnotherShape(t *testing.T) {
	specs, err := Specs([]*Problem{rosenbrock()}, configs(t, "BFGS", "scipy:Nelder-Mead"), []solvers.GradientMode{solvers.Analytic}, 3, 1, solvers.Options{MaxIter: 2000})
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) != 6 || !slices.Equal(specs[0].X0, []float64{-1.2, 1}) || len(specs[1].X0) != 2 {
		t.Fatalf("specs: %d, start 0 %v, start 1 %v", len(specs), specs[0].X0, specs[1].X0)
	}
	for _, r := range Execute(context.Background(), specs, 2, nil) {
		if r.Result.Status != solvers.Success || math.Abs(r.Result.X[0]-1) > 1e-2 {
			t.Errorf("%s start %d: %v %q at %v", r.Label, r.Start, r.Result.Status, r.Result.Message, r.Result.X)
		}
		if len(r.Metrics) != 0 {
			t.Errorf("%s start %d: metrics %v for a problem with none", r.Label, r.Start, r.Metrics)
		}
	}
	bad := rosenbrock()
	bad.Start = func(int, uint64) []float64 { return []float64{1, 2, 3} }
	if _, err := Specs([]*Problem{bad}, configs(t, "BFGS"), nil, 1, 1, solvers.Options{}); err == nil || !strings.Contains(err.Error(), "start 0 has 3 values, want 2") {
		t.Errorf("a start of the wrong length: %v", err)
	}
}

// TestTraceCSVQuotesLabels: a label with commas stays one field.
func TestTraceCSVQuotesLabels(t *testing.T) {
	c, err := solvers.Default.Config("BFGS", map[string]string{"linesearch": "more-thuente", "c2": "0.5"})
	if err != nil {
		t.Fatal(err)
	}
	p := testProblem()
	p.Name = "data, with a comma.csv"
	specs, _ := Specs([]*Problem{p}, []solvers.Config{c}, []solvers.GradientMode{solvers.Analytic}, 1, 1, solvers.Options{MaxIter: 3})
	var buf strings.Builder
	if err := WriteTraceCSV(&buf, Execute(context.Background(), specs, 1, nil)); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[1][0] != p.Name || rows[1][1] != "BFGS" || rows[1][2] != "BFGS[linesearch=more-thuente,c2=0.5]" || rows[1][3] != "analytic" || rows[4][5] != "3" || len(rows[0]) != 12 {
		t.Errorf("trace.csv rows %q", rows)
	}
}
