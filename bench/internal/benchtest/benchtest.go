// Package benchtest has the problems and runs that bench's packages test
// with: the classroom network made from package objective (bench/network,
// which makes it for users, is a family and is kept out of the stages'
// tests), Rosenbrock's function, sweeps of them, and made-up runs with
// given traces.
package benchtest

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers"
)

// Classroom is the classroom network as a Problem, with the test accuracy
// as a metric; start 0 is the exercise's x0.
func Classroom() *bench.Problem {
	train, test := objective.Classroom()
	net := objective.ClassroomNetwork
	p := &bench.Problem{Name: "classroom", Dim: net.NumParams(), FStar: math.NaN(), FName: "train loss",
		New: func(int) (solvers.Problem, func(), error) {
			ce, err := objective.NewCrossEntropy(net, train, 0)
			if err != nil {
				return solvers.Problem{}, nil, err
			}
			return solvers.Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad, Hess: ce.Hess, HessVec: ce.HessVec}, nil, nil
		},
		Metrics: []bench.Metric{{Name: "test acc", Key: "test_acc", Share: true,
			Eval: func(x []float64) float64 { return objective.Accuracy(net, x, test) }}},
	}
	random := bench.RandomStarts(p.Dim, 0.5)
	p.Start = func(k int, seed uint64) []float64 {
		if k == 0 {
			return objective.ClassroomInit()
		}
		return random(k, seed)
	}
	return p
}

// Rosenbrock is Rosenbrock's function of 2 variables from (-1.2, 1), with
// its minimum 0 known.
func Rosenbrock() *bench.Problem {
	p := bench.FuncProblem("Rosenbrock", 2, solvers.Problem{
		Func: func(x []float64) float64 { a, b := 1-x[0], x[1]-x[0]*x[0]; return a*a + 100*b*b },
		Grad: func(g, x []float64) {
			g[0] = -2*(1-x[0]) - 400*x[0]*(x[1]-x[0]*x[0])
			g[1] = 200 * (x[1] - x[0]*x[0])
		},
	})
	p.FStar = 0
	random := p.Start
	p.Start = func(k int, seed uint64) []float64 {
		if k == 0 {
			return []float64{-1.2, 1}
		}
		return random(k, seed)
	}
	return p
}

// Configs is bench.Configs, failing the test on an unknown name.
func Configs(t testing.TB, names ...string) []solvers.Config {
	t.Helper()
	cs, err := bench.Configs(names...)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// Sweep is the sweep of problems x configs x gradients x starts, failing
// the test on an error.
func Sweep(t testing.TB, problems []*bench.Problem, configs []solvers.Config, gradients []solvers.GradientMode, starts int, seed uint64, o solvers.Options) *bench.Sweep {
	t.Helper()
	sw, err := bench.NewSweep(problems, starts, seed, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.Add(configs, gradients...); err != nil {
		t.Fatal(err)
	}
	// The size check counts two runs under way, whatever the machine, so
	// that its figures in tests are the same everywhere.
	sw.Workers = 2
	return sw
}

// Specs are the runs of Sweep.
func Specs(t testing.TB, problems []*bench.Problem, configs []solvers.Config, gradients []solvers.GradientMode, starts int, seed uint64, o solvers.Options) []bench.Spec {
	t.Helper()
	specs, err := Sweep(t, problems, configs, gradients, starts, seed, o).Specs()
	if err != nil {
		t.Fatal(err)
	}
	return specs
}

// Runs executes the sweep of the methods named on problems with the
// analytic gradient, on 2 workers.
func Runs(t testing.TB, problems []*bench.Problem, starts int, o solvers.Options, methods ...string) []bench.Run {
	t.Helper()
	specs := Specs(t, problems, Configs(t, methods...), []solvers.GradientMode{solvers.Analytic}, starts, 1, o)
	return bench.Execute(context.Background(), specs, 2, nil)
}

// Fake is a problem of one variable with nothing to evaluate.
var Fake = &bench.Problem{Name: "fake", Dim: 1, FStar: math.NaN()}

// FakeRun is a run of method on p whose trace has one row per millisecond
// with the given values, and 2i+1 evaluations by row i.
func FakeRun(p *bench.Problem, method string, status solvers.Status, fs ...float64) bench.Run {
	r := bench.Run{Spec: bench.Spec{Problem: p, Solver: bench.Solver{Method: method, Label: method, Gradient: solvers.Analytic}}}
	for i, f := range fs {
		r.Result.Trace = append(r.Result.Trace, solvers.TracePoint{Iter: i, Time: time.Duration(i+1) * time.Millisecond, Fun: f, Nfev: 2*i + 1})
	}
	r.Result.Fun = fs[len(fs)-1]
	r.Result.Nit = len(fs) - 1
	r.Result.Nfev = 2*len(fs) - 1
	r.Result.Status = status
	r.Result.Runtime = time.Duration(len(fs)) * time.Millisecond
	return r
}

// Trace is a run of solver on p with the given values and cumulative
// evaluations, one trace point each.
func Trace(p *bench.Problem, solver string, fs []float64, nfev []int) bench.Run {
	r := bench.Run{Spec: bench.Spec{Problem: p, Solver: bench.Solver{Method: solver, Label: solver, Gradient: solvers.Analytic}}}
	for i, f := range fs {
		r.Result.Trace = append(r.Result.Trace, solvers.TracePoint{Iter: i, Fun: f, Nfev: nfev[i]})
	}
	r.Result.Fun, r.Result.Nfev = fs[len(fs)-1], nfev[len(nfev)-1]
	return r
}
