package core

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
)

// sfEvaluator is an evaluator for a Method.ScalarFunction run of p.
func sfEvaluator(t *testing.T, p Problem, given Options, n int) *evaluator {
	t.Helper()
	given.Registry = &Registry{}
	o, err := given.withDefaults(n)
	if err != nil {
		t.Fatal(err)
	}
	ev := newEvaluator(context.Background(), p, o, n)
	ev.useScalarFunction(given)
	return ev
}

// TestScalarFunctionCounts: requests are counted as scipy 1.10's
// ScalarFunction counts them, one cached point, whichever of Func, Grad
// and FuncGrad the problem gives; the problem is called once per counted
// request at most.
func TestScalarFunctionCounts(t *testing.T) {
	a, b := []float64{1, 2}, []float64{3, 4}
	type req struct {
		grad bool
		x    []float64
	}
	f, g := func(x []float64) req { return req{false, x} }, func(x []float64) req { return req{true, x} }
	cases := []struct {
		name       string
		reqs       []req
		nfev, njev int
	}{
		{"f then g at one point", []req{f(a), g(a)}, 1, 1},
		{"again at that point", []req{f(a), g(a), f(a), g(a), f(a)}, 1, 1},
		{"g first", []req{g(a), f(a), g(a)}, 1, 1},
		{"a new point forgets both", []req{f(a), g(a), f(b), f(a), g(a)}, 3, 2},
		{"a point equal in value", []req{f(a), f([]float64{1, 2})}, 1, 0},
		{"back and forth", []req{g(a), g(b), g(a), f(a)}, 1, 3},
	}
	for _, c := range cases {
		problems := map[string]func(calls *int) Problem{
			"Func+Grad": func(calls *int) Problem {
				return Problem{Func: func(x []float64) float64 { *calls++; return x[0] }, Grad: func(g, x []float64) { *calls++; g[0], g[1] = 1, 0 }}
			},
			"FuncGrad": func(calls *int) Problem {
				return Problem{FuncGrad: func(g, x []float64) float64 { *calls++; g[0], g[1] = 1, 0; return x[0] }}
			},
		}
		for pname, mk := range problems {
			calls := 0
			ev := sfEvaluator(t, mk(&calls), Options{}, 2)
			grad := make([]float64, 2)
			for _, r := range c.reqs {
				if r.grad {
					ev.Grad(grad, r.x)
				} else {
					ev.Func(r.x)
				}
			}
			if ev.nfev != c.nfev || ev.njev != c.njev {
				t.Errorf("%s, %s: nfev %d njev %d, want %d %d", c.name, pname, ev.nfev, ev.njev, c.nfev, c.njev)
			}
			if calls > c.nfev+c.njev {
				t.Errorf("%s, %s: %d calls to the problem for %d counted requests", c.name, pname, calls, c.nfev+c.njev)
			}
		}
	}
}

// TestApproxDerivativeSteps: the points scipy's approx_derivative
// evaluates f at, and its counts: relative steps sqrt(eps) and eps^(1/3)
// times max(1, |x|) with sign(0) = 1, FDStep as an absolute step, and the
// one-sided steps bounds force (_adjust_scheme_to_bounds).
func TestApproxDerivativeSteps(t *testing.T) {
	const r2, r3 = 1.4901161193847656e-08, 6.055454452393343e-06
	cases := []struct {
		name   string
		mode   GradientMode
		fdStep float64
		bounds *Bounds
		x      []float64
		want   [][]float64 // the points of the differences, in order
	}{
		{"2-point relative", Forward2, 0, nil, []float64{0, -3},
			[][]float64{{0 + r2, -3}, {0, -3 + r2*-3}}},
		{"2-point absolute", Forward2, 1e-3, nil, []float64{0, -3},
			[][]float64{{1e-3, -3}, {0, -3 + 1e-3}}},
		{"absolute step lost: relative", Forward2, 1e-3, nil, []float64{1e20},
			[][]float64{{1e20 + r2*1e20}}},
		{"3-point relative", Central3, 0, nil, []float64{-2},
			[][]float64{{-2 - 2*r3}, {-2 + 2*r3}}},
		{"2-point at the upper bound: backward", Forward2, 0, &Bounds{Lower: []float64{-1}, Upper: []float64{1}}, []float64{1},
			[][]float64{{1 - r2}}},
		{"3-point at the lower bound: one-sided", Central3, 0, &Bounds{Lower: []float64{0}, Upper: []float64{1}}, []float64{0},
			[][]float64{{r3}, {2 * r3}}},
	}
	for _, c := range cases {
		var pts [][]float64
		p := Problem{Func: func(x []float64) float64 {
			pts = append(pts, slices.Clone(x))
			return x[0] * x[0]
		}, Bounds: c.bounds}
		ev := sfEvaluator(t, p, Options{Gradient: c.mode, FDStep: c.fdStep}, len(c.x))
		grad := make([]float64, len(c.x))
		ev.Grad(grad, c.x)
		if !slices.Equal(pts[0], c.x) {
			t.Errorf("%s: f first at %v, want x %v (update_fun)", c.name, pts[0], c.x)
		}
		got := pts[1:]
		if len(got) != len(c.want) {
			t.Fatalf("%s: %d evaluations %v, want %v", c.name, len(got), got, c.want)
		}
		for i := range got {
			if !slices.Equal(got[i], c.want[i]) {
				t.Errorf("%s: evaluation %d at %v, want %v", c.name, i, got[i], c.want[i])
			}
		}
		if ev.nfev != 1+len(c.want) || ev.njev != 1 {
			t.Errorf("%s: nfev %d njev %d, want %d 1", c.name, ev.nfev, ev.njev, 1+len(c.want))
		}
		if ev.Grad(grad, c.x); ev.nfev != 1+len(c.want) || ev.njev != 1 {
			t.Errorf("%s: the gradient again at x was counted", c.name)
		}
		if d := grad[0] - 2*c.x[0]; math.Abs(d) > math.Max(2*c.fdStep, 1e-5)*math.Max(1, math.Abs(c.x[0])) && c.x[0] < 1e10 {
			t.Errorf("%s: derivative %v, want %v", c.name, grad[0], 2*c.x[0])
		}
	}
}

// TestScalarFunctionHessVec: scipy's finite-difference Hessian operator:
// the gradient at x from the cache (counted once), one more gradient per
// product (2-point), H p counted in Nhev, p = 0 free.
func TestScalarFunctionHessVec(t *testing.T) {
	p := Problem{Func: rosen, Grad: rosenGrad}
	ev := sfEvaluator(t, p, Options{Hessian: HessForward2}, 2)
	x := []float64{-1.2, 1}
	g := make([]float64, 2)
	ev.Func(x)
	ev.Grad(g, x)
	hv := make([]float64, 2)
	ev.HessVec(hv, x, []float64{1, 0})
	want := 1200*x[0]*x[0] - 400*x[1] + 2
	if math.Abs(hv[0]-want) > 1e-5*want {
		t.Errorf("H e0 = %v, want %v", hv[0], want)
	}
	ev.HessVec(hv, x, []float64{0, 0})
	if ev.nfev != 1 || ev.njev != 2 || ev.nhev != 2 || hv[0] != 0 {
		t.Errorf("nfev %d njev %d nhev %d, H 0 = %v; want 1 2 2, 0", ev.nfev, ev.njev, ev.nhev, hv[0])
	}
}

// TestScalarFunctionSearch: a ScalarFunction method keeps a non-finite
// iterate and goes on; a stall at f = -inf ends as NaN with scipy's
// precision-loss message and no cause in it; gonum's rules are unchanged.
func TestScalarFunctionSearch(t *testing.T) {
	run := func(s *Search, x0 []float64, _ Params) {
		g := []float64{1}
		f := s.FuncGrad(g, x0)
		if s.Iterate(x0, f, g) {
			return
		}
		x1 := []float64{x0[0] - 1}
		if s.Iterate(x1, math.Inf(-1), g) {
			return
		}
		s.End(Stalled, errLineSearchTest)
	}
	p := Problem{Func: func(x []float64) float64 { return x[0] }, Grad: func(g, x []float64) { g[0] = 1 }}
	for _, sf := range []bool{true, false} {
		reg := MustRegistry(Method{Name: "m", Gradient: true, ScalarFunction: sf, Run: run})
		res, err := Minimize(p, []float64{0}, Options{Method: "m", Registry: reg})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case sf && (res.Nit != 1 || !math.IsInf(res.Fun, -1) || res.Status != NaN || res.Message != Stalled.Message(0) || res.Cause != errLineSearchTest.Error()):
			t.Errorf("ScalarFunction: nit %d f %v %v %q cause %q", res.Nit, res.Fun, res.Status, res.Message, res.Cause)
		case !sf && (res.Nit != 0 || res.Fun != 0 || res.Status != NaN || strings.Contains(res.Message, "precision")):
			t.Errorf("gonum's rules: nit %d f %v %v %q", res.Nit, res.Fun, res.Status, res.Message)
		}
	}
}

var errLineSearchTest = errString("line search failed")

type errString string

func (e errString) Error() string { return string(e) }
