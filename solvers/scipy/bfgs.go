package scipy

import (
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// scipyBFGS is scipy 1.10's _minimize_bfgs: H0 = I, the first trial step
// min(1, 1.01*2*(f_k - f_{k-1})/(g_k.p_k)) with f_{-1} = f_0 + |g_0|_2/2,
// MINPACK's More-Thuente line search with c1 = 1e-4, c2 = 0.9 and steps in
// [1e-100, 1e100], falling back to the Wolfe search of Nocedal and Wright,
// and the inverse update H = (I - rho s y') H (I - rho y s') + rho s s'
// (rho = 1000 when y.s = 0). It succeeds when |g|inf <= Gtol, and ends as
// "precision loss" (stalled) when both line searches fail or the loss is
// not finite (status NaN then: f = -inf is kept as scipy keeps it), and as
// "NaN result encountered." when the gradient is NaN.
var scipyBFGS = core.Method{
	Name:           "scipy:BFGS",
	Dense:          true,
	Doc:            "scipy 1.10's BFGS: H0 = I, MINPACK line search, Wolfe fallback",
	Gradient:       true,
	InclusiveGtol:  true,
	ScalarFunction: true,
	Params: []core.ParamSpec{
		{Key: "c1", Default: "1e-4", Min: 0, Max: 1, MinOpen: true, MaxOpen: true, Doc: "sufficient-decrease constant of both line searches"},
		{Key: "c2", Default: "0.9", Min: 0, Max: 1, MinOpen: true, MaxOpen: true, Doc: "curvature constant of both line searches"},
		{Key: "xrtol", Default: "0", Min: 0, Doc: "success when alpha|p| <= xrtol (xrtol + |x|) (scipy's xrtol)"},
	},
	Check: checkScipyC1C2,
	Run:   runScipyBFGS,
}

func checkScipyC1C2(p core.Params) error {
	c1, _ := p.Float("c1")
	c2, _ := p.Float("c2")
	if c1 >= c2 {
		return errC1C2
	}
	return nil
}

func runScipyBFGS(s *core.Search, x0 []float64, p core.Params) {
	c1, _ := p.Float("c1")
	c2, _ := p.Float("c2")
	xrtol, _ := p.Float("xrtol")
	n := len(x0)
	xk, gfk, oldFval, oldOldFval, ok := scipyStart(s, x0)
	if !ok {
		return
	}

	H := identity(n)
	T := make([]float64, n*n)
	A := make([]float64, n*n)
	pk, sk, yk := make([]float64, n), make([]float64, n), make([]float64, n)
	gnew := make([]float64, n)
	line := newLineFunc(s, n)
	for {
		if math.IsNaN(core.InfNorm(gfk)) {
			// scipy's loop test gnorm > gtol fails on NaN.
			s.End(core.NaN, nil)
			return
		}
		for i := range n {
			var sum float64
			for j := range n {
				sum += H[i*n+j] * gfk[j]
			}
			pk[i] = -sum
		}
		line.start(xk, pk)
		r, ok := line.searchOrStall(gfk, oldFval, oldOldFval, c1, c2, nil)
		if !ok {
			return
		}
		oldFval, oldOldFval = r.fval, r.oldFval
		for i := range n {
			sk[i] = r.alpha * pk[i]
			xk[i] += sk[i]
		}
		if r.haveGrad {
			copy(gnew, line.g)
		} else if s.Grad(gnew, xk); s.Limited() {
			return
		}
		for i := range n {
			yk[i] = gnew[i] - gfk[i]
		}
		copy(gfk, gnew)
		if s.Iterate(xk, oldFval, gfk) {
			return
		}
		if r.alpha*math.Sqrt(dot(pk, pk)) <= xrtol*(xrtol+math.Sqrt(dot(xk, xk))) {
			endScipy(s, oldFval, gfk, xk)
			return
		}
		if !finite(oldFval) {
			// scipy: "We correctly found +-Inf as optimal value, or
			// something went wrong": precision loss, at that iterate.
			s.End(core.Stalled, nil)
			return
		}
		rho := 1000.0
		if rhoInv := dot(yk, sk); rhoInv != 0 {
			rho = 1 / rhoInv
		}
		// T = H (I - rho y s'), then H = (I - rho s y') T + rho s s'.
		for i := range n {
			for j := range n {
				A[i*n+j] = kron(i, j) - yk[i]*sk[j]*rho
			}
		}
		matmul(T, H, A, n, s.Cut)
		for i := range n {
			for j := range n {
				A[i*n+j] = kron(i, j) - sk[i]*yk[j]*rho
			}
		}
		matmul(H, A, T, n, s.Cut)
		for i := range n {
			for j := range n {
				H[i*n+j] += rho * sk[i] * sk[j]
			}
		}
	}
}

// scipyStart is how scipy's BFGS and CG begin: f and its gradient at x0,
// and the f_{-1} = f_0 + |g_0|_2/2 that sets the first trial step to a
// step of about 1. ok is false when the run ends at x0.
func scipyStart(s *core.Search, x0 []float64) (xk, gfk []float64, oldFval, oldOldFval float64, ok bool) {
	xk = append([]float64(nil), x0...)
	gfk = make([]float64, len(x0))
	oldFval = s.FuncGrad(gfk, xk)
	if s.Iterate(xk, oldFval, gfk) {
		return nil, nil, 0, 0, false
	}
	return xk, gfk, oldFval, oldFval + math.Sqrt(dot(gfk, gfk))/2, true
}

// endScipy ends a run of scipy's BFGS or CG that left its loop without a
// warning: "NaN result encountered." when the gradient's norm, f or x is
// NaN, else success.
func endScipy(s *core.Search, f float64, g, x []float64) {
	if math.IsNaN(core.InfNorm(g)) || math.IsNaN(f) || hasNaN(x) {
		s.End(core.NaN, nil)
		return
	}
	s.End(core.Success, nil)
}

func hasNaN(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) {
			return true
		}
	}
	return false
}

func identity(n int) []float64 {
	m := make([]float64, n*n)
	for i := range n {
		m[i*n+i] = 1
	}
	return m
}

func kron(i, j int) float64 {
	if i == j {
		return 1
	}
	return 0
}

// matmul sets dst = a b for n x n row-major matrices, each element
// accumulated in index order with fused multiply-adds, as OpenBLAS's dgemm
// (under numpy on amd64) does; dst must not alias a or b. cut is called
// every cutRows rows, and may end the run (Search.Cut) in the middle.
func matmul(dst, a, b []float64, n int, cut func()) {
	for i := range n {
		if i%cutRows == cutRows-1 {
			cut() // the context and the time limit, between rows
		}
		row := dst[i*n : i*n+n]
		for j := range row {
			row[j] = 0
		}
		for k := range n {
			aik := a[i*n+k]
			bk := b[k*n : k*n+n]
			for j := range row {
				row[j] = math.FMA(aik, bk[j], row[j])
			}
		}
	}
}

// cutRows is how often, in rows of n^2 products, matmul looks at the
// context and the time limit: at n = 4096 a product takes minutes.
const cutRows = 32
