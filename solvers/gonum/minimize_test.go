package gonum

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/optimize"

	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers/core"
)

// registry holds this family's methods alone: its tests need no other.
var registry = core.MustRegistry(Methods()...)

// minimize is core.Minimize with the family's registry unless o names one.
func minimize(p core.Problem, x0 []float64, o core.Options) (core.Result, error) {
	if o.Registry == nil {
		o.Registry = registry
	}
	return core.Minimize(p, x0, o)
}

func rosen(x []float64) float64 {
	a, b := 1-x[0], x[1]-x[0]*x[0]
	return a*a + 100*b*b
}

func rosenGrad(g, x []float64) {
	g[0] = -2*(1-x[0]) - 400*x[0]*(x[1]-x[0]*x[0])
	g[1] = 200 * (x[1] - x[0]*x[0])
}

var rosenbrock = core.Problem{Func: rosen, Grad: rosenGrad}

// classroom returns a fresh problem (its own workspace) on the classroom
// training set and the classroom x0.
func classroom(t testing.TB) (core.Problem, []float64) {
	t.Helper()
	train, _ := objective.Classroom()
	ce, err := objective.NewCrossEntropy(objective.ClassroomNetwork, train, 0)
	if err != nil {
		t.Fatal(err)
	}
	return core.Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad}, objective.ClassroomInit()
}

// classroomWithHessian is the classroom problem with its exact Hessian.
func classroomWithHessian(t testing.TB) core.Problem {
	train, _ := objective.Classroom()
	ce, err := objective.NewCrossEntropy(objective.ClassroomNetwork, train, 0)
	if err != nil {
		t.Fatal(err)
	}
	return core.Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad, Hess: ce.Hess, HessVec: ce.HessVec}
}

// gonumLBFGS is L-BFGS as it was, Store = memory: the reference of
// TestLBFGSMemoryBounded.
var gonumLBFGS = core.Method{
	Name: "gonum-L-BFGS", Gradient: true, Params: lbfgs.Params, Check: lbfgs.Check,
	Run: core.LinesearchRun(func(p core.Params) (optimize.NextDirectioner, optimize.Linesearcher, error) {
		memory, _ := p.Int("memory")
		return &optimize.LBFGS{Store: memory}, linesearcher(p, 0), nil
	}),
}

// TestLBFGSMemoryBounded: L-BFGS allocates no more history than the run
// can fill, and takes the same steps as gonum's LBFGS with Store = memory,
// bit for bit. memory=1e9 (once a crash) is refused before the run;
// memory=1000000 on the 15 classroom parameters (once 40 s) runs as
// memory=3000 would, in a few MB; a history past 1 GiB is refused with
// ErrTooLarge, and the default memory never is.
func TestLBFGSMemoryBounded(t *testing.T) {
	reg := core.MustRegistry(lbfgs, gonumLBFGS)
	p, x0 := classroom(t)
	for _, tc := range []struct {
		memory          string
		maxIter, maxFev int
	}{
		{"3", 300, 0}, {"15", 0, 0}, {"40", 300, 0}, {"5000", 60, 0}, {"200", 0, 50}, {"60", 60, 0}, {"61", 60, 0},
	} {
		o := core.Options{Registry: reg, Params: map[string]string{"memory": tc.memory}, MaxIter: tc.maxIter, MaxFev: tc.maxFev, Gtol: 1e-8}
		o.Method = "L-BFGS"
		got, err := core.Minimize(p, x0, o)
		if err != nil {
			t.Fatal(err)
		}
		o.Method = "gonum-L-BFGS"
		want, err := core.Minimize(p, x0, o)
		if err != nil {
			t.Fatal(err)
		}
		same := got.Status == want.Status && got.Nit == want.Nit && got.Nfev == want.Nfev && sameBits(got.Fun, want.Fun)
		for i := range want.X {
			same = same && sameBits(got.X[i], want.X[i])
		}
		if !same || got.Nit < 5 {
			t.Errorf("memory=%s: %v f=%v nit %d nfev %d; gonum's %v f=%v nit %d nfev %d", tc.memory, got.Status, got.Fun, got.Nit, got.Nfev, want.Status, want.Fun, want.Nit, want.Nfev)
		}
	}

	if _, err := minimize(p, x0, core.Options{Method: "L-BFGS", Params: map[string]string{"memory": "1e9"}}); !errors.Is(err, core.ErrBadParam) ||
		!strings.Contains(err.Error(), `memory="1e9": want a whole number in [1, 1e+06]`) {
		t.Errorf("memory=1e9: %v", err)
	}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := minimize(p, x0, core.Options{Method: "L-BFGS", Params: map[string]string{"memory": "1000000"}})
	runtime.ReadMemStats(&after)
	if err != nil || res.Status == core.Failed || res.Nit < 10 {
		t.Errorf("memory=1000000: %v %q nit %d %v", res.Status, res.Message, res.Nit, err)
	}
	if b := after.TotalAlloc - before.TotalAlloc; b > 16<<20 {
		t.Errorf("memory=1000000 on %d parameters: %d bytes allocated", len(x0), b)
	}

	quad := core.Problem{Func: func(x []float64) float64 { return x[0] * x[0] }, Grad: func(g, x []float64) { clear(g); g[0] = 2 * x[0] }}
	big := make([]float64, 100_000)
	big[0] = 1
	runtime.ReadMemStats(&before)
	res, err = minimize(quad, big, core.Options{Method: "L-BFGS", Params: map[string]string{"memory": "1000"}, MaxIter: 1000})
	runtime.ReadMemStats(&after)
	if err != nil || res.Status != core.Failed || !strings.Contains(res.Message, "L-BFGS memory=1000 on 100000 parameters keeps up to 1000 pairs of vectors, 1.6 GB") {
		t.Errorf("memory=1000 on 100000 parameters: %v %q %v", res.Status, res.Message, err)
	}
	if b := after.TotalAlloc - before.TotalAlloc; b > 16<<20 {
		t.Errorf("memory=1000 on 100000 parameters: %d bytes allocated", b)
	}
	res, err = minimize(quad, big, core.Options{Method: "L-BFGS", MaxIter: 1000})
	if err != nil || res.Status != core.Success {
		t.Errorf("default memory on 100000 parameters: %v %q %v", res.Status, res.Message, err)
	}
}

// TestUnboundedNeverSuccess: on functions unbounded below no gonum method
// reports success: the gradient methods stop where the value or gradient
// stops being finite (the NaN status), their line searches stall or a
// limit ends them; Nelder-Mead's value test does not pass at -Inf.
func TestUnboundedNeverSuccess(t *testing.T) {
	for _, p := range []struct {
		name string
		core.Problem
	}{
		{"-x0^2", core.Problem{Func: func(x []float64) float64 { return -x[0] * x[0] }, Grad: func(g, x []float64) { clear(g); g[0] = -2 * x[0] }}},
		{"x0", core.Problem{Func: func(x []float64) float64 { return x[0] }, Grad: func(g, x []float64) { clear(g); g[0] = 1 }}},
	} {
		for _, m := range registry.Names() {
			res, err := minimize(p.Problem, []float64{0.5, 0.5}, core.Options{Method: m, MaxIter: 2000, Hessian: core.HessCentral3})
			if err != nil {
				t.Fatalf("%s %s: %v", p.name, m, err)
			}
			if res.Success {
				t.Errorf("%s %s: success at f = %v", p.name, m, res.Fun)
			}
		}
	}
}
