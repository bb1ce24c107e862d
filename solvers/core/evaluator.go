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
}

func newEvaluator(ctx context.Context, p Problem, o Options, n int) *evaluator {
	e := &evaluator{
		p: p, mode: o.Gradient, hmode: o.Hessian, fdStep: o.FDStep, hStep: o.HessStep,
		lastX: make([]float64, n), lastG: make([]float64, n), gradBuf: make([]float64, n),
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

// Func is the objective as gonum sees it.
func (e *evaluator) Func(x []float64) float64 { return e.rawFunc(x) }

// Grad is the gradient as gonum sees it: analytic (from the cache when gonum
// asks at the point f was just evaluated) or by finite differences.
func (e *evaluator) Grad(grad, x []float64) {
	e.njev++
	switch e.mode {
	case Analytic:
		e.analyticGrad(grad, x)
	case Forward2:
		s := &fd.Settings{Formula: fd.Forward, Step: e.fdStep}
		if e.haveLastF && slices.Equal(e.lastX, x) {
			s.OriginKnown, s.OriginValue = true, e.lastF
		}
		fd.Gradient(grad, e.fdFunc, x, s)
	case Central3:
		fd.Gradient(grad, e.fdFunc, x, &fd.Settings{Formula: fd.Central, Step: e.fdStep})
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
	if e.hmode == Exact {
		e.nhev++
	}
	switch {
	case e.hmode == Exact && e.p.HessVec != nil:
		if !e.call(func() { e.p.HessVec(dst, x, v) }) {
			fillNaN(dst)
		}
	case e.hmode == Exact:
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
	default:
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
// Minimize computes it for Options.Jac. The returned function allocates
// only what gonum's fd.Gradient does.
func FiniteDifference(p Problem, mode GradientMode, h float64) func(grad, x []float64) {
	formula := fd.Central
	if mode == Forward2 {
		formula = fd.Forward
	}
	s := &fd.Settings{Formula: formula, Step: h}
	return func(grad, x []float64) { fd.Gradient(grad, p.Func, x, s) }
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
