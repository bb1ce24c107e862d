package solvers

import (
	"testing"
	"time"

	"github.com/optbench/optbench/objective"
)

// BenchmarkMethod is one default run of each method from the classroom x0
// (the Hessian exact where a method takes one), so that the cost of the
// method itself, beside its evaluations, is tracked. Besides ns/op it
// reports evals/op (evaluations of f, gradients and Hessians, each
// counted as the tables count them) and ns/eval, and overhead: the run's
// time over what its evaluations cost bare (nfev calls of f, njev of the
// gradient and nhev of the Hessian, each timed alone before the run; a
// method that asks for f and its gradient together pays for one pass of
// the network where this counts two, so its overhead may be below 1).
//
//	go test ./solvers -run '^$' -bench Method -benchmem
func BenchmarkMethod(b *testing.B) {
	p := classroomWithHessian(b)
	x0 := objective.ClassroomInit()
	bare := bareCosts(p, x0)
	for _, m := range Methods() {
		b.Run(m, func(b *testing.B) {
			o := Options{Method: m}
			if !UsesGradient(m) {
				o.Gradient = NoGradient
			}
			var res Result
			var err error
			b.ReportAllocs()
			for b.Loop() {
				if res, err = Minimize(p, x0, o); err != nil {
					b.Fatal(err)
				}
			}
			perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			evals := float64(res.Nfev + res.Njev + res.Nhev)
			b.ReportMetric(evals, "evals/op")
			b.ReportMetric(perOp/evals, "ns/eval")
			b.ReportMetric(perOp/(float64(res.Nfev)*bare.f+float64(res.Njev)*bare.grad+float64(res.Nhev)*bare.hess), "overhead")
		})
	}
}

// evalCosts are the times of one bare evaluation, in ns.
type evalCosts struct{ f, grad, hess float64 }

// bareCosts times p's value, gradient and Hessian at x, the best of five
// rounds of 200 calls each.
func bareCosts(p Problem, x []float64) evalCosts {
	g := make([]float64, len(x))
	h := make([]float64, len(x)*len(x))
	best := func(fn func()) float64 {
		t := time.Duration(1 << 62)
		for range 5 {
			start := time.Now()
			for range 200 {
				fn()
			}
			t = min(t, time.Since(start))
		}
		return float64(t.Nanoseconds()) / 200
	}
	return evalCosts{
		f:    best(func() { p.Func(x) }),
		grad: best(func() { p.Grad(g, x) }),
		hess: best(func() { p.Hess(h, x) }),
	}
}
