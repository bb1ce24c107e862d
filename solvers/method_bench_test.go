package solvers

import (
	"fmt"
	"testing"
	"time"

	"github.com/optbench/optbench/objective"
)

// BenchmarkMethod is one default run of each method from the classroom x0
// (the Hessian exact where a method takes one) on the classroom network,
// at two sizes of its training set: the classroom's N = 100 samples and
// N = 10,000 drawn by objective.Synthetic from the same mixture (seed 1),
// where an evaluation costs about a hundred times more. The names are
// BenchmarkMethod/<method>/N=<size>, so that -bench 'Method/^BFGS$' still
// picks a method (at both sizes) and benchstat reads N as a configuration
// key (-col /N).
//
// Besides ns/op it reports evals/op (evaluations of f, gradients and
// Hessians, each counted as the tables count them), ns/eval, and
// overhead: the run's time over the time spent inside the problem's
// functions during it, so the method's own cost (its linear algebra,
// bookkeeping, copies, counting, trace) relative to its evaluations: 1.2
// means the method adds a fifth. The time inside is measured around each
// call as the run makes it, under the same load and cache as the run, and
// whatever the calls are (a FuncGrad is one pass of the network where the
// tables count a value and a gradient; a Hessian-vector product costs far
// less than a Hessian).
//
//	go test ./solvers -run '^$' -bench 'Method/.*/N=100$' -benchmem -benchtime 20x
//	go test ./solvers -run '^$' -bench 'Method/.*/N=10000$' -benchmem -benchtime 2x
func BenchmarkMethod(b *testing.B) {
	x0 := objective.ClassroomInit()
	sizes := []struct {
		n int
		p Problem
	}{{100, classroomWithHessian(b)}, {10_000, syntheticWithHessian(b, 10_000)}}
	for _, m := range Methods() {
		o := Options{Method: m}
		if !UsesGradient(m) {
			o.Gradient = NoGradient
		}
		b.Run(m, func(b *testing.B) {
			for _, size := range sizes {
				b.Run(fmt.Sprintf("N=%d", size.n), func(b *testing.B) {
					var in time.Duration
					p := timeCalls(size.p, &in)
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
					b.ReportMetric(float64(b.Elapsed())/float64(in), "overhead")
				})
			}
		})
	}
}

// syntheticWithHessian is the classroom network's loss on n samples of
// objective.Synthetic (2 features, 3 classes, seed 1), all for training,
// with its Hessian.
func syntheticWithHessian(t testing.TB, n int) Problem {
	rows, labels, err := objective.Synthetic(n, 2, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	data, err := objective.NewDataset(rows, labels, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	ce, err := objective.NewCrossEntropy(objective.ClassroomNetwork, data, 0)
	if err != nil {
		t.Fatal(err)
	}
	return Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad, Hess: ce.Hess, HessVec: ce.HessVec}
}

// timeCalls returns p with each function adding the time of its calls to
// *in. The two clock readings of a call (some 50 ns on Linux, against the
// classroom problem's 1.5-4 us an evaluation) fall about half inside.
func timeCalls(p Problem, in *time.Duration) Problem {
	// Only the functions p has: a method takes another path where one is
	// nil.
	if f := p.Func; f != nil {
		p.Func = func(x []float64) float64 { t := time.Now(); v := f(x); *in += time.Since(t); return v }
	}
	if grad := p.Grad; grad != nil {
		p.Grad = func(g, x []float64) { t := time.Now(); grad(g, x); *in += time.Since(t) }
	}
	if fg := p.FuncGrad; fg != nil {
		p.FuncGrad = func(g, x []float64) float64 { t := time.Now(); v := fg(g, x); *in += time.Since(t); return v }
	}
	if hess := p.Hess; hess != nil {
		p.Hess = func(h, x []float64) { t := time.Now(); hess(h, x); *in += time.Since(t) }
	}
	if hv := p.HessVec; hv != nil {
		p.HessVec = func(dst, x, v []float64) { t := time.Now(); hv(dst, x, v); *in += time.Since(t) }
	}
	return p
}
