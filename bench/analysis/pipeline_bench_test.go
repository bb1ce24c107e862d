package analysis_test

import (
	"context"
	"math"
	"runtime"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/solvers"
)

// beale is the Beale function (Moré, Garbow and Hillstrom's 5th), f* = 0:
// a cheap run of a few dozen evaluations, so that what a sweep spends on
// each run besides the method shows.
func beale() *bench.Problem {
	c := [3]float64{1.5, 2.25, 2.625}
	f := func(x []float64) float64 {
		var s float64
		for i, ci := range c {
			t := ci - x[0]*(1-math.Pow(x[1], float64(i+1)))
			s += t * t
		}
		return s
	}
	g := func(grad, x []float64) {
		grad[0], grad[1] = 0, 0
		for i, ci := range c {
			yi := math.Pow(x[1], float64(i+1))
			t := ci - x[0]*(1-yi)
			grad[0] += -2 * t * (1 - yi)
			grad[1] += 2 * t * x[0] * float64(i+1) * math.Pow(x[1], float64(i))
		}
	}
	p := bench.FuncProblem("Beale", 2, solvers.Problem{Func: f, Grad: g})
	p.FStar = 0
	return p
}

// pipelineRuns is the number of runs of each op of BenchmarkPipeline.
const pipelineRuns = 10000

// BenchmarkPipeline is a sweep of 10,000 cheap runs (BFGS on Beale from
// random starts, and one step of GD-fixed) stage by stage, each reporting
// ns/run and B/run: the
// bare solvers.Minimize calls, Specs and Execute on one worker (the
// difference from the bare calls is what the sweep spends on a run besides
// the method), and the analysis of the runs (Analyze, the convergence
// table and aRT).
//
//	go test ./bench/analysis -run '^$' -bench Pipeline -benchtime 3x -count 5
func BenchmarkPipeline(b *testing.B) {
	b.Run("BFGS", func(b *testing.B) { pipeline(b, "BFGS", solvers.Options{}) })
	// One iteration of GD-fixed: the runs cost little besides the sweep's
	// own work, which then shows in execute's ns/run beside minimize's.
	b.Run("one-step", func(b *testing.B) { pipeline(b, "GD-fixed", solvers.Options{MaxIter: 1}) })
}

func pipeline(b *testing.B, method string, o solvers.Options) {
	sw, err := bench.NewSweep([]*bench.Problem{beale()}, pipelineRuns, 1, o)
	if err != nil {
		b.Fatal(err)
	}
	if err := sw.Add([]solvers.Config{{Method: method}}, solvers.Analytic); err != nil {
		b.Fatal(err)
	}
	specs, err := sw.Specs()
	if err != nil {
		b.Fatal(err)
	}
	p, _, err := specs[0].NewProblem(1)
	if err != nil {
		b.Fatal(err)
	}
	perRun(b, "minimize", func() {
		for _, s := range specs {
			if _, err := solvers.Minimize(p, s.X0, s.MethodOptions()); err != nil {
				b.Fatal(err)
			}
		}
	})
	perRun(b, "execute", func() {
		specs, err := sw.Specs()
		if err != nil {
			b.Fatal(err)
		}
		bench.ExecuteWith(context.Background(), specs, 1, 1, nil)
	})
	runs := bench.ExecuteWith(context.Background(), specs, 1, 1, nil)
	perRun(b, "analyze", func() {
		a := analysis.Analyze(runs)
		a.Convergence()
		a.ARTs()
		a.Notes()
	})
}

// perRun benchmarks op, which handles pipelineRuns runs, reporting its
// time and allocated bytes per run.
func perRun(b *testing.B, name string, op func()) {
	b.Run(name, func(b *testing.B) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for b.Loop() {
			op()
		}
		runtime.ReadMemStats(&after)
		n := float64(b.N * pipelineRuns)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/run")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/n, "B/run")
		b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/run")
	})
}
