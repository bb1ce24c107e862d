package scipy

import "math"

// The line search of scipy's tnc (tnc.c's linearSearch and tncGetptc): Gill
// and Murray's safeguarded step-length algorithm, cubic interpolation in
// an interval of uncertainty, in the scaled variables.

// tncLSRC is linearSearch's return code.
type tncLSRC int

const (
	tncLineOK tncLSRC = iota
	tncLineMaxFun
	tncLineFail
	tncLineUserAbort
)

// tncGetptcRC is tncGetptc's return code.
type tncGetptcRC int

const (
	tncGetptcOK tncGetptcRC = iota
	tncGetptcEval
	tncGetptcEInval
	tncGetptcFail
)

// linearSearch is tnc's linearSearch along t.pk from t.x, with f the
// scaled value there, alpha the first trial step and xbnd the largest. On
// success it moves t.x, sets t.gfull, t.curF and t.curGFull, and returns
// the new scaled f; alpha is the step taken (tncGetptc's xmin, also when the
// search fails).
func (t *tncRun) linearSearch(fscale, eta, ftol, xbnd, f, alpha float64, maxnfeval int) (tncLSRC, float64, float64) {
	x, p, temp := t.x, t.pk, t.lsTemp
	copy(temp, t.gfull)
	tncScaleg(temp, t.xscale, fscale)
	var ls tncGetptc
	ls.gu = tncDot(temp, p)

	copy(temp, x)
	tncProject(temp, t.pivot)
	xnorm := tncNorm(temp)

	// Absolute and relative tolerances
	rteps := math.Sqrt(tncEps)
	pe := tncNorm(p) + tncEps
	ls.reltol = rteps * (xnorm + 1.0) / pe
	ls.abstol = -tncEps * (1.0 + math.Abs(f)) / (ls.gu - tncEps)
	// The smallest allowable spacing between points
	ls.tnytol = tncEps * (xnorm + 1.0) / pe
	ls.rtsmll = tncEps
	ls.big = 1.0 / (tncEps * tncEps)
	itcnt := 0
	ls.fpresn = ftol
	ls.u = alpha
	ls.xmin = alpha // *alpha, which getptcInit sets to 0 unless it refuses
	ls.fu = f
	ls.fmin = f
	ls.xbnd = xbnd

	itest := ls.init(eta, 1e-4)
	for itest == tncGetptcEval {
		itcnt++
		if itcnt > tncMaxLSIt || t.nfeval >= maxnfeval {
			break
		}
		ualpha := ls.xmin + ls.u
		for i := range temp {
			temp[i] = x[i] + ualpha*p[i]
		}
		tncUnscalex(temp, t.xscale, t.xoffset)
		tncCoercex(temp, t.low, t.up)
		stop := t.function(temp, t.lsG)
		t.nfeval++
		if stop {
			return tncLineUserAbort, f, ls.xmin
		}
		ls.fu = t.lastF * fscale
		copy(temp, t.lsG)
		tncScaleg(temp, t.xscale, fscale)
		ls.gu = tncDot(temp, p)

		itest = ls.iter()

		// New best point?
		if ls.xmin == ualpha {
			copy(t.lsNewG, t.lsG)
			copy(t.lsNewGFull, t.lastGFull)
			t.lsNewF = t.lastF
		}
	}
	switch {
	case itest == tncGetptcOK:
		tncAxpy(ls.xmin, p, x)
		copy(t.gfull, t.lsNewG)
		copy(t.curGFull, t.lsNewGFull)
		t.curF = t.lsNewF
		return tncLineOK, ls.fmin, ls.xmin
	case itcnt > tncMaxLSIt, itest != tncGetptcEval:
		return tncLineFail, f, ls.xmin
	}
	return tncLineMaxFun, f, ls.xmin
}

// tncGetptc is the state of tnc's getptcInit and getptcIter (the C passes it
// all by pointer): an interval of uncertainty [a, b] around the best step
// xmin so far, relative to which the points are kept.
type tncGetptc struct {
	big, rtsmll, reltol, abstol, tnytol, fpresn, xbnd float64

	u, fu, gu        float64 // the trial step, its value and slope
	xmin, fmin, gmin float64 // the best step so far
	xw, fw, gw       float64 // the second best
	a, b, oldf, b1   float64
	scxbnd, e, step  float64
	factor           float64
	braktd           bool
	gtest1, gtest2   float64
	tol              float64
}

// init is getptcInit.
func (l *tncGetptc) init(eta, rmu float64) tncGetptcRC {
	// Check input parameters
	if l.u <= 0.0 || l.xbnd <= l.tnytol || l.gu > 0.0 {
		return tncGetptcEInval
	}
	if l.xbnd < l.abstol {
		l.abstol = l.xbnd
	}
	l.tol = l.abstol

	l.a = 0.0
	l.xw = 0.0
	l.xmin = 0.0
	l.oldf = l.fu
	l.fmin = l.fu
	l.fw = l.fu
	l.gw = l.gu
	l.gmin = l.gu
	l.step = l.u
	l.factor = 5.0

	// The minimum has not yet been bracketed.
	l.braktd = false

	// scxbnd is the scaled bound on the step; the upper end of the
	// interval of uncertainty is xbnd + tol(xbnd).
	l.scxbnd = l.xbnd
	l.b = l.scxbnd + l.reltol*math.Abs(l.scxbnd) + l.abstol
	l.e = l.b + l.b
	l.b1 = l.b

	// The constants of the two convergence criteria.
	l.gtest1 = -rmu * l.gu
	l.gtest2 = -eta * l.gu

	// A step too large is replaced by the scaled bound.
	if l.step >= l.scxbnd {
		l.step = l.scxbnd
		l.scxbnd -= (l.reltol*math.Abs(l.xbnd) + l.abstol) / (1.0 + l.reltol)
	}
	l.setU()
	return tncGetptcEval
}

// setU is tncGetptc's last step: the next trial step, at least tol from 0.
func (l *tncGetptc) setU() {
	l.u = l.step
	if math.Abs(l.step) < l.tol && l.step < 0.0 {
		l.u = -l.tol
	}
	if math.Abs(l.step) < l.tol && l.step >= 0.0 {
		l.u = l.tol
	}
}

// iter is getptcIter, with the value fu and slope gu at step xmin + u.
func (l *tncGetptc) iter() tncGetptcRC {
	var p, q, r, s, scale float64
	var twotol, xmidpt float64

	// Update a, b, xw and xmin
	if l.fu <= l.fmin {
		// The value did not increase: the new point becomes the next
		// origin and the other points are scaled accordingly.
		chordu := l.oldf - (l.xmin+l.u)*l.gtest1
		if l.fu > chordu {
			// No sufficient decrease: prepare to move the upper bound to
			// this point, and force the interpolation either to bisect the
			// interval or to take the linear step that estimates the root
			// of f(alpha) = chord(alpha).
			chordm := l.oldf - l.xmin*l.gtest1
			l.gu = -l.gmin
			denom := chordm - l.fmin
			if math.Abs(denom) < 1e-15 {
				denom = 1e-15
				if chordm-l.fmin < 0.0 {
					denom = -denom
				}
			}
			if l.xmin != 0.0 {
				l.gu = l.gmin * (chordu - l.fu) / denom
			}
			l.fu = 0.5*l.u*(l.gmin+l.gu) + l.fmin
			if l.fu < l.fmin {
				l.fu = l.fmin
			}
		} else {
			l.fw = l.fmin
			l.fmin = l.fu
			l.gw = l.gmin
			l.gmin = l.gu
			l.xmin += l.u
			l.a -= l.u
			l.b -= l.u
			l.xw = -l.u
			l.scxbnd -= l.u
			if l.gu <= 0.0 {
				l.a = 0.0
			} else {
				l.b = 0.0
				l.braktd = true
			}
			l.tol = math.Abs(l.xmin)*l.reltol + l.abstol
			goto convergenceCheck
		}
	}

	// The value increased: the origin stays, but the new point may now
	// qualify as w.
	if l.u < 0.0 {
		l.a = l.u
	} else {
		l.b = l.u
		l.braktd = true
	}
	l.xw = l.u
	l.fw = l.fu
	l.gw = l.gu

convergenceCheck:
	twotol = l.tol + l.tol
	xmidpt = 0.5 * (l.a + l.b)

	// Termination criteria
	if math.Abs(xmidpt) <= twotol-0.5*(l.b-l.a) ||
		(math.Abs(l.gmin) <= l.gtest2 && l.fmin < l.oldf && (math.Abs(l.xmin-l.xbnd) > l.tol || !l.braktd)) {
		if l.xmin != 0.0 {
			return tncGetptcOK
		}
		// f has not been reduced: check that its relative change is
		// consistent with tol, the estimate of the delta-unimodality
		// constant; if the change is larger than expected, reduce tol.
		if math.Abs(l.oldf-l.fw) <= l.fpresn {
			return tncGetptcFail
		}
		l.tol = 0.1 * l.tol
		if l.tol < l.tnytol {
			return tncGetptcFail
		}
		l.reltol = 0.1 * l.reltol
		l.abstol = 0.1 * l.abstol
		twotol = 0.1 * twotol
	}

	// A trial step length
	if math.Abs(l.e) > l.tol {
		// Fit a cubic through xmin and xw
		r = 3.0*(l.fmin-l.fw)/l.xw + l.gmin + l.gw
		absr := math.Abs(r)
		q = absr
		if l.gw != 0.0 && l.gmin != 0.0 {
			// sqrt(r*r - gmin*gw), avoiding underflow and overflow
			abgw := math.Abs(l.gw)
			abgmin := math.Abs(l.gmin)
			s = math.Sqrt(abgmin) * math.Sqrt(abgw)
			if l.gw/abgw*l.gmin > 0.0 {
				if r >= s || r <= -s {
					// sqrt(r*r - s*s)
					q = math.Sqrt(math.Abs(r+s)) * math.Sqrt(math.Abs(r-s))
				} else {
					r = 0.0
					q = 0.0
					goto minimumFound
				}
			} else {
				// sqrt(r*r + s*s)
				sumsq := 1.0
				p = 0.0
				if absr >= s {
					// possible underflow
					if absr > l.rtsmll {
						p = absr * l.rtsmll
					}
					if s >= p {
						value := s / absr
						sumsq = 1.0 + value*value
					}
					scale = absr
				} else {
					// possible overflow
					if s > l.rtsmll {
						p = s * l.rtsmll
					}
					if absr >= p {
						value := absr / s
						sumsq = 1.0 + value*value
					}
					scale = s
				}
				sumsq = math.Sqrt(sumsq)
				q = l.big
				if scale < l.big/sumsq {
					q = scale * sumsq
				}
			}
		}

		// The minimum of the fitted cubic
		if l.xw < 0.0 {
			q = -q
		}
		s = l.xw * (l.gmin - r - q)
		q = l.gw - l.gmin + q + q
		if q > 0.0 {
			s = -s
		}
		if q <= 0.0 {
			q = -q
		}
		r = l.e
		if l.b1 != l.step || l.braktd {
			l.e = l.step
		}
	}

minimumFound:
	// An artificial bound on the estimated step length
	a1 := l.a
	l.b1 = l.b
	l.step = xmidpt
	if !l.braktd || ((l.a == 0.0 && l.xw < 0.0) || (l.b == 0.0 && l.xw > 0.0)) {
		if l.braktd {
			// The minimum is not bracketed by 0 and xw: the step must lie
			// within (a1, b1).
			d1 := l.xw
			d2 := l.a
			if l.a == 0.0 {
				d2 = l.b
			}
			l.u = -d1 / d2
			l.step = 5.0 * d2 * (0.1 + 1.0/l.u) / 11.0
			if l.u < 1.0 {
				l.step = 0.5 * d2 * math.Sqrt(l.u)
			}
		} else {
			l.step = -l.factor * l.xw
			if l.step > l.scxbnd {
				l.step = l.scxbnd
			}
			if l.step != l.scxbnd {
				l.factor = 5.0 * l.factor
			}
		}
		// The minimum bracketed by 0 and xw: the step must lie within (a, b).
		if l.step <= 0.0 {
			a1 = l.step
		}
		if l.step > 0.0 {
			l.b1 = l.step
		}
	}

	// Reject the interpolated step if it lies outside the required
	// interval or is larger than half the step of the last-but-one
	// iteration.
	if math.Abs(s) <= math.Abs(0.5*q*r) || s <= q*a1 || s >= q*l.b1 {
		l.e = l.b - l.a
	} else {
		// A cubic interpolation step
		l.step = s / q
		// f must not be evaluated too close to a or b.
		if l.step-l.a < twotol || l.b-l.step < twotol {
			if xmidpt <= 0.0 {
				l.step = -l.tol
			} else {
				l.step = l.tol
			}
		}
	}

	// A step too large is replaced by the scaled bound.
	if l.step >= l.scxbnd {
		l.step = l.scxbnd
		l.scxbnd -= (l.reltol*math.Abs(l.xbnd) + l.abstol) / (1.0 + l.reltol)
	}
	l.setU()
	return tncGetptcEval
}
