package main

import (
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// TestSizeCheckPerMethod: the trace memory of a sweep is counted with
// each method's own iteration limit: scipy:Powell's 1000n on the network
// of 4095 parameters (-hidden 682), scipy:L-BFGS-B's 15000 on Beale.
func TestSizeCheckPerMethod(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		// The finished runs' traces go to a temporary file: in memory,
		// x0, x and its gradient and bench.RunBytes a run, and the traces
		// of the runs under way as they grow, up to 160 B a row: 655 MB
		// each of the three.
		{[]string{"-methods", "scipy:Powell", "-hidden", "682", "-starts", "3", "-trace", "all", "-j", "3"}, "3 runs of up to 4095000 iterations would keep 1.83 GiB of runs and traces (-trace all)"},
		{[]string{"-methods", "BFGS,scipy:Powell", "-hidden", "682", "-starts", "3", "-trace", "all", "-j", "3"}, "6 runs of up to 4095000 iterations would keep 1.83 GiB"},
		// In the file, 15,001 rows of about 28 B a run.
		{[]string{"-methods", "scipy:L-BFGS-B", "-problems", "Beale", "-starts", "42000", "-trace", "all", "-j", "2"}, "42000 runs of up to 15000 iterations would keep 16.4 GiB of traces (-trace all) in a temporary file, more than 16 GiB"},
	} {
		code, out, errOut := runCLI(t, tc.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestProgressBudget: the progress bar budgets each run its method's
// iteration limit: 200n for BFGS, 1000n for scipy:Powell, 15000 for
// scipy:L-BFGS-B, max(100, 10n) for scipy:TNC; -maxiter for all but
// L-BFGS-B's maxfun, which stays 15000, and TNC, whose maxfun -maxiter is.
func TestProgressBudget(t *testing.T) {
	p := bench.FuncProblem("f", 3, solvers.Problem{Func: func(x []float64) float64 { return x[0] * x[0] }})
	configs, err := bench.Configs("BFGS", "scipy:Powell", "scipy:L-BFGS-B", "scipy:TNC")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		o     solvers.Options
		shard bench.Shard
		want  int
	}{
		{solvers.Options{}, bench.Shard{}, 2 * (600 + 3000 + 15000 + 100)},
		{solvers.Options{MaxIter: 20000}, bench.Shard{}, 2 * (20000 + 20000 + 15000 + 20000)},
		{solvers.Options{MaxFev: 50}, bench.Shard{}, 2 * (600 + 50 + 50 + 50)},
		// Shard 1/3 of the 8 runs: indexes 1, 4 and 7, BFGS's start 1,
		// L-BFGS-B's start 0 and TNC's start 1.
		{solvers.Options{}, bench.Shard{Index: 1, Count: 3}, 600 + 15000 + 100},
	} {
		sw, err := bench.NewSweep([]*bench.Problem{p}, 2, 1, tc.o)
		if err != nil {
			t.Fatal(err)
		}
		if err := sw.Add(configs, solvers.Analytic); err != nil {
			t.Fatal(err)
		}
		sw.Shard = tc.shard
		todo, err := sw.Specs()
		if err != nil {
			t.Fatal(err)
		}
		if got := progressBudget(sw, todo); got != tc.want {
			t.Errorf("%+v, shard %s: budget %d, want %d", tc.o, tc.shard, got, tc.want)
		}
	}
}
