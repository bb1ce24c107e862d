package bench_test

import (
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/gobench"
	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers"
)

// BenchmarkMinimize is one run of each method from start 0 of each problem
// with the default options, through package gobench as a user's benchmark
// would run it: BenchmarkMinimize/<problem>/<method>, on the classroom
// network with every gradient mode (.../<method>/<gradient>) and on the
// MGH set with the analytic gradient. The custom metrics (see
// gobench.Case.Benchmark) are the final value f, for a known minimum f*
// also log10Δf = log10(f - f*), the evaluations, the iterations and the
// time per evaluation, so that benchstat compares versions of the methods
// on the standard set, not only their speed:
//
//	go test ./bench -run '^$' -bench 'Minimize/(Beale|Wood)/' -count 6 > new.txt
func BenchmarkMinimize(b *testing.B) {
	classroom, err := gobench.Suite{Problems: "classroom", Methods: "all", Gradients: solvers.GradientModes}.Cases(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range classroom {
		if c.Spec.Method == "Newton" && c.Spec.Gradient != solvers.Analytic {
			continue // minutes a run: finite differences of finite differences
		}
		b.Run(c.Name, c.Benchmark)
	}
	gobench.Run(b, "mgh", "all")
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
