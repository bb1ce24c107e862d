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

// HessianError is how far ce's exact Hessian and Hessian-vector product
// are from central differences of its analytic gradient: the largest
// absolute difference, and that over the largest difference quotient
// (relative).
type HessianError struct {
	AbsH, RelH   float64 // the whole Hessian
	AbsHv, RelHv float64 // H v
}

// Max is the larger of RelH and RelHv.
func (e HessianError) Max() float64 { return max(e.RelH, e.RelHv) }

// CheckHessian compares ce's Hess at x, and its HessVec at x along v, with
// central differences of Grad of step h (0: 1e-5): column j of the
// Hessian from the gradients at x ± h e_j, H v from those at x ± h v.
func CheckHessian(ce *CrossEntropy, x, v []float64, h float64) HessianError {
	if h == 0 {
		h = 1e-5
	}
	P := len(x)
	H, fdH := make([]float64, P*P), make([]float64, P*P)
	hv, fdHv := make([]float64, P), make([]float64, P)
	gp, gm, xx := make([]float64, P), make([]float64, P), make([]float64, P)
	ce.Hess(H, x)
	ce.HessVec(hv, x, v)
	for j := range P {
		copy(xx, x)
		xx[j] = x[j] + h
		ce.Grad(gp, xx)
		xx[j] = x[j] - h
		ce.Grad(gm, xx)
		for i := range P {
			fdH[i*P+j] = (gp[i] - gm[i]) / (2 * h)
		}
	}
	for i := range xx {
		xx[i] = x[i] + h*v[i]
	}
	ce.Grad(gp, xx)
	for i := range xx {
		xx[i] = x[i] - h*v[i]
	}
	ce.Grad(gm, xx)
	for i := range fdHv {
		fdHv[i] = (gp[i] - gm[i]) / (2 * h)
	}
	var e HessianError
	e.AbsH, e.RelH = maxErr(H, fdH)
	e.AbsHv, e.RelHv = maxErr(hv, fdHv)
	return e
}

// maxErr is the largest absolute difference and that over the largest
// absolute value of want.
func maxErr(got, want []float64) (abs, rel float64) {
	var scale float64
	for i := range got {
		abs = max(abs, math.Abs(got[i]-want[i]))
		scale = max(scale, math.Abs(want[i]))
	}
	if math.IsNaN(abs) {
		return abs, abs
	}
	return abs, abs / scale
}

// StepErrors are the relative errors of forward and central differences
// (gonum's diff/fd) against ce's analytic gradient at x, for each step in
// hs: the largest difference over the largest analytic component. They
// fall with h as truncation error does (O(h), O(h^2)), then rise again as
// rounding error, about eps*|E|/h, takes over.
func StepErrors(ce *CrossEntropy, x, hs []float64) (forward, central []float64) {
	analytic := make([]float64, len(x))
	ce.Grad(analytic, x)
	var scale float64
	for _, g := range analytic {
		scale = max(scale, math.Abs(g))
	}
	relErr := func(formula fd.Formula, h float64) float64 {
		g := fd.Gradient(nil, ce.Func, x, &fd.Settings{Formula: formula, Step: h})
		var worst float64
		for i := range g {
			worst = max(worst, math.Abs(g[i]-analytic[i]))
		}
		return worst / scale
	}
	for _, h := range hs {
		forward, central = append(forward, relErr(fd.Forward, h)), append(central, relErr(fd.Central, h))
	}
	return forward, central
}
