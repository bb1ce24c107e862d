package bench_test

import (
	"math"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/mgh"
	"github.com/optbench/optbench/bench/network"
	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers"
)

// BenchmarkMinimize is one run of each method from start 0 of each problem
// with the default options: BenchmarkMinimize/<problem>/<method>, on the
// classroom network with every gradient mode (.../<method>/<gradient>) and
// on the MGH set with the analytic gradient. The custom metrics are the
// final value f, for a known minimum f* also log10Δf = log10(f - f*) (go
// test prints f to 7 decimals only; floored at 1e-16 max(1, |f*|)), the
// evaluations (bench.TotalEvals: f, analytic gradients and exact Hessians)
// and the iterations, so that benchstat compares versions of the methods on
// the standard set, not only their speed:
//
//	go test ./bench -run '^$' -bench 'Minimize/(Beale|Wood)/' -count 6 > new.txt
func BenchmarkMinimize(b *testing.B) {
	classroom, err := network.Classroom(2, 0, 0.5)
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range append([]*bench.Problem{classroom}, mgh.All()...) {
		for _, m := range solvers.Methods() {
			modes := []solvers.GradientMode{solvers.Analytic}
			if p == classroom {
				modes = solvers.GradientModes
			}
			if !solvers.UsesGradient(m) {
				modes = []solvers.GradientMode{solvers.NoGradient}
			}
			for _, g := range modes {
				if m == "Newton" && g != solvers.Analytic {
					continue // minutes per run: finite differences of finite differences
				}
				name := p.Name + "/" + m
				if p == classroom {
					name += "/" + string(g)
				}
				b.Run(name, func(b *testing.B) { benchRun(b, p, m, g) })
			}
		}
	}
}

// benchRun minimizes p from start 0 with method m b.N times, reporting the
// last run's f, evaluations and iterations.
func benchRun(b *testing.B, p *bench.Problem, m string, g solvers.GradientMode) {
	sp, closeFn, err := p.New(1)
	if err != nil {
		b.Fatal(err)
	}
	if closeFn != nil {
		defer closeFn()
	}
	x0 := p.Start(0, 1)
	o := solvers.Options{Method: m, Gradient: g}
	var res solvers.Result
	for b.Loop() {
		if res, err = solvers.Minimize(sp, x0, o); err != nil {
			b.Fatal(err)
		}
	}
	r := bench.Run{Spec: bench.Spec{Problem: p, Solver: bench.Solver{Method: m, Gradient: g}}, Result: res}
	b.ReportMetric(res.Fun, "f")
	if !math.IsNaN(p.FStar) {
		floor := 1e-16 * max(1, math.Abs(p.FStar))
		b.ReportMetric(math.Log10(max(res.Fun-p.FStar, floor)), "log10Δf")
	}
	b.ReportMetric(analysis.TotalEvals(r), "evals")
	b.ReportMetric(float64(res.Nit), "nit")
}

// BenchmarkMiniBatch sets an epoch of Adam on mini-batches of 32 beside an
// iteration of full-batch L-BFGS, on the network of -synthetic 100000
// -hidden 16 (its 50,000 training samples; one goroutine each). The custom
// metrics are the solver's own time (without the full-loss evaluations of
// the trace) per epoch or per iteration, and the loss reached.
func BenchmarkMiniBatch(b *testing.B) {
	rows, labels, err := objective.Synthetic(100000, 2, 3, 1)
	if err != nil {
		b.Fatal(err)
	}
	train, err := objective.NewDataset(rows[:2*50000], labels[:50000], 2, 3)
	if err != nil {
		b.Fatal(err)
	}
	net := objective.Network{Inputs: 2, Hidden: 16, Classes: 3}
	ce, err := objective.NewCrossEntropy(net, train, 0)
	if err != nil {
		b.Fatal(err)
	}
	x0 := bench.RandomStarts(net.NumParams(), 0.5)(1, 1)
	full := solvers.Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad}
	b.Run("Adam/B=32/epoch", func(b *testing.B) {
		batcher, err := objective.NewBatcher(net, train, 0, 32)
		if err != nil {
			b.Fatal(err)
		}
		p := full
		p.Batches = &solvers.Batches{N: train.Len(), Size: 32, Seed: [2]uint64{1, 1}, FuncGrad: batcher.FuncGrad}
		var res solvers.Result
		for b.Loop() {
			if res, err = solvers.Minimize(p, x0, solvers.Options{Method: "Adam", Params: map[string]string{"lr": "0.01"}, Epochs: 1, MaxIter: 1 << 30}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(res.Runtime.Nanoseconds()), "solver-ns/epoch")
		b.ReportMetric(float64(res.Nit), "steps")
		b.ReportMetric(res.Fun, "f")
	})
	b.Run("L-BFGS/full/iteration", func(b *testing.B) {
		var res solvers.Result
		for b.Loop() {
			if res, err = solvers.Minimize(full, x0, solvers.Options{Method: "L-BFGS", MaxIter: 20, Gtol: solvers.GtolOff}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(res.Runtime.Nanoseconds())/float64(res.Nit), "solver-ns/iter")
		b.ReportMetric(float64(res.Nfev)/float64(res.Nit), "fev/iter")
		b.ReportMetric(res.Fun, "f")
	})
}
