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

func testSetup(t *testing.T) Setup {
	t.Helper()
	s, err := ClassroomSetup(2, 0)
	if err != nil {
		t.Fatal(err)
	}
	return s
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
	s := testSetup(t)
	specs, err := Specs(s, configs(t, solvers.Methods()...), []solvers.GradientMode{solvers.Analytic, solvers.Central3}, 3, 7, 0.5, solvers.Options{MaxIter: 40})
	if err != nil {
		t.Fatal(err)
	}
	one := Execute(context.Background(), s, specs, 1, nil)
	three := Execute(context.Background(), s, specs, 3, nil)
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
	s := testSetup(t)
	specs, err := Specs(s, configs(t, "bfgs", "Nelder-Mead"), []solvers.GradientMode{"analytic", "3-point"}, 2, 5, 0.5, solvers.Options{})
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
	again := s.StartPoint(1, 5, 0.5)
	for i, v := range specs[1].X0 {
		if v != again[i] {
			t.Fatalf("start 1 is not reproducible")
		}
	}
	if other := s.StartPoint(1, 6, 0.5); other[0] == again[0] {
		t.Errorf("seeds 5 and 6 give the same start")
	}
	if _, err := Specs(s, []solvers.Config{{Method: "simplex"}}, []solvers.GradientMode{"analytic"}, 1, 1, 0.5, solvers.Options{}); !errors.Is(err, solvers.ErrUnknownMethod) {
		t.Errorf("unknown method: %v", err)
	}
}

func TestFailingRunsAreRecordedAndTheRestFinish(t *testing.T) {
	s := testSetup(t)
	s.Problem = func(spec Spec) (solvers.Problem, error) {
		ce, err := objective.NewCrossEntropy(s.Net, s.Train, 0)
		if err != nil {
			return solvers.Problem{}, err
		}
		p := solvers.Problem{Func: ce.Func, Grad: ce.Grad}
		calls := 0
		switch spec.Start {
		case 1: // NaN after a few evaluations
			p.Func = func(x []float64) float64 {
				if calls++; calls > 5 {
					return math.NaN()
				}
				return ce.Func(x)
			}
		case 2: // a panic
			p.Func = func(x []float64) float64 {
				if calls++; calls > 5 {
					panic("objective exploded")
				}
				return ce.Func(x)
			}
		}
		return p, nil
	}
	specs, _ := Specs(s, configs(t, "BFGS", "GD-fixed", "Nelder-Mead"), []solvers.GradientMode{"analytic"}, 4, 1, 0.5, solvers.Options{MaxIter: 100})
	runs := Execute(context.Background(), s, specs, 2, nil)
	if len(runs) != len(specs) {
		t.Fatalf("%d runs finished, want %d", len(runs), len(specs))
	}
	for _, r := range runs {
		st, msg := r.Result.Status, r.Result.Message
		switch r.Start {
		case 1:
			if st != solvers.NaN {
				t.Errorf("%s start 1: status %v (%s), want nan", r.Method, st, msg)
			}
		case 2:
			if st != solvers.Failed || !strings.Contains(msg, "panic: objective exploded") {
				t.Errorf("%s start 2: status %v (%s), want error with the panic", r.Method, st, msg)
			}
		default:
			if st != solvers.Success && st != solvers.MaxIter && st != solvers.Stalled {
				t.Errorf("%s start %d: status %v (%s)", r.Method, r.Start, st, msg)
			}
			if math.IsNaN(r.TestAcc) {
				t.Errorf("%s start %d: no test accuracy", r.Method, r.Start)
			}
		}
		if _, err := json.Marshal(NewRecord(r)); err != nil {
			t.Errorf("%s start %d: %v", r.Method, r.Start, err)
		}
	}
}

func TestExecuteStopsOnCancel(t *testing.T) {
	s := testSetup(t)
	ctx, cancel := context.WithCancel(context.Background())
	s.Problem = func(spec Spec) (solvers.Problem, error) {
		ce, err := objective.NewCrossEntropy(s.Net, s.Train, 0)
		calls := 0
		return solvers.Problem{Func: func(x []float64) float64 {
			if calls++; calls == 1000 {
				cancel() // as Ctrl-C would, in the middle of the runs
			}
			return ce.Func(x)
		}}, err
	}
	// Runs that would go on for ever but for the cancel.
	never, err := solvers.Default.Config("Nelder-Mead", map[string]string{"fatol-iters": "1e9"})
	if err != nil {
		t.Fatal(err)
	}
	specs, _ := Specs(s, []solvers.Config{never}, nil, 50, 1, 0.5, solvers.Options{MaxIter: 1 << 30})
	runs := Execute(ctx, s, specs, 2, nil)
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
	s := testSetup(t)
	cs := configs(t, "BFGS", "Nelder-Mead", "GD-fixed")
	mt, _ := solvers.Default.Config("BFGS", map[string]string{"linesearch": "more-thuente", "c2": "0.5"})
	specs, _ := Specs(s, append(cs, mt), []solvers.GradientMode{"analytic"}, 2, 1, 0.5, solvers.Options{MaxIter: 30})
	runs := Execute(context.Background(), s, specs, 2, nil)
	runs = append(runs, Run{Spec: Spec{Method: "BFGS", Label: "BFGS", Gradient: "analytic"}, TestFun: math.NaN(), TrainAcc: math.NaN(), TestAcc: math.NaN(),
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

// TestSetupProblemOfAnotherShape: a Setup whose Problem is not the network
// (here Rosenbrock, 2 parameters) runs like any other: its starts have its
// dimension, start 0 is its X0, a converged run is a success, and the
// network's metrics are NaN rather than a failure.
func TestSetupProblemOfAnotherShape(t *testing.T) {
	s := Setup{
		Dim: 2, X0: []float64{-1.2, 1},
		Problem: func(Spec) (solvers.Problem, error) {
			return solvers.Problem{
				Func: func(x []float64) float64 { a, b := 1-x[0], x[1]-x[0]*x[0]; return a*a + 100*b*b },
				Grad: func(g, x []float64) {
					g[0] = -2*(1-x[0]) - 400*x[0]*(x[1]-x[0]*x[0])
					g[1] = 200 * (x[1] - x[0]*x[0])
				},
			}, nil
		},
	}
	specs, err := Specs(s, configs(t, "BFGS", "scipy:Nelder-Mead"), []solvers.GradientMode{solvers.Analytic}, 3, 1, 0.5, solvers.Options{MaxIter: 2000})
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) != 6 || !slices.Equal(specs[0].X0, []float64{-1.2, 1}) || len(specs[1].X0) != 2 {
		t.Fatalf("specs: %d, start 0 %v, start 1 %v", len(specs), specs[0].X0, specs[1].X0)
	}
	for _, r := range Execute(context.Background(), s, specs, 2, nil) {
		if r.Result.Status != solvers.Success || math.Abs(r.Result.X[0]-1) > 1e-2 {
			t.Errorf("%s start %d: %v %q at %v", r.Label, r.Start, r.Result.Status, r.Result.Message, r.Result.X)
		}
		if !math.IsNaN(r.TrainAcc) || !math.IsNaN(r.TestFun) {
			t.Errorf("%s start %d: network metrics %v %v for a problem with no network", r.Label, r.Start, r.TrainAcc, r.TestFun)
		}
	}
}

// TestTraceCSVQuotesLabels: a label with commas stays one field.
func TestTraceCSVQuotesLabels(t *testing.T) {
	s := testSetup(t)
	c, err := solvers.Default.Config("BFGS", map[string]string{"linesearch": "more-thuente", "c2": "0.5"})
	if err != nil {
		t.Fatal(err)
	}
	specs, _ := Specs(s, []solvers.Config{c}, []solvers.GradientMode{solvers.Analytic}, 1, 1, 0.5, solvers.Options{MaxIter: 3})
	var buf strings.Builder
	if err := WriteTraceCSV(&buf, Execute(context.Background(), s, specs, 1, nil)); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[1][0] != "BFGS" || rows[1][1] != "BFGS[linesearch=more-thuente,c2=0.5]" || rows[1][2] != "analytic" || rows[4][4] != "3" {
		t.Errorf("trace.csv rows %q", rows)
	}
}
