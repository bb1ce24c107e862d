package scipy

import (
	"errors"
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// powell is scipy:Powell, scipy 1.10's _minimize_powell (no bounds): a cycle of line
// minimizations along a set of directions, first the coordinate axes, each
// by Brent's method on a bracket grown from [0, 1] (scipy's brent with
// tol = 100 xtol); after the cycle, when the extrapolation test says so, a
// line minimization along the cycle's total displacement, which replaces
// the direction of largest decrease. Success when a cycle lowers f by at
// most ftol (|f| + |f'|) / 2. An iteration is one cycle, as scipy counts
// them. Unless MaxFev is set it stops after 1000n evaluations, scipy's
// default; MaxIter (optbench's default 200n) bounds the cycles.
var powell = core.Method{
	Name:    "scipy:Powell",
	Aliases: []string{"Powell"},
	Doc:     "scipy 1.10's Powell: conjugate directions, Brent line minimizations, xtol = ftol = 1e-4",
	// The direction set is n x n: refused beyond MaxDenseParams.
	Dense: true,
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

// errUnbounded is why a run that ends at f = -Inf is not a success: the
// function is unbounded below. scipy 1.10.1's Powell reports success
// there (its last test is for NaN only: -x0^2 from 0 stops after one cycle
// at f = -inf, "Optimization terminated successfully."); optbench ends it
// as every other method ends at a value that is not finite, with the NaN
// status, keeping scipy's point, value and counts.
var errUnbounded = errors.New("the value is -Inf: the function is unbounded below")

func runPowell(s *core.Search, x0 []float64, p core.Params) {
	xtol, _ := p.Float("xtol")
	ftol, _ := p.Float("ftol")
	N := len(x0)
	maxfun := s.Options().MaxFev
	if maxfun == 0 {
		maxfun = 1000 * N
	}
	maxiter := s.Options().MaxIter
	s.TakeOverMaxFev() // scipy counts and refuses the call past maxfun itself
	bracketFailed := false
	func() {
		defer func() {
			if r := recover(); r != nil {
				switch r {
				case errMaxFun{}:
				case errBracket:
					bracketFailed = true
				default:
					panic(r)
				}
			}
		}()
		powellLoop(s, x0, xtol, ftol, maxfun, maxiter)
	}()
	if s.Ended() {
		return
	}
	_, f := s.Last()
	switch {
	case bracketFailed:
		s.End(core.Failed, errBracket)
	case s.Nfev() >= maxfun:
		s.End(core.MaxFev, nil)
	case s.Nit() >= maxiter:
		s.End(core.MaxIter, nil)
	case lastNaN(s):
		s.End(core.NaN, nil)
	case math.IsInf(f, -1):
		s.End(core.NaN, errUnbounded)
	default:
		s.End(core.Success, nil)
	}
}

func powellLoop(s *core.Search, x0 []float64, xtol, ftol float64, maxfun, maxiter int) {
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
	ls := &powellLine{f: f, tol: xtol * 100, trial: make([]float64, N)}
	iter := 0
	for {
		fx := fval
		bigind := 0
		delta := 0.0
		for i := range N {
			fx2 := fval
			fval, _ = ls.minimize(x, direc[i], fval)
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
		direc1 := make([]float64, N)
		for i := range x {
			direc1[i] = x[i] - x1[i]
		}
		copy(x1, x)
		for i := range x {
			x2[i] = x[i] + 1*direc1[i]
		}
		fx2 := f(x2)
		if fx > fx2 {
			t := 2.0 * (fx + fx2 - 2.0*fval)
			temp := fx - fval - delta
			t *= temp * temp
			temp = fx - fx2
			t -= delta * temp * temp
			if t < 0.0 {
				fval, direc1 = ls.minimize(x, direc1, fval)
				if anyNonzero(direc1) {
					direc[bigind] = direc[N-1]
					direc[N-1] = direc1
				}
			}
		}
	}
}

// lastNaN reports whether the last iterate or its value is not finite.
func lastNaN(s *core.Search) bool {
	x, f := s.Last()
	return math.IsNaN(f) || core.NonFinite(x)
}

func anyNonzero(v []float64) bool {
	for _, x := range v {
		if x != 0 {
			return true
		}
	}
	return false
}

// powellLine is scipy's _linesearch_powell without bounds: Brent's method
// on alpha -> f(x + alpha d) from the bracket that bracket(0, 1) grows.
// minimize moves x to the minimum and returns the value there and the step
// taken, alpha d (a new slice; d is left as it was).
type powellLine struct {
	f     func([]float64) float64
	tol   float64
	trial []float64
	x, d  []float64
}

func (l *powellLine) at(alpha float64) float64 {
	for i := range l.trial {
		l.trial[i] = l.x[i] + alpha*l.d[i]
	}
	return l.f(l.trial)
}

func (l *powellLine) minimize(x, d []float64, fval float64) (float64, []float64) {
	if !anyNonzero(d) {
		return fval, d
	}
	l.x, l.d = x, d
	alpha, fret := l.brent()
	step := make([]float64, len(d))
	for i := range d {
		step[i] = alpha * d[i]
		x[i] += step[i]
	}
	return fret, step
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
