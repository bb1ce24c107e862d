package core

import (
	"fmt"
	"math"
	"math/bits"
)

// defaultMaxIterPerParam is Options' default MaxIter per parameter (see
// withDefaults).
const defaultMaxIterPerParam = 200

// IterationBudget is the most iterations (Result.Nit) a run of m may take
// on a problem of n parameters with the options given, before defaults:
// m.MaxIter's answer, or for a method without one given.MaxIter, or
// 200n when that is 0 (Options' default). math.MaxInt stands for no bound;
// 200n saturates there rather than wrap. Mini-batch epochs (Options.Epochs)
// are not counted: a caller that runs on mini-batches bounds the steps by
// them itself. It is never negative.
func (m *Method) IterationBudget(n int, given Options) int {
	if m.MaxIter != nil {
		return max(m.MaxIter(n, given), 0)
	}
	return DefaultIterationBudget(n, given)
}

// DefaultIterationBudget is Options' iteration limit for a problem of n
// parameters: given.MaxIter when set, else 200n (saturated at
// math.MaxInt); 0 for n < 1.
func DefaultIterationBudget(n int, given Options) int {
	if given.MaxIter > 0 {
		return given.MaxIter
	}
	if n < 1 {
		return 0
	}
	hi, lo := bits.Mul64(defaultMaxIterPerParam, uint64(n))
	if hi != 0 || lo > math.MaxInt {
		return math.MaxInt
	}
	return int(lo)
}

// IterationBudget is the most iterations a run of the method named name
// (as Options.Method: "" is BFGS) may take on a problem of n parameters
// with the options given, before defaults; math.MaxInt when nothing bounds
// them (see Method.IterationBudget). The error is an *UnknownMethodError
// for a name the registry does not know, or wraps ErrBadOptions for n < 1
// or a negative MaxIter or MaxFev, which Minimize refuses too.
func (r *Registry) IterationBudget(name string, n int, given Options) (int, error) {
	if name == "" {
		name = "BFGS"
	}
	m, err := r.Lookup(name)
	if err != nil {
		return 0, err
	}
	switch {
	case n < 1:
		return 0, fmt.Errorf("%w: iteration budget of %s: %d parameters, want at least 1", ErrBadOptions, m.Name, n)
	case given.MaxIter < 0 || given.MaxFev < 0:
		return 0, fmt.Errorf("%w: iteration budget of %s: MaxIter %d and MaxFev %d must be >= 0", ErrBadOptions, m.Name, given.MaxIter, given.MaxFev)
	}
	return m.IterationBudget(n, given), nil
}
