package bench_test

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// counter is an Observer that counts what it sees.
type counter struct {
	evals, restarts int
	best            float64
}

func (c *counter) Observe(_ []float64, f float64) {
	c.evals++
	if c.evals == 1 || f < c.best {
		c.best = f
	}
}
func (c *counter) Restart() { c.restarts++ }
func (c *counter) Log() (json.RawMessage, error) {
	return json.Marshal(map[string]int{"evals": c.evals, "restarts": c.restarts})
}

// shiftedSphere is sum (x_i - 1)^2 + fmin, with f* given separately (an
// unreachable f* makes every run spend its budget), restarts uniform in
// [-4, 4]^n.
func shiftedSphere(n int, fmin, fstar float64) *bench.Problem {
	f := func(x []float64) float64 {
		s := fmin
		for _, v := range x {
			s += (v - 1) * (v - 1)
		}
		return s
	}
	g := func(grad, x []float64) {
		for i, v := range x {
			grad[i] = 2 * (v - 1)
		}
	}
	p := bench.FuncProblem("sphere", n, solvers.Problem{Func: f, Grad: g})
	p.FStar = fstar
	p.Start = func(int, uint64) []float64 { return make([]float64, n) }
	p.Restart = func(k, r int, seed uint64) []float64 {
		rng := rand.New(rand.NewPCG(seed, uint64(k)<<32|uint64(r)))
		x := make([]float64, n)
		for i := range x {
			x[i] = -4 + 8*rng.Float64()
		}
		return x
	}
	return p
}

func budgetRun(t *testing.T, p *bench.Problem, method string, g solvers.GradientMode, budget float64, withObserver bool) (bench.Run, *counter) {
	t.Helper()
	var c *counter
	if withObserver {
		c = &counter{}
		p.Observer = func() bench.Observer { return c }
	}
	s, err := bench.NewSweep([]*bench.Problem{p}, 1, 7, solvers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Budget = budget
	configs, err := solvers.Default.ParseConfigs(method)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add(configs, g); err != nil {
		t.Fatal(err)
	}
	specs, err := s.Specs()
	if err != nil {
		t.Fatal(err)
	}
	runs := bench.Execute(context.Background(), specs, 1, nil)
	return runs[0], c
}

func TestBudgetRunEndsAtTheFinalTarget(t *testing.T) {
	for _, tc := range []struct {
		method string
		grad   solvers.GradientMode
	}{{"BFGS", solvers.Analytic}, {"BFGS", solvers.Forward2}, {"Nelder-Mead", solvers.NoGradient}, {"scipy:L-BFGS-B", solvers.Forward2}} {
		t.Run(tc.method+"/"+string(tc.grad), func(t *testing.T) {
			r, c := budgetRun(t, shiftedSphere(3, 2, 2), tc.method, tc.grad, 1000, true)
			res := r.Result
			if res.Status != solvers.Target || !res.Success {
				t.Fatalf("status %v (%s), want target", res.Status, res.Message)
			}
			if !(res.Fun-2 <= bench.FinalDeltaF) {
				t.Errorf("f %v, want within %g of 2", res.Fun, bench.FinalDeltaF)
			}
			if c.evals != res.Nfev {
				t.Errorf("the observer saw %d evaluations, the result counts %d", c.evals, res.Nfev)
			}
			if c.best != res.Fun {
				t.Errorf("the observer's best %v, the result's %v", c.best, res.Fun)
			}
			checkLevelTrace(t, r, 2)
			if !strings.Contains(string(r.Log), `"evals":`) {
				t.Errorf("log %s", r.Log)
			}
		})
	}
}

// checkLevelTrace checks that a budget run's trace holds the first
// evaluation and, for each precision it reached, the evaluation that first
// reached it: f decreasing, evaluations increasing, the last at Nfev.
func checkLevelTrace(t *testing.T, r bench.Run, fstar float64) {
	t.Helper()
	tr := r.TracePoints(nil)
	if len(tr) < 2 || tr[0].Nfev != 1 || tr[len(tr)-1].Nfev != r.Result.Nfev {
		t.Fatalf("trace %+v: want the first evaluation first and the last at nfev %d", tr, r.Result.Nfev)
	}
	for i := 1; i < len(tr); i++ {
		if !(tr[i].Fun <= tr[i-1].Fun) || !(tr[i].Nfev > tr[i-1].Nfev) {
			t.Errorf("trace point %d %+v after %+v: want f not increasing, evaluations increasing", i, tr[i], tr[i-1])
		}
	}
	// Every precision 10^(2 - i/5) the run reached has a point that
	// reached it first (the one before it did not).
	for i := range 51 {
		d := math.Pow(10, float64(20-2*i)/10)
		for j, p := range tr {
			if p.Fun-fstar <= d {
				if j > 0 && tr[j-1].Fun-fstar <= d {
					t.Errorf("precision %g: first reached at point %d, and at %d before it", d, j, j-1)
				}
				break
			}
		}
	}
}

func TestBudgetRunSpendsItsBudgetWithRestarts(t *testing.T) {
	// f* = 1 is never reached (the minimum is 2): every run restarts until
	// its 300 x 2 evaluations are spent.
	for _, tc := range []struct {
		method string
		grad   solvers.GradientMode
	}{{"BFGS", solvers.Analytic}, {"BFGS", solvers.Central3}, {"Nelder-Mead", solvers.NoGradient}, {"CG", solvers.Forward2}} {
		t.Run(tc.method+"/"+string(tc.grad), func(t *testing.T) {
			r, c := budgetRun(t, shiftedSphere(2, 2, 1), tc.method, tc.grad, 300, true)
			res := r.Result
			if res.Status != solvers.MaxFev || res.Success {
				t.Fatalf("status %v (%s), want maxfev", res.Status, res.Message)
			}
			if res.Nfev != 600 || c.evals != 600 {
				t.Errorf("nfev %d, observed %d: want the budget, 600", res.Nfev, c.evals)
			}
			if r.Restarts < 1 || c.restarts != r.Restarts {
				t.Errorf("%d restarts, the observer saw %d: want at least one, the same", r.Restarts, c.restarts)
			}
			if !strings.Contains(res.Message, "budget of 600 evaluations spent") {
				t.Errorf("message %q", res.Message)
			}
			if math.Abs(res.Fun-2) > 1e-6 {
				t.Errorf("best f %v, want about 2", res.Fun)
			}
		})
	}
}

func TestBudgetRunWithoutRestartsRunsOnce(t *testing.T) {
	p := shiftedSphere(2, 2, 1)
	p.Restart = nil
	r, _ := budgetRun(t, p, "BFGS", solvers.Analytic, 300, false)
	if r.Restarts != 0 || r.Result.Nfev >= 600 || r.Log != nil {
		t.Errorf("restarts %d, nfev %d, log %s: want one run that stops on its own, no log", r.Restarts, r.Result.Nfev, r.Log)
	}
}

func TestBudgetRunStopsWhenCancelled(t *testing.T) {
	p := shiftedSphere(2, 2, -5)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	p.New = func(int) (solvers.Problem, func(), error) {
		return solvers.Problem{Func: func(x []float64) float64 {
			if n++; n == 50 {
				cancel()
			}
			return x[0]*x[0] + x[1]*x[1]
		}}, nil, nil
	}
	s, err := bench.NewSweep([]*bench.Problem{p}, 1, 7, solvers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Budget = 1e6
	if err := s.Add([]solvers.Config{{Method: "Nelder-Mead", Label: "NM"}}); err != nil {
		t.Fatal(err)
	}
	specs, _ := s.Specs()
	r := bench.ExecuteWith(ctx, specs, 1, 1, nil)
	if len(r) != 1 || r[0].Result.Status != solvers.Interrupted || r[0].Result.Nfev > 60 {
		t.Fatalf("runs %d, status %v, nfev %d: want one, interrupted near 50", len(r), r[0].Result.Status, r[0].Result.Nfev)
	}
}

// TestBudgetRunRestartsAfterAFailure: a method that fails (here f panics at
// every 40th evaluation) ends one attempt, not the run: the protocol
// restarts it until the budget is spent.
func TestBudgetRunRestartsAfterAFailure(t *testing.T) {
	p := shiftedSphere(2, 2, 1)
	n := 0
	p.New = func(int) (solvers.Problem, func(), error) {
		return solvers.Problem{Func: func(x []float64) float64 {
			if n++; n%40 == 0 {
				panic("every 40th")
			}
			return 2 + (x[0]-1)*(x[0]-1) + (x[1]-1)*(x[1]-1)
		}}, nil, nil
	}
	r, c := budgetRun(t, p, "Nelder-Mead", solvers.NoGradient, 100, true)
	res := r.Result
	if res.Status != solvers.MaxFev || res.Nfev != 200 || r.Restarts < 4 || c.restarts != r.Restarts {
		t.Errorf("status %v (%s), nfev %d, %d restarts (observed %d): want the budget of 200 spent over at least 4 restarts", res.Status, res.Message, res.Nfev, r.Restarts, c.restarts)
	}
}

// TestBudgetRunLimits: -maxfev bounds the whole run as the budget does,
// -maxiter each attempt of the method, and an expired time limit ends the
// run, not an attempt.
func TestBudgetRunLimits(t *testing.T) {
	run := func(o solvers.Options, method string) bench.Run {
		p := shiftedSphere(2, 2, 1)
		s, err := bench.NewSweep([]*bench.Problem{p}, 1, 7, o)
		if err != nil {
			t.Fatal(err)
		}
		s.Budget = 500
		if err := s.Add([]solvers.Config{{Method: method, Label: method}}, solvers.Analytic); err != nil {
			t.Fatal(err)
		}
		specs, _ := s.Specs()
		return bench.Execute(context.Background(), specs, 1, nil)[0]
	}
	if r := run(solvers.Options{MaxFev: 30}, "Nelder-Mead"); r.Result.Nfev != 30 || r.Result.Status != solvers.MaxFev {
		t.Errorf("-maxfev 30 under a budget of 1000: nfev %d, status %v; want 30, maxfev", r.Result.Nfev, r.Result.Status)
	}
	if r := run(solvers.Options{MaxIter: 2}, "BFGS"); r.Result.Nfev != 1000 || r.Restarts < 10 {
		t.Errorf("-maxiter 2: nfev %d in %d restarts; want the budget spent over many restarts", r.Result.Nfev, r.Restarts)
	}
	if r := run(solvers.Options{TimeLimit: time.Nanosecond}, "BFGS"); r.Result.Status != solvers.TimeLimit || r.Restarts != 0 {
		t.Errorf("an expired time limit: status %v after %d restarts; want timeout, no restart", r.Result.Status, r.Restarts)
	}
}

// boxWatcher is an Observer that records the largest |x_i| it sees.
type boxWatcher struct{ most float64 }

func (w *boxWatcher) Observe(x []float64, _ float64) {
	for _, v := range x {
		w.most = max(w.most, math.Abs(v))
	}
}
func (w *boxWatcher) Restart()                      {}
func (w *boxWatcher) Log() (json.RawMessage, error) { return nil, nil }

// TestBudgetRunRestartsInTheBox: restarts are drawn in the problem's
// domain ([-4, 4]^n) and clipped into the run's bounds, so that a bounded
// method never starts, or evaluates, outside them.
func TestBudgetRunRestartsInTheBox(t *testing.T) {
	p := shiftedSphere(2, 2, 1)
	w := &boxWatcher{}
	p.Observer = func() bench.Observer { return w }
	s, err := bench.NewSweep([]*bench.Problem{p}, 1, 7, solvers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Budget, s.Bounds = 300, bench.Uniform(-0.5, 0.5)
	if err := s.Add([]solvers.Config{{Method: "scipy:Powell", Label: "Powell"}}); err != nil {
		t.Fatal(err)
	}
	specs, err := s.Specs()
	if err != nil {
		t.Fatal(err)
	}
	r := bench.Execute(context.Background(), specs, 1, nil)[0]
	if r.Restarts < 1 || w.most > 0.5 || len(r.Result.Warnings) != 0 {
		t.Errorf("%d restarts, largest |x_i| evaluated %v, warnings %q: want restarts inside [-0.5, 0.5]", r.Restarts, w.most, r.Result.Warnings)
	}
}
