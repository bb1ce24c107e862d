package scipy

import (
	"slices"
	"testing"

	"github.com/optbench/optbench/solvers/core"
)

// TestIterationBudget: each method's iteration budget is the number of
// docs/scipy.md's "Defaults and limits" for the options given, and a run
// stays within it: exactly at it where the run ends on maxiter, below it
// where maxfev (or tnc's maxfun) ends the run first.
func TestIterationBudget(t *testing.T) {
	const off = core.GtolOff
	exact := map[string]string{"xatol": "0", "fatol": "0"} // Nelder-Mead goes on to its limits
	for _, tc := range []struct {
		method string
		n      int
		o      core.Options
		want   int
		end    core.Status // the run's end; 0 (Success): any, only Nit <= want is checked
	}{
		// Nelder-Mead: 200n of each; one given, no bound on the other but
		// the evaluations that every iteration takes.
		{"scipy:Nelder-Mead", 2, core.Options{Params: exact}, 400, 0},
		{"scipy:Nelder-Mead", 3, core.Options{Params: exact}, 600, 0},
		{"scipy:Nelder-Mead", 2, core.Options{Params: exact, MaxIter: 30}, 30, core.MaxIter},
		{"scipy:Nelder-Mead", 2, core.Options{Params: exact, MaxIter: 3000}, 3000, 0},
		{"scipy:Nelder-Mead", 2, core.Options{Params: exact, MaxFev: 50}, 50, core.MaxFev},
		{"scipy:Nelder-Mead", 2, core.Options{Params: exact, MaxIter: 30, MaxFev: 1000}, 30, core.MaxIter},
		{"scipy:Nelder-Mead", 2, core.Options{Params: exact, MaxIter: 1000, MaxFev: 50}, 50, core.MaxFev},
		{"scipy:Nelder-Mead", 1, core.Options{MaxFev: 1}, 1, core.MaxFev},
		// Powell: 1000n of each, the same rule.
		{"scipy:Powell", 2, core.Options{}, 2000, 0},
		{"scipy:Powell", 5, core.Options{}, 5000, 0},
		{"scipy:Powell", 2, core.Options{MaxIter: 3}, 3, core.MaxIter},
		{"scipy:Powell", 2, core.Options{MaxFev: 40}, 40, core.MaxFev},
		{"scipy:Powell", 2, core.Options{MaxIter: 3, MaxFev: 4000}, 3, core.MaxIter},
		{"scipy:Powell", 2, core.Options{MaxIter: 3000, MaxFev: 40}, 40, core.MaxFev},
		{"scipy:Powell", 4096, core.Options{}, 4096000, -1}, // past MaxDenseParams: not run
		// L-BFGS-B: 15000 of each unless given; nit <= maxfun.
		{"scipy:L-BFGS-B", 2, core.Options{}, 15000, 0},
		{"scipy:L-BFGS-B", 4096, core.Options{}, 15000, -1},
		{"scipy:L-BFGS-B", 2, core.Options{MaxIter: 5, Gtol: off}, 5, core.MaxIter},
		{"scipy:L-BFGS-B", 2, core.Options{MaxFev: 7, Gtol: off}, 7, core.MaxFev},
		{"scipy:L-BFGS-B", 2, core.Options{MaxIter: 100, MaxFev: 10, Gtol: off}, 10, core.MaxFev},
		{"scipy:L-BFGS-B", 2, core.Options{MaxIter: 20000}, 15000, 0},
		// TNC: no bound on iterations but maxfun: max(100, 10n), or
		// -maxiter as its deprecated name, -maxfev first.
		{"scipy:TNC", 2, core.Options{}, 100, 0},
		{"scipy:TNC", 20, core.Options{}, 200, 0},
		{"scipy:TNC", 4096, core.Options{}, 40960, -1},
		{"scipy:TNC", 2, core.Options{MaxIter: 20, Gtol: off}, 20, core.MaxFev},
		{"scipy:TNC", 2, core.Options{MaxFev: 15, Gtol: off}, 15, core.MaxFev},
		{"scipy:TNC", 2, core.Options{MaxIter: 1000, MaxFev: 15, Gtol: off}, 15, core.MaxFev},
		{"scipy:TNC", 2, core.Options{MaxFev: 5000}, 5000, 0},
		// The others: Options' rule, 200n or MaxIter.
		{"scipy:BFGS", 3, core.Options{}, 600, 0},
		{"scipy:BFGS", 2, core.Options{MaxIter: 4, Gtol: off}, 4, core.MaxIter},
		{"scipy:trust-ncg", 2, core.Options{MaxIter: 3, Gtol: off}, 3, core.MaxIter},
		{"scipy:trust-krylov", 50, core.Options{}, 10000, -1},
		{"scipy:Newton-CG", 2, core.Options{MaxFev: 5}, 400, 0},
	} {
		o := tc.o
		o.Method, o.Registry = tc.method, registry
		got, err := registry.IterationBudget(tc.method, tc.n, o)
		if err != nil || got != tc.want {
			t.Errorf("%s, n %d, %+v: budget %d, %v; want %d", tc.method, tc.n, tc.o, got, err, tc.want)
			continue
		}
		if tc.end < 0 {
			continue
		}
		x0 := make([]float64, tc.n)
		for i := range x0 {
			x0[i] = []float64{-1.2, 1}[i%2]
		}
		p := core.Problem{Func: rosenN, Grad: rosenNGrad, Hess: rosenNHess}
		res, err := minimize(p, x0, o)
		switch {
		case err != nil:
			t.Errorf("%s, n %d, %+v: %v", tc.method, tc.n, tc.o, err)
		case res.Nit > got:
			t.Errorf("%s, n %d, %+v: %d iterations (%v), past the budget %d", tc.method, tc.n, tc.o, res.Nit, res.Status, got)
		case tc.end != 0 && res.Status != tc.end:
			t.Errorf("%s, n %d, %+v: ended %v after %d iterations, want %v", tc.method, tc.n, tc.o, res.Status, res.Nit, tc.end)
		case tc.end == core.MaxIter && res.Nit != got:
			t.Errorf("%s, n %d, %+v: maxiter after %d iterations, the budget is %d", tc.method, tc.n, tc.o, res.Nit, got)
		case tc.method == "scipy:TNC" && tc.o.MaxFev == 0 && tc.o.MaxIter > 0 && !slices.Contains(res.Warnings, tncMaxiterWarning):
			t.Errorf("%s, %+v: no warning that MaxIter is maxfun: %q", tc.method, tc.o, res.Warnings)
		}
	}
}

// TestBudgetsSet: the methods whose limits are not Options' rule answer
// for themselves (their Method.MaxIter is set);
// the others keep the rule.
func TestBudgetsSet(t *testing.T) {
	own := []string{"scipy:Nelder-Mead", "scipy:Powell", "scipy:L-BFGS-B", "scipy:TNC"}
	for _, m := range Methods() {
		if set := m.MaxIter != nil; set != slices.Contains(own, m.Name) {
			t.Errorf("%s: MaxIter set %v", m.Name, set)
		}
	}
}
