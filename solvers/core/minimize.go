package core

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

var nan = math.NaN()

// MaxDenseParams bounds the parameters of a method that keeps n x n
// matrices (Method.Dense: BFGS, scipy:BFGS, Newton, scipy:trust-exact,
// scipy:dogleg, and the derivative-free Nelder-Mead, scipy:Nelder-Mead
// with their simplex of n+1 points and scipy:Powell with its n
// directions): 4096 x 4096 is 128 MiB a matrix, and scipy:BFGS keeps
// three. It bounds too the whole Hessians of the methods that need only
// products with it (Newton-CG, trust-ncg): beyond it they take H v from
// Problem.HessVec or from differences of the gradient, in O(n) memory, and
// refuse an exact Hessian the problem gives only whole.
const MaxDenseParams = 4096

// tooLarge is the error of a Dense method on more than MaxDenseParams
// parameters.
func tooLarge(name string, n int) error {
	return fmt.Errorf("%w: %s keeps %d x %d matrices (%.3g GB each) for %d parameters; it takes at most %d: use L-BFGS or CG",
		ErrTooLarge, name, n, n, float64(n)*float64(n)*8/1e9, n, MaxDenseParams)
}

// Minimize minimizes p from x0 with the method and options in o.
//
// The error is non-nil only when the request itself is wrong; it wraps
// ErrUnknownMethod, ErrUnknownParam, ErrBadParam, ErrNeedsGradient,
// ErrNeedsHessian, ErrUnknownGradient, ErrTooLarge, ErrBadOptions or
// ErrBadStart. Everything that can go
// wrong during the run, including a panic in p or in the method, ends it
// with a Status and a Message in the Result.
func Minimize(p Problem, x0 []float64, o Options) (Result, error) {
	return MinimizeContext(context.Background(), p, x0, o)
}

// MinimizeContext is Minimize that also stops, with Status Interrupted,
// when ctx is cancelled; the check comes after every evaluation.
func MinimizeContext(ctx context.Context, p Problem, x0 []float64, o Options) (res Result, err error) {
	n := len(x0)
	if n == 0 {
		return Result{}, fmt.Errorf("%w: x0 is empty", ErrBadStart)
	}
	for i, v := range x0 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Result{}, fmt.Errorf("%w: x0[%d] is %v", ErrBadStart, i, v)
		}
	}
	if !p.hasFunc() {
		return Result{}, fmt.Errorf("%w: problem has no Func or FuncGrad", ErrBadOptions)
	}
	given := o
	o, err = o.withDefaults(n)
	if err != nil {
		return Result{}, err
	}
	m, err := o.Registry.Lookup(o.Method)
	if err != nil {
		return Result{}, err
	}
	params, err := m.Resolve(o.Params)
	if err != nil {
		return Result{}, err
	}
	if b := p.Bounds; b != nil {
		if err := b.Check(n); err != nil {
			return Result{}, err
		}
		if !m.Bounds {
			return Result{}, fmt.Errorf("%w: %s cannot honour bounds; the methods that can: %s", ErrNoBounds, m.Name, boundedMethods(o.Registry))
		}
	}
	if m.Dense && n > MaxDenseParams {
		return Result{}, tooLarge(m.Name, n)
	}
	if !m.Gradient {
		o.Gradient = NoGradient
	} else if o.Gradient == NoGradient {
		return Result{}, fmt.Errorf("%w: %s uses a gradient: give analytic, 2-point or 3-point", ErrUnknownGradient, m.Name)
	} else if o.Gradient == Analytic && !p.hasGrad() {
		return Result{}, fmt.Errorf("%w: %s needs one: give Problem.Grad or FuncGrad, or use 2-point or 3-point", ErrNeedsGradient, m.Name)
	}
	if m.Hessian && !m.Dense && n > MaxDenseParams && p.hasHess() {
		// Newton-CG and trust-ncg would keep the whole Hessian (as scipy
		// does when given hess=) only to multiply by it: beyond the bound,
		// they see the problem without it and take their products from
		// HessVec or from differences of the gradient.
		if o.Hessian == Exact && p.HessVec == nil {
			return Result{}, fmt.Errorf("%w: the problem gives its Hessian only whole, %d x %d (%.3g GB), and %s takes an exact one whole only up to %d parameters: give Problem.HessVec, or set Options.Hessian to 2-point or 3-point",
				ErrTooLarge, n, n, float64(n)*float64(n)*8/1e9, m.Name, MaxDenseParams)
		}
		p.Hess = nil
	}
	switch {
	case !m.Hessian:
		o.Hessian = NoHessian
	case o.Hessian == "" || o.Hessian == NoHessian:
		o.Hessian = HessCentral3
		if p.hasHess() || (!m.Dense && p.HessVec != nil) {
			o.Hessian = Exact
		}
	case o.Hessian == Exact && !p.hasHess() && (m.Dense || p.HessVec == nil):
		// Newton, trust-exact and dogleg need the whole matrix; Newton-CG
		// and trust-ncg can do with products.
		return Result{}, fmt.Errorf("%w: give Problem.Hess for %s, or set Options.Hessian to 2-point or 3-point", ErrNeedsHessian, m.Name)
	}

	if b := p.Batches; b != nil {
		switch {
		case !m.Stochastic:
			return Result{}, fmt.Errorf("%w: %s cannot step on mini-batches (it needs the full value: a line search or a model); the methods that can: %s",
				ErrBadOptions, m.Name, strings.Join(stochasticMethods(o.Registry), ", "))
		case b.N < 1 || b.Size < 1 || b.FuncGrad == nil || !p.hasFunc():
			return Result{}, fmt.Errorf("%w: Problem.Batches needs N and Size >= 1, FuncGrad, and the problem's Func or FuncGrad", ErrBadOptions)
		case o.Gradient != Analytic:
			return Result{}, fmt.Errorf("%w: mini-batches take the analytic gradient, not %s", ErrBadOptions, o.Gradient)
		}
	}
	if o.Epochs < 0 {
		return Result{}, fmt.Errorf("%w: Epochs must be >= 0", ErrBadOptions)
	}

	s := &Search{ev: newEvaluator(ctx, p, o, n), opts: o, given: given, method: m, start: time.Now(), f: nan, keeper: traceKeeper{mode: o.Trace}}
	if m.ScalarFunction {
		s.ev.useScalarFunction(given)
	}
	panicked := false
	func() {
		defer func() {
			if r := recover(); r != nil {
				if c, ok := r.(limitCut); ok {
					// A finite-difference gradient was abandoned: the run
					// ends at its last iterate.
					s.End(c.status, c.err)
					return
				}
				panicked = !s.ended // the panic is what ended the run
				s.End(Failed, fmt.Errorf("panic: %v", r))
			}
		}()
		// The method gets a copy: x0 is the caller's, and a sweep's runs of
		// one start share it.
		m.Run(s, slices.Clone(x0), params)
	}()
	if s.ev.panicErr != nil {
		panicked = true
		s.status, s.err, s.ended = Failed, s.ev.panicErr, true
	}
	if !s.ended {
		s.End(Failed, fmt.Errorf("%s returned without a status", m.Name))
	}
	res = Result{
		Method:   m.Name,
		Params:   params,
		Label:    Label(m, params),
		Gradient: o.Gradient,
		Hessian:  o.Hessian,
		X:        s.x,
		Fun:      s.f,
		Grad:     s.grad,
		Nit:      s.nit,
		Nfev:     s.ev.nfev,
		Njev:     s.ev.njev,
		Nhev:     s.ev.nhev,
		Status:   s.status,
		Success:  s.status == Success,
		Message:  s.status.Message(o.TimeLimit),
		Warnings: s.warnings,
		Runtime:  time.Since(s.start),
		Trace:    s.trace(),
	}
	if !s.started {
		// The run stopped before x0 was an iterate: report x0 with the
		// value computed there, if any.
		res.X = append([]float64(nil), x0...)
		if s.ev.haveLastF {
			res.Fun = s.ev.lastF
		}
	}
	if s.message != "" {
		res.Message = s.message
	}
	if !m.Gradient {
		res.Grad = nil
	}
	if s.err != nil {
		res.Cause = s.err.Error()
	}
	res.Panicked = panicked
	if s.err != nil && s.status != MaxFev && s.status != TimeLimit && s.status != MaxIter && !m.ScalarFunction && !m.ExactMessages {
		// gonum's methods say why in the message; scipy's ports keep
		// scipy's text, the reason being in Cause.
		res.Message += " (" + s.err.Error() + ")"
	}
	return res, nil
}

// sameSetting reports whether two resolved values are one setting: the
// same choice, or floats of the same bits.
func sameSetting(a, b any) bool {
	fa, okA := a.(float64)
	fb, okB := b.(float64)
	if okA && okB {
		return math.Float64bits(fa) == math.Float64bits(fb)
	}
	return a == b
}

// Label is the method's name with its non-default parameters in brackets,
// as tables show it: BFGS[linesearch=more-thuente].
func Label(m *Method, p Params) string {
	label := m.Name
	sep := "["
	for _, ps := range m.Params {
		v := p.Get(ps.Key)
		if v == nil {
			continue
		}
		// Compared as values, formatted only when shown: a sweep labels
		// every run. Floats by their bits, as their shortest texts differ
		// (0 and -0).
		def, _ := ps.value(m.Name, ps.Default)
		if sameSetting(v, def) {
			continue
		}
		label += sep + ps.Key + "=" + p.String(ps.Key)
		sep = ","
	}
	if sep == "," {
		label += "]"
	}
	return label
}

// stochasticMethods names the methods of reg that can step on
// mini-batches.
func stochasticMethods(reg *Registry) []string {
	var out []string
	for _, name := range reg.Names() {
		if m, err := reg.Lookup(name); err == nil && m.Stochastic {
			out = append(out, m.Name)
		}
	}
	return out
}
