package core

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// evaluator stands between gonum and a Problem for one run. It counts every
// evaluation where it happens (gonum's own Stats miss those made by finite
// differences), computes finite-difference gradients and Hessians, keeps
// the gradient FuncGrad computed with the last value, turns a panic in the
// problem into a failed run, and stops the run on MaxFev, the time limit or
// a cancelled context.
type evaluator struct {
	p      Problem
	mode   GradientMode
	hmode  HessianMode
	fdStep float64
	hStep  float64 // Newton's Hessian step; set by the method

	nfev, njev, nhev int

	// The last point at which f was evaluated, its value and, when it came
	// from FuncGrad, its gradient.
	lastX     []float64
	lastF     float64
	lastG     []float64
	haveLastF bool
	haveLastG bool

	gradBuf []float64 // for FuncGrad when only f is wanted and no cache is kept
	fdX     []float64 // the points of a finite-difference gradient

	hessPlus, hessMinus, hessX []float64
	// hessFull (n x n) is made only where a whole Hessian is wanted: Hess,
	// or HessVec from Problem.Hess; a product from Problem.HessVec or from
	// differences of the gradient needs O(n).
	hessFull []float64

	ctx      context.Context
	maxfev   int
	deadline time.Time

	fdEvals   int   // evaluations for finite differences, for cutLimit
	noCut     bool  // evaluations run in gonum's goroutines (GonumRun): no cut
	nonFinite bool  // some f or gradient value was NaN or infinite
	stepLost  error // a finite-difference gradient was taken where x + h == x (see lostStep)
	panicErr  error // the first panic inside the problem
	stopped   Status

	sf scalarFunction // scipy's counting, for a Method.ScalarFunction run
}

func newEvaluator(ctx context.Context, p Problem, o Options, n int) *evaluator {
	buf := make([]float64, 4*n) // one allocation for the four n-vectors
	vec := func(i int) []float64 { return buf[i*n : (i+1)*n : (i+1)*n] }
	e := &evaluator{
		p: p, mode: o.Gradient, hmode: o.Hessian, fdStep: o.FDStep, hStep: o.HessStep,
		lastX: vec(0), lastG: vec(1), gradBuf: vec(2), fdX: vec(3),
		ctx: ctx, maxfev: o.MaxFev, stopped: -1,
	}
	if o.TimeLimit > 0 {
		e.deadline = time.Now().Add(o.TimeLimit)
	}
	return e
}

// call runs fn, turning a panic into e.panicErr.
func (e *evaluator) call(fn func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if e.panicErr == nil {
				e.panicErr = fmt.Errorf("panic: %v", r)
			}
			ok = false
		}
	}()
	fn()
	return true
}

// rawFunc evaluates f, counted, and remembers the point.
func (e *evaluator) rawFunc(x []float64) float64 {
	f := math.NaN()
	e.nfev++
	if e.p.FuncGrad != nil && (e.p.Func == nil || e.mode == Analytic) {
		// One pass gives the gradient too; keep it for the Grad call that
		// gonum makes next at the same x.
		if !e.call(func() { f = e.p.FuncGrad(e.lastG, x) }) {
			f = math.NaN()
		}
		e.haveLastG = true
	} else {
		if !e.call(func() { f = e.p.Func(x) }) {
			f = math.NaN()
		}
		e.haveLastG = false
	}
	copy(e.lastX, x)
	e.lastF, e.haveLastF = f, true
	if math.IsNaN(f) || math.IsInf(f, 0) {
		e.nonFinite = true
	}
	return f
}

// fdFunc evaluates f for finite differences: counted, but not remembered as
// the last point.
func (e *evaluator) fdFunc(x []float64) float64 {
	if e.fdEvals++; e.fdEvals%fdCheckEvery == 0 {
		e.cutLimit()
	}
	f := math.NaN()
	e.nfev++
	if e.p.Func != nil {
		if !e.call(func() { f = e.p.Func(x) }) {
			f = math.NaN()
		}
	} else if !e.call(func() { f = e.p.FuncGrad(e.gradBuf, x) }) {
		f = math.NaN()
	}
	return f
}

// fdCheckEvery is how often, in evaluations, a finite-difference gradient
// looks at the context and the time limit: a gradient of n parameters
// takes n or 2n evaluations (120,006 on the 60,003 parameters of a
// 2-10000-3 network, minutes), too long to wait for at Ctrl-C.
const fdCheckEvery = 32

// limitCut is what cutLimit panics with, and MinimizeContext recovers: the
// run ends with status and err at its last iterate.
type limitCut struct {
	status Status
	err    error
}

// cutLimit abandons a finite-difference gradient (or Hessian) when the
// context is cancelled or the time limit has passed, by panicking with a
// limitCut. Those two stops depend on timing anyway, so no run that
// reaches neither changes; MaxFev, which is exact, keeps stopping after
// the gradient, as it always has. Not under GonumRun, whose evaluations
// run in gonum's goroutines, where a panic would not be recovered.
func (e *evaluator) cutLimit() {
	switch {
	case e.noCut:
	case e.ctx.Err() != nil:
		panic(limitCut{Interrupted, e.ctx.Err()})
	case !e.deadline.IsZero() && time.Now().After(e.deadline):
		panic(limitCut{TimeLimit, nil})
	}
}

// batchGrad writes the gradient of one mini-batch into grad, counted as
// one value and one gradient; false when the value or the gradient is not
// finite or the problem panicked.
func (e *evaluator) batchGrad(grad, x []float64, idx []int) bool {
	e.nfev++
	e.njev++
	f := math.NaN()
	if !e.call(func() { f = e.p.Batches.FuncGrad(grad, x, idx) }) || !finite(f) || NonFinite(grad) {
		e.nonFinite = true
		return false
	}
	return true
}

// Func is the objective as gonum sees it (or, for a ScalarFunction run,
// as scipy's ScalarFunction.fun).
func (e *evaluator) Func(x []float64) float64 {
	if e.sf.on {
		return e.sfFunc(x)
	}
	return e.rawFunc(x)
}

// Grad is the gradient as gonum sees it: analytic (from the cache when gonum
// asks at the point f was just evaluated) or by finite differences.
func (e *evaluator) Grad(grad, x []float64) {
	if e.sf.on {
		e.sfGrad(grad, x)
		return
	}
	e.njev++
	switch e.mode {
	case Analytic:
		e.analyticGrad(grad, x)
	case Forward2, Central3:
		known := e.mode == Forward2 && e.haveLastF && slices.Equal(e.lastX, x)
		fdGradient(grad, e.fdFunc, x, e.fdX, e.mode, e.fdStep, known, e.lastF)
	}
	if e.mode != Analytic && e.stepLost == nil {
		e.stepLost = lostStep(x, e.mode, e.fdStep)
	}
	for _, g := range grad {
		if math.IsNaN(g) || math.IsInf(g, 0) {
			e.nonFinite = true
			break
		}
	}
}

func (e *evaluator) analyticGrad(grad, x []float64) {
	if e.haveLastG && slices.Equal(e.lastX, x) {
		copy(grad, e.lastG)
		return
	}
	ok := e.call(func() {
		if e.p.Grad != nil {
			e.p.Grad(grad, x)
		} else {
			e.p.FuncGrad(grad, x)
		}
	})
	if !ok {
		for i := range grad {
			grad[i] = math.NaN()
		}
	}
}

// Hess fills hess with the Hessian at x: the problem's (Exact), or finite
// differences of the gradient, symmetrized: forward (n gradients) or
// central (2n).
func (e *evaluator) Hess(hess *mat.SymDense, x []float64) {
	n := len(x)
	e.hessBuffers(n)
	e.nhev++
	full := e.fullHess(n)
	if e.hmode == Exact {
		if !e.call(func() { e.p.Hess(full, x) }) {
			for i := range full {
				full[i] = math.NaN()
			}
		}
	} else {
		h := e.hStep
		if e.hmode == HessForward2 {
			e.gradAt(e.hessMinus, x)
		}
		for j := range n {
			copy(e.hessX, x)
			e.hessX[j] = x[j] + h
			e.gradAt(e.hessPlus, e.hessX)
			div := h
			if e.hmode != HessForward2 {
				e.hessX[j] = x[j] - h
				e.gradAt(e.hessMinus, e.hessX)
				div = 2 * h
			}
			for i := range n {
				full[i*n+j] = (e.hessPlus[i] - e.hessMinus[i]) / div
			}
		}
	}
	raw := hess.RawSymmetric()
	for i := range n {
		row := raw.Data[i*raw.Stride : i*raw.Stride+n]
		for j := i; j < n; j++ {
			row[j] = 0.5 * (full[i*n+j] + full[j*n+i])
		}
	}
}

// HessVec writes H(x) v into dst: the problem's HessVec, or its Hess times
// v (Exact), or differences of the gradient along v, forward or central.
// An exact product counts one Hessian evaluation (nhev), as scipy counts
// hessp; a difference counts its gradients (njev).
func (e *evaluator) HessVec(dst, x, v []float64) {
	n := len(x)
	e.hessBuffers(n)
	if e.sf.on {
		e.sfHessVec(dst, x, v)
		return
	}
	if e.hmode == Exact {
		e.nhev++
		e.exactHessVec(dst, x, v)
		return
	}
	h := e.hStep
	for i := range n {
		e.hessX[i] = x[i] + h*v[i]
	}
	e.gradAt(e.hessPlus, e.hessX)
	div := h
	if e.hmode == HessForward2 {
		e.gradAt(e.hessMinus, x)
	} else {
		for i := range n {
			e.hessX[i] = x[i] - h*v[i]
		}
		e.gradAt(e.hessMinus, e.hessX)
		div = 2 * h
	}
	for i := range n {
		dst[i] = (e.hessPlus[i] - e.hessMinus[i]) / div
	}
}

// exactHessVec is the problem's H(x) v: its HessVec, or its Hess times v;
// not counted.
func (e *evaluator) exactHessVec(dst, x, v []float64) {
	n := len(x)
	if e.p.HessVec != nil {
		if !e.call(func() { e.p.HessVec(dst, x, v) }) {
			fillNaN(dst)
		}
		return
	}
	full := e.fullHess(n)
	if !e.call(func() { e.p.Hess(full, x) }) {
		fillNaN(dst)
		return
	}
	for i := range n {
		var s float64
		for j := range n {
			s += full[i*n+j] * v[j]
		}
		dst[i] = s
	}
}

// hessBuffers makes the second derivatives' O(n) buffers on first use.
func (e *evaluator) hessBuffers(n int) {
	if e.hessX == nil {
		e.hessX = make([]float64, n)
		e.hessPlus = make([]float64, n)
		e.hessMinus = make([]float64, n)
	}
}

// fullHess is the n x n buffer of a whole Hessian, made on first use. Only
// the Dense methods and, up to MaxDenseParams, the products from
// Problem.Hess ask for it (Minimize sees to it).
func (e *evaluator) fullHess(n int) []float64 {
	if e.hessFull == nil {
		e.hessFull = make([]float64, n*n)
	}
	return e.hessFull
}

func fillNaN(x []float64) {
	for i := range x {
		x[i] = math.NaN()
	}
}

// gradAt is a counted gradient at a point that is not an iterate, so the
// cache of the last point is left alone.
func (e *evaluator) gradAt(grad, x []float64) {
	if e.sf.on {
		e.sfGradAt(grad, x)
		return
	}
	saved := e.haveLastF
	e.haveLastF = false
	haveG := e.haveLastG
	e.haveLastG = false
	e.Grad(grad, x)
	e.haveLastF, e.haveLastG = saved, haveG
}

// check reports, after an evaluation, why the run must stop: a panic in
// the problem, a cancelled context, MaxFev or the time limit; -1 if none.
func (e *evaluator) check() (Status, error) {
	switch {
	case e.panicErr != nil:
		return Failed, e.panicErr
	case e.stepLost != nil:
		return Failed, e.stepLost
	case e.ctx.Err() != nil:
		return Interrupted, e.ctx.Err()
	case e.maxfev > 0 && e.nfev >= e.maxfev:
		return MaxFev, nil
	case !e.deadline.IsZero() && time.Now().After(e.deadline):
		return TimeLimit, nil
	}
	return -1, nil
}

// Status is check as gonum's optimize.Minimize calls it, after every
// evaluation.
func (e *evaluator) Status() (optimize.Status, error) {
	st, err := e.check()
	if st >= 0 {
		e.stopped = st
	}
	switch st {
	case Failed, Interrupted:
		return optimize.Failure, err
	case MaxFev:
		return optimize.FunctionEvaluationLimit, nil
	case TimeLimit:
		return optimize.RuntimeLimit, nil
	}
	return optimize.NotTerminated, nil
}

// FiniteDifference returns the gradient of p.Func by finite differences
// (mode Forward2 or Central3, absolute step h, 0 for gonum's default), as
// Minimize computes it for Options.Gradient. The returned function may be
// called from many goroutines at once (if p.Func may); each call allocates
// one n-vector, its points.
func FiniteDifference(p Problem, mode GradientMode, h float64) func(grad, x []float64) {
	return func(grad, x []float64) {
		fdGradient(grad, p.Func, x, make([]float64, len(x)), mode, h, false, 0)
	}
}

// lostStep is the error of a finite-difference gradient (mode Forward2 or
// Central3, absolute step h, 0 for gonum's default) taken at an x where a
// coordinate is so large that x + h rounds to x: every difference there is
// 0, and the gradient 0 would end the run as converged far from any
// minimum (GD-fixed diverging on Beale reached x of 1e14 and "success").
// nil when every coordinate moves.
func lostStep(x []float64, mode GradientMode, h float64) error {
	if h == 0 {
		h = fd.Central.Step
		if mode == Forward2 {
			h = fd.Forward.Step
		}
	}
	for i, v := range x {
		if v+h == v || v-h == v {
			return fmt.Errorf("the finite-difference step %g is lost in rounding at x[%d] = %g: the gradient cannot be estimated there", h, i, v)
		}
	}
	return nil
}

// Machine epsilon and the relative steps of scipy's approx_derivative
// (_eps_for_method): EPS**0.5 for 2-point, EPS**(1/3) for 3-point, as
// Python computes them.
const (
	eps64      = 2.220446049250313e-16
	relStep2pt = 1.4901161193847656e-08
	relStep3pt = 6.055454452393343e-06
)

// scalarFunction is the evaluator's state as scipy 1.10's ScalarFunction
// for a Method.ScalarFunction run: one point, the value and the gradient
// there once requested (f_updated, g_updated, counted when requested),
// and what a FuncGrad call computed alongside but was not requested yet
// (free, not counted: MemoizeJac's cache).
type scalarFunction struct {
	on       bool
	placed   bool
	x        []float64
	f        float64
	g        []float64
	fOK, gOK bool
	hOK      bool      // H holds the Hessian at x (Search.Hess)
	H        []float64 // n x n, made on first use
	freeF    float64
	freeG    []float64
	haveFree struct{ f, g bool }

	absStep  float64 // Options.FDStep as given: scipy's epsilon (absolute step); 0: relative steps
	hessStep float64 // Options.HessStep as given; 0: scipy's relative step

	hold           bool      // sfFuncGrad: x is the cached point, whatever it holds
	fdX, fdH, fdH2 []float64 // approx_derivative's buffers
	fdUse          []bool    // one-sided, per coordinate (3-point)
	gradTmp        []float64 // a gradient off the cached point
}

// useScalarFunction turns the evaluator to scipy's ScalarFunction
// counting and differences (Method.ScalarFunction); given are the Options
// as the caller gave them, before defaults.
func (e *evaluator) useScalarFunction(given Options) {
	n := len(e.lastX)
	e.sf = scalarFunction{
		on: true, x: make([]float64, n), g: make([]float64, n), freeG: make([]float64, n),
		absStep: given.FDStep, hessStep: given.HessStep,
	}
	if e.mode == Forward2 || e.mode == Central3 {
		e.sf.fdX, e.sf.fdH, e.sf.fdH2 = make([]float64, n), make([]float64, n), make([]float64, n)
		e.sf.fdUse = make([]bool, n)
		if given.HessStep == 0 {
			// A Hessian from differences of a differenced gradient, which
			// scipy never takes (its trust-region methods and Newton-CG
			// require jac): scipy's relative steps divide the gradient's
			// error of 1e-8 by 6e-6 and leave noise (trust-krylov on the
			// classroom problem stalled at 1.07 from 1.10); optbench's
			// HessStep, 1e-4, was measured the better step for it.
			e.sf.hessStep = e.hStep
		}
	}
}

// sfMove is ScalarFunction's update_x: a point other than the cached one
// forgets everything known there. Points compare as numpy's array_equal
// (==: -0 equals 0, NaN equals nothing).
func (e *evaluator) sfMove(x []float64) {
	sf := &e.sf
	if sf.hold || sf.placed && slices.Equal(sf.x, x) {
		return
	}
	copy(sf.x, x)
	sf.placed, sf.fOK, sf.gOK, sf.hOK = true, false, false, false
	sf.haveFree.f, sf.haveFree.g = false, false
}

// sfFuncGrad is ScalarFunction.fun_and_grad: f and the gradient at x
// after one comparison of x with the cached point, so that a point with a
// NaN, which equals nothing, is evaluated once, not once for f and again
// for the gradient.
func (e *evaluator) sfFuncGrad(grad, x []float64) float64 {
	e.sfMove(x)
	e.sf.hold = true
	defer func() { e.sf.hold = false }()
	f := e.sfFunc(x)
	e.sfGrad(grad, x)
	return f
}

// sfFunc is ScalarFunction.fun: f at x, counted unless known there.
func (e *evaluator) sfFunc(x []float64) float64 {
	e.sfMove(x)
	sf := &e.sf
	if sf.fOK {
		return sf.f
	}
	e.nfev++
	f := math.NaN()
	switch {
	case sf.haveFree.f:
		f = sf.freeF
	case e.p.FuncGrad != nil && (e.p.Func == nil || e.mode == Analytic):
		// One pass gives the gradient too: keep it for a request at the
		// same point (MemoizeJac), counted then.
		if !e.call(func() { f = e.p.FuncGrad(sf.freeG, sf.x) }) {
			f = math.NaN()
		} else if e.mode == Analytic && !sf.gOK {
			sf.haveFree.g = true
		}
	default:
		if !e.call(func() { f = e.p.Func(sf.x) }) {
			f = math.NaN()
		}
	}
	sf.f, sf.fOK = f, true
	copy(e.lastX, sf.x)
	e.lastF, e.haveLastF = f, true
	if !finite(f) {
		e.nonFinite = true
	}
	return f
}

// sfGrad is ScalarFunction.grad: the gradient at x, counted unless known
// there; a finite-difference one first updates f at x (counted once), as
// scipy's update_grad does, then takes approx_derivative from it.
func (e *evaluator) sfGrad(grad, x []float64) {
	e.sfMove(x)
	sf := &e.sf
	if !sf.gOK {
		if e.mode == Analytic {
			e.njev++
			switch {
			case sf.haveFree.g:
				copy(sf.g, sf.freeG)
			default:
				e.rawGrad(sf.g, sf.x, !sf.fOK && !sf.haveFree.f)
			}
		} else {
			f0 := e.sfFunc(x)
			e.njev++
			e.approxDerivative(sf.g, sf.x, f0)
		}
		sf.gOK = true
		if NonFinite(sf.g) {
			e.nonFinite = true
		}
	}
	copy(grad, sf.g)
}

// rawGrad is the problem's gradient at x, not counted; keepF keeps the
// value a FuncGrad pass gives alongside for a later request at the
// cached point.
func (e *evaluator) rawGrad(grad, x []float64, keepF bool) {
	sf := &e.sf
	ok := e.call(func() {
		if e.p.Grad != nil {
			e.p.Grad(grad, x)
			return
		}
		f := e.p.FuncGrad(grad, x)
		if keepF {
			sf.freeF, sf.haveFree.f = f, true
		}
	})
	if !ok {
		fillNaN(grad)
	}
}

// sfHess is ScalarFunction.hess with the problem's Hessian: the whole
// Hessian at x into dst (n x n), counted in Nhev unless known there.
func (e *evaluator) sfHess(dst, x []float64) {
	e.sfMove(x)
	sf := &e.sf
	if !sf.hOK {
		if sf.H == nil {
			sf.H = make([]float64, len(dst))
		}
		e.nhev++
		if !e.call(func() { e.p.Hess(sf.H, sf.x) }) {
			fillNaN(sf.H)
		}
		sf.hOK = true
	}
	copy(dst, sf.H)
}

// sfGradAt is a gradient at a point that is not the cached one (a
// difference of gradients for H p): counted in Njev, the cache left
// alone, as scipy's grad_wrapped in a finite-difference Hessian.
func (e *evaluator) sfGradAt(grad, x []float64) {
	e.njev++
	if e.mode == Analytic {
		e.rawGrad(grad, x, false)
		return
	}
	f0 := e.fdFunc(x)
	e.approxDerivative(grad, x, f0)
}

// approxDerivative writes scipy 1.10's approx_derivative of f at x into
// grad (method 2-point or 3-point by the run's gradient mode, f0 = f(x)),
// every evaluation counted in Nfev: the step h_i = rel * sign(x_i) *
// max(1, |x_i|) (sign(0) = 1), or Options.FDStep where given (scipy's
// epsilon, an absolute step, replaced by the relative one where x_i + h
// == x_i), adjusted to Problem.Bounds as _adjust_scheme_to_bounds does,
// and the difference taken over the step as represented, (x_i + h_i) -
// x_i. The step is never lost in rounding, so lostStep does not apply.
func (e *evaluator) approxDerivative(grad, x []float64, f0 float64) {
	sf := &e.sf
	n := len(x)
	rel := relStep2pt
	if e.mode == Central3 {
		rel = relStep3pt
	}
	h := sf.fdH
	for i, v := range x {
		sign := 1.0
		if !(v >= 0) {
			sign = -1
		}
		if sf.absStep > 0 {
			h[i] = sf.absStep
			if (v+h[i])-v == 0 {
				h[i] = rel * sign * math.Max(1, math.Abs(v))
			}
		} else {
			h[i] = rel * sign * math.Max(1, math.Abs(v))
		}
	}
	var lb, ub []float64
	if b := e.p.Bounds; b != nil {
		lb, ub = b.Lower, b.Upper
	}
	oneSided := sf.fdUse
	if e.mode == Forward2 {
		adjustOneSided(x, h, lb, ub)
	} else {
		adjustTwoSided(x, h, oneSided, lb, ub)
	}
	xs := sf.fdX
	copy(xs, x)
	for i := range n {
		switch {
		case lb != nil && lb[i] == ub[i]:
			// A variable fixed by equal bounds: scipy's minimize takes it
			// out of the problem before differentiating (L-BFGS-B, TNC),
			// so it costs no evaluation; its component is 0.
			grad[i] = 0
		case e.mode == Forward2:
			xs[i] = x[i] + h[i]
			dx := xs[i] - x[i]
			grad[i] = (e.fdFunc(xs) - f0) / dx
		case oneSided[i]:
			xs[i] = x[i] + h[i]
			f1 := e.fdFunc(xs)
			xs[i] = x[i] + 2*h[i]
			dx := xs[i] - x[i]
			f2 := e.fdFunc(xs)
			grad[i] = (-3.0*f0 + 4*f1 - f2) / dx
		default:
			xs[i] = x[i] - h[i]
			x1 := xs[i]
			f1 := e.fdFunc(xs)
			xs[i] = x[i] + h[i]
			dx := xs[i] - x1
			f2 := e.fdFunc(xs)
			grad[i] = (f2 - f1) / dx
		}
		xs[i] = x[i]
	}
}

// adjustOneSided is _adjust_scheme_to_bounds(x, h, 1, '1-sided', lb, ub):
// a forward step that leaves the box turns backward when that fits, else
// goes to the farther bound.
func adjustOneSided(x, h, lb, ub []float64) {
	if lb == nil {
		return
	}
	for i, v := range x {
		if math.IsInf(lb[i], -1) && math.IsInf(ub[i], 1) {
			continue
		}
		lower, upper := v-lb[i], ub[i]-v
		xi := v + h[i]
		violated := xi < lb[i] || xi > ub[i]
		fitting := math.Abs(h[i]) <= math.Max(lower, upper)
		switch {
		case violated && fitting:
			h[i] = -h[i]
		case !fitting && upper >= lower:
			h[i] = upper
		case !fitting:
			h[i] = -lower
		}
	}
}

// adjustTwoSided is _adjust_scheme_to_bounds(x, h, 1, '2-sided', lb, ub):
// central where both sides fit, else one-sided toward the farther bound
// (oneSided set), or central with the smaller distance where that is not
// shorter than the one-sided step.
func adjustTwoSided(x, h []float64, oneSided []bool, lb, ub []float64) {
	for i := range h {
		h[i] = math.Abs(h[i])
		oneSided[i] = false
	}
	if lb == nil {
		return
	}
	for i, v := range x {
		if math.IsInf(lb[i], -1) && math.IsInf(ub[i], 1) {
			continue
		}
		lower, upper := v-lb[i], ub[i]-v
		if lower >= h[i] && upper >= h[i] {
			continue
		}
		if upper >= lower {
			h[i] = math.Min(h[i], 0.5*upper)
		} else {
			h[i] = -math.Min(h[i], 0.5*lower)
		}
		oneSided[i] = true
		if minDist := math.Min(upper, lower); math.Abs(h[i]) <= minDist {
			h[i], oneSided[i] = minDist, false
		}
	}
}

// sfHessVec is H(x) p for a ScalarFunction run, counted in Nhev as scipy
// counts hessp (and hess(x).dot(p) through trust-region methods and
// Newton-CG): the problem's, or scipy's finite-difference Hessian
// operator (_linear_operator_difference): from the gradient at x, known
// or counted (sf.hess(x) updates it first), and at x + (h/|p|) p
// (2-point; 3-point: x -+ (h/|p|) p), h = sqrt(eps) or eps^(1/3), or
// Options.HessStep when given; p = 0 gives 0 with no evaluation.
func (e *evaluator) sfHessVec(dst, x, p []float64) {
	e.nhev++
	n := len(x)
	if e.hmode == Exact {
		e.exactHessVec(dst, x, p)
		return
	}
	sf := &e.sf
	if sf.gradTmp == nil {
		sf.gradTmp = make([]float64, n)
	}
	e.sfGrad(e.hessMinus, x)
	var pp float64
	for _, v := range p {
		pp += v * v
	}
	if pp == 0 {
		clear(dst)
		return
	}
	norm := math.Sqrt(pp)
	h := sf.hessStep
	if e.hmode == HessForward2 {
		if h == 0 {
			h = relStep2pt
		}
		dx := h / norm
		for i := range n {
			e.hessX[i] = x[i] + dx*p[i]
		}
		e.sfGradAt(e.hessPlus, e.hessX)
		for i := range n {
			dst[i] = (e.hessPlus[i] - e.hessMinus[i]) / dx
		}
		return
	}
	if h == 0 {
		h = relStep3pt
	}
	dx := 2 * h / norm
	for i := range n {
		e.hessX[i] = x[i] - (dx/2)*p[i]
	}
	e.sfGradAt(sf.gradTmp, e.hessX)
	for i := range n {
		e.hessX[i] = x[i] + (dx/2)*p[i]
	}
	e.sfGradAt(e.hessPlus, e.hessX)
	for i := range n {
		dst[i] = (e.hessPlus[i] - sf.gradTmp[i]) / dx
	}
}
