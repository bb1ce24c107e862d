package bench_test

import (
	"sync"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// TestSharedParams: runs of one configuration with the same settings share
// one copy of them; other settings, or another configuration, keep their
// own; concurrent callers agree.
func TestSharedParams(t *testing.T) {
	bfgs := bench.Solver{Label: "BFGS", Method: "BFGS", Gradient: solvers.Analytic}
	gd := bench.Solver{Label: "GD-fixed", Method: "GD-fixed", Gradient: solvers.Analytic}
	p := func(alpha float64, ls string) solvers.Params {
		return solvers.Params{{Key: "alpha", Value: alpha}, {Key: "linesearch", Value: ls}}
	}
	var s bench.SharedParams
	first := s.Of(bfgs, p(0.5, "bisection"))
	if again := s.Of(bfgs, p(0.5, "bisection")); &again[0] != &first[0] {
		t.Error("the same settings of one configuration: not shared")
	}
	if other := s.Of(bfgs, p(0.25, "bisection")); &other[0] == &first[0] || other[0].Value != 0.25 {
		t.Errorf("other settings: %v, shared with %v", other, first)
	}
	if typed := s.Of(bfgs, solvers.Params{{Key: "alpha", Value: float32(0.5)}, {Key: "linesearch", Value: "bisection"}}); &typed[0] == &first[0] {
		t.Error("a value of another type: shared")
	}
	if own := s.Of(gd, p(0.5, "bisection")); &own[0] == &first[0] {
		t.Error("another configuration: shared")
	}
	var wg sync.WaitGroup
	got := make([]solvers.Params, 8)
	var c bench.SharedParams
	for i := range got {
		wg.Go(func() { got[i] = c.Of(bfgs, p(1, "more-thuente")) })
	}
	wg.Wait()
	for i := range got {
		if want := c.Of(bfgs, p(1, "more-thuente")); &got[i][0] != &want[0] {
			t.Errorf("caller %d has its own copy", i)
		}
	}
}
