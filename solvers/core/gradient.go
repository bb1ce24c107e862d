package core

import (
	"fmt"
	"strings"
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
