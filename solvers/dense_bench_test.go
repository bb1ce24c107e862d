package solvers

import (
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/optbench/optbench/objective"
)

// denseTableMethods are the methods that keep n x n matrices and take a
// gradient, in the order of docs/performance.md's "Dense methods by size".
var denseTableMethods = []string{"BFGS", "scipy:BFGS", "Newton", "scipy:trust-exact", "scipy:dogleg", "scipy:L-BFGS-B"}

// denseSizes are the hidden units of the dense table's networks: P = 6
// hidden + 3 = 99, 771 (-synthetic 10000 -hidden 128) and 4095.
var denseSizes = []int{16, 128, 682}

// denseSamples is the synthetic data's size: -synthetic 10000, half of it
// the training set.
const denseSamples = 10000

// denseIters is how many iterations one op of BenchmarkDense runs: few,
// so that the P = 4095 cells finish.
func denseIters(P int) int {
	if P > 1000 {
		return 3
	}
	return 5
}

// denseNetwork is the problem `optbench -synthetic 10000 -hidden H` makes
// (seed 1: the classroom mixture, 2 features, 3 classes, half of the
// samples for training; no L2 term), with the exact Hessian, on one
// worker, and its start 1 (N(0, 0.5^2) weights seeded by (1, 1)).
func denseNetwork(tb testing.TB, hidden int) (Problem, []float64, *objective.Dataset) {
	tb.Helper()
	rows, labels, err := objective.Synthetic(denseSamples, 2, 3, 1)
	if err != nil {
		tb.Fatal(err)
	}
	ld := &objective.LabeledData{Features: []string{"x0", "x1"}, Rows: rows, Labels: labels, Classes: []string{"0", "1", "2"}}
	train, _, err := ld.Split("synthetic data", objective.SplitOptions{TestFrac: 0.5, Seed: 1})
	if err != nil {
		tb.Fatal(err)
	}
	net := objective.Network{Inputs: 2, Hidden: hidden, Classes: 3}
	ce, err := objective.NewCrossEntropy(net, train, 0)
	if err != nil {
		tb.Fatal(err)
	}
	// As optbench compare evaluates a lone run (bench.SplitWorkers), and as
	// scipy's OpenBLAS threads do: on every CPU, up to one worker per
	// block of 4096 samples (2 here). The values do not depend on the
	// number of workers.
	ce.SetWorkers(runtime.GOMAXPROCS(0))
	tb.Cleanup(ce.Close)
	rng := rand.New(rand.NewPCG(1, 1))
	x0 := make([]float64, net.NumParams())
	for i := range x0 {
		x0[i] = 0.5 * rng.NormFloat64()
	}
	return Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad, Hess: ce.Hess, HessVec: ce.HessVec}, x0, train
}

// BenchmarkDense is every dense method for a few iterations (5; 3 at
// P = 4095) on the network of `-synthetic 10000 -hidden H` at P = 99, 771
// and 4095 parameters, from the same start as scripts/dense_speed.py's
// scipy runs. Besides ns/op it reports ns/iter and nit. The table in
// docs/performance.md ("Dense methods by size") comes from
//
//	go test ./solvers -run '^$' -bench 'Dense/.*/P=(99|771)$' -benchtime 1x -count 3
//	go test ./solvers -run '^$' -bench 'Dense/.*/P=4095$' -benchtime 1x -timeout 2h
//
// (the second about 2 minutes, most of it scipy:trust-exact's).
func BenchmarkDense(b *testing.B) {
	for _, hidden := range denseSizes {
		p, x0, _ := denseNetwork(b, hidden)
		P := len(x0)
		for _, m := range denseTableMethods {
			b.Run(fmt.Sprintf("%s/P=%d", m, P), func(b *testing.B) {
				o := Options{Method: m, MaxIter: denseIters(P), Gtol: 1e-300, Trace: TraceNone}
				var res Result
				for b.Loop() {
					var err error
					if res, err = Minimize(p, x0, o); err != nil {
						b.Fatal(err)
					}
				}
				// A run that ends before its first iteration (dogleg where
				// the Hessian at x0 is not positive definite, as scipy's
				// does) reports its time and nit 0.
				if res.Nit > 0 {
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(res.Nit), "ns/iter")
				}
				b.ReportMetric(float64(res.Nit), "nit")
			})
		}
	}
}

// BenchmarkDenseEval is one evaluation of the dense table's networks: f
// and its gradient together, and the exact Hessian, for reading the
// table's times per iteration against what the evaluations cost.
//
//	go test ./solvers -run '^$' -bench DenseEval -benchtime 1x -count 3
func BenchmarkDenseEval(b *testing.B) {
	for _, hidden := range denseSizes {
		p, x0, _ := denseNetwork(b, hidden)
		P := len(x0)
		g := make([]float64, P)
		b.Run(fmt.Sprintf("funcgrad/P=%d", P), func(b *testing.B) {
			for b.Loop() {
				p.FuncGrad(g, x0)
			}
		})
		h := make([]float64, P*P)
		b.Run(fmt.Sprintf("hess/P=%d", P), func(b *testing.B) {
			for b.Loop() {
				p.Hess(h, x0)
			}
		})
	}
}

var denseData = flag.String("dense.data", "", "TestWriteDenseData: write the dense benchmark's data and starts to this directory")

// TestWriteDenseData writes BenchmarkDense's problems for
// scripts/dense_speed.py, when -dense.data DIR is given: train.f64 (the
// training features feature by feature, as objective.Dataset.X holds
// them, then the labels, all little-endian float64), and x0-P.f64 for
// each size (the start, then f there). Without the flag it checks that
// the starts are what BenchmarkDense uses (P = 6 hidden + 3).
func TestWriteDenseData(t *testing.T) {
	for _, hidden := range denseSizes {
		p, x0, train := denseNetwork(t, hidden)
		if len(x0) != 6*hidden+3 {
			t.Fatalf("hidden %d: %d parameters, want %d", hidden, len(x0), 6*hidden+3)
		}
		if *denseData == "" {
			continue
		}
		vals := append([]float64(nil), train.X...)
		for _, k := range train.Labels {
			vals = append(vals, float64(k))
		}
		writeF64(t, filepath.Join(*denseData, "train.f64"), vals)
		// x0 and then f(x0), which the script checks its loss against.
		writeF64(t, filepath.Join(*denseData, fmt.Sprintf("x0-%d.f64", len(x0))), append(x0, p.Func(x0)))
	}
}

func writeF64(t *testing.T, name string, v []float64) {
	buf := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(x))
	}
	if err := os.WriteFile(name, buf, 0o644); err != nil {
		t.Fatal(err)
	}
}
