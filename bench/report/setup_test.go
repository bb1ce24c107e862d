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
