package core

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/gonum/diff/fd"
)

// GradientMode says where a method's gradient comes from, as scipy's jac
// argument does.
type GradientMode string

// The gradient modes.
const (
	Analytic   GradientMode = "analytic" // Problem.Grad or Problem.FuncGrad
	Forward2   GradientMode = "2-point"  // forward differences: n extra evaluations of f
	Central3   GradientMode = "3-point"  // central differences: 2n evaluations of f
	NoGradient GradientMode = "none"     // the method uses no gradient (Nelder-Mead)
)

// HessianMode says where a second-order method's Hessian (or its products
// with a vector) comes from, as scipy's hess argument does.
type HessianMode string

// The Hessian modes. The finite differences are of the gradient, with step
// Options.HessStep: 2-point forward (n gradients for a Hessian, 1 for a
// product), 3-point central (2n, 2).
const (
	Exact        HessianMode = "exact"   // Problem.Hess and Problem.HessVec
	HessForward2 HessianMode = "2-point" // forward differences of the gradient
	HessCentral3 HessianMode = "3-point" // central differences of the gradient
	NoHessian    HessianMode = "none"    // the method uses no Hessian
)

// HessianModes lists the modes a second-order method can run with.
var HessianModes = []HessianMode{Exact, HessForward2, HessCentral3}

// ParseHessianMode returns the mode named s: exact, 2-point or 3-point.
func ParseHessianMode(s string) (HessianMode, error) {
	for _, m := range HessianModes {
		if string(m) == s {
			return m, nil
		}
	}
	return "", fmt.Errorf("%w %q for the Hessian (valid: exact, 2-point, 3-point)", ErrUnknownGradient, s)
}

// GradientModes lists the modes a gradient method can run with.
var GradientModes = []GradientMode{Analytic, Forward2, Central3}

// ParseGradientMode returns the mode named s: analytic, 2-point or 3-point.
// The error wraps ErrUnknownGradient.
func ParseGradientMode(s string) (GradientMode, error) {
	for _, m := range GradientModes {
		if string(m) == s {
			return m, nil
		}
	}
	names := make([]string, len(GradientModes))
	for i, m := range GradientModes {
		names[i] = string(m)
	}
	return "", fmt.Errorf("%w %q (valid: %s)", ErrUnknownGradient, s, strings.Join(names, ", "))
}

// fdGradient writes into grad the finite-difference gradient of f at x that
// gonum's fd.Gradient (v0.17.0, not concurrent) computes with fd.Forward
// (mode Forward2) or fd.Central, absolute step h (0: the formula's own),
// and, when originKnown, f(x) = origin: the same evaluations in the same
// order and the same arithmetic, so the same numbers bit for bit. It
// allocates nothing (fd.Gradient allocates its points, its Settings and the
// closure of f, three allocations a gradient): xs, of len(x), holds the
// points. Where fd.Gradient copies x anew for every point (against an f
// that modifies its argument, which a Problem must not), xs gets back its
// one moved coordinate.
func fdGradient(grad []float64, f func([]float64) float64, x, xs []float64, mode GradientMode, h float64, originKnown bool, origin float64) {
	formula := fd.Central
	if mode == Forward2 {
		formula = fd.Forward
	}
	if h == 0 {
		h = formula.Step
	}
	copy(xs, x)
	if !originKnown && slices.ContainsFunc(formula.Stencil, func(pt fd.Point) bool { return pt.Loc == 0 }) {
		origin = f(xs)
	}
	for i := range xs {
		var deriv float64
		for _, pt := range formula.Stencil {
			if pt.Loc == 0 {
				deriv += pt.Coeff * origin
				continue
			}
			xs[i] += pt.Loc * h
			deriv += pt.Coeff * f(xs)
			xs[i] = x[i]
		}
		grad[i] = deriv / h
	}
}
