package solvers

import (
	"fmt"
	"math"
	"time"
)

// Gradient modes (Options.Jac), as scipy's jac argument.
const (
	Analytic    = "analytic" // Problem.Grad or Problem.FuncGrad
	Forward2    = "2-point"  // forward differences: n extra evaluations of f
	Central3    = "3-point"  // central differences: 2n evaluations of f
	NoGradient  = "none"     // what Result.Jac says for Nelder-Mead
	defaultGtol = 1e-5
)

// GradientModes lists the valid values of Options.Jac.
var GradientModes = []string{Analytic, Forward2, Central3}

// Options control a Minimize run. The zero value of every field means its
// default.
type Options struct {
	// Method names the method, case-insensitively and ignoring '-' and '_':
	// GD-fixed, GD, CG, BFGS, L-BFGS, Newton or Nelder-Mead. Default BFGS.
	Method string
	// Jac is the gradient: "analytic" (default), "2-point" or "3-point"
	// finite differences of Func through gonum's diff/fd. Their function
	// evaluations count in Nfev, as in scipy. Ignored by Nelder-Mead.
	Jac string
	// FDStep is the absolute finite-difference step (default gonum's: 2e-8
	// for 2-point, 6e-6 for 3-point).
	FDStep float64
	// HessStep is the step of the central differences of the gradient that
	// give Newton its Hessian (default 1e-4). Each Hessian costs 2n
	// gradient evaluations, counted in Njev.
	HessStep float64
	// Alpha is GD-fixed's constant step: x := x - Alpha*grad (default 0.5,
	// the classroom's).
	Alpha float64
	// MaxIter bounds the iterations (steps from x0). Default 200 times the
	// number of parameters, as scipy's BFGS and Nelder-Mead.
	MaxIter int
	// MaxFev bounds the function evaluations, finite differences included.
	// Default: no bound.
	MaxFev int
	// Gtol: gradient methods succeed when the largest component of the
	// gradient is below Gtol (default 1e-5, as scipy's BFGS). Set it
	// negative to never stop on the gradient.
	Gtol float64
	// Fatol: Nelder-Mead succeeds when its best value has improved by less
	// than Fatol over FatolIters iterations in a row (defaults 1e-10 and
	// 100). Gradient methods ignore them: they stop on Gtol only.
	Fatol      float64
	FatolIters int
	// TimeLimit bounds the run's wall time, checked after every evaluation.
	// Default: none.
	TimeLimit time.Duration
	// TraceX keeps a copy of the iterate in every TracePoint (n values per
	// iteration), for plotting the weights during learning.
	TraceX bool
	// Callback, if set, is called with every TracePoint as it is recorded
	// (like scipy's callback), on the goroutine running the method. It must
	// not keep the point's X.
	Callback func(TracePoint)
}

// withDefaults fills in the defaults for a problem of n parameters and
// checks the values.
func (o Options) withDefaults(n int) (Options, error) {
	if o.Method == "" {
		o.Method = "BFGS"
	}
	if o.Jac == "" {
		o.Jac = Analytic
	}
	switch o.Jac {
	case Analytic, Forward2, Central3:
	default:
		return o, fmt.Errorf("solvers: unknown gradient %q (valid: analytic, 2-point, 3-point)", o.Jac)
	}
	if o.Alpha == 0 {
		o.Alpha = 0.5
	}
	if o.MaxIter == 0 {
		o.MaxIter = 200 * n
	}
	if o.Gtol == 0 {
		o.Gtol = defaultGtol
	}
	if o.Fatol == 0 {
		o.Fatol = 1e-10
	}
	if o.FatolIters == 0 {
		o.FatolIters = 100
	}
	if o.HessStep == 0 {
		o.HessStep = 1e-4
	}
	for _, c := range []struct {
		name string
		v    float64
	}{{"FDStep", o.FDStep}, {"HessStep", o.HessStep}, {"Alpha", o.Alpha}, {"Fatol", o.Fatol}} {
		if !(c.v >= 0) || math.IsInf(c.v, 0) {
			return o, fmt.Errorf("solvers: %s must be finite and >= 0, have %v", c.name, c.v)
		}
	}
	if math.IsNaN(o.Gtol) || math.IsInf(o.Gtol, 0) {
		return o, fmt.Errorf("solvers: Gtol must be finite, have %v", o.Gtol)
	}
	if o.MaxIter < 0 || o.MaxFev < 0 || o.FatolIters < 0 || o.TimeLimit < 0 {
		return o, fmt.Errorf("solvers: MaxIter, MaxFev, FatolIters and TimeLimit must be >= 0")
	}
	return o, nil
}
