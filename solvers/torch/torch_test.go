package torch

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers/core"
)

// TestTorchTraces runs Momentum, Nesterov, Adam, AdamW, RMSprop and Adagrad
// for 200 steps on the classroom problem from x0 and compares the loss
// before and after every step with torch.optim's, in testdata/torch_traces.json
// (made by testdata/torch_traces.py from Debian's PyTorch 1.13): within
// 1e-10 relative at every step.
func TestTorchTraces(t *testing.T) {
	b, err := os.ReadFile("testdata/torch_traces.json")
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Steps int
		Runs  []struct {
			Method string
			Params map[string]string
			Torch  string
			Loss   []float64
		}
	}
	if err := json.Unmarshal(b, &data); err != nil {
		t.Fatal(err)
	}
	train, _ := objective.Classroom()
	ce, err := objective.NewCrossEntropy(objective.ClassroomNetwork, train, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := core.Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad}
	for _, run := range data.Runs {
		res, err := minimize(p, objective.ClassroomInit(), core.Options{Method: run.Method, Params: run.Params, MaxIter: data.Steps, Gtol: core.GtolOff})
		if err != nil {
			t.Fatalf("%s %v: %v", run.Method, run.Params, err)
		}
		if len(res.Trace) != data.Steps+1 || res.Nfev != data.Steps+1 || res.Njev != data.Steps+1 {
			t.Errorf("%s: %d trace rows, nfev %d, njev %d; want %d each", res.Label, len(res.Trace), res.Nfev, res.Njev, data.Steps+1)
			continue
		}
		worst, at := 0.0, 0
		for k, want := range run.Loss {
			if d := math.Abs(res.Trace[k].Fun-want) / math.Abs(want); d > worst {
				worst, at = d, k
			}
		}
		if worst > 1e-10 {
			t.Errorf("%s (torch %s): loss differs by %.3g relative at step %d", res.Label, run.Torch, worst, at)
		}
		t.Logf("%-45s worst relative difference %.2g", res.Label, worst)
	}
	if len(data.Runs) < 10 {
		t.Errorf("%d runs", len(data.Runs))
	}
}
