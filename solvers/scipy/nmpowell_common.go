package scipy

import (
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// unbounded stands for scipy's np.inf as a limit: a count never reaches it.
const unbounded = math.MaxInt

// derivativeFreeLimits are the iteration and evaluation limits of scipy
// 1.10's Nelder-Mead (def = 200n) and Powell (def = 1000n): both def when
// the caller gave neither MaxIter nor MaxFev, and when only one was given,
// that one and no bound on the other (scipy's np.inf). It tells s, whose
// MaxFev test is turned off (the method refuses the evaluation past maxfev
// itself, as scipy does) and whose MaxIter becomes maxiter (0 when
// unbounded).
func derivativeFreeLimits(s *core.Search, def int) (maxiter, maxfev int) {
	g := s.Given()
	switch {
	case g.MaxIter == 0 && g.MaxFev == 0:
		maxiter, maxfev = def, def
	case g.MaxIter == 0:
		maxiter, maxfev = unbounded, g.MaxFev
	case g.MaxFev == 0:
		maxiter, maxfev = g.MaxIter, unbounded
	default:
		maxiter, maxfev = g.MaxIter, g.MaxFev
	}
	if maxiter == unbounded {
		s.SetMaxIter(0)
	} else {
		s.SetMaxIter(maxiter)
	}
	s.TakeOverMaxFev()
	return maxiter, maxfev
}

// warnOutside is scipy's OptimizeWarning for an x0 outside the bounds:
// both methods warn (Nelder-Mead then clips x0; Powell starts from it).
const warnOutside = "Initial guess is not within the specified bounds"

// outside reports whether some x[i] is below lower[i] or above upper[i]
// (np.any(lb > x0) or np.any(x0 > ub): a NaN is not outside).
func outside(x, lower, upper []float64) bool {
	for i, v := range x {
		if lower[i] > v || v > upper[i] {
			return true
		}
	}
	return false
}

// clip is numpy's clip(x, lower, upper) in place: minimum(maximum(x, lb),
// ub), a NaN staying NaN.
func clip(x, lower, upper []float64) {
	for i, v := range x {
		x[i] = min(max(v, lower[i]), upper[i])
	}
}
