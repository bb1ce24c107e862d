package results

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestAppendJSONMatchesEncodingJSON: the hand-written encoder gives the
// bytes encoding/json gives for a Record, NaNs, a panic message with
// quotes, parameters and a run without a gradient included. (Record's
// numbers are Floats, whose MarshalJSON is appendFloat itself:
// TestAppendFloatMatchesEncodingJSON checks appendFloat on its own.)
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	cs := benchtest.Configs(t, "BFGS", "Nelder-Mead", "GD-fixed")
	mt, _ := solvers.Default.Config("BFGS", map[string]string{"linesearch": "more-thuente", "c2": "0.5"})
	specs := benchtest.Specs(t, []*bench.Problem{benchtest.Classroom(), benchtest.Rosenbrock()}, append(cs, mt), []solvers.GradientMode{"analytic"}, 2, 1, solvers.Options{MaxIter: 30})
	runs := bench.Execute(context.Background(), specs, 2, nil)
	odd := benchtest.Classroom()
	odd.Name = "a \"quoted\", odd name"
	runs = append(runs, bench.Run{Spec: bench.Spec{Problem: odd, Solver: bench.Solver{Method: "BFGS", Label: "BFGS", Gradient: "analytic"}}, Metrics: []float64{math.NaN()},
		Result: solvers.Result{Status: solvers.Failed, Message: "panic: \"<boom>\" & \x00", Panicked: true, Fun: math.Inf(1), X: []float64{math.NaN(), 1e-300}}})
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

// TestPanickedRoundTrip: a run that panicked reads back as one, and a run
// that did not has no "panicked" key.
func TestPanickedRoundTrip(t *testing.T) {
	p := benchtest.Rosenbrock()
	for _, panicked := range []bool{true, false} {
		r := benchtest.FakeRun(p, "BFGS", solvers.Failed, 3, 2)
		r.Result.Panicked = panicked
		line := AppendJSON(nil, r)
		rec, err := decodeRecord(line)
		if err != nil {
			t.Fatal(err)
		}
		back, err := rec.Run(p)
		if err != nil {
			t.Fatal(err)
		}
		if back.Result.Panicked != panicked || strings.Contains(string(line), "panicked") != panicked {
			t.Errorf("panicked %v: %s read back as %v", panicked, line, back.Result.Panicked)
		}
	}
}
