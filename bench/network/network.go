// Package network is optbench's first problem family: the mean
// cross-entropy of a two-layer network (package objective) on the
// classroom data, a CSV file or synthetic data, with its test loss and
// accuracies as extra metrics and its weights and decision regions as
// extra figures.
//
// Family, which registers itself with bench, is how the command line
// makes it (the -problems item classroom, with -hidden, -l2, -init-scale
// and the data flags of DataFlags) and how bench/results makes it again
// from its Source in sweep.json. New makes the problem of a Config for a
// library user; Check checks its derivatives against finite differences
// (optbench gradcheck).
package network

import (
	"fmt"
	"math"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers"
)

// Config is a network problem: a shape, the data and the starts.
type Config struct {
	Name        string // the problem's name: "classroom", a file's name, "synthetic"
	Data        string // what the data are, for reports
	Net         objective.Network
	Train, Test *objective.Dataset // Test may be nil
	Lambda      float64            // L2 weight

	// X0, when set, is start 0 (the classroom's x0); the other starts, and
	// start 0 without X0, are drawn from N(0, InitScale^2).
	X0        []float64
	InitScale float64

	// BatchSize > 0 makes the first-order methods step on mini-batches of
	// that many training samples (solvers.Batches); the trace keeps the
	// full training loss.
	BatchSize int
}

// Classroom is the classroom exercise with the given hidden units, L2 weight
// and scale of the random starts; start 0 is the exercise's x0 on its 2-2-3
// network.
func Classroom(hidden int, lambda, initScale float64) (*bench.Problem, error) {
	return New(ClassroomConfig(hidden, lambda, initScale))
}

// ClassroomConfig is Classroom's configuration.
func ClassroomConfig(hidden int, lambda, initScale float64) Config {
	train, test := objective.Classroom()
	c := Config{Name: "classroom", Data: fmt.Sprintf("the classroom set (%d training, %d test samples)", train.Len(), test.Len()),
		Net:   objective.Network{Inputs: train.Features, Hidden: hidden, Classes: train.Classes},
		Train: train, Test: test, Lambda: lambda, InitScale: initScale}
	if c.Net == objective.ClassroomNetwork {
		c.X0 = objective.ClassroomInit()
	}
	return c
}

func batchDesc(size int) string {
	if size <= 0 {
		return ""
	}
	return fmt.Sprintf(", mini-batches of %d", size)
}

// New makes the problem of c, after checking that the network fits the data.
func New(c Config) (*bench.Problem, error) {
	if _, err := objective.NewCrossEntropy(c.Net, c.Train, c.Lambda); err != nil {
		return nil, err
	}
	if c.Test != nil {
		if _, err := objective.NewCrossEntropy(c.Net, c.Test, 0); err != nil {
			return nil, fmt.Errorf("test set: %w", err)
		}
	}
	if n := c.Train.Len(); c.BatchSize > n {
		return nil, bench.Usagef("-batch %d: more than the %d training samples of %s (at most %d)", c.BatchSize, n, c.Name, n)
	}
	if c.BatchSize < 0 {
		return nil, bench.Usagef("-batch %d: want a whole number >= 1, or 0 for the whole set", c.BatchSize)
	}
	P := c.Net.NumParams()
	if c.X0 != nil && len(c.X0) != P {
		return nil, fmt.Errorf("network: x0 has %d values for %d parameters", len(c.X0), P)
	}
	random := bench.RandomStarts(P, c.InitScale)
	startDoc := fmt.Sprintf("N(0, %g^2) in every weight, seeded by (seed, start)", c.InitScale)
	if c.X0 != nil {
		startDoc = "start 0: the exercise's x0; others " + startDoc
	}
	p := &bench.Problem{
		Name:  c.Name,
		Desc:  fmt.Sprintf("mean cross-entropy of a %v network (%d parameters), L2 weight %g, on %s%s", c.Net, P, c.Lambda, c.Data, batchDesc(c.BatchSize)),
		Dim:   P,
		FStar: math.NaN(), FStarSource: "unknown: the best loss any run reached",
		FName: "train loss",
		FDoc:  "the mean cross-entropy on the training set, plus the L2 term when lambda > 0",
		New: func(workers int) (solvers.Problem, func(), error) {
			ce, err := objective.NewCrossEntropy(c.Net, c.Train, c.Lambda)
			if err != nil {
				return solvers.Problem{}, nil, err
			}
			var closeFn func()
			if workers > 1 {
				ce.SetWorkers(workers)
				closeFn = ce.Close
			}
			sp := solvers.Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad}
			if P <= objective.MaxHessParams {
				sp.Hess, sp.HessVec = ce.Hess, ce.HessVec
			}
			if c.BatchSize > 0 {
				b, err := objective.NewBatcher(c.Net, c.Train, c.Lambda, c.BatchSize)
				if err != nil {
					return solvers.Problem{}, closeFn, err
				}
				sp.Batches = &solvers.Batches{N: c.Train.Len(), Size: b.Size(), FuncGrad: b.FuncGrad}
			}
			return sp, closeFn, nil
		},
		Start: func(k int, seed uint64) []float64 {
			if k == 0 && c.X0 != nil {
				return append([]float64(nil), c.X0...)
			}
			return random(k, seed)
		},
		StartDoc: startDoc,
	}
	if c.BatchSize > 0 {
		p.BatchesPerEpoch = (c.Train.Len() + c.BatchSize - 1) / c.BatchSize
	}
	p.Metrics = append(p.Metrics, bench.Metric{
		Name: "train acc", Key: "train_acc", Share: true, Doc: "the share of training samples classified right",
		Eval:   func(x []float64) float64 { return objective.Accuracy(c.Net, x, c.Train) },
		Detail: true,
	})
	if c.Test != nil {
		p.Metrics = append([]bench.Metric{{
			Name: "test loss", Key: "test_fun", Doc: "the mean cross-entropy on the test set (no L2 term)",
			Eval: func(x []float64) float64 {
				ce, err := objective.NewCrossEntropy(c.Net, c.Test, 0)
				if err != nil {
					return math.NaN()
				}
				return ce.Func(x)
			},
		}}, p.Metrics...)
		p.Metrics = append(p.Metrics, bench.Metric{
			Name: "test acc", Key: "test_acc", Share: true, Doc: "the share of test samples classified right",
			Eval: func(x []float64) float64 { return objective.Accuracy(c.Net, x, c.Test) },
		})
	}
	p.Figures = func(runs []bench.Run) ([]bench.Figure, error) {
		figs := []bench.Figure{}
		w, err := weightsFigure(runs, c.Net)
		if err != nil {
			return nil, err
		}
		figs = append(figs, w)
		if c.Net.Inputs == 2 && c.Test != nil {
			b, err := boundary(runs, c)
			if err != nil {
				return nil, err
			}
			figs = append(figs, b)
		}
		return figs, nil
	}
	return p, nil
}
