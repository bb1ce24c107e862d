package scipy

import (
	"errors"
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// powell is scipy:Powell, scipy 1.10's _minimize_powell: a cycle of line
// minimizations along a set of directions, first the coordinate axes, each
// by Brent's method on a bracket grown from [0, 1] (scipy's brent with
// tol = 100 xtol); after the cycle, when the extrapolation test says so, a
// line minimization along the cycle's total displacement, which replaces
// the direction of largest decrease. Success when a cycle lowers f by at
// most ftol (|f| + |f'|) / 2. An iteration is one cycle, as scipy counts
// them.
//
// Limits are scipy's: with neither MaxIter nor MaxFev given, 1000n of
// each; with one given, no bound on the other. The evaluation past MaxFev
// is refused, as scipy does: the run ends at the point its unfinished
// cycle reached.
//
// Bounds are applied as scipy applies them: a warning when x0 is outside
// (x0 is not clipped: scipy starts from it), each line minimization over
// the interval of steps that keeps the point within the bounds (bounded
// Brent, fminbound's, with xatol = xtol; through tan when the interval is
// infinite on one side; Brent's on a bracket when on both), the
// extrapolated point kept within them, and the run failing with "The
// result is outside of the provided bounds." when it ends outside.
//
// One deliberate departure: at f = -Inf, where scipy reports success, the
// run ends with the NaN status (see errUnbounded).
var powell = core.Method{
	Name:          "scipy:Powell",
	Aliases:       []string{"Powell"},
	Doc:           "scipy 1.10's Powell: conjugate directions, Brent line minimizations, xtol = ftol = 1e-4",
	Bounds:        true,
	ExactMessages: true,
	// The direction set is n x n: refused beyond MaxDenseParams.
	Dense:   true,
	MaxIter: powellBudget,
	Params: []core.ParamSpec{
		{Key: "xtol", Default: "1e-4", Min: 0, MinOpen: true, Doc: "the line minimizations' tolerance is 100 xtol (relative, Brent's)"},
		{Key: "ftol", Default: "1e-4", Min: 0, Doc: "success: a cycle lowers f by at most ftol (|f| + |f'|) / 2"},
	},
	Run: runPowell,
}

// errMaxFun is scipy's _MaxFuncCallError: an evaluation past maxfun.
type errMaxFun struct{}

// errBracket is the RuntimeError("Too many iterations.") of scipy's
// bracket: along a line the function kept decreasing for 1000 steps of a
// growing bracket (f = x0 from 0 in two dimensions). scipy 1.10.1 raises
// it out of minimize; the run fails with it.
var errBracket = errors.New(`scipy's bracket: "Too many iterations.": the function decreases without end along a line`)

// errNoDirection is the ValueError scipy 1.10.1 raises out of minimize when
// a bounded run's cycle did not move (possible only with values that are
// not finite) and _line_for_search is given the zero direction to
// extrapolate along; the run fails with it.
var errNoDirection = errors.New(`scipy's _line_for_search on a zero direction: "zero-size array to reduction operation maximum which has no identity"`)

// errUnbounded is why a run that ends at f = -Inf is not a success: the
// function is unbounded below. scipy 1.10.1's Powell reports success
// there (its last test is for NaN only: -x0^2 from 0 stops after one cycle
// at f = -inf, "Optimization terminated successfully."); optbench ends it
// as every other method ends at a value that is not finite, with the NaN
// status, keeping scipy's point, value and counts, so that no table counts
// an overflow as a solved problem.
var errUnbounded = errors.New("the value is -Inf: the function is unbounded below")

// msgOutside is scipy's message (status 4) when a bounded run ends outside
// the bounds: possible only when x0 was outside and a direction could not
// bring it back.
const msgOutside = "The result is outside of the provided bounds."

func runPowell(s *core.Search, x0 []float64, p core.Params) {
	xtol, _ := p.Float("xtol")
	ftol, _ := p.Float("ftol")
	N := len(x0)
	lower, upper := s.Bounds()
	if lower != nil && outside(x0, lower, upper) {
		s.Warn(warnOutside)
	}
	maxiter, maxfun := derivativeFreeLimits(s, powellPerParam*N)
	var failure error
	func() {
		defer func() {
			if r := recover(); r != nil {
				switch r {
				case errMaxFun{}:
				case errBracket, errNoDirection:
					failure = r.(error)
				default:
					panic(r)
				}
			}
		}()
		powellLoop(s, x0, xtol, ftol, maxfun, maxiter, lower, upper)
	}()
	if s.Ended() {
		return
	}
	x, f := s.Last()
	switch {
	case failure != nil:
		s.End(core.Failed, failure)
	case lower != nil && outside(x, lower, upper):
		s.EndMessage(core.Failed, msgOutside)
	case s.Nfev() >= maxfun:
		s.End(core.MaxFev, nil)
	case s.Nit() >= maxiter:
		s.End(core.MaxIter, nil)
	case math.IsNaN(f) || anyNaN(x):
		s.End(core.NaN, nil)
	case math.IsInf(f, -1):
		s.End(core.NaN, errUnbounded)
	default:
		s.End(core.Success, nil)
	}
}

func powellLoop(s *core.Search, x0 []float64, xtol, ftol float64, maxfun, maxiter int, lower, upper []float64) {
	N := len(x0)
	f := func(x []float64) float64 {
		if s.Nfev() >= maxfun {
			panic(errMaxFun{})
		}
		return s.Func(x)
	}
	direc := make([][]float64, N)
	for i := range direc {
		direc[i] = make([]float64, N)
		direc[i][i] = 1
	}
	x := append([]float64(nil), x0...)
	fval := f(x)
	s.Record(0, x, fval, nil)
	defer func() {
		// scipy stops at its last point when maxfun cuts a cycle short:
		// the line searches done in it count, the cycle does not.
		if r := recover(); r != nil {
			if _, ok := r.(errMaxFun); ok {
				s.Amend(x, fval)
			}
			panic(r)
		}
	}()
	if s.Limited() {
		return
	}
	x1 := append([]float64(nil), x...)
	x2 := make([]float64, N)
	direc1 := make([]float64, N)
	spare := make([]float64, N) // the next new direction's storage
	ls := &powellLine{f: f, tol: xtol * 100, trial: make([]float64, N), lower: lower, upper: upper}
	iter := 0
	for {
		fx := fval
		bigind := 0
		delta := 0.0
		for i := range N {
			fx2 := fval
			fval = ls.minimize(x, direc[i], fval, nil)
			if fx2-fval > delta {
				delta = fx2 - fval
				bigind = i
			}
		}
		iter++
		s.Record(iter, x, fval, nil)
		if s.Limited() {
			return
		}
		bnd := ftol*(math.Abs(fx)+math.Abs(fval)) + 1e-20
		if 2*(fx-fval) <= bnd || s.Nfev() >= maxfun || iter >= maxiter || (math.IsNaN(fx) && math.IsNaN(fval)) {
			return
		}
		for i := range x {
			direc1[i] = x[i] - x1[i]
		}
		copy(x1, x)
		// Extrapolate, staying within the bounds.
		lmax := 1.0
		if lower != nil {
			var ok bool
			if _, lmax, ok = lineForSearch(x, direc1, lower, upper); !ok {
				panic(errNoDirection)
			}
		}
		if 1 < lmax { // Python's min(lmax, 1)
			lmax = 1
		}
		for i := range x {
			x2[i] = x[i] + lmax*direc1[i]
		}
		fx2 := f(x2)
		if fx > fx2 {
			t := 2.0 * (fx + fx2 - 2.0*fval)
			temp := fx - fval - delta
			t *= temp * temp
			temp = fx - fx2
			t -= delta * temp * temp
			if t < 0.0 {
				fval = ls.minimize(x, direc1, fval, spare)
				if anyNonzero(spare) {
					old := direc[bigind]
					direc[bigind] = direc[N-1]
					direc[N-1] = spare
					spare = old
				}
			}
		}
	}
}

// anyNaN reports whether x holds a NaN (np.isnan(x).any()).
func anyNaN(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) {
			return true
		}
	}
	return false
}

func anyNonzero(v []float64) bool {
	for _, x := range v {
		if x != 0 {
			return true
		}
	}
	return false
}

// lineForSearch is scipy's _line_for_search: the interval [lmin, lmax] of
// steps l with lower <= x + l d <= upper, over the coordinates where d is
// not 0; (0, 0) when there is none (x outside the bounds, and d cannot
// bring it back); ok false when d is all 0 (where numpy raises).
func lineForSearch(x, d, lower, upper []float64) (lmin, lmax float64, ok bool) {
	lmin, lmax = math.Inf(-1), math.Inf(1)
	for i, a := range d {
		if a == 0 {
			continue
		}
		ok = true
		low := (lower[i] - x[i]) / a
		high := (upper[i] - x[i]) / a
		if a > 0 {
			lmin, lmax = max(lmin, low+0), min(lmax, high+0) // max and min keep a NaN, as np.max
		} else {
			lmin, lmax = max(lmin, 0+high), min(lmax, 0+low)
		}
	}
	if !ok {
		return 0, 0, false
	}
	if lmax >= lmin {
		return lmin, lmax, true
	}
	return 0, 0, true
}

// powellLine is scipy's _linesearch_powell: without bounds (or when the
// bounds leave the line unbounded both ways), Brent's method on
// alpha -> f(x + alpha d) from the bracket that bracket(0, 1) grows; with
// an interval bounded both ways, fminbound's bounded Brent over it; bounded
// one way, the same over arctan of the interval, through tan.
type powellLine struct {
	f            func([]float64) float64
	tol          float64
	trial        []float64
	x, d         []float64
	lower, upper []float64 // nil without bounds
}

func (l *powellLine) at(alpha float64) float64 {
	for i := range l.trial {
		l.trial[i] = l.x[i] + alpha*l.d[i]
	}
	return l.f(l.trial)
}

// minimize moves x to the minimum along d and returns the value there; it
// writes the step taken, alpha d, into step when step is not nil (d itself
// when d is 0, as scipy returns it). d is left as it was.
func (l *powellLine) minimize(x, d []float64, fval float64, step []float64) float64 {
	if !anyNonzero(d) {
		if step != nil {
			copy(step, d)
		}
		return fval
	}
	l.x, l.d = x, d
	var alpha, fret float64
	lmin, lmax := math.Inf(-1), math.Inf(1)
	if l.lower != nil {
		lmin, lmax, _ = lineForSearch(x, d, l.lower, l.upper)
	}
	switch {
	case math.IsInf(lmin, -1) && math.IsInf(lmax, 1):
		alpha, fret = l.brent()
	case !math.IsInf(lmin, -1) && !math.IsInf(lmax, 1):
		alpha, fret = l.fminbound(lmin, lmax, false)
	default:
		var u float64
		u, fret = l.fminbound(math.Atan(lmin), math.Atan(lmax), true)
		alpha = math.Tan(u)
	}
	for i := range d {
		si := alpha * d[i]
		if step != nil {
			step[i] = si
		}
		x[i] += si
	}
	return fret
}

// fminbound is scipy's _minimize_scalar_bounded(myfunc, (x1, x2),
// xatol = tol/100, maxiter 500) on alpha -> f(x + alpha d), or on
// u -> f(x + tan(u) d) when tan is set; it returns the minimum's argument
// and value.
func (l *powellLine) fminbound(x1, x2 float64, tan bool) (xf, fx float64) {
	const maxfun = 500
	xatol := l.tol / 100
	eval := func(u float64) float64 { // not escaping: no allocation
		if tan {
			return l.at(math.Tan(u))
		}
		return l.at(u)
	}
	sqrtEps := math.Sqrt(2.2e-16)
	goldenMean := 0.5 * (3.0 - math.Sqrt(5.0))
	a, b := x1, x2
	fulc := a + goldenMean*(b-a)
	nfc, xf := fulc, fulc
	rat, e := 0.0, 0.0
	x := xf
	fx = eval(x)
	num := 1
	ffulc, fnfc := fx, fx
	xm := 0.5 * (a + b)
	tol1 := sqrtEps*math.Abs(xf) + xatol/3.0
	tol2 := 2.0 * tol1
	for math.Abs(xf-xm) > (tol2 - 0.5*(b-a)) {
		golden := true
		if math.Abs(e) > tol1 { // a parabolic fit?
			golden = false
			r := (xf - nfc) * (fx - ffulc)
			q := (xf - fulc) * (fx - fnfc)
			p := (xf-fulc)*q - (xf-nfc)*r
			q = 2.0 * (q - r)
			if q > 0.0 {
				p = -p
			}
			q = math.Abs(q)
			r = e
			e = rat
			if math.Abs(p) < math.Abs(0.5*q*r) && p > q*(a-xf) && p < q*(b-xf) {
				rat = (p + 0.0) / q
				x = xf + rat
				if (x-a) < tol2 || (b-x) < tol2 {
					rat = tol1 * signOrOne(xm-xf)
				}
			} else {
				golden = true
			}
		}
		if golden {
			if xf >= xm {
				e = a - xf
			} else {
				e = b - xf
			}
			rat = goldenMean * e
		}
		x = xf + signOrOne(rat)*max(math.Abs(rat), tol1)
		fu := eval(x)
		num++
		if fu <= fx {
			if x >= xf {
				a = xf
			} else {
				b = xf
			}
			fulc, ffulc = nfc, fnfc
			nfc, fnfc = xf, fx
			xf, fx = x, fu
		} else {
			if x < xf {
				a = x
			} else {
				b = x
			}
			if fu <= fnfc || nfc == xf {
				fulc, ffulc = nfc, fnfc
				nfc, fnfc = x, fu
			} else if fu <= ffulc || fulc == xf || fulc == nfc {
				fulc, ffulc = x, fu
			}
		}
		xm = 0.5 * (a + b)
		tol1 = sqrtEps*math.Abs(xf) + xatol/3.0
		tol2 = 2.0 * tol1
		if num >= maxfun {
			break
		}
	}
	return xf, fx
}

// signOrOne is numpy's sign(v) + (v == 0): -1 or 1, NaN for NaN.
func signOrOne(v float64) float64 {
	switch {
	case v > 0 || v == 0:
		return 1
	case v < 0:
		return -1
	}
	return v
}

// bracket is scipy's bracket(func, xa=0, xb=1, grow_limit=110, maxiter=1000).
func (l *powellLine) bracket() (xa, xb, xc, fa, fb, fc float64) {
	const gold, verySmall, growLimit = 1.618034, 1e-21, 110.0
	xa, xb = 0.0, 1.0
	fa, fb = l.at(xa), l.at(xb)
	if fa < fb {
		xa, xb = xb, xa
		fa, fb = fb, fa
	}
	xc = xb + gold*(xb-xa)
	fc = l.at(xc)
	for iter := 0; fc < fb; {
		tmp1 := (xb - xa) * (fb - fc)
		tmp2 := (xb - xc) * (fb - fa)
		val := tmp2 - tmp1
		denom := 2.0 * val
		if math.Abs(val) < verySmall {
			denom = 2.0 * verySmall
		}
		w := xb - ((xb-xc)*tmp2-(xb-xa)*tmp1)/denom
		wlim := xb + growLimit*(xc-xb)
		if iter > 1000 {
			panic(errBracket)
		}
		iter++
		var fw float64
		switch {
		case (w-xc)*(xb-w) > 0.0:
			fw = l.at(w)
			if fw < fc {
				return xb, w, xc, fb, fw, fc
			} else if fw > fb {
				return xa, xb, w, fa, fb, fw
			}
			w = xc + gold*(xc-xb)
			fw = l.at(w)
		case (w-wlim)*(wlim-xc) >= 0.0:
			w = wlim
			fw = l.at(w)
		case (w-wlim)*(xc-w) > 0.0:
			fw = l.at(w)
			if fw < fc {
				xb, xc, w = xc, w, w+gold*(w-xc)
				fb, fc = fc, fw
				fw = l.at(w)
			}
		default:
			w = xc + gold*(xc-xb)
			fw = l.at(w)
		}
		xa, xb, xc = xb, xc, w
		fa, fb, fc = fb, fc, fw
	}
	return xa, xb, xc, fa, fb, fc
}

// brent is scipy's Brent.optimize (maxiter 500) from bracket's bracket; it
// returns the minimum's alpha and value.
func (l *powellLine) brent() (float64, float64) {
	const mintol, cg = 1.0e-11, 0.3819660
	xa, xb, xc, _, fb, _ := l.bracket()
	x, w, v := xb, xb, xb
	fx, fw, fv := fb, fb, fb
	a, b := xc, xa
	if xa < xc {
		a, b = xa, xc
	}
	deltax, rat := 0.0, 0.0
	for iter := 0; iter < 500; iter++ {
		tol1 := l.tol*math.Abs(x) + mintol
		tol2 := 2.0 * tol1
		xmid := 0.5 * (a + b)
		if math.Abs(x-xmid) < (tol2 - 0.5*(b-a)) {
			break
		}
		if math.Abs(deltax) <= tol1 {
			if x >= xmid {
				deltax = a - x
			} else {
				deltax = b - x
			}
			rat = cg * deltax
		} else {
			tmp1 := (x - w) * (fx - fv)
			tmp2 := (x - v) * (fx - fw)
			p := (x-v)*tmp2 - (x-w)*tmp1
			tmp2 = 2.0 * (tmp2 - tmp1)
			if tmp2 > 0.0 {
				p = -p
			}
			tmp2 = math.Abs(tmp2)
			dxTemp := deltax
			deltax = rat
			if p > tmp2*(a-x) && p < tmp2*(b-x) && math.Abs(p) < math.Abs(0.5*tmp2*dxTemp) {
				rat = p * 1.0 / tmp2
				u := x + rat
				if (u-a) < tol2 || (b-u) < tol2 {
					if xmid-x >= 0 {
						rat = tol1
					} else {
						rat = -tol1
					}
				}
			} else {
				if x >= xmid {
					deltax = a - x
				} else {
					deltax = b - x
				}
				rat = cg * deltax
			}
		}
		var u float64
		if math.Abs(rat) < tol1 {
			if rat >= 0 {
				u = x + tol1
			} else {
				u = x - tol1
			}
		} else {
			u = x + rat
		}
		fu := l.at(u)
		if fu > fx {
			if u < x {
				a = u
			} else {
				b = u
			}
			if fu <= fw || w == x {
				v, w = w, u
				fv, fw = fw, fu
			} else if fu <= fv || v == x || v == w {
				v = u
				fv = fu
			}
		} else {
			if u >= x {
				a = x
			} else {
				b = x
			}
			v, w, x = w, x, u
			fv, fw, fx = fw, fx, fu
		}
	}
	return x, fx
}
