package scipy

import "math"

// dcsrchTask is the task argument of MINPACK-2's dcsrch as the copy in
// scipy's lbfgsb.f uses it: what the caller must do next.
type dcsrchTask int

const (
	csStart dcsrchTask = iota // 'START': a new search
	csFG                      // 'FG': evaluate f and g at stp
	csConv                    // 'CONVERGENCE': stp satisfies the tests
	csWarn                    // 'WARNING: ...': no progress possible
	csError                   // 'ERROR: ...': bad arguments
)

// dcsrch is the state of one search of MINPACK-2's dcsrch (the copy in
// scipy 1.10's lbfgsb.f, isave and dsave as fields): a step stp in
// [stpmin, stpmax] with f(stp) <= f(0) + ftol stp f'(0) and
// |f'(stp)| <= gtol |f'(0)|, the interval of uncertainty kept by dcstep.
// Its fields survive between searches, as dsave does in Fortran: a search
// whose start is refused (csError) continues from the previous one's.
type dcsrch struct {
	brackt                              bool
	stage                               int
	ginit, gtest, gx, gy, finit, fx, fy float64
	stx, sty, stmin, stmax              float64
	width, width1                       float64
}

// step is one call of dcsrch: f and g are the value and slope at stp (at
// 0 on the call with task csStart); it returns the next step and task.
func (c *dcsrch) step(f, g, stp, ftol, gtol, xtol, stpmin, stpmax float64, task dcsrchTask) (float64, dcsrchTask) {
	const (
		p5, p66        = 0.5, 0.66
		xtrapl, xtrapu = 1.1, 4.0
	)
	if task == csStart {
		if stp < stpmin || stp > stpmax || g >= 0 || ftol < 0 || gtol < 0 || xtol < 0 || stpmin < 0 || stpmax < stpmin {
			return stp, csError
		}
		c.brackt = false
		c.stage = 1
		c.finit = f
		c.ginit = g
		c.gtest = ftol * c.ginit
		c.width = stpmax - stpmin
		c.width1 = c.width / p5
		c.stx, c.fx, c.gx = 0, c.finit, c.ginit
		c.sty, c.fy, c.gy = 0, c.finit, c.ginit
		c.stmin = 0
		c.stmax = stp + xtrapu*stp
		return stp, csFG
	}
	ftest := c.finit + stp*c.gtest
	if c.stage == 1 && f <= ftest && g >= 0 {
		c.stage = 2
	}
	task = csFG
	if c.brackt && (stp <= c.stmin || stp >= c.stmax) {
		task = csWarn // ROUNDING ERRORS PREVENT PROGRESS
	}
	if c.brackt && c.stmax-c.stmin <= xtol*c.stmax {
		task = csWarn // XTOL TEST SATISFIED
	}
	if stp == stpmax && f <= ftest && g <= c.gtest {
		task = csWarn // STP = STPMAX
	}
	if stp == stpmin && (f > ftest || g >= c.gtest) {
		task = csWarn // STP = STPMIN
	}
	if f <= ftest && math.Abs(g) <= gtol*(-c.ginit) {
		task = csConv
	}
	if task != csFG {
		return stp, task
	}
	if c.stage == 1 && f <= c.fx && f > ftest {
		// The modified function f(stp) - f(0) - stp gtest.
		fm := f - stp*c.gtest
		fxm := c.fx - c.stx*c.gtest
		fym := c.fy - c.sty*c.gtest
		gm := g - c.gtest
		gxm := c.gx - c.gtest
		gym := c.gy - c.gtest
		stp = dcstep(&c.stx, &fxm, &gxm, &c.sty, &fym, &gym, stp, fm, gm, &c.brackt, c.stmin, c.stmax)
		c.fx = fxm + c.stx*c.gtest
		c.fy = fym + c.sty*c.gtest
		c.gx = gxm + c.gtest
		c.gy = gym + c.gtest
	} else {
		stp = dcstep(&c.stx, &c.fx, &c.gx, &c.sty, &c.fy, &c.gy, stp, f, g, &c.brackt, c.stmin, c.stmax)
	}
	if c.brackt {
		if math.Abs(c.sty-c.stx) >= p66*c.width1 {
			stp = c.stx + p5*(c.sty-c.stx)
		}
		c.width1 = c.width
		c.width = math.Abs(c.sty - c.stx)
	}
	if c.brackt {
		c.stmin = fmin(c.stx, c.sty)
		c.stmax = fmax(c.stx, c.sty)
	} else {
		c.stmin = stp + xtrapl*(stp-c.stx)
		c.stmax = stp + xtrapu*(stp-c.stx)
	}
	stp = fmax(stp, stpmin)
	stp = fmin(stp, stpmax)
	if c.brackt && (stp <= c.stmin || stp >= c.stmax) || (c.brackt && c.stmax-c.stmin <= xtol*c.stmax) {
		stp = c.stx
	}
	return stp, csFG
}

// dcstep is MINPACK-2's dcstep: the safeguarded step from the best step
// stx, the other end sty and the trial stp with their values and slopes,
// updating the interval; it returns the new trial step.
func dcstep(stx, fx, dx, sty, fy, dy *float64, stp, fp, dp float64, brackt *bool, stpmin, stpmax float64) float64 {
	const p66 = 0.66
	var stpf float64
	sgnd := dp * (*dx / math.Abs(*dx))
	switch {
	case fp > *fx:
		// A higher value: the minimum is bracketed.
		theta := 3*(*fx-fp)/(stp-*stx) + *dx + dp
		s := fmax(fmax(math.Abs(theta), math.Abs(*dx)), math.Abs(dp))
		gamma := s * math.Sqrt((theta/s)*(theta/s)-(*dx/s)*(dp/s))
		if stp < *stx {
			gamma = -gamma
		}
		p := (gamma - *dx) + theta
		q := ((gamma - *dx) + gamma) + dp
		r := p / q
		stpc := *stx + r*(stp-*stx)
		stpq := *stx + ((*dx/((*fx-fp)/(stp-*stx)+*dx))/2)*(stp-*stx)
		if math.Abs(stpc-*stx) < math.Abs(stpq-*stx) {
			stpf = stpc
		} else {
			stpf = stpc + (stpq-stpc)/2
		}
		*brackt = true
	case sgnd < 0:
		// A lower value and slopes of opposite signs: bracketed.
		theta := 3*(*fx-fp)/(stp-*stx) + *dx + dp
		s := fmax(fmax(math.Abs(theta), math.Abs(*dx)), math.Abs(dp))
		gamma := s * math.Sqrt((theta/s)*(theta/s)-(*dx/s)*(dp/s))
		if stp > *stx {
			gamma = -gamma
		}
		p := (gamma - dp) + theta
		q := ((gamma - dp) + gamma) + *dx
		r := p / q
		stpc := stp + r*(*stx-stp)
		stpq := stp + (dp/(dp-*dx))*(*stx-stp)
		if math.Abs(stpc-stp) > math.Abs(stpq-stp) {
			stpf = stpc
		} else {
			stpf = stpq
		}
		*brackt = true
	case math.Abs(dp) < math.Abs(*dx):
		// A lower value, slopes of the same sign, the slope decreasing.
		theta := 3*(*fx-fp)/(stp-*stx) + *dx + dp
		s := fmax(fmax(math.Abs(theta), math.Abs(*dx)), math.Abs(dp))
		gamma := s * math.Sqrt(fmax(0, (theta/s)*(theta/s)-(*dx/s)*(dp/s)))
		if stp > *stx {
			gamma = -gamma
		}
		p := (gamma - dp) + theta
		q := (gamma + (*dx - dp)) + gamma
		r := p / q
		var stpc float64
		switch {
		case r < 0 && gamma != 0:
			stpc = stp + r*(*stx-stp)
		case stp > *stx:
			stpc = stpmax
		default:
			stpc = stpmin
		}
		stpq := stp + (dp/(dp-*dx))*(*stx-stp)
		if *brackt {
			if math.Abs(stpc-stp) < math.Abs(stpq-stp) {
				stpf = stpc
			} else {
				stpf = stpq
			}
			if stp > *stx {
				stpf = fmin(stp+p66*(*sty-stp), stpf)
			} else {
				stpf = fmax(stp+p66*(*sty-stp), stpf)
			}
		} else {
			if math.Abs(stpc-stp) > math.Abs(stpq-stp) {
				stpf = stpc
			} else {
				stpf = stpq
			}
			stpf = fmin(stpmax, stpf)
			stpf = fmax(stpmin, stpf)
		}
	default:
		// A lower value, slopes of the same sign, not decreasing.
		switch {
		case *brackt:
			theta := 3*(fp-*fy)/(*sty-stp) + *dy + dp
			s := fmax(fmax(math.Abs(theta), math.Abs(*dy)), math.Abs(dp))
			gamma := s * math.Sqrt((theta/s)*(theta/s)-(*dy/s)*(dp/s))
			if stp > *sty {
				gamma = -gamma
			}
			p := (gamma - dp) + theta
			q := ((gamma - dp) + gamma) + *dy
			r := p / q
			stpf = stp + r*(*sty-stp)
		case stp > *stx:
			stpf = stpmax
		default:
			stpf = stpmin
		}
	}
	if fp > *fx {
		*sty, *fy, *dy = stp, fp, dp
	} else {
		if sgnd < 0 {
			*sty, *fy, *dy = *stx, *fx, *dx
		}
		*stx, *fx, *dx = stp, fp, dp
	}
	return stpf
}

// fmax and fmin are Fortran's MAX and MIN of two values as gfortran
// computes them: the larger (smaller) one, and the other one when one is
// a NaN (IEEE's maxNum and minNum), unlike Go's math.Max and math.Min,
// which give NaN. A NaN in f or the gradient then moves the line search
// as it moves scipy's.
func fmax(a, b float64) float64 {
	if b > a || a != a {
		return b
	}
	return a
}

func fmin(a, b float64) float64 {
	if b < a || a != a {
		return b
	}
	return a
}
