package solvers_test

import (
	"errors"
	"testing"

	"github.com/optbench/optbench/solvers"
)

// TestIterationBudgetDefault: solvers.IterationBudget answers from Default
// (or o.Registry) with each method's own limits, the numbers of
// docs/scipy.md's "Defaults and limits".
func TestIterationBudgetDefault(t *testing.T) {
	for _, tc := range []struct {
		method string
		n      int
		o      solvers.Options
		want   int
	}{
		{"BFGS", 3, solvers.Options{}, 600},
		{"Powell", 4, solvers.Options{}, 4000},
		{"scipy:Powell", 4, solvers.Options{MaxFev: 50}, 50},
		{"scipy:Nelder-Mead", 4, solvers.Options{}, 800},
		{"L-BFGS-B", 4096, solvers.Options{}, 15000},
		{"TNC", 2, solvers.Options{}, 100},
		{"TNC", 4096, solvers.Options{MaxIter: 30}, 30},
		{"Adam", 10, solvers.Options{MaxIter: 7}, 7},
	} {
		if got, err := solvers.IterationBudget(tc.method, tc.n, tc.o); err != nil || got != tc.want {
			t.Errorf("%s, n %d, %+v: %d, %v; want %d", tc.method, tc.n, tc.o, got, err, tc.want)
		}
	}
	reg, err := solvers.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := solvers.IterationBudget("BFGS", 2, solvers.Options{Registry: reg}); !errors.Is(err, solvers.ErrUnknownMethod) {
		t.Errorf("BFGS in an empty registry: %v, want ErrUnknownMethod", err)
	}
}
