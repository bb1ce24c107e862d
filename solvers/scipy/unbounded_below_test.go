package scipy

import (
	"math"
	"testing"

	"github.com/optbench/optbench/solvers/core"
)

// TestUnboundedBelowIsNotSolved: on f(x) = -exp(-x) from 0 every gradient
// port ends at f = -inf as scipy's does, with scipy's message, but with
// status NaN and success false, so that no table counts an overflow as
// solved (scipy's L-BFGS-B itself reports success there).
func TestUnboundedBelowIsNotSolved(t *testing.T) {
	p := core.Problem{
		Func: func(x []float64) float64 { return -math.Exp(-x[0]) },
		Grad: func(g, x []float64) { g[0] = math.Exp(-x[0]) },
	}
	for _, c := range []struct{ method, message string }{
		{"scipy:L-BFGS-B", "CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH"},
		{"scipy:BFGS", "Desired error not necessarily achieved due to precision loss."},
		{"scipy:CG", "Desired error not necessarily achieved due to precision loss."},
	} {
		res, err := minimize(p, []float64{0}, core.Options{Method: c.method})
		if err != nil {
			t.Fatal(err)
		}
		if res.Fun != math.Inf(-1) || res.Status != core.NaN || res.Success || res.Message != c.message {
			t.Errorf("%s: f %v, %v (success %v) %q; want -inf, nan, false, %q", c.method, res.Fun, res.Status, res.Success, res.Message, c.message)
		}
	}
}

// TestExactMessages: the derivative-free ports keep scipy's message
// exactly, the cause of a failure (a panic, Powell at -inf) only in Cause.
func TestExactMessages(t *testing.T) {
	boom := core.Problem{Func: func(x []float64) float64 {
		if x[0] > 0.5 {
			panic("boom")
		}
		return x[0] * x[0]
	}}
	negexp := core.Problem{Func: func(x []float64) float64 { return -math.Exp(-x[0]) }}
	for _, c := range []struct {
		method         string
		p              core.Problem
		message, cause string
	}{
		{"scipy:Nelder-Mead", boom, "Optimization failed.", "panic: boom"},
		{"scipy:Powell", boom, "Optimization failed.", "panic: boom"},
		{"scipy:Powell", negexp, "NaN result encountered.", "the value is -Inf: the function is unbounded below"},
	} {
		res, err := minimize(c.p, []float64{0.49}, core.Options{Method: c.method})
		if err != nil {
			t.Fatal(err)
		}
		if res.Message != c.message || res.Cause != c.cause {
			t.Errorf("%s: message %q, cause %q; want %q, %q", c.method, res.Message, res.Cause, c.message, c.cause)
		}
	}
}

// TestTrustNonFiniteGradient: where the gradient at the current point holds
// an infinity or a NaN, scipy's trust-region loop raises out of minimize
// (scipy.linalg.norm checks its input: "array must not contain infs or
// NaNs"); the ports fail with that text in Cause, at x0 after scipy's one
// value and one gradient.
func TestTrustNonFiniteGradient(t *testing.T) {
	for _, bad := range []float64{math.NaN(), math.Inf(1)} {
		p := core.Problem{Func: rosenN, Grad: func(g, x []float64) { rosenNGrad(g, x); g[1] = bad }, Hess: rosenNHess}
		for _, m := range []string{"scipy:trust-ncg", "scipy:trust-exact", "scipy:dogleg", "scipy:trust-krylov"} {
			res, err := minimize(p, []float64{-1.2, 1}, core.Options{Method: m})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != core.Failed || res.Cause != "array must not contain infs or NaNs" || res.Nit != 0 || res.Nfev != 1 || res.Njev != 1 {
				t.Errorf("%s, gradient %v: %v %q cause %q, nit %d nfev %d njev %d", m, bad, res.Status, res.Message, res.Cause, res.Nit, res.Nfev, res.Njev)
			}
		}
	}
}
