package objective

import (
	"math"

	"gonum.org/v1/gonum/diff/fd"
)

// GradientError compares the analytic gradient with a central-difference
// one, block by block. Abs is the largest absolute difference of a
// component; Rel is Abs divided by the larger of the two gradients' largest
// components (so a block whose gradient is near zero is not judged by its
// rounding noise).
type GradientError struct {
	AbsW, RelW float64 // the w block (hidden layer)
	AbsV, RelV float64 // the v block (output layer)
}

// Max is the larger of RelW and RelV.
func (e GradientError) Max() float64 { return max(e.RelW, e.RelV) }

// CheckGradient compares ce's analytic gradient at x with central
// differences of step h (h = 0: gonum's default, 6e-6) computed by
// gonum's diff/fd.
func CheckGradient(ce *CrossEntropy, x []float64, h float64) GradientError {
	analytic := make([]float64, len(x))
	ce.Grad(analytic, x)
	numeric := fd.Gradient(nil, ce.Func, x, &fd.Settings{Formula: fd.Central, Step: h})
	nw := ce.Network().NumW()
	var e GradientError
	e.AbsW, e.RelW = blockError(analytic[:nw], numeric[:nw])
	e.AbsV, e.RelV = blockError(analytic[nw:], numeric[nw:])
	return e
}

func blockError(a, n []float64) (abs, rel float64) {
	var scale float64
	for i := range a {
		abs = max(abs, math.Abs(a[i]-n[i]))
		scale = max(scale, math.Abs(a[i]), math.Abs(n[i]))
	}
	if scale == 0 {
		return abs, abs
	}
	return abs, abs / scale
}
