package scipy

import "math"

// dcsrchTask is what MINPACK-2's dcsrch asks of its caller next.
type dcsrchTask int

const (
	taskFG          dcsrchTask = iota // evaluate f and g at stp
	taskConvergence                   // stp satisfies the strong Wolfe conditions
	taskWarning                       // no progress possible (rounding, xtol, stpmin, stpmax)
	taskError                         // bad input
)

// dcsrch is MINPACK-2's dcsrch (More and Thuente 1994) as scipy 1.10
// calls it through scalar_search_wolfe1 (scipy/optimize/minpack2/dcsrch.f
// at v1.10.1), statement for statement, its saved state (isave, dsave) in
// the fields. gonum's MoreThuente is a port of the same routine but parts
// from it where a value overflows: dcsrch's max and min, compiled by
// gfortran, give the argument that is not NaN, so a NaN step is clamped
// to stpmin and then replaced by the best step stx.
type dcsrch struct {
	ftol, gtol, xtol, stpmin, stpmax float64

	brackt                                bool
	stage                                 int
	ginit, gtest, gx, gy, finit, fx, fy   float64
	stx, sty, stmin, stmax, width, width1 float64
}

// start is dcsrch with task 'START': it checks the input and returns the
// first step to evaluate (stp itself), or taskError.
func (d *dcsrch) start(stp, f, g, ftol, gtol, xtol, stpmin, stpmax float64) (float64, dcsrchTask) {
	d.ftol, d.gtol, d.xtol, d.stpmin, d.stpmax = ftol, gtol, xtol, stpmin, stpmax
	if stp < stpmin || stp > stpmax || g >= 0 || ftol < 0 || gtol < 0 || xtol < 0 || stpmin < 0 || stpmax < stpmin {
		// The saved state is left as it was, as Fortran's isave and dsave
		// are: L-BFGS-B goes on calling dcsrch after an 'ERROR' start,
		// which then continues the previous search with these arguments.
		return stp, taskError
	}
	const p5, xtrapu = 0.5, 4.0
	d.brackt, d.stage = false, 1
	d.stx, d.sty, d.stmin = 0, 0, 0
	d.finit, d.ginit = f, g
	d.gtest = ftol * d.ginit
	d.width = stpmax - stpmin
	d.width1 = d.width / p5
	d.fx, d.gx = d.finit, d.ginit
	d.fy, d.gy = d.finit, d.ginit
	d.stmax = stp + xtrapu*stp
	return stp, taskFG
}

// next is dcsrch called with f and g at stp after a 'FG' task: the
// next step and task.
func (d *dcsrch) next(stp, f, g float64) (float64, dcsrchTask) {
	const p5, p66, xtrapl, xtrapu = 0.5, 0.66, 1.1, 4.0
	ftest := d.finit + stp*d.gtest
	if d.stage == 1 && f <= ftest && g >= 0 {
		d.stage = 2
	}
	task := taskFG
	if d.brackt && (stp <= d.stmin || stp >= d.stmax) {
		task = taskWarning // rounding errors prevent progress
	}
	if d.brackt && d.stmax-d.stmin <= d.xtol*d.stmax {
		task = taskWarning // xtol test satisfied
	}
	if stp == d.stpmax && f <= ftest && g <= d.gtest {
		task = taskWarning // stp = stpmax
	}
	if stp == d.stpmin && (f > ftest || g >= d.gtest) {
		task = taskWarning // stp = stpmin
	}
	if f <= ftest && math.Abs(g) <= d.gtol*(-d.ginit) {
		task = taskConvergence
	}
	if task != taskFG {
		return stp, task
	}
	if d.stage == 1 && f <= d.fx && f > ftest {
		fm := f - stp*d.gtest
		fxm := d.fx - d.stx*d.gtest
		fym := d.fy - d.sty*d.gtest
		gm := g - d.gtest
		gxm := d.gx - d.gtest
		gym := d.gy - d.gtest
		stp = dcstep(&d.stx, &fxm, &gxm, &d.sty, &fym, &gym, stp, fm, gm, &d.brackt, d.stmin, d.stmax)
		d.fx = fxm + d.stx*d.gtest
		d.fy = fym + d.sty*d.gtest
		d.gx = gxm + d.gtest
		d.gy = gym + d.gtest
	} else {
		stp = dcstep(&d.stx, &d.fx, &d.gx, &d.sty, &d.fy, &d.gy, stp, f, g, &d.brackt, d.stmin, d.stmax)
	}
	if d.brackt {
		if math.Abs(d.sty-d.stx) >= p66*d.width1 {
			stp = d.stx + p5*(d.sty-d.stx)
		}
		d.width1 = d.width
		d.width = math.Abs(d.sty - d.stx)
	}
	if d.brackt {
		d.stmin = fmin(d.stx, d.sty)
		d.stmax = fmax(d.stx, d.sty)
	} else {
		d.stmin = stp + xtrapl*(stp-d.stx)
		d.stmax = stp + xtrapu*(stp-d.stx)
	}
	stp = fmax(stp, d.stpmin)
	stp = fmin(stp, d.stpmax)
	if d.brackt && (stp <= d.stmin || stp >= d.stmax) || (d.brackt && d.stmax-d.stmin <= d.xtol*d.stmax) {
		stp = d.stx
	}
	return stp, taskFG
}

// dcstep is MINPACK-2's dcstep: the safeguarded step from the interval
// (stx, sty) and the trial stp, updating the interval; it returns the new
// step.
func dcstep(stx, fx, dx, sty, fy, dy *float64, stp, fp, dp float64, brackt *bool, stpmin, stpmax float64) float64 {
	const p66, two, three = 0.66, 2.0, 3.0
	sgnd := dp * (*dx / math.Abs(*dx))
	var stpf float64
	switch {
	case fp > *fx:
		theta := three*(*fx-fp)/(stp-*stx) + *dx + dp
		s := fmax(fmax(math.Abs(theta), math.Abs(*dx)), math.Abs(dp))
		gamma := s * math.Sqrt((theta/s)*(theta/s)-(*dx/s)*(dp/s))
		if stp < *stx {
			gamma = -gamma
		}
		p := (gamma - *dx) + theta
		q := ((gamma - *dx) + gamma) + dp
		r := p / q
		stpc := *stx + r*(stp-*stx)
		stpq := *stx + ((*dx/((*fx-fp)/(stp-*stx)+*dx))/two)*(stp-*stx)
		if math.Abs(stpc-*stx) < math.Abs(stpq-*stx) {
			stpf = stpc
		} else {
			stpf = stpc + (stpq-stpc)/two
		}
		*brackt = true
	case sgnd < 0:
		theta := three*(*fx-fp)/(stp-*stx) + *dx + dp
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
		theta := three*(*fx-fp)/(stp-*stx) + *dx + dp
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
		switch {
		case *brackt:
			theta := three*(fp-*fy)/(*sty-stp) + *dy + dp
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

// fmax and fmin are Fortran's MAX and MIN as gfortran computes them for
// dcsrch: the argument that is not NaN when one is.
func fmax(a, b float64) float64 {
	switch {
	case math.IsNaN(a):
		return b
	case math.IsNaN(b):
		return a
	}
	return math.Max(a, b)
}

func fmin(a, b float64) float64 {
	switch {
	case math.IsNaN(a):
		return b
	case math.IsNaN(b):
		return a
	}
	return math.Min(a, b)
}
