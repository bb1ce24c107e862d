package bench

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/optimize"

	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers"
)

func classroom(b *testing.B) (*objective.CrossEntropy, []float64) {
	train, _ := objective.Classroom()
	ce, err := objective.NewCrossEntropy(objective.ClassroomNetwork, train, 0)
	if err != nil {
		b.Fatal(err)
	}
	return ce, objective.ClassroomInit()
}

// BenchmarkLoss is one evaluation of E on the classroom training set.
func BenchmarkLoss(b *testing.B) {
	ce, x := classroom(b)
	b.ReportAllocs()
	for b.Loop() {
		ce.Func(x)
	}
}

// BenchmarkLossGrad is one evaluation of E with its analytic gradient:
// N=100/M=2 on the classroom training set, larger sizes on synthetic
// mixture data (2 features, 3 classes) with the objective's workers set to
// GOMAXPROCS.
func BenchmarkLossGrad(b *testing.B) {
	for _, size := range []struct{ n, m int }{{100, 2}, {10000, 16}, {1000000, 32}} {
		b.Run(fmt.Sprintf("N=%d/M=%d", size.n, size.m), func(b *testing.B) {
			ce, x := sized(b, size.n, size.m)
			defer ce.Close()
			g := make([]float64, len(x))
			b.ReportAllocs()
			for b.Loop() {
				ce.FuncGrad(g, x)
			}
		})
	}
}

// sized is the classroom loss (n = 100), or synthetic mixture data of n
// samples with m hidden units, with GOMAXPROCS workers.
func sized(b *testing.B, n, m int) (*objective.CrossEntropy, []float64) {
	var ce *objective.CrossEntropy
	var x []float64
	if n == 100 {
		ce, x = classroom(b)
	} else {
		rows, labels, err := objective.Synthetic(n, 2, 3, 1)
		if err != nil {
			b.Fatal(err)
		}
		d, err := objective.NewDataset(rows, labels, 2, 3)
		if err != nil {
			b.Fatal(err)
		}
		net := objective.Network{Inputs: 2, Hidden: m, Classes: 3}
		if ce, err = objective.NewCrossEntropy(net, d, 0); err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		x = make([]float64, net.NumParams())
		for i := range x {
			x[i] = 0.1 * rng.NormFloat64()
		}
	}
	ce.SetWorkers(runtime.GOMAXPROCS(0))
	return ce, x
}

// BenchmarkHessian is the exact Hessian of E (P x P), to set beside
// BenchmarkLossGrad at the same size; its central-difference counterpart
// costs 2P gradients (30 on the classroom problem).
func BenchmarkHessian(b *testing.B) {
	for _, size := range []struct{ n, m int }{{100, 2}, {10000, 16}} {
		b.Run(fmt.Sprintf("N=%d/M=%d", size.n, size.m), func(b *testing.B) {
			ce, x := sized(b, size.n, size.m)
			defer ce.Close()
			h := make([]float64, len(x)*len(x))
			b.ReportAllocs()
			for b.Loop() {
				ce.Hess(h, x)
			}
		})
	}
}

// BenchmarkHessVec is one Hessian-vector product of E.
func BenchmarkHessVec(b *testing.B) {
	for _, size := range []struct{ n, m int }{{100, 2}, {10000, 16}} {
		b.Run(fmt.Sprintf("N=%d/M=%d", size.n, size.m), func(b *testing.B) {
			ce, x := sized(b, size.n, size.m)
			defer ce.Close()
			hv := make([]float64, len(x))
			b.ReportAllocs()
			for b.Loop() {
				ce.HessVec(hv, x, x)
			}
		})
	}
}

// BenchmarkGrad3Point is one central-difference gradient (2P evaluations
// of E) through solvers, as the 3-point methods use it.
func BenchmarkGrad3Point(b *testing.B) {
	ce, x := classroom(b)
	p := solvers.Problem{Func: ce.Func}
	g := make([]float64, len(x))
	grad := solvers.FiniteDifference(p, solvers.Central3, 0)
	b.ReportAllocs()
	for b.Loop() {
		grad(g, x)
	}
}

// BenchmarkGDFixed1000 is the classroom exercise: 1000 fixed steps of
// alpha 0.5 from the classroom x0, as numpy_gd1000.py times it.
func BenchmarkGDFixed1000(b *testing.B) {
	b.ReportAllocs()
	res := benchMinimize(b, solvers.Options{Method: "GD-fixed", MaxIter: 1000, Gtol: -1})
	b.ReportMetric(res.Fun, "loss")
}

// benchMinimize runs o from the classroom x0 b.N times and returns the
// last result.
func benchMinimize(b *testing.B, o solvers.Options) solvers.Result {
	ce, x := classroom(b)
	p := solvers.Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad, Hess: ce.Hess, HessVec: ce.HessVec}
	var res solvers.Result
	for b.Loop() {
		var err error
		if res, err = solvers.Minimize(p, x, o); err != nil {
			b.Fatal(err)
		}
	}
	return res
}

// BenchmarkDriver runs L-BFGS, CG, BFGS, GD and Nelder-Mead from the
// classroom x0 for 200 iterations two ways: "sync", the built-in method
// (gonum's NextDirectioner and Linesearcher driven in the caller's
// goroutine; Nelder-Mead ported to a plain loop), and "gonum", the same
// gonum Method through optimize.Minimize, which passes every evaluation
// between goroutines. Both make the same evaluations (tested in solvers);
// ns/fev is the run's time over its function evaluations, to set beside
// BenchmarkLossGrad/N=100/M=2.
func BenchmarkDriver(b *testing.B) {
	const gtol = 1e-5
	viaGonum := func(name string, gradient bool, build func() optimize.Method, conv optimize.Converger) solvers.Method {
		return solvers.Method{Name: name, Gradient: gradient, Run: solvers.GonumRun(
			func(solvers.Params) (optimize.Method, error) { return build(), nil },
			func(solvers.Params) optimize.Converger {
				if conv == nil {
					return optimize.NeverTerminate{}
				}
				return conv
			})}
	}
	gonum, err := solvers.NewRegistry(
		viaGonum("L-BFGS", true, func() optimize.Method { return &optimize.LBFGS{GradStopThreshold: gtol} }, nil),
		viaGonum("CG", true, func() optimize.Method { return &optimize.CG{GradStopThreshold: gtol} }, nil),
		viaGonum("BFGS", true, func() optimize.Method { return &optimize.BFGS{GradStopThreshold: gtol} }, nil),
		viaGonum("GD", true, func() optimize.Method { return &optimize.GradientDescent{GradStopThreshold: gtol} }, nil),
		viaGonum("Nelder-Mead", false, func() optimize.Method { return &optimize.NelderMead{} },
			&optimize.FunctionConverge{Absolute: 1e-10, Iterations: 100}),
	)
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range []string{"L-BFGS", "CG", "BFGS", "GD", "Nelder-Mead"} {
		for _, driver := range []string{"sync", "gonum"} {
			b.Run(m+"/"+driver, func(b *testing.B) {
				o := solvers.Options{Method: m, MaxIter: 200, Gtol: gtol}
				if driver == "gonum" {
					o.Registry = gonum
				}
				res := benchMinimize(b, o)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(res.Nfev), "ns/fev")
				b.ReportMetric(float64(res.Nfev), "nfev")
			})
		}
	}
}
