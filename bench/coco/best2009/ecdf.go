package best2009

import (
	"fmt"
	"math"
	"slices"
)

// XLimit is the largest budget, in f-evaluations per dimension, cocopp's
// ECDF over functions draws (genericsettings.xlimit_pprldmany): ECDF
// leaves out the points beyond it, and cocopp extends the line flat from
// the last point to XLimit.
const XLimit = 1e7

// ECDF is best 2009's line in cocopp's ECDF over functions (pprldmany) for
// bbob functions fns in dimension dim with target precisions deltaFs:
// budgets in f-evaluations per dimension, increasing, and the fraction of
// the len(fns) x len(deltaFs) (function, target) pairs best 2009 solved
// within each. cocopp draws it as a step line from 0 before budgets[0],
// rising to fractions[i] at budgets[i] and flat after the last point to
// XLimit.
//
// cocopp computes the line from the reference's stored run lengths, not
// from its aRTs: for each function and target it draws bootstrapped
// simulated-restart runs (toolsstats.drawSP) from the reference data
// set's runs that reached the target. Best 2009's data set has one
// virtual run per function and dimension, which reached each target after
// exactly its aRT, so every draw is that aRT (divided by the dimension),
// each pair weighs the same, and the line is deterministic: each budget
// is a distinct aRT(fn, dim, Δf)/dim no greater than XLimit, and its
// fraction is the number of pairs whose aRT/dim is at most that budget
// over the number of pairs. A pair whose target best 2009 never reached
// counts in the denominator only.
//
// Targets are read as ART reads them. ECDF returns nil, nil when there is
// no line to draw: a function or dimension without data, a function named
// twice, a target that is not positive and finite, or no function or
// target at all; Validate says which.
func ECDF(dim int, fns []int, deltaFs []float64) (budgets, fractions []float64) {
	if Validate(dim, fns, deltaFs) != nil {
		return nil, nil
	}
	xs := make([]float64, 0, len(fns)*len(deltaFs))
	for _, fn := range fns {
		for _, df := range deltaFs {
			art, _ := ART(fn, dim, df)
			// cocopp divides each run length by the dimension and draws
			// only what is within XLimit; unsolved pairs (+Inf) stay
			// out of the line but in the denominator.
			if x := art / float64(dim); x <= XLimit {
				xs = append(xs, x)
			}
		}
	}
	slices.Sort(xs)
	n := float64(len(fns) * len(deltaFs))
	for i, x := range xs {
		if i+1 < len(xs) && xs[i+1] == x {
			continue // one point per distinct budget, at its cumulative count
		}
		budgets = append(budgets, x)
		fractions = append(fractions, float64(i+1)/n)
	}
	return budgets, fractions
}

// Validate reports why ECDF(dim, fns, deltaFs) has no line: ErrNoData for
// a function or dimension without data, ErrFunctions for no function or
// one named twice, ErrTarget for no target or a bad one, each wrapped with
// the offending value; nil when ECDF draws a line.
func Validate(dim int, fns []int, deltaFs []float64) error {
	if _, err := load(); err != nil {
		return err
	}
	if !slices.Contains(dimensions[:], dim) {
		return fmt.Errorf("%w for dimension %d (there are %v)", ErrNoData, dim, dimensions)
	}
	if len(fns) == 0 {
		return fmt.Errorf("%w: no functions", ErrFunctions)
	}
	seen := map[int]bool{}
	for _, fn := range fns {
		if !HasData(fn, dim) {
			return fmt.Errorf("%w for function %d in dimension %d (functions are 1..%d)", ErrNoData, fn, dim, Functions)
		}
		if seen[fn] {
			return fmt.Errorf("%w: function %d named twice", ErrFunctions, fn)
		}
		seen[fn] = true
	}
	if len(deltaFs) == 0 {
		return fmt.Errorf("%w: no targets", ErrTarget)
	}
	for i, df := range deltaFs {
		if !validDeltaF(df) || math.IsNaN(df) {
			return fmt.Errorf("%w: deltaFs[%d] is %g", ErrTarget, i, df)
		}
	}
	return nil
}
