package analysis

import (
	"math"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestSuccessOfEpochRuns: runs that ran their epochs have no success to
// share: a row of them only has none (NaN, no interval), and in a row
// beside other runs they count neither way.
func TestSuccessOfEpochRuns(t *testing.T) {
	run := func(method string, st solvers.Status) bench.Run {
		return benchtest.FakeRun(benchtest.Fake, method, st, 1, 0.5)
	}
	for _, tc := range []struct {
		name     string
		statuses []solvers.Status
		want     float64 // NaN: not defined
	}{
		{"epochs only", []solvers.Status{solvers.Epochs, solvers.Epochs, solvers.Epochs}, math.NaN()},
		{"epochs and a divergence", []solvers.Status{solvers.Epochs, solvers.NaN}, 0},
		{"epochs and successes", []solvers.Status{solvers.Epochs, solvers.Success, solvers.Success, solvers.MaxIter}, 2.0 / 3},
		{"maxiter", []solvers.Status{solvers.MaxIter, solvers.Success}, 0.5},
	} {
		var runs []bench.Run
		for _, st := range tc.statuses {
			runs = append(runs, run("A", st))
		}
		s := Analyze(runs).Summaries[0]
		switch {
		case math.IsNaN(tc.want):
			if !math.IsNaN(s.Success.V) || !math.IsNaN(s.Success.Lo) || !math.IsNaN(s.Success.Hi) {
				t.Errorf("%s: success %+v, want none (NaN)", tc.name, s.Success)
			}
		case s.Success.V != tc.want || !(s.Success.Lo <= tc.want && tc.want <= s.Success.Hi):
			t.Errorf("%s: success %+v, want %v within its interval", tc.name, s.Success, tc.want)
		}
	}
}
