package report

import (
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestSetupLimitsAndBounds: the setup says each method keeps its own
// limits when none was given (not "gtol 0"), and how the runs are bounded.
func TestSetupLimitsAndBounds(t *testing.T) {
	sw, err := bench.NewSweep([]*bench.Problem{benchtest.Rosenbrock()}, 1, 1, solvers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := bench.Configs("scipy:L-BFGS-B")
	if err != nil {
		t.Fatal(err)
	}
	sw.Add(cs, solvers.Analytic)
	value := func(kv []KV, key string) string {
		for _, e := range kv {
			if e.Key == key {
				return e.Value
			}
		}
		return ""
	}
	kv := Setup(sw, []string{"optbench"}, "test")
	if got := value(kv, "limits"); !strings.Contains(got, "gtol: each method's") || strings.Contains(got, "gtol 0") {
		t.Errorf("limits %q", got)
	}
	if got := value(kv, "bounds"); got != "none" {
		t.Errorf("bounds %q, want none", got)
	}
	sw.Bounds = bench.Uniform(-1, 1)
	sw.Options.Gtol = 1e-8
	kv = Setup(sw, []string{"optbench"}, "test")
	if got := value(kv, "limits"); !strings.Contains(got, "gtol 1e-08") {
		t.Errorf("limits %q", got)
	}
	if got := value(kv, "bounds"); !strings.Contains(got, "Bounds -1:1 on every coordinate of every problem.") {
		t.Errorf("bounds %q", got)
	}
}

// TestSetupMiniBatches: a mini-batch sweep's limits are its epochs, its
// batches and their size, not each method's maxiter, and no gradient
// test; a sweep with other problems gives theirs too.
func TestSetupMiniBatches(t *testing.T) {
	batched := benchtest.Rosenbrock()
	batched.BatchesPerEpoch, batched.Config = 4, map[string]any{"batch": 25}
	plain := benchtest.Rosenbrock()
	plain.Name = "plain"
	for _, tc := range []struct {
		name     string
		problems []*bench.Problem
		maxIter  int
		want     string
	}{
		{"epochs alone", []*bench.Problem{batched}, bench.EpochsMaxIter,
			"3 epochs of 4 mini-batches of 25 samples (Rosenbrock), no gradient test on mini-batches"},
		{"and -maxiter", []*bench.Problem{batched}, 50,
			"3 epochs of 4 mini-batches of 25 samples (Rosenbrock), at most 50 steps, no gradient test on mini-batches"},
		{"and another problem", []*bench.Problem{batched, plain}, bench.EpochsMaxIter,
			"3 epochs of 4 mini-batches of 25 samples (Rosenbrock), no gradient test on mini-batches; the other problems: maxiter: each method's (200 x the dimension, scipy's ports scipy's), gtol: each method's (1e-5, scipy's ports scipy's)"},
	} {
		sw, err := bench.NewSweep(tc.problems, 1, 1, solvers.Options{Epochs: 3, MaxIter: tc.maxIter})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range Setup(sw, []string{"optbench"}, "test") {
			if e.Key == "limits" && e.Value != tc.want {
				t.Errorf("%s: limits\n%s\nwant\n%s", tc.name, e.Value, tc.want)
			}
		}
	}
}

// TestSetupHessianOnlyForSecondOrder: the gradients line says how the
// Hessian is had only when a method of the sweep uses one.
func TestSetupHessianOnlyForSecondOrder(t *testing.T) {
	for _, tc := range []struct {
		methods string
		want    bool
	}{{"Adam", false}, {"BFGS,L-BFGS", false}, {"BFGS,Newton", true}, {"scipy:trust-ncg", true}} {
		sw, err := bench.NewSweep([]*bench.Problem{benchtest.Rosenbrock()}, 1, 1, solvers.Options{})
		if err != nil {
			t.Fatal(err)
		}
		cs, err := bench.Configs(strings.Split(tc.methods, ",")...)
		if err != nil {
			t.Fatal(err)
		}
		sw.Add(cs, solvers.Analytic)
		for _, kv := range Setup(sw, []string{"optbench"}, "test") {
			if kv.Key == "gradients" && strings.Contains(kv.Value, "Hessian") != tc.want {
				t.Errorf("%s: gradients %q, want the Hessian said: %v", tc.methods, kv.Value, tc.want)
			}
		}
	}
}
