package bbob_test

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/bbob"
	"github.com/optbench/optbench/bench/coco"
	"github.com/optbench/optbench/solvers"
)

// bbobSweep runs functions fns in dimensions dims, instances 1-5, under
// COCO's protocol with a budget of budget x n.
func bbobSweep(t *testing.T, fns, dims []int, budget float64, methods ...string) []bench.Run {
	t.Helper()
	var ps []*bench.Problem
	for _, d := range dims {
		for _, f := range fns {
			for i := 1; i <= 5; i++ {
				p, err := bbob.New(f, d, i)
				if err != nil {
					t.Fatal(err)
				}
				ps = append(ps, p)
			}
		}
	}
	s, err := bench.NewSweep(ps, 1, 1, solvers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Budget = budget
	configs, err := bench.Configs(methods...)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add(configs, solvers.Forward2, solvers.Analytic); err != nil {
		t.Fatal(err)
	}
	specs, err := s.Specs()
	if err != nil {
		t.Fatal(err)
	}
	return bench.Execute(context.Background(), specs, 2, nil)
}

// TestARTIsCocopps: the aRT optbench computes from its runs' traces,
// pooled over the instances of a function and dimension, equals the aRT
// cocopp computes from the COCO data files written of the same runs
// (coco.CocoppART, itself tested against cocopp), at each of cocopp's 51
// targets: the protocol counts, traces and logs evaluations as COCO does,
// with finite differences and with the analytic gradient (counted apart).
func TestARTIsCocopps(t *testing.T) {
	fns, dims := []int{1, 2, 6, 8, 10, 15, 21}, []int{2, 5}
	if testing.Short() {
		fns = []int{1, 8, 15}
	}
	runs := bbobSweep(t, fns, dims, 100, "BFGS", "Nelder-Mead")
	a := analysis.Analyze(runs)
	targets := bench.COCODeltaFs() // cocopp's levels, numpy.power(10, k/5)
	pooled := analysis.PooledARTs(runs, a.Refs, targets)
	type key struct {
		class  string
		solver bench.Solver
	}
	logs := map[key][]coco.RunLog{}
	for _, r := range runs {
		ref := r.Problem.Config.(bbob.Ref)
		var l coco.Log
		if err := json.Unmarshal(r.Log, &l); err != nil {
			t.Fatalf("%s: log: %v", r.RunID(), err)
		}
		k := key{r.Problem.Class, r.Solver}
		logs[k] = append(logs[k], coco.RunLog{Function: ref.Function, Dim: ref.Dim, Instance: ref.Instance, FOpt: r.Problem.FStar, Log: &l})
		if l.Evaluations != int64(r.Result.Nfev) {
			t.Errorf("%s: the COCO log counts %d evaluations, the run %d", r.RunID(), l.Evaluations, r.Result.Nfev)
		}
	}
	checked := 0
	for i := 0; i < len(pooled); i += len(targets) {
		g := pooled[i : i+len(targets)]
		want, succ, err := coco.CocoppART(logs[key{g[0].Class, g[0].Solver}], targets)
		if err != nil {
			t.Fatal(err)
		}
		for j := range targets {
			got := g[j]
			if !(got.Evals == want[j] || math.Abs(got.Evals-want[j]) <= 1e-12*want[j]) || got.Reached != succ[j] {
				t.Errorf("%s %s Δf %.3g: aRT %v (%d of %d), cocopp's %v (%d)", got.Class, got.Solver, targets[j], got.Evals, got.Reached, got.Runs, want[j], succ[j])
			}
			checked++
		}
	}
	if checked != len(fns)*len(dims)*3*51 {
		t.Errorf("checked %d aRTs", checked)
	}
}
