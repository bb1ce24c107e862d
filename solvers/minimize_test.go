package solvers

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats"

	"github.com/optbench/optbench/objective"
)

func rosen(x []float64) float64 {
	a, b := 1-x[0], x[1]-x[0]*x[0]
	return a*a + 100*b*b
}

func rosenGrad(g, x []float64) {
	g[0] = -2*(1-x[0]) - 400*x[0]*(x[1]-x[0]*x[0])
	g[1] = 200 * (x[1] - x[0]*x[0])
}

var rosenbrock = Problem{Func: rosen, Grad: rosenGrad}

// classroomWithHessian is the classroom problem with its exact Hessian.
func classroomWithHessian(t testing.TB) Problem {
	train, _ := objective.Classroom()
	ce, err := objective.NewCrossEntropy(objective.ClassroomNetwork, train, 0)
	if err != nil {
		t.Fatal(err)
	}
	return Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad, Hess: ce.Hess, HessVec: ce.HessVec}
}

// classroom returns a fresh problem (its own workspace) on the classroom
// training set and the classroom x0.
func classroom(t testing.TB) (Problem, []float64) {
	t.Helper()
	train, _ := objective.Classroom()
	ce, err := objective.NewCrossEntropy(objective.ClassroomNetwork, train, 0)
	if err != nil {
		t.Fatal(err)
	}
	return Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad}, objective.ClassroomInit()
}

func TestRosenbrockConverges(t *testing.T) {
	for _, tc := range []struct {
		method string
		jac    GradientMode
	}{
		{"BFGS", Analytic}, {"L-BFGS", Analytic}, {"CG", Analytic}, {"Newton", Analytic},
		{"BFGS", Central3}, {"lbfgs", Central3}, {"nelder_mead", ""},
	} {
		t.Run(tc.method+"/"+string(tc.jac), func(t *testing.T) {
			res, err := Minimize(rosenbrock, []float64{-1.2, 1}, Options{Method: tc.method, Gradient: tc.jac, MaxIter: 5000})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Success || res.Status != Success {
				t.Fatalf("status %v (%s), want success", res.Status, res.Message)
			}
			if math.Abs(res.X[0]-1) > 1e-4 || math.Abs(res.X[1]-1) > 1e-4 {
				t.Errorf("X = %v, want (1, 1)", res.X)
			}
			if res.Message != "Optimization terminated successfully." {
				t.Errorf("message %q", res.Message)
			}
			if UsesGradient(tc.method) && !(res.GradNorm() < 1e-5) {
				t.Errorf("|grad|inf = %v at success, want < 1e-5", res.GradNorm())
			}
		})
	}
}

func TestEveryMethodLowersClassroomLoss(t *testing.T) {
	for _, m := range Methods() {
		for _, jac := range GradientModes {
			if (!UsesGradient(m) || m == "Newton") && jac != Analytic {
				continue
			}
			if m == "scipy:dogleg" {
				continue // the classroom Hessian at x0 is indefinite: dogleg stops there, as scipy's does (TestScipyTraces)
			}
			t.Run(m+"/"+string(jac), func(t *testing.T) {
				p, x0 := classroom(t)
				f0 := p.Func(x0)
				maxIter := 300
				switch m {
				case "scipy:Nelder-Mead":
					maxIter = 3000 // it starts from a 5 % simplex of tiny weights
				case "Adam", "AdamW", "Adagrad":
					maxIter = 3000 // torch's default rates are small
				}
				res, err := Minimize(p, x0, Options{Method: m, Gradient: jac, MaxIter: maxIter})
				if err != nil {
					t.Fatal(err)
				}
				if !(res.Fun < f0-0.1) {
					t.Errorf("E went from %v to %v (%v: %s), want a clear decrease", f0, res.Fun, res.Status, res.Message)
				}
				if got := p.Func(res.X); got != res.Fun {
					t.Errorf("Result.Fun = %v but f(Result.X) = %v", res.Fun, got)
				}
			})
		}
	}
}

func TestTraceAndCounts(t *testing.T) {
	p, x0 := classroom(t)
	n := len(x0)
	const steps = 7
	for _, tc := range []struct {
		jac        GradientMode
		fevPerIter int
	}{{Analytic, 1}, {Forward2, 1 + n}, {Central3, 1 + 2*n}} {
		res, err := Minimize(p, x0, Options{Method: "GD-fixed", Gradient: tc.jac, MaxIter: steps})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != MaxIter || res.Message != "Maximum number of iterations has been exceeded." {
			t.Errorf("%s: status %v %q, want maxiter", tc.jac, res.Status, res.Message)
		}
		if res.Nit != steps || len(res.Trace) != steps+1 {
			t.Errorf("%s: Nit %d with %d trace rows, want %d and %d", tc.jac, res.Nit, len(res.Trace), steps, steps+1)
		}
		if want := (steps + 1) * tc.fevPerIter; res.Nfev != want || res.Njev != steps+1 {
			t.Errorf("%s: Nfev %d Njev %d, want %d and %d", tc.jac, res.Nfev, res.Njev, want, steps+1)
		}
		if res.Trace[0].Iter != 0 || res.Trace[0].Fun != p.Func(x0) {
			t.Errorf("%s: trace row 0 = %+v, want x0 with f(x0) = %v", tc.jac, res.Trace[0], p.Func(x0))
		}
		last := res.Trace[len(res.Trace)-1]
		if last.Fun != res.Fun || last.Nfev != res.Nfev || last.Iter != res.Nit {
			t.Errorf("%s: last trace row %+v does not match the result (fun %v nfev %d nit %d)", tc.jac, last, res.Fun, res.Nfev, res.Nit)
		}
	}
}

// TestFixedStepIsTheClassroomUpdate checks Nit's meaning: x0 updated Nit
// times by x := x - alpha*grad.
func TestFixedStepIsTheClassroomUpdate(t *testing.T) {
	p, x := classroom(t)
	g := make([]float64, len(x))
	for range 5 {
		p.Grad(g, x)
		for i := range x {
			x[i] -= 0.25 * g[i]
		}
	}
	_, x0 := classroom(t)
	res, err := Minimize(p, x0, Options{Method: "gd-fixed", Params: map[string]string{"alpha": "0.25"}, MaxIter: 5})
	if err != nil {
		t.Fatal(err)
	}
	for i := range x {
		if res.X[i] != x[i] {
			t.Fatalf("after 5 steps X = %v, want %v", res.X, x)
		}
	}
}

func TestLimitsAndFailuresEndTheRun(t *testing.T) {
	nanAfter := func(k int) Problem {
		calls := 0
		return Problem{Func: func(x []float64) float64 {
			calls++
			if calls > k {
				return math.NaN()
			}
			return rosen(x)
		}, Grad: rosenGrad}
	}
	panicking := Problem{Func: func(x []float64) float64 {
		if x[0] > -1.1 {
			panic("boom")
		}
		return rosen(x)
	}, Grad: rosenGrad}
	slow := Problem{Func: func(x []float64) float64 {
		time.Sleep(2 * time.Millisecond)
		return rosen(x)
	}, Grad: rosenGrad}
	for _, tc := range []struct {
		name    string
		p       Problem
		o       Options
		status  Status
		message string
	}{
		{"maxiter", rosenbrock, Options{Method: "BFGS", MaxIter: 3}, MaxIter, "Maximum number of iterations"},
		{"maxfev", rosenbrock, Options{Method: "Nelder-Mead", MaxFev: 20}, MaxFev, "Maximum number of function evaluations"},
		{"nan in BFGS", nanAfter(5), Options{Method: "BFGS"}, NaN, "NaN result encountered."},
		{"nan in GD-fixed", nanAfter(5), Options{Method: "GD-fixed", Params: map[string]string{"alpha": "1e-3"}}, NaN, "NaN result encountered."},
		{"nan at x0", nanAfter(0), Options{Method: "L-BFGS"}, NaN, "NaN result encountered."},
		{"diverging GD-fixed", rosenbrock, Options{Method: "GD-fixed", Params: map[string]string{"alpha": "1"}}, NaN, "NaN result"},
		{"panic in BFGS", panicking, Options{Method: "BFGS"}, Failed, "panic: boom"},
		{"panic in GD-fixed", panicking, Options{Method: "GD-fixed", Params: map[string]string{"alpha": "1e-3"}}, Failed, "panic: boom"},
		{"panic in Nelder-Mead", panicking, Options{Method: "Nelder-Mead"}, Failed, "panic: boom"},
		{"time limit", slow, Options{Method: "Nelder-Mead", TimeLimit: 5 * time.Millisecond}, TimeLimit, "Time limit of 5ms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Minimize(tc.p, []float64{-1.2, 1}, tc.o)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tc.status || !strings.Contains(res.Message, tc.message) {
				t.Errorf("status %v %q, want %v with %q", res.Status, res.Message, tc.status, tc.message)
			}
			if want := strings.HasPrefix(tc.name, "panic"); res.Panicked != want {
				t.Errorf("Panicked = %v, want %v", res.Panicked, want)
			}
			if res.Success {
				t.Error("Success is true")
			}
			if len(res.X) != 2 {
				t.Errorf("X = %v, want the last iterate", res.X)
			}
			if tc.status == MaxFev && res.Nfev != tc.o.MaxFev {
				t.Errorf("Nfev = %d with MaxFev %d", res.Nfev, tc.o.MaxFev)
			}
		})
	}
}

func TestContextCancelInterrupts(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	p := Problem{Func: func(x []float64) float64 {
		calls++
		if calls == 50 {
			cancel()
		}
		return rosen(x)
	}}
	res, err := MinimizeContext(ctx, p, []float64{-1.2, 1}, Options{Method: "Nelder-Mead"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Interrupted || res.Nfev != 50 {
		t.Errorf("status %v after %d evaluations, want interrupted after 50", res.Status, res.Nfev)
	}
}

func TestBadRequests(t *testing.T) {
	for _, tc := range []struct {
		p    Problem
		x0   []float64
		o    Options
		want string
	}{
		{rosenbrock, []float64{1, 1}, Options{Method: "SLSQP"}, `unknown method "SLSQP" (valid: GD-fixed, GD, CG, BFGS, L-BFGS, Newton, Nelder-Mead, scipy:BFGS, scipy:CG, scipy:Nelder-Mead, scipy:Newton-CG, scipy:trust-ncg, scipy:trust-exact, scipy:dogleg, Momentum, Nesterov, Adam, AdamW, RMSprop, Adagrad, scipy:Powell, scipy:L-BFGS-B, scipy:TNC, scipy:trust-krylov)`},
		{rosenbrock, []float64{1, 1}, Options{Gradient: "5-point"}, `unknown gradient mode "5-point"`},
		{Problem{Func: rosen}, []float64{1, 1}, Options{Method: "BFGS"}, "method needs a gradient: BFGS needs one"},
		{rosenbrock, nil, Options{}, "x0 is empty"},
		{rosenbrock, []float64{1, math.NaN()}, Options{}, "x0[1] is NaN"},
		{Problem{}, []float64{1}, Options{}, "no Func"},
		{rosenbrock, []float64{1, 1}, Options{Method: "GD-fixed", Params: map[string]string{"alpha": "-1"}}, `GD-fixed alpha="-1": want a number in (0, inf)`},
	} {
		_, err := Minimize(tc.p, tc.x0, tc.o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Minimize(%+v) error %v, want %q", tc.o, err, tc.want)
		}
	}
	// A method that needs no gradient runs without one.
	if _, err := Minimize(Problem{Func: rosen}, []float64{1, 1}, Options{Method: "Nelder-Mead"}); err != nil {
		t.Errorf("Nelder-Mead without a gradient: %v", err)
	}
}

// TestConcurrentRunsMatchSequential runs every method at once, each run with
// its own problem workspace, and compares with the same runs one by one.
func TestConcurrentRunsMatchSequential(t *testing.T) {
	var opts []Options
	for _, m := range Methods() {
		opts = append(opts, Options{Method: m, MaxIter: 200}, Options{Method: m, Gradient: Central3, MaxIter: 20})
	}
	want := make([]Result, len(opts))
	for i, o := range opts {
		p, x0 := classroom(t)
		want[i], _ = Minimize(p, x0, o)
	}
	got := make([]Result, len(opts)*3)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			p, x0 := classroom(t)
			got[i], _ = Minimize(p, x0, opts[i%len(opts)])
		})
	}
	wg.Wait()
	for i, g := range got {
		w := want[i%len(opts)]
		if g.Fun != w.Fun || g.Nit != w.Nit || g.Nfev != w.Nfev || g.Njev != w.Njev || g.Status != w.Status {
			t.Errorf("%s/%s concurrent: fun %v nit %d nfev %d njev %d %v; sequential: fun %v nit %d nfev %d njev %d %v",
				g.Method, g.Gradient, g.Fun, g.Nit, g.Nfev, g.Njev, g.Status, w.Fun, w.Nit, w.Nfev, w.Njev, w.Status)
		}
		for j := range g.X {
			if g.X[j] != w.X[j] {
				t.Errorf("%s/%s: X differs at %d", g.Method, g.Gradient, j)
				break
			}
		}
	}
}

func TestTraceXFollowsTheIterates(t *testing.T) {
	for _, m := range []string{"GD-fixed", "BFGS", "Nelder-Mead"} {
		p, x0 := classroom(t)
		res, err := Minimize(p, x0, Options{Method: m, MaxIter: 20, TraceX: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range res.Trace {
			if len(row.X) != len(x0) {
				t.Fatalf("%s: trace row %d has %d values of X", m, i, len(row.X))
			}
			if got := p.Func(row.X); got != row.Fun {
				t.Errorf("%s: trace row %d: f(X) = %v, Fun = %v", m, i, got, row.Fun)
			}
		}
		if got := res.Trace[len(res.Trace)-1].X; !slices.Equal(got, res.X) {
			t.Errorf("%s: last trace X %v, result X %v", m, got, res.X)
		}
		res, _ = Minimize(p, x0, Options{Method: m, MaxIter: 20})
		if res.Trace[1].X != nil {
			t.Errorf("%s: trace keeps X without TraceX", m)
		}
	}
}

func TestCallbackSeesEveryIteration(t *testing.T) {
	p, x0 := classroom(t)
	var iters []int
	res, err := Minimize(p, x0, Options{Method: "L-BFGS", MaxIter: 25, Callback: func(tp TracePoint) { iters = append(iters, tp.Iter) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(iters) != len(res.Trace) || iters[0] != 0 || iters[len(iters)-1] != res.Nit {
		t.Errorf("callback saw iterations %v; the trace has %d rows ending at %d", iters, len(res.Trace), res.Nit)
	}
}

// TestTraceHoldsTheStartWhateverTheLimit: a run stopped by a limit at its
// first evaluation still reports x0 as iteration 0, with its value and,
// for gradient methods, its gradient norm.
func TestTraceHoldsTheStartWhateverTheLimit(t *testing.T) {
	for _, m := range Methods() {
		for _, o := range []Options{{MaxFev: 1}, {TimeLimit: time.Nanosecond}} {
			o.Method = m
			p, x0 := classroom(t)
			res, err := Minimize(p, x0, o)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Trace) == 0 || res.Trace[0].Iter != 0 || res.Trace[0].Fun != p.Func(x0) {
				t.Errorf("%s %+v: trace %+v, want iteration 0 at x0", m, o, res.Trace)
				continue
			}
			if UsesGradient(m) && math.IsNaN(res.Trace[0].GradNorm) {
				t.Errorf("%s %+v: no gradient norm at x0 although %d gradients were computed", m, o, res.Njev)
			}
			if res.Status != MaxFev && res.Status != TimeLimit {
				t.Errorf("%s %+v: status %v", m, o, res.Status)
			}
		}
	}
}

// TestDenseMethodsRefuseHugeProblems: BFGS and Newton keep n x n matrices;
// beyond MaxDenseParams they refuse the run, naming the size, before
// allocating anything.
func TestDenseMethodsRefuseHugeProblems(t *testing.T) {
	x0 := make([]float64, MaxDenseParams+1)
	sphere := Problem{Func: func(x []float64) float64 { return floats.Dot(x, x) }, Grad: func(g, x []float64) { floats.ScaleTo(g, 2, x) }}
	for _, m := range []string{"BFGS", "scipy:BFGS", "Newton"} {
		_, err := Minimize(sphere, x0, Options{Method: m})
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "4097 x 4097 matrices") || !strings.Contains(err.Error(), "use L-BFGS") {
			t.Errorf("%s: %v", m, err)
		}
	}
	if res, err := Minimize(sphere, x0, Options{Method: "L-BFGS", MaxIter: 3}); err != nil || !res.Success {
		t.Errorf("L-BFGS: %v %v", err, res.Status)
	}
}

// TestHessianModes: Newton with the exact Hessian, forward and central
// differences of the gradient: the counts are what each mode costs, and
// exact without a Hessian in the problem is a request error.
func TestHessianModes(t *testing.T) {
	p, x0 := classroom(t)
	n := len(x0)
	train, _ := objective.Classroom()
	ce, _ := objective.NewCrossEntropy(objective.ClassroomNetwork, train, 0)
	withHess := Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad, Hess: ce.Hess, HessVec: ce.HessVec}
	for _, tc := range []struct {
		p        Problem
		mode     HessianMode
		want     HessianMode
		gradsPer int // gradient evaluations per Hessian
	}{
		{withHess, "", Exact, 0},
		{withHess, HessCentral3, HessCentral3, 2 * n},
		{withHess, HessForward2, HessForward2, n + 1},
		{p, "", HessCentral3, 2 * n},
	} {
		res, err := Minimize(tc.p, x0, Options{Method: "Newton", MaxIter: 3, Hessian: tc.mode})
		if err != nil {
			t.Fatal(err)
		}
		if res.Hessian != tc.want || res.Nhev != 4 {
			t.Errorf("mode %q: ran with %q, %d Hessians; want %q and 4", tc.mode, res.Hessian, res.Nhev, tc.want)
		}
		if tc.gradsPer == 0 && res.Njev > res.Nfev {
			t.Errorf("exact Hessian: %d gradients for %d values: differences were taken", res.Njev, res.Nfev)
		}
		if tc.gradsPer > 0 && res.Njev < 4*tc.gradsPer {
			t.Errorf("%s: %d gradients, want at least %d for 4 Hessians", tc.want, res.Njev, 4*tc.gradsPer)
		}
	}
	if _, err := Minimize(p, x0, Options{Method: "Newton", Hessian: Exact}); !errors.Is(err, ErrNeedsHessian) {
		t.Errorf("exact Hessian of a problem without one: %v", err)
	}
	res, _ := Minimize(withHess, x0, Options{Method: "BFGS", MaxIter: 3})
	if res.Hessian != NoHessian || res.Nhev != 0 {
		t.Errorf("BFGS: Hessian %q, %d Hessians", res.Hessian, res.Nhev)
	}
}

// TestHessianVectorOnly: a problem that gives H v but no Hessian runs the
// methods that need only products, and the ones that need the matrix say so.
func TestHessianVectorOnly(t *testing.T) {
	p := classroomWithHessian(t)
	p.Hess = nil
	_, x0 := classroom(t)
	for _, m := range []string{"scipy:Newton-CG", "scipy:trust-ncg"} {
		res, err := Minimize(p, x0, Options{Method: m, MaxIter: 20})
		if err != nil || res.Hessian != Exact || res.Nhev == 0 || !(res.Fun < 1) {
			t.Errorf("%s: %v %v %s, %d products, f %v", m, err, res.Status, res.Hessian, res.Nhev, res.Fun)
		}
	}
	for _, m := range []string{"Newton", "scipy:trust-exact", "scipy:dogleg"} {
		if _, err := Minimize(p, x0, Options{Method: m, Hessian: Exact}); !errors.Is(err, ErrNeedsHessian) {
			t.Errorf("%s without a Hessian: %v", m, err)
		}
	}
}

// TestLostFiniteDifferenceStep: far out, x + h rounds to x, every
// difference is 0 and so is the gradient; the run must not end as
// converged there (GD-fixed diverging on Beale reported success at
// f = 7e114).
func TestLostFiniteDifferenceStep(t *testing.T) {
	p := Problem{Func: func(x []float64) float64 { return x[0]*x[0] + x[1]*x[1] }}
	for _, jac := range []GradientMode{Forward2, Central3} {
		res, err := Minimize(p, []float64{1e14, -3e14}, Options{Method: "GD-fixed", Gradient: jac, MaxIter: 10})
		if err != nil {
			t.Fatal(err)
		}
		if res.Success || res.Status != Failed || !strings.Contains(res.Message, "lost in rounding at x[0] = 1e+14") {
			t.Errorf("%s: %v %v %q; want a failure naming the lost step", jac, res.Success, res.Status, res.Message)
		}
	}
	// Near 1, the same runs are untouched.
	res, err := Minimize(p, []float64{1, -3}, Options{Method: "GD-fixed", Gradient: Central3, MaxIter: 10})
	if err != nil || res.Status == Failed {
		t.Errorf("near 1: %v %v", res.Status, err)
	}
}
