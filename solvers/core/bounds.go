package core

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// ErrBadBounds is the error of bounds that cannot hold: a count that is
// not the dimension, a NaN, a lower bound above its upper one, or a lower
// bound of +Inf or an upper one of -Inf.
var ErrBadBounds = errors.New("solvers: bad bounds")

// ErrNoBounds is the error of a bounded problem given to a method that
// cannot honour bounds; the message names the methods that can.
var ErrNoBounds = errors.New("solvers: method takes no bounds")

// Bounds box the variables of a Problem: Lower[i] <= x[i] <= Upper[i], as
// scipy 1.10's Bounds(lb, ub). -Inf and +Inf stand for a side without a
// bound; Lower[i] == Upper[i] fixes x[i]. Both slices have one value per
// coordinate. Minimize checks them (ErrBadBounds) and refuses them for a
// method without Method.Bounds (ErrNoBounds).
type Bounds struct {
	Lower, Upper []float64
}

// Check reports, wrapping ErrBadBounds, why b cannot box n variables, naming
// the first coordinate at fault; nil when it can.
func (b *Bounds) Check(n int) error {
	if len(b.Lower) != n || len(b.Upper) != n {
		return fmt.Errorf("%w: %d lower and %d upper bounds for %d parameters", ErrBadBounds, len(b.Lower), len(b.Upper), n)
	}
	for i := range n {
		lo, hi := b.Lower[i], b.Upper[i]
		switch {
		case math.IsNaN(lo) || math.IsNaN(hi):
			return fmt.Errorf("%w: bound %d is NaN (lower %v, upper %v)", ErrBadBounds, i, lo, hi)
		case lo > hi:
			return fmt.Errorf("%w: bound %d has lower %v > upper %v", ErrBadBounds, i, lo, hi)
		case math.IsInf(lo, 1) || math.IsInf(hi, -1):
			return fmt.Errorf("%w: bound %d (lower %v, upper %v) leaves no finite value", ErrBadBounds, i, lo, hi)
		}
	}
	return nil
}

// Clip writes x clipped to b into dst (which may be x), as numpy's
// clip(x, lb, ub), and reports whether any coordinate moved.
func (b *Bounds) Clip(dst, x []float64) (moved bool) {
	for i, v := range x {
		c := min(max(v, b.Lower[i]), b.Upper[i])
		moved = moved || c != v
		dst[i] = c
	}
	return moved
}

// boundedMethods names the methods of reg that take bounds.
func boundedMethods(reg *Registry) string {
	var out []string
	for _, name := range reg.Names() {
		if m, err := reg.Lookup(name); err == nil && m.Bounds {
			out = append(out, m.Name)
		}
	}
	if len(out) == 0 {
		return "none in this registry"
	}
	return strings.Join(out, ", ")
}
