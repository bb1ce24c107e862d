package solvers

import "testing"

// TestTraceModes: a long run keeps a bounded trace with its first and last
// iterations; every mode gives the same result.
func TestTraceModes(t *testing.T) {
	p := Problem{Func: func(x []float64) float64 { return x[0]*x[0] + 10*x[1]*x[1] }, Grad: func(g, x []float64) { g[0], g[1] = 2*x[0], 20*x[1] }}
	var results []Result
	for _, mode := range []TraceMode{TraceAll, TraceLog, TraceNone} {
		calls := 0
		o := Options{Method: "GD-fixed", Params: map[string]string{"alpha": "0.001"}, MaxIter: 20000, Gtol: GtolOff, Trace: mode,
			Callback: func(TracePoint) { calls++ }}
		res, err := Minimize(p, []float64{1, 1}, o)
		if err != nil {
			t.Fatal(err)
		}
		tr := res.Trace
		if tr[0].Iter != 0 || tr[len(tr)-1].Iter != res.Nit || res.Nit != 20000 || calls != 20001 {
			t.Errorf("%s: trace %d rows from %d to %d, nit %d, %d callbacks", mode, len(tr), tr[0].Iter, tr[len(tr)-1].Iter, res.Nit, calls)
		}
		want := map[TraceMode]int{TraceAll: 20001, TraceLog: 101 + 46 + 1, TraceNone: 2}[mode]
		if len(tr) != want {
			t.Errorf("%s: %d rows, want %d", mode, len(tr), want)
		}
		results = append(results, res)
	}
	if results[0].Fun != results[1].Fun || results[1].Fun != results[2].Fun {
		t.Errorf("the trace mode changed the result: %v %v %v", results[0].Fun, results[1].Fun, results[2].Fun)
	}
	if _, err := Minimize(p, []float64{1, 1}, Options{Trace: "some"}); err == nil {
		t.Error("trace mode some accepted")
	}
}
