package solvers

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/optbench/optbench/objective"
)

func classroomBatches(t *testing.T, size int) Problem {
	t.Helper()
	train, _ := objective.Classroom()
	ce, err := objective.NewCrossEntropy(objective.ClassroomNetwork, train, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := objective.NewBatcher(objective.ClassroomNetwork, train, 0, size)
	if err != nil {
		t.Fatal(err)
	}
	return Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad,
		Batches: &Batches{N: train.Len(), Size: b.Size(), Seed: [2]uint64{1, 2}, FuncGrad: b.FuncGrad}}
}

// TestMiniBatches: Adam on batches of 32 of the classroom's 100 samples
// takes 4 steps an epoch, stops after the epochs asked for, keeps the full
// loss in its trace, counts one value and gradient per step, lowers the
// loss, and shuffles by its seed alone.
func TestMiniBatches(t *testing.T) {
	p := classroomBatches(t, 32)
	o := Options{Method: "Adam", Params: map[string]string{"lr": "0.05"}, Epochs: 50, MaxIter: 1 << 30}
	res, err := Minimize(p, objective.ClassroomInit(), o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Nit != 200 || res.Nfev != 200 || res.Njev != 200 || res.Status != Epochs || res.Message != "50 epochs done." {
		t.Errorf("nit %d nfev %d njev %d, %v %q; want 200 steps, epochs, 50 epochs done.", res.Nit, res.Nfev, res.Njev, res.Status, res.Message)
	}
	if len(res.Trace) != 201 || res.Trace[len(res.Trace)-1].Fun != p.Func(res.X) || !(res.Fun < 0.5) {
		t.Errorf("%d trace rows, last %v, f(x) %v", len(res.Trace), res.Trace[len(res.Trace)-1].Fun, p.Func(res.X))
	}
	again, _ := Minimize(p, objective.ClassroomInit(), o)
	if again.Fun != res.Fun {
		t.Errorf("the same seed gave %v, then %v", res.Fun, again.Fun)
	}
	p.Batches.Seed = [2]uint64{1, 3}
	other, _ := Minimize(p, objective.ClassroomInit(), o)
	if other.Fun == res.Fun {
		t.Errorf("another seed gave the same %v", other.Fun)
	}
	// f is evaluated for the trace at most 4 times an epoch: batches of 5
	// make 20 steps an epoch and 4 trace rows.
	p5 := classroomBatches(t, 5)
	res, _ = Minimize(p5, objective.ClassroomInit(), Options{Method: "GD-fixed", Epochs: 2, MaxIter: 1 << 30})
	var iters []int
	for _, pt := range res.Trace {
		iters = append(iters, pt.Iter)
	}
	if !slices.Equal(iters, []int{0, 5, 10, 15, 20, 25, 30, 35, 40}) {
		t.Errorf("trace iterations %v", iters)
	}
	if _, err := Minimize(p, objective.ClassroomInit(), Options{Method: "BFGS"}); !errors.Is(err, ErrBadOptions) {
		t.Errorf("BFGS on batches: %v, want ErrBadOptions", err)
	}
}

// TestFullBatch: one batch of every sample is the full gradient, summed in
// another order: GD-fixed follows the full-batch run to rounding.
func TestFullBatch(t *testing.T) {
	p := classroomBatches(t, 100)
	res, _ := Minimize(p, objective.ClassroomInit(), Options{Method: "GD-fixed", Epochs: 100, MaxIter: 1 << 30})
	p.Batches = nil
	full, _ := Minimize(p, objective.ClassroomInit(), Options{Method: "GD-fixed", MaxIter: 100, Gtol: GtolOff})
	if d := math.Abs(res.Fun-full.Fun) / full.Fun; d > 1e-12 {
		t.Errorf("100 full batches %v, 100 full steps %v", res.Fun, full.Fun)
	}
}

func TestBatcherAllocatesNothing(t *testing.T) {
	train, _ := objective.Classroom()
	b, _ := objective.NewBatcher(objective.ClassroomNetwork, train, 0, 32)
	x, g := objective.ClassroomInit(), make([]float64, 15)
	idx := []int{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5}
	b.FuncGrad(g, x, idx)
	if n := testing.AllocsPerRun(100, func() { b.FuncGrad(g, x, idx) }); n != 0 {
		t.Errorf("%v allocations per batch", n)
	}
}

// TestMiniBatchStopsBetweenTracePoints: MaxIter between two trace points
// ends the run at the last step's x, not at the last trace point's.
func TestMiniBatchStopsBetweenTracePoints(t *testing.T) {
	p := classroomBatches(t, 5) // 20 steps an epoch, a trace point every 5
	res, err := Minimize(p, objective.ClassroomInit(), Options{Method: "GD-fixed", MaxIter: 7, Epochs: 3})
	if err != nil {
		t.Fatal(err)
	}
	last := res.Trace[len(res.Trace)-1]
	if res.Nit != 7 || res.Status != MaxIter || last.Iter != 7 || res.Fun != p.Func(res.X) || res.Fun != last.Fun {
		t.Errorf("nit %d %v, last trace row %d (f %v), f(X) %v, Fun %v; want the 7th step's", res.Nit, res.Status, last.Iter, last.Fun, p.Func(res.X), res.Fun)
	}
}
