package bbob

import (
	"fmt"
	"math"
)

// BoxLow and BoxHigh bound COCO's region of interest [-5, 5]^n, where every optimum lies; COCO's
// initial solution is the origin.
const (
	BoxLow  = -5.0
	BoxHigh = 5.0
)

// MaxDimension is the largest dimension: COCO's legacy rotation code is written for n <= 44 and
// its bbob suite stops at 40.
const MaxDimension = 40

// MaxInstance is the largest instance number: COCO seeds its generator with function + 10000
// instance and truncates a quotient of the seed to a C int, which overflows far above this.
const MaxInstance = 1000000000

// Function is COCO's bbob function ID (1..24) in dimension Dim, instance Instance, with its
// instance data (x_opt, f_opt, rotations) generated as COCO's suite_bbob.c generates them.
//
// Value is f(x) as COCO's coco_evaluate_function computes it, operation for operation but for
// T_osz's pow(exp(a), 0.1), taken as exp(0.1 a) (see toszUV). Against
// values COCO's C code wrote it agrees to 1e-12 relative, and to 3.3e-15 for the functions without
// rotations; f16-f19, f21 and f23 magnify last-bit differences between libms in their rotations to
// up to 5e-11 inside [-8, 8]^n (see valueTol in coco_test.go, and docs/bbob.md for far outside it).
// The region of interest is [BoxLow, BoxHigh]^Dim;
// several functions add COCO's penalty outside it. A Function holds a workspace, so one value is
// not safe for concurrent use: Clone gives each goroutine its own.
type Function struct {
	// ID is the function number, 1..24; Dim the dimension, 1..40; Instance the instance, >= 1.
	ID, Dim, Instance int
	// FOpt is the optimal value f(XOpt), COCO's coco_problem_get_best_value: f_opt of the
	// instance plus the raw function's value at its optimum (0 except for f16, f20-f22, f24,
	// where it is within 1e-10 of 0).
	FOpt float64
	// XOpt is a minimizer, COCO's best parameter; clones share it (changing it changes no value).
	XOpt []float64

	d *data     // read-only instance data, shared by clones
	w workspace // per-Function scratch, so Value allocates nothing
}

// workspace is scratch space for one evaluation at a time.
type workspace struct {
	a, b, c, e, g []float64 // n each
}

func newWorkspace(n int) workspace {
	buf := make([]float64, 5*n)
	part := func(k int) []float64 { return buf[k*n : (k+1)*n : (k+1)*n] }
	return workspace{a: part(0), b: part(1), c: part(2), e: part(3), g: part(4)}
}

// needsTwo reports whether function id is undefined in dimension 1: its definition divides by
// n - 1 (the exponents i/(n-1) of its conditioning or asymmetry, Rosenbrock's and Schaffers' sums
// over pairs of neighbours, Griewank-Rosenbrock's mean over n - 1 terms). Only f1 sphere, f2
// separable ellipsoid, f10 ellipsoid and f11 discus have no such term and are defined for n = 1.
func needsTwo(id int) bool {
	switch id {
	case 1, 2, 10, 11:
		return false
	}
	return true
}

// NewFunction returns COCO's bbob function `function` (1..24) in dimension `dimension` (1..40),
// instance `instance` (1..MaxInstance). Dimension 1 is allowed only for f1, f2, f10 and f11: every
// other function divides by n - 1 (see the errors). Errors wrap ErrFunction, ErrDimension or
// ErrInstance and name the bad value.
func NewFunction(function, dimension, instance int) (*Function, error) {
	if function < 1 || function > 24 {
		return nil, fmt.Errorf("%w, not %d", ErrFunction, function)
	}
	if dimension < 1 || dimension > MaxDimension {
		return nil, fmt.Errorf("%w: %d for f%d: the bbob functions are defined for dimensions 1..%d", ErrDimension, dimension, function, MaxDimension)
	}
	if dimension == 1 && needsTwo(function) {
		return nil, fmt.Errorf("%w: 1 for f%d: f%d needs dimension >= 2 (its definition divides by n - 1; only f1, f2, f10 and f11 are defined for n = 1)", ErrDimension, function, function)
	}
	if instance < 1 || instance > MaxInstance {
		return nil, fmt.Errorf("%w: %d for f%d: instances are 1..%d", ErrInstance, instance, function, MaxInstance)
	}
	d := newData(function, dimension, instance)
	// XOpt is a copy: f5 computes with d.bestX, which a caller must not be able to change.
	f := &Function{ID: function, Dim: dimension, Instance: instance, FOpt: d.best, XOpt: append([]float64(nil), d.bestX...), d: d}
	f.w = newWorkspace(dimension)
	return f, nil
}

// Clone returns a Function with the same instance data (shared, read-only) and its own workspace.
func (f *Function) Clone() *Function {
	c := *f
	c.w = newWorkspace(f.Dim)
	return &c
}

// Value returns f(x), exactly as COCO's coco_evaluate_function: an infinite coordinate gives its
// absolute value, a NaN gives NaN, as COCO does before evaluating, and COCO's same check after each
// inner transformation decides f where numbers overflow inside (see nonFinite). An x whose length is not Dim
// gives NaN too (no panic: the caller sees a value no optimizer accepts). Value allocates nothing
// and is not safe for concurrent use.
func (f *Function) Value(x []float64) float64 {
	if len(x) != f.Dim {
		return math.NaN()
	}
	for _, v := range x {
		if math.IsInf(v, 0) {
			return math.Abs(v)
		}
	}
	for _, v := range x {
		if math.IsNaN(v) {
			return math.NaN()
		}
	}
	return f.d.value(f.d, &f.w, x)
}
