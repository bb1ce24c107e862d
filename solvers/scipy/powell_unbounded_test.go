package scipy

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/optbench/optbench/solvers/core"
)

// TestPowellUnbounded: scipy:Powell on functions unbounded below takes
// scipy 1.10.1's steps (testdata/powell_unbounded.json, made by the script
// beside it) and ends as scipy does, but for two things. At f = -Inf,
// where scipy reports success (its last test is for NaN only), the run
// ends with the NaN status, as every other method's does at a value that
// is not finite, the Result's Cause saying the function is unbounded
// below. Where scipy's bracket raises RuntimeError("Too many
// iterations."), the run fails with that as its Cause, not a panic's.
func TestPowellUnbounded(t *testing.T) {
	data, err := os.ReadFile("testdata/powell_unbounded.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs []struct {
			F       string
			X0, X   []float64
			Status  int
			Message string
			Fun     json.RawMessage
			Nit     int
			Nfev    int
			Raised  string
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	funcs := map[string]func([]float64) float64{
		"-x0^2": func(x []float64) float64 { return -x[0] * x[0] },
		"x0":    func(x []float64) float64 { return x[0] },
	}
	if len(doc.Runs) != 4 {
		t.Fatalf("%d runs, want 4", len(doc.Runs))
	}
	for _, want := range doc.Runs {
		got, err := minimize(core.Problem{Func: funcs[want.F]}, want.X0, core.Options{Method: "Powell"})
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprint(want.F, " from ", want.X0)
		if want.Raised != "" {
			if got.Status != core.Failed || !strings.Contains(got.Cause, `"Too many iterations."`) || strings.Contains(got.Cause, "panic") {
				t.Errorf("%s: %v %q (cause %q); scipy raised %s", name, got.Status, got.Message, got.Cause, want.Raised)
			}
			continue
		}
		var fun float64
		if string(want.Fun) == `"-Inf"` {
			fun = math.Inf(-1)
		} else if err := json.Unmarshal(want.Fun, &fun); err != nil {
			t.Fatal(err)
		}
		same := sameFloat(got.Fun, fun) && got.Nit == want.Nit && got.Nfev == want.Nfev && len(got.X) == len(want.X)
		for i := range want.X {
			same = same && sameFloat(got.X[i], want.X[i])
		}
		if !same {
			t.Errorf("%s: f %v x %v nit %d nfev %d; scipy %v %v %d %d", name, got.Fun, got.X, got.Nit, got.Nfev, fun, want.X, want.Nit, want.Nfev)
		}
		switch {
		case math.IsInf(fun, -1):
			if want.Status != 0 || got.Status != core.NaN || got.Success || !strings.Contains(got.Cause, "unbounded below") ||
				!strings.HasPrefix(got.Message, core.NaN.Message(0)) {
				t.Errorf("%s: %v %v %q (cause %q) at f = -Inf (scipy: status %d, %q)", name, got.Status, got.Success, got.Message, got.Cause, want.Status, want.Message)
			}
		default:
			if got.Status != core.MaxFev || got.Message != want.Message {
				t.Errorf("%s: %v %q; scipy %d %q", name, got.Status, got.Message, want.Status, want.Message)
			}
		}
	}
}

// sameFloat is a == b, or both NaN.
func sameFloat(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }
