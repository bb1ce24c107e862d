package scipy

import (
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// unbounded stands for scipy's np.inf as a limit: a count never reaches it.
const unbounded = math.MaxInt

// derivativeFreeLimits applies scipy 1.10's limits of Nelder-Mead (def =
// 200n) and Powell (def = 1000n), derivativeFreeMaxima's, to s: s's MaxFev
// test is turned off (the method refuses the evaluation past maxfev
// itself, as scipy does) and its MaxIter becomes maxiter (0 when
// unbounded).
func derivativeFreeLimits(s *core.Search, def int) (maxiter, maxfev int) {
	maxiter, maxfev = derivativeFreeMaxima(s.Given(), def)
	if maxiter == unbounded {
		s.SetMaxIter(0)
	} else {
		s.SetMaxIter(maxiter)
	}
	s.TakeOverMaxFev()
	return maxiter, maxfev
}

// derivativeFreeMaxima are the iteration and evaluation limits of scipy
// 1.10's Nelder-Mead and Powell for the options given (before defaults):
// both def when the caller gave neither MaxIter nor MaxFev, and when only
// one was given, that one and no bound (unbounded, scipy's np.inf) on the
// other.
func derivativeFreeMaxima(given core.Options, def int) (maxiter, maxfev int) {
	switch {
	case given.MaxIter == 0 && given.MaxFev == 0:
		return def, def
	case given.MaxIter == 0:
		return unbounded, given.MaxFev
	case given.MaxFev == 0:
		return given.MaxIter, unbounded
	}
	return given.MaxIter, given.MaxFev
}

// Each method's default limit per parameter: 200n for Nelder-Mead, 1000n
// for Powell.
const (
	nelderMeadPerParam = 200
	powellPerParam     = 1000
)

// The budgets of the two methods (their Method.MaxIter).
var (
	nelderMeadBudget = derivativeFreeBudget(nelderMeadPerParam)
	powellBudget     = derivativeFreeBudget(powellPerParam)
)

// derivativeFreeBudget is the Method.MaxIter of Nelder-Mead or Powell,
// whose default limits are perParam times n: derivativeFreeMaxima's
// maxiter, or its maxfev when fewer, since every iteration evaluates f at
// least once and every call counts (Nelder-Mead's reflection, the line
// minimizations of a Powell cycle that moves; a cycle that does not move
// ends the run), and the method refuses the evaluation past maxfev.
// Nelder-Mead's nit counts from 1 but its simplex costs n+1 evaluations
// first, so its nit stays within maxfev too.
func derivativeFreeBudget(perParam int) func(n int, given core.Options) int {
	return func(n int, given core.Options) int {
		maxiter, maxfev := derivativeFreeMaxima(given, mulSat(perParam, n))
		return min(maxiter, maxfev)
	}
}

// mulSat is a*b for a, b >= 0, saturated at math.MaxInt (unbounded).
func mulSat(a, b int) int {
	if a <= 0 || b <= 0 {
		return 0
	}
	if a > math.MaxInt/b {
		return math.MaxInt
	}
	return a * b
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
