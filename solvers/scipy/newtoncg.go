package scipy

import (
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// scipyNewtonCG is scipy 1.10's _minimize_newtoncg: at each iteration,
// truncated conjugate gradients on H p = -g (at most 20n steps, stopped
// when |r|_1 <= min(0.5, sqrt(|g|_1)) |g|_1, or at negative curvature), then
// scipy's line search (MINPACK's More-Thuente with steps in [1e-8, 50],
// falling back to the Wolfe search). It succeeds when the last step's
// |alpha p|_1 falls to n*xtol; it has no gradient test, so Gtol does not
// apply. With an exact Hessian it computes H once per iteration (nhev) and
// multiplies; with a problem that gives only H v, or past
// core.MaxDenseParams parameters (where Minimize hides the whole Hessian),
// one product per CG step (nhev each). With no Hessian and Options.Hessian
// not given, scipy's approx_fhess_p: (g(x + eps p) - g(x))/eps, eps =
// sqrt(machine eps) or Options.HessStep, every gradient counted by the
// ScalarFunction's rules (njev, no nhev); with Options.Hessian 2-point or
// 3-point, scipy's hess='2-point' or '3-point' operator (nhev per product).
// Non-finite values go on as in scipy: f = -inf ends in its line search
// ("Warning: Desired error not necessarily achieved due to precision
// loss."), a NaN step in "NaN result encountered.".
var scipyNewtonCG = core.Method{
	Name:           "scipy:Newton-CG",
	Aliases:        []string{"Newton-CG"},
	Doc:            "scipy 1.10's Newton-CG: truncated CG on H v, MINPACK line search",
	Gradient:       true,
	Hessian:        true,
	ScalarFunction: true,
	Params: []core.ParamSpec{
		{Key: "xtol", Default: "1e-5", Min: 0, MinOpen: true, Doc: "success when |alpha p|_1 <= n * xtol"},
	},
	Run: runScipyNewtonCG,
}

func runScipyNewtonCG(s *core.Search, x0 []float64, p core.Params) {
	avextol, _ := p.Float("xtol")
	n := len(x0)
	xtol := float64(n) * avextol
	cgMaxiter := 20 * n
	const eps64 = 2.220446049250313e-16
	xk := append([]float64(nil), x0...)
	var H []float64
	if s.Options().Hessian == core.Exact && s.HasHess() {
		H = make([]float64, n*n) // scipy given hess=: the Hessian once per iteration
	}
	// scipy given neither hess nor hessp: approx_fhess_p, forward
	// differences of the gradient along the CG direction with step
	// epsilon (its eps option: Options.HessStep when given, else
	// sqrt(machine epsilon)), g(xk) asked for again every time (answered
	// by the ScalarFunction's cache only when the last request was there).
	// Options.Hessian given as 2-point or 3-point is scipy's hess='2-point'
	// or '3-point' instead, through Search.HessVec. With a
	// finite-difference gradient, which scipy refuses for Newton-CG
	// ("Jacobian is required"), forward differences of differences with
	// step sqrt(eps) would be noise: the Hessian is then Options.Hessian's
	// default, 3-point, scipy's operator.
	var fhessp func(dst, p []float64)
	if s.Options().Hessian != core.Exact && s.Given().Hessian == "" && s.Options().Gradient == core.Analytic {
		epsilon := s.Given().HessStep
		if epsilon == 0 {
			epsilon = 1.4901161193847656e-08 // scipy's _epsilon, sqrt(eps)
		}
		g1, xe := make([]float64, n), make([]float64, n)
		fhessp = func(dst, p []float64) {
			s.Grad(g1, xk)
			for j := range xe {
				xe[j] = xk[j] + epsilon*p[j]
			}
			s.Grad(dst, xe)
			for j := range dst {
				dst[j] = (dst[j] - g1[j]) / epsilon
			}
		}
	}
	gfk := make([]float64, n)
	b, xsupi, ri, psupi, Ap, pk := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	oldFval := s.FuncGrad(gfk, xk)
	if s.Step(xk, oldFval, gfk) {
		return
	}
	oldOldFval := math.NaN()
	line := newLineFunc(s, n)
	updateL1 := 2 * xtol
	for k := 0; updateL1 > xtol; k++ {
		if k >= s.Options().MaxIter {
			s.EndMessage(core.MaxIter, "Warning: "+core.MaxIter.Message(0))
			return
		}
		for i, g := range gfk {
			b[i] = -g
		}
		maggrad := npAbsSum(b)
		eta := math.Min(0.5, math.Sqrt(maggrad))
		termcond := eta * maggrad
		clear(xsupi)
		for i := range ri {
			ri[i] = -b[i]
			psupi[i] = -ri[i]
		}
		i := 0
		dri0 := dot(ri, ri)
		if H != nil {
			// scipy counts every sf.hess(xk) (hcalls), also one its
			// ScalarFunction answers from its cache.
			before := s.Nhev()
			if s.Hess(H, xk); s.Nhev() == before {
				s.CountHess(1)
			}
		}
		converged := false
		for range cgMaxiter {
			if npAbsSum(ri) <= termcond {
				converged = true
				break
			}
			if H != nil {
				for r := range n {
					var sum float64
					for c := range n {
						sum += H[r*n+c] * psupi[c]
					}
					Ap[r] = sum
				}
			} else if fhessp != nil {
				if fhessp(Ap, psupi); s.Limited() {
					return
				}
			} else if s.HessVec(Ap, xk, psupi); s.Limited() {
				return
			}
			curv := dot(psupi, Ap)
			if 0 <= curv && curv <= 3*eps64 {
				converged = true
				break
			} else if curv < 0 {
				if i == 0 {
					for j := range xsupi {
						xsupi[j] = dri0 / (-curv) * b[j]
					}
				}
				converged = true
				break
			}
			alphai := dri0 / curv
			for j := range xsupi {
				xsupi[j] = xsupi[j] + alphai*psupi[j]
				ri[j] = ri[j] + alphai*Ap[j]
			}
			dri1 := dot(ri, ri)
			betai := dri1 / dri0
			for j := range psupi {
				psupi[j] = -ri[j] + betai*psupi[j]
			}
			i++
			dri0 = dri1
		}
		if !converged {
			s.EndMessage(core.Failed, "Warning: CG iterations didn't converge. The Hessian is not positive definite.")
			return
		}
		copy(pk, xsupi)
		line.start(xk, pk)
		r, err := line.wolfe12(gfk, oldFval, oldOldFval, 1e-4, 0.9, 1e-8, 50, math.Inf(1), nil)
		if err != nil {
			if !s.Limited() {
				s.EndMessage(core.Stalled, "Warning: "+core.Stalled.Message(0))
			}
			return
		}
		oldFval, oldOldFval = r.fval, r.oldFval
		for j := range xk {
			u := r.alpha * pk[j]
			xk[j] = xk[j] + u
			pk[j] = u // the update, for its L1 norm
		}
		updateL1 = npAbsSum(pk)
		// scipy asks for g(xk) at the top of the next iteration, and only
		// if there is one (its cache answers when the line search ended
		// there); a last iterate is recorded with the line search's
		// gradient, or none.
		var grad []float64
		switch {
		case updateL1 > xtol && k+1 < s.Options().MaxIter:
			if s.Grad(gfk, xk); s.Limited() {
				return
			}
			grad = gfk
		case r.haveGrad:
			copy(gfk, line.g)
			grad = gfk
		}
		if s.Step(xk, oldFval, grad) {
			return
		}
	}
	if math.IsNaN(oldFval) || hasNaN(pk) {
		s.End(core.NaN, nil)
		return
	}
	s.End(core.Success, nil)
}

// npAbsSum is np.add.reduce(np.abs(x)) as numpy adds it: the first element,
// plus numpy's pairwise sum of the rest (eight running sums for up to 128
// values, halves beyond).
func npAbsSum(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	return math.Abs(x[0]) + pairwiseAbs(x[1:])
}

func pairwiseAbs(a []float64) float64 {
	n := len(a)
	switch {
	case n < 8:
		var res float64
		for _, v := range a {
			res += math.Abs(v)
		}
		return res
	case n <= 128:
		var r [8]float64
		for j := range 8 {
			r[j] = math.Abs(a[j])
		}
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range 8 {
				r[j] += math.Abs(a[i+j])
			}
		}
		res := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			res += math.Abs(a[i])
		}
		return res
	}
	n2 := n / 2
	n2 -= n2 % 8
	return pairwiseAbs(a[:n2]) + pairwiseAbs(a[n2:])
}
