package core

import (
	"math"
	"testing"
)

// TestEndNeverSolvesAnOverflow: a run that ends as success or stalled at a
// value or (for success) a gradient that is not finite ends NaN, a scipy
// port's message staying its own; a limit keeps its status.
func TestEndNeverSolvesAnOverflow(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		name   string
		f      float64
		g      []float64
		st     Status
		want   Status
		scipy  bool
		wantMs string
	}{
		{"success at -inf", -inf, []float64{0}, Success, NaN, true, "scipy's words"},
		{"success with an infinite gradient", 1, []float64{inf}, Success, NaN, true, "scipy's words"},
		{"stalled at NaN", math.NaN(), []float64{0}, Stalled, NaN, true, "scipy's words"},
		{"maxfev at -inf", -inf, []float64{0}, MaxFev, MaxFev, true, "scipy's words"},
		{"success, finite", 1, []float64{0}, Success, Success, true, "scipy's words"},
		{"gonum's success at -inf", -inf, []float64{0}, Success, NaN, false, "scipy's words"},
	} {
		run := func(s *Search, x0 []float64, _ Params) {
			s.Record(0, x0, c.f, c.g)
			s.EndMessage(c.st, "scipy's words")
		}
		reg, err := NewRegistry(Method{Name: "m", Gradient: true, ScalarFunction: c.scipy, Run: run})
		if err != nil {
			t.Fatal(err)
		}
		res, err := Minimize(rosenbrock, []float64{0, 0}, Options{Method: "m", Registry: reg})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != c.want || res.Success != (c.want == Success) || res.Message != c.wantMs {
			t.Errorf("%s: %v (success %v) %q, want %v %q", c.name, res.Status, res.Success, res.Message, c.want, c.wantMs)
		}
	}
}
