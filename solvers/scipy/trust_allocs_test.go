package scipy

import (
	"math"
	"testing"

	"github.com/optbench/optbench/solvers/core"
)

// huberCoupled is sum_i sqrt(1 + x_i^2) + c (sum_i x_i)^2 / 2 with c =
// 0.1: convex, its Hessian positive definite everywhere (dogleg needs it)
// and dense, and nearly linear far from 0, so that a trust-region run from
// far away takes radius-sized steps, each accepted, for many iterations.
const huberC = 0.1

func huberCoupled(x []float64) float64 {
	var f, sum float64
	for _, v := range x {
		f += math.Sqrt(1 + v*v)
		sum += v
	}
	return f + huberC*sum*sum/2
}

func huberCoupledGrad(g, x []float64) {
	var sum float64
	for _, v := range x {
		sum += v
	}
	for i, v := range x {
		g[i] = v/math.Sqrt(1+v*v) + huberC*sum
	}
}

func huberCoupledHess(h, x []float64) {
	n := len(x)
	for i := range n {
		for j := range n {
			h[i*n+j] = huberC
		}
		h[i*n+i] += math.Pow(1+x[i]*x[i], -1.5)
	}
}

func huberCoupledHessVec(dst, x, v []float64) {
	var sum float64
	for _, vi := range v {
		sum += vi
	}
	for i, xi := range x {
		dst[i] = math.Pow(1+xi*xi, -1.5)*v[i] + huberC*sum
	}
}

// TestScipyTrustAllocs: the iterations of the trust-region methods
// allocate nothing (the models and the subproblems' workspace are made
// once per run, trust-krylov's Lanczos basis a row at a time up to the
// longest Krylov iteration, reached here in the first few steps): a run of
// 60 iterations allocates as much as one of 5, the trace keeping x0 and
// the last iterate only. Every source of the Hessian a method can use is
// run: the problem's Hessian, its H v only, differences of the gradient.
func TestScipyTrustAllocs(t *testing.T) {
	withHess := core.Problem{Func: huberCoupled, Grad: huberCoupledGrad, Hess: huberCoupledHess}
	hessVecOnly := core.Problem{Func: huberCoupled, Grad: huberCoupledGrad, HessVec: huberCoupledHessVec}
	gradOnly := core.Problem{Func: huberCoupled, Grad: huberCoupledGrad}
	x0 := []float64{40, -30, 50, -20, 35}
	// A radius of at most 1 keeps the run from x0 far from the minimum
	// (near 0) for more than 60 iterations.
	params := map[string]string{"initial-radius": "0.5", "max-radius": "1"}
	cases := []struct {
		method  string
		hessian core.HessianMode
		p       core.Problem
	}{
		{"scipy:trust-ncg", core.Exact, withHess},
		{"scipy:trust-ncg", core.Exact, hessVecOnly},
		{"scipy:trust-ncg", core.HessForward2, gradOnly},
		{"scipy:trust-krylov", core.Exact, withHess},
		{"scipy:trust-krylov", core.Exact, hessVecOnly},
		{"scipy:trust-krylov", core.HessCentral3, gradOnly},
		{"scipy:trust-exact", core.Exact, withHess},
		{"scipy:trust-exact", core.HessCentral3, gradOnly},
		{"scipy:dogleg", core.Exact, withHess},
		{"scipy:dogleg", core.HessForward2, gradOnly},
	}
	for _, c := range cases {
		name := c.method + "/" + string(c.hessian)
		if c.p.HessVec != nil {
			name += "-hessvec"
		}
		t.Run(name, func(t *testing.T) {
			allocs := func(iters int) float64 {
				return testing.AllocsPerRun(3, func() {
					res, err := minimize(c.p, x0, core.Options{Method: c.method, Params: params, Hessian: c.hessian,
						MaxIter: iters, Trace: core.TraceNone})
					if err != nil || res.Nit != iters {
						t.Fatalf("%v: nit %d (%s), want %d", err, res.Nit, res.Message, iters)
					}
				})
			}
			if short, long := allocs(5), allocs(60); long != short {
				t.Errorf("%v allocations for 60 iterations, %v for 5", long, short)
			}
		})
	}
}
