package scipy

import (
	"errors"
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// lineFunc is phi(alpha) = f(xk + alpha pk) and its derivative for scipy's
// line searches, with scipy's ScalarFunction caching: the value and the
// gradient at the last trial point are computed once each.
type lineFunc struct {
	s      *core.Search
	xk, pk []float64

	x, g   []float64 // the trial point and the gradient there
	alpha  float64
	f      float64
	haveF  bool
	haveG  bool
	placed bool
	// stopped: a limit ended the run during the search; give up at once.
	stopped bool
}

func newLineFunc(s *core.Search, n int) *lineFunc {
	return &lineFunc{s: s, x: make([]float64, n), g: make([]float64, n)}
}

// start aims the line at xk along pk.
func (l *lineFunc) start(xk, pk []float64) {
	l.xk, l.pk, l.placed, l.stopped = xk, pk, false, false
}

func (l *lineFunc) at(alpha float64) {
	if l.placed && alpha == l.alpha {
		return
	}
	for i := range l.x {
		l.x[i] = l.xk[i] + alpha*l.pk[i]
	}
	l.alpha, l.placed, l.haveF, l.haveG = alpha, true, false, false
}

func (l *lineFunc) phi(alpha float64) float64 {
	l.at(alpha)
	if !l.haveF {
		l.f = l.s.Func(l.x)
		l.haveF = true
		l.stopped = l.stopped || l.s.Limited()
	}
	return l.f
}

func (l *lineFunc) derphi(alpha float64) float64 {
	l.at(alpha)
	if !l.haveG {
		l.s.Grad(l.g, l.x)
		l.haveG = true
		l.stopped = l.stopped || l.s.Limited()
	}
	return dot(l.g, l.pk)
}

// lineResult is what scipy's _line_search_wolfe12 returns: the step, the
// value there, the value at xk (old_fval) and whether the gradient at the
// step is known (in l.g).
type lineResult struct {
	alpha, fval, oldFval float64
	haveGrad             bool
}

var errLineSearch = errors.New("line search failed")

// wolfe12 is scipy 1.10's _line_search_wolfe12: MINPACK's More-Thuente
// search (line_search_wolfe1, steps in [amin, amax]), then, if it fails or
// extra rejects its step, the Wolfe search of Nocedal and Wright
// (line_search_wolfe2, steps up to amax2; +Inf for scipy's None).
// oldOldFval NaN stands for scipy's None.
func (l *lineFunc) wolfe12(gfk []float64, oldFval, oldOldFval, c1, c2, amin, amax, amax2 float64,
	extra func(alpha float64, xp1 []float64, fp1 float64, gp1 []float64) bool) (lineResult, error) {
	derphi0 := dot(gfk, l.pk)
	r, ok := l.wolfe1(oldFval, oldOldFval, derphi0, c1, c2, amin, amax)
	if l.stopped {
		return r, errLineSearch
	}
	if ok && extra != nil {
		l.derphi(r.alpha) // scipy's extra condition sees the gradient at the step
		if l.stopped {
			return r, errLineSearch
		}
		if !extra(r.alpha, l.x, r.fval, l.g) {
			ok = false
		}
	}
	if !ok {
		r, ok = l.wolfe2(oldFval, oldOldFval, derphi0, c1, c2, amax2, extra)
		if l.stopped {
			return r, errLineSearch
		}
	}
	if !ok {
		return r, errLineSearch
	}
	return r, nil
}

// searchOrStall is wolfe12 for scipy's BFGS and CG, which end as
// "precision loss" (stalled) when both line searches fail; ok is false
// when the run has ended, by that or by a limit.
func (l *lineFunc) searchOrStall(gfk []float64, oldFval, oldOldFval, c1, c2 float64,
	extra func(alpha float64, xp1 []float64, fp1 float64, gp1 []float64) bool) (lineResult, bool) {
	r, err := l.wolfe12(gfk, oldFval, oldOldFval, c1, c2, 1e-100, 1e100, 1e100, extra)
	if err != nil {
		if !l.s.Limited() {
			l.s.End(core.Stalled, err)
		}
		return r, false
	}
	return r, true
}

// initialStep is scipy's first trial step: min(1, 1.01*2*(phi0 -
// old_phi0)/derphi0), 1 when that is negative or old_phi0 is None.
func initialStep(phi0, oldPhi0, derphi0 float64) float64 {
	if math.IsNaN(oldPhi0) || derphi0 == 0 {
		return 1
	}
	a := pyMin(1, 1.01*2*(phi0-oldPhi0)/derphi0)
	if a < 0 {
		return 1
	}
	return a
}

// pyMin is Python's min(a, b): a unless b < a, so that a NaN b gives a
// (math.Min gives NaN), as scipy's first trial step does when f is
// infinite.
func pyMin(a, b float64) float64 {
	if b < a {
		return b
	}
	return a
}

// wolfe1 is scipy's scalar_search_wolfe1: MINPACK-2's dcsrch (the port
// in dcsrch.go) with scipy's tolerances, xtol 1e-14, steps in [amin,
// amax], at most 100 calls of dcsrch; it fails where dcsrch ends with an
// error or a warning, or does not converge in those calls.
func (l *lineFunc) wolfe1(phi0, oldPhi0, derphi0, c1, c2, amin, amax float64) (lineResult, bool) {
	r := lineResult{oldFval: phi0, fval: phi0}
	alpha1 := initialStep(phi0, oldPhi0, derphi0)
	var d dcsrch
	stp, task := d.start(alpha1, phi0, derphi0, c1, c2, 1e-14, amin, amax)
	for i := 0; task == taskFG; i++ {
		if i == 99 {
			// the 100th dcsrch call asked for one more evaluation:
			// scipy evaluates it, then gives up
			r.fval = l.phi(stp)
			l.derphi(stp)
			return r, false
		}
		r.fval = l.phi(stp)
		g := l.derphi(stp)
		if l.stopped {
			return r, false
		}
		stp, task = d.next(stp, r.fval, g)
	}
	if task != taskConvergence {
		return r, false
	}
	r.alpha, r.haveGrad = stp, true
	return r, true
}

// wolfe2 is scipy's line_search_wolfe2 / scalar_search_wolfe2 (maxiter 10)
// with its zoom, cubic and quadratic interpolation.
func (l *lineFunc) wolfe2(phi0, oldPhi0, derphi0, c1, c2, amax float64,
	extra func(alpha float64, xp1 []float64, fp1 float64, gp1 []float64) bool) (lineResult, bool) {
	r := lineResult{oldFval: phi0}
	cond := func(alpha, phi float64) bool {
		if extra == nil {
			return true
		}
		l.derphi(alpha)
		if l.stopped {
			return false
		}
		return extra(alpha, l.x, phi, l.g)
	}
	alpha0 := 0.0
	alpha1 := 1.0
	if !math.IsNaN(oldPhi0) && derphi0 != 0 {
		alpha1 = pyMin(1, 1.01*2*(phi0-oldPhi0)/derphi0)
	}
	if alpha1 < 0 {
		alpha1 = 1
	}
	alpha1 = pyMin(alpha1, amax)
	phiA1 := l.phi(alpha1)
	phiA0, derphiA0 := phi0, derphi0
	for i := range 10 {
		if l.stopped {
			return r, false
		}
		if alpha1 == 0 || alpha0 == amax {
			r.fval, r.oldFval = phi0, oldPhi0
			return r, false
		}
		if phiA1 > phi0+c1*alpha1*derphi0 || (phiA1 >= phiA0 && i > 0) {
			return l.zoom(alpha0, alpha1, phiA0, phiA1, derphiA0, phi0, derphi0, c1, c2, cond, r)
		}
		derphiA1 := l.derphi(alpha1)
		if l.stopped {
			return r, false
		}
		if math.Abs(derphiA1) <= -c2*derphi0 && cond(alpha1, phiA1) {
			r.alpha, r.fval, r.haveGrad = alpha1, phiA1, true
			l.derphi(alpha1) // the gradient returned is the one at alpha1
			return r, !l.stopped
		}
		if derphiA1 >= 0 {
			return l.zoom(alpha1, alpha0, phiA1, phiA0, derphiA1, phi0, derphi0, c1, c2, cond, r)
		}
		alpha2 := math.Min(2*alpha1, amax)
		alpha0, alpha1 = alpha1, alpha2
		phiA0 = phiA1
		phiA1 = l.phi(alpha1)
		derphiA0 = derphiA1
	}
	// Not converged in 10 iterations: scipy returns alpha1 anyway, without
	// a gradient.
	r.alpha, r.fval, r.haveGrad = alpha1, phiA1, false
	return r, !l.stopped
}

func (l *lineFunc) zoom(aLo, aHi, phiLo, phiHi, derphiLo, phi0, derphi0, c1, c2 float64,
	cond func(alpha, phi float64) bool, r lineResult) (lineResult, bool) {
	const delta1, delta2 = 0.2, 0.1
	phiRec, aRec := phi0, 0.0
	var aj float64
	for i := 0; ; i++ {
		dalpha := aHi - aLo
		a, b := aLo, aHi
		if dalpha < 0 {
			a, b = aHi, aLo
		}
		var cchk float64
		ok := false
		if i > 0 {
			cchk = delta1 * dalpha
			aj, ok = cubicmin(aLo, phiLo, derphiLo, aHi, phiHi, aRec, phiRec)
		}
		if i == 0 || !ok || aj > b-cchk || aj < a+cchk {
			qchk := delta2 * dalpha
			aj, ok = quadmin(aLo, phiLo, derphiLo, aHi, phiHi)
			if !ok || aj > b-qchk || aj < a+qchk {
				aj = aLo + 0.5*dalpha
			}
		}
		phiAj := l.phi(aj)
		if l.stopped {
			return r, false
		}
		if phiAj > phi0+c1*aj*derphi0 || phiAj >= phiLo {
			phiRec, aRec = phiHi, aHi
			aHi, phiHi = aj, phiAj
		} else {
			derphiAj := l.derphi(aj)
			if l.stopped {
				return r, false
			}
			if math.Abs(derphiAj) <= -c2*derphi0 && cond(aj, phiAj) {
				r.alpha, r.fval, r.haveGrad = aj, phiAj, true
				l.derphi(aj)
				return r, !l.stopped
			}
			if derphiAj*(aHi-aLo) >= 0 {
				phiRec, aRec = phiHi, aHi
				aHi, phiHi = aLo, phiLo
			} else {
				phiRec, aRec = phiLo, aLo
			}
			aLo, phiLo, derphiLo = aj, phiAj, derphiAj
		}
		if i+1 > 10 {
			return r, false
		}
	}
}

// cubicmin is the minimizer of the cubic through (a, fa), (b, fb), (c, fc)
// with derivative fpa at a; ok is false where numpy would raise a
// floating-point error or the result is not finite.
func cubicmin(a, fa, fpa, b, fb, c, fc float64) (float64, bool) {
	C := fpa
	db, dc := b-a, c-a
	denom := (db * dc) * (db * dc) * (db - dc)
	d00, d01 := dc*dc, -db*db
	d10, d11 := -dc*dc*dc, db*db*db
	v0, v1 := fb-fa-C*db, fc-fa-C*dc
	A := d00*v0 + d01*v1
	B := d10*v0 + d11*v1
	if denom == 0 || !finite(A) || !finite(B) || !finite(denom) {
		return 0, false
	}
	A /= denom
	B /= denom
	radical := B*B - 3*A*C
	if radical < 0 || A == 0 || !finite(radical) {
		return 0, false
	}
	xmin := a + (-B+math.Sqrt(radical))/(3*A)
	return xmin, finite(xmin)
}

// quadmin is the minimizer of the quadratic through (a, fa), (b, fb) with
// derivative fpa at a.
func quadmin(a, fa, fpa, b, fb float64) (float64, bool) {
	D, C := fa, fpa
	db := b - a*1.0
	if db == 0 {
		return 0, false
	}
	B := (fb - D - C*db) / (db * db)
	if B == 0 || !finite(B) {
		return 0, false
	}
	xmin := a - C/(2.0*B)
	return xmin, finite(xmin)
}

// dot is the sum of x[i]*y[i] in index order, as numpy's dot (reference
// BLAS ddot) adds for the small vectors here; gonum's floats.Dot adds in
// another order, which would part this code's iterates from scipy's in the
// last bits.
func dot(x, y []float64) float64 {
	var s float64
	for i, v := range x {
		s += v * y[i]
	}
	return s
}
