package solvers

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
