package scipy

import (
	"errors"
	"math"

	"github.com/optbench/optbench/solvers/core"
	"gonum.org/v1/gonum/floats"
)

var errC1C2 = errors.New("needs c1 < c2")

// scipyCG is scipy 1.10's _minimize_cg: Polak-Ribiere+ (beta = max(0,
// y.g_{k+1}/g_k.g_k)), scipy's line searches with c1 = 1e-4 and c2 = 0.4,
// and a step accepted only if it gives a sufficient descent direction,
// p_{k+1}.g_{k+1} <= -0.01 |g_{k+1}|^2 (or |g_{k+1}|inf <= Gtol).
var scipyCG = core.Method{
	Name:           "scipy:CG",
	Doc:            "scipy 1.10's CG: Polak-Ribiere+, MINPACK line search c2 = 0.4",
	Gradient:       true,
	InclusiveGtol:  true,
	ScalarFunction: true,
	Params: []core.ParamSpec{
		{Key: "c1", Default: "1e-4", Min: 0, Max: 1, MinOpen: true, MaxOpen: true, Doc: "sufficient-decrease constant of both line searches"},
		{Key: "c2", Default: "0.4", Min: 0, Max: 1, MinOpen: true, MaxOpen: true, Doc: "curvature constant of both line searches"},
	},
	Check: checkScipyC1C2,
	Run:   runScipyCG,
}

func runScipyCG(s *core.Search, x0 []float64, p core.Params) {
	const sigma3 = 0.01
	c1, _ := p.Float("c1")
	c2, _ := p.Float("c2")
	gtol := s.Options().Gtol
	n := len(x0)
	xk, gfk, oldFval, oldOldFval, ok := scipyStart(s, x0)
	if !ok {
		return
	}
	pk := make([]float64, n)
	floats.ScaleTo(pk, -1, gfk)
	if math.IsNaN(core.InfNorm(gfk)) {
		s.End(core.NaN, nil)
		return
	}

	// The Polak-Ribiere step from (xk, pk, gfk) with the gradient at the
	// new point, as scipy's polak_ribiere_powell_step.
	type step struct {
		alpha   float64
		x, p, g []float64
		gnorm   float64
		valid   bool
	}
	cached := step{x: make([]float64, n), p: make([]float64, n), g: make([]float64, n)}
	other := step{x: make([]float64, n), p: make([]float64, n), g: make([]float64, n)}
	var deltak float64
	prp := func(st *step, alpha float64, gfkp1 []float64) {
		for i := range n {
			st.x[i] = xk[i] + alpha*pk[i]
		}
		copy(st.g, gfkp1)
		var yg float64
		for i := range n {
			yg += (gfkp1[i] - gfk[i]) * gfkp1[i]
		}
		beta := math.Max(0, yg/deltak)
		for i := range n {
			st.p[i] = -gfkp1[i] + beta*pk[i]
		}
		st.alpha, st.gnorm, st.valid = alpha, core.InfNorm(gfkp1), true
	}
	descent := func(alpha float64, _ []float64, _ float64, gfkp1 []float64) bool {
		prp(&cached, alpha, gfkp1)
		if cached.gnorm <= gtol {
			return true
		}
		return dot(cached.p, cached.g) <= -sigma3*dot(cached.g, cached.g)
	}
	line := newLineFunc(s, n)
	for {
		deltak = dot(gfk, gfk)
		cached.valid = false
		line.start(xk, pk)
		r, ok := line.searchOrStall(gfk, oldFval, oldOldFval, c1, c2, descent)
		if !ok {
			return
		}
		oldFval, oldOldFval = r.fval, r.oldFval
		st := &cached
		if !(cached.valid && cached.alpha == r.alpha) {
			st = &other
			g := line.g
			if !r.haveGrad {
				for i := range n {
					st.x[i] = xk[i] + r.alpha*pk[i]
				}
				if s.Grad(st.g, st.x); s.Limited() {
					return
				}
				g = append([]float64(nil), st.g...)
			}
			prp(st, r.alpha, g)
		}
		copy(xk, st.x)
		copy(pk, st.p)
		copy(gfk, st.g)
		if s.Iterate(xk, oldFval, gfk) {
			return
		}
		if math.IsNaN(st.gnorm) {
			// scipy's loop test gnorm > gtol fails on NaN.
			endScipy(s, oldFval, gfk, xk)
			return
		}
	}
}
