package core

import (
	"fmt"
	"math"
	"time"
)

const defaultGtol = 1e-5

// GtolOff, as Options.Gtol, turns the gradient test off: the run ends only
// on a limit or a failure. (Gtol 0 means the default, 1e-5; the command
// line's -gtol 0 means GtolOff.)
const GtolOff = -1

// Options control a Minimize run. The zero value of every field means its
// default.
type Options struct {
	// Method names a method of Registry by its name or an alias,
	// case-insensitively and ignoring '-', '_' and spaces: in
	// solvers.Default, gonum's GD-fixed, GD, CG, BFGS, L-BFGS, Newton and
	// Nelder-Mead, scipy's ports scipy:NAME (scipy:BFGS, scipy:Powell, ...;
	// Powell for short), torch's Momentum, Nesterov, Adam, AdamW, RMSprop
	// and Adagrad, or one registered. Default BFGS.
	Method string
	// Params sets the method's parameters by key, as text (for BFGS:
	// {"linesearch": "more-thuente", "c2": "0.9"}); the others take their
	// defaults. See each method's Params, or the README's table.
	Params map[string]string
	// Registry is where Method is looked up. Required here;
	// solvers.Minimize sets it to solvers.Default when it is nil.
	Registry *Registry
	// Gradient is where the gradient comes from: Analytic (default), or
	// Forward2 or Central3 finite differences of Func through gonum's
	// diff/fd, whose function evaluations count in Nfev, as in scipy.
	// Ignored by methods that use no gradient.
	Gradient GradientMode
	// Hessian is where a second-order method's Hessian comes from: Exact
	// (Problem.Hess and HessVec), or HessForward2 or HessCentral3 finite
	// differences of the gradient with step HessStep, counted in Njev.
	// Default: Exact when the problem has a Hessian, else HessCentral3.
	Hessian HessianMode
	// HessStep is the step of the Hessian's finite differences (default
	// 1e-4; Newton's hess-step parameter overrides it). For a method with
	// Method.ScalarFunction (scipy's ports) it is scipy's: the step of
	// Newton-CG's approx_fhess_p (default sqrt(eps)) and of the 2-point and
	// 3-point Hessian operators (default sqrt(eps), eps^(1/3), relative to
	// |p|); 1e-4 where the gradient itself is by differences.
	HessStep float64
	// FDStep is the absolute finite-difference step (default gonum's: 2e-8
	// for 2-point, 6e-6 for 3-point). For scipy's ports it is scipy's
	// epsilon; their default is scipy's relative step, sqrt(eps) or
	// eps^(1/3) times max(1, |x_i|).
	FDStep float64
	// MaxIter bounds the iterations (steps from x0). Default: the method's,
	// 200 times the number of parameters but for scipy:Powell (1000n),
	// scipy:L-BFGS-B (15000), scipy:TNC (none: its MaxIter is scipy's
	// deprecated alias of maxfun) and scipy:Nelder-Mead and scipy:Powell
	// given only MaxFev (none), as scipy.
	MaxIter int
	// MaxFev bounds the function evaluations, finite differences included,
	// checked after every evaluation (scipy's ports check it where scipy
	// does). Default: the method's, no bound but for scipy:Nelder-Mead
	// (200n) and scipy:Powell (1000n) when MaxIter is not given either,
	// scipy:L-BFGS-B (15000) and scipy:TNC (max(100, 10n)), as scipy.
	MaxFev int
	// Gtol: gradient methods succeed when the largest component of the
	// gradient is below Gtol (scipy's methods: their own test, as scipy's).
	// 0 means the method's default: 1e-5, but scipy's trust-region
	// methods' 1e-4 (on |g|_2) and scipy:TNC's 1e-2 sqrt(accuracy);
	// GtolOff (any negative value) never stops on the gradient.
	Gtol float64
	// TimeLimit bounds the run's wall time, checked after every evaluation.
	// Default: none.
	TimeLimit time.Duration
	// TraceX keeps a copy of the iterate in every TracePoint (n values per
	// iteration), for plotting the weights during learning.
	TraceX bool
	// Epochs bounds a mini-batch run (Problem.Batches) in passes over the
	// samples; 0: no bound but MaxIter, which counts steps.
	Epochs int
	// Trace says which iterations the Result's Trace keeps: every one
	// (TraceAll, the default), a log-spaced selection that bounds a long
	// run's memory (TraceLog), or x0 and the last (TraceNone). The last
	// iteration is always kept.
	Trace TraceMode
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
	if o.Registry == nil {
		return o, fmt.Errorf("%w: Options.Registry is nil (solvers.Minimize uses solvers.Default)", ErrBadOptions)
	}
	if o.Gradient == "" {
		o.Gradient = Analytic
	}
	if o.Gradient != NoGradient {
		if _, err := ParseGradientMode(string(o.Gradient)); err != nil {
			return o, err
		}
	}
	if o.MaxIter == 0 {
		o.MaxIter = 200 * n
	}
	if o.HessStep == 0 {
		o.HessStep = 1e-4
	}
	if !(o.HessStep > 0) || math.IsInf(o.HessStep, 0) {
		return o, fmt.Errorf("%w: HessStep must be finite and > 0, have %v", ErrBadOptions, o.HessStep)
	}
	if o.Hessian != "" && o.Hessian != NoHessian {
		if _, err := ParseHessianMode(string(o.Hessian)); err != nil {
			return o, err
		}
	}
	if o.Gtol == 0 {
		o.Gtol = defaultGtol
	}
	if o.Trace == "" {
		o.Trace = TraceAll
	} else if _, err := ParseTraceMode(string(o.Trace)); err != nil {
		return o, err
	}
	if !(o.FDStep >= 0) || math.IsInf(o.FDStep, 0) {
		return o, fmt.Errorf("%w: FDStep must be finite and >= 0, have %v", ErrBadOptions, o.FDStep)
	}
	if math.IsNaN(o.Gtol) || math.IsInf(o.Gtol, 0) {
		return o, fmt.Errorf("%w: Gtol must be finite, have %v", ErrBadOptions, o.Gtol)
	}
	if o.MaxIter < 0 || o.MaxFev < 0 || o.TimeLimit < 0 {
		return o, fmt.Errorf("%w: MaxIter, MaxFev and TimeLimit must be >= 0", ErrBadOptions)
	}
	return o, nil
}
