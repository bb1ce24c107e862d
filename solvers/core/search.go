package core

import (
	"math"
	"time"
)

// Search is one run in progress, as a Method's Run loop sees it. It counts
// every evaluation (finite differences included), applies the limits of
// Options after every evaluation, records the iterations in the trace and
// keeps the last iterate, which becomes the Result.
//
// A Search belongs to one run and one goroutine.
type Search struct {
	ev     *evaluator
	opts   Options
	given  Options // as the caller gave them, before defaults
	method *Method
	start  time.Time
	rows   []TracePoint
	keeper traceKeeper
	last   TracePoint // the last iterate's row, kept or not
	kept   bool       // last is in rows

	x, grad []float64 // the last iterate
	f       float64
	nit     int
	started bool // an iterate has been recorded

	warnings []string // Warn's, in order

	status  Status
	err     error
	message string // replaces the status's message when set
	ended   bool
}

// Dim is the number of parameters.
func (s *Search) Dim() int { return len(s.ev.lastX) }

// Options are the run's options, defaults filled in.
func (s *Search) Options() Options { return s.opts }

// Given are the run's options as the caller gave them, before defaults:
// for a method whose limits are its original's (scipy's L-BFGS-B stops
// at 15000 iterations unless told otherwise; scipy's Nelder-Mead bounds
// iterations only when maxfev is not given either), which it then applies
// with SetMaxIter and SetMaxFev.
func (s *Search) Given() Options { return s.given }

// SetMaxIter sets the iterations Iterate allows in this run in place of
// Options.MaxIter; 0 means no bound. Call it before the first Iterate.
func (s *Search) SetMaxIter(k int) { s.opts.MaxIter = k }

// SetMaxFev sets the evaluations of f that Limited allows in this run in
// place of Options.MaxFev; 0 means no bound. Call it before the first
// evaluation.
func (s *Search) SetMaxFev(k int) { s.opts.MaxFev, s.ev.maxfev = k, k }

// Func returns f(x), counted in Nfev. x is neither kept nor changed.
func (s *Search) Func(x []float64) float64 { return s.ev.Func(x) }

// Grad writes the gradient at x into grad, in the run's gradient mode,
// counted in Njev (and its function evaluations in Nfev). Right after
// Func(x) with an analytic FuncGrad problem, it costs nothing more.
func (s *Search) Grad(grad, x []float64) { s.ev.Grad(grad, x) }

// FuncGrad returns f(x) and writes the gradient into grad, evaluating the
// problem once where it can. Both are computed even when the value reaches
// MaxFev (a finite-difference gradient then overshoots it by up to 2n);
// call Limited after it.
func (s *Search) FuncGrad(grad, x []float64) float64 {
	if s.ev.sf.on {
		return s.ev.sfFuncGrad(grad, x)
	}
	f := s.ev.Func(x)
	s.ev.Grad(grad, x)
	return f
}

// Limited reports whether the run must stop now: it has ended, or since the
// last check an evaluation reached MaxFev, the time limit passed, the
// context was cancelled or the problem panicked (the run then ends with
// that status, keeping the last iterate).
func (s *Search) Limited() bool {
	if s.ended {
		return true
	}
	if st, err := s.ev.check(); st >= 0 {
		s.End(st, err)
		return true
	}
	return false
}

// Cut ends the run at its last iterate when the context is cancelled or
// the time limit has passed, by a panic that Minimize recovers: for long
// work between evaluations (scipy:BFGS's n^3 update takes minutes at
// 4096 parameters). A run that reaches neither stop is unchanged.
func (s *Search) Cut() { s.ev.cutLimit() }

// Iterate records (x, f, grad) as the next iteration, the first call being
// x0 (iteration 0), and reports whether the run must stop: f or grad is not
// finite (NaN; a non-finite iterate after x0 is not kept), MaxIter steps
// were taken, the gradient's largest component is below Gtol, or a limit
// applies. grad may be nil for a method without gradient. x, f and grad are
// copied.
//
// For a Method.ScalarFunction run a non-finite iterate is kept and is no
// reason to stop (scipy's loops go on with it; the method decides), and a
// gradient converged with f NaN ends as NaN, as scipy's BFGS and CG
// report it.
func (s *Search) Iterate(x []float64, f float64, grad []float64) bool {
	if s.ended {
		return true
	}
	if s.method.ScalarFunction {
		return s.iterateKeep(x, f, grad)
	}
	bad := !finite(f) || NonFinite(grad)
	if bad && s.started {
		s.End(NaN, nil)
		return true
	}
	iter := 0
	if s.started {
		iter = s.nit + 1
	}
	norm := s.record(iter, x, f, grad)
	switch {
	case bad:
		s.End(NaN, nil)
	case iter > 0 && s.opts.MaxIter > 0 && iter >= s.opts.MaxIter:
		s.End(MaxIter, nil)
	case grad != nil && s.gradConverged(norm):
		s.End(Success, nil)
	default:
		return s.Limited()
	}
	return true
}

// Step records (x, f, grad) as the next iteration and reports whether the
// run must stop for a non-finite value or a limit (MaxFev, time, context),
// without Iterate's MaxIter and Gtol tests: for methods whose own tests
// decide (scipy's Newton-CG and trust-region methods). For a
// Method.ScalarFunction run a non-finite value is no reason to stop: the
// method's own tests see it, as scipy's do.
func (s *Search) Step(x []float64, f float64, grad []float64) bool {
	if s.ended {
		return true
	}
	iter := 0
	if s.started {
		iter = s.nit + 1
	}
	s.record(iter, x, f, grad)
	if !s.method.ScalarFunction && (!finite(f) || NonFinite(grad)) {
		s.End(NaN, nil)
		return true
	}
	return s.Limited()
}

// iterateKeep is Iterate for a Method.ScalarFunction run: the iterate is
// kept whatever its values, and MaxIter, Gtol (never met by a NaN
// gradient) and the limits are tested.
func (s *Search) iterateKeep(x []float64, f float64, grad []float64) bool {
	iter := 0
	if s.started {
		iter = s.nit + 1
	}
	norm := s.record(iter, x, f, grad)
	switch {
	case iter > 0 && s.opts.MaxIter > 0 && iter >= s.opts.MaxIter:
		s.End(MaxIter, nil)
	case grad != nil && s.gradConverged(norm) && math.IsNaN(f):
		s.End(NaN, nil)
	case grad != nil && s.gradConverged(norm):
		s.End(Success, nil)
	default:
		return s.Limited()
	}
	return true
}

// EndMessage ends the run with status st and msg in place of the status's
// own message (scipy's methods have messages of their own).
func (s *Search) EndMessage(st Status, msg string) {
	if !s.ended {
		s.End(st, nil)
		s.message = msg
	}
}

// End ends the run with status st (and err as its cause, appended to the
// message), unless it has ended already. Stalled is the status of a line
// search that cannot progress; End turns it into NaN when a non-finite value
// was met on the way. Success and Stalled become NaN when the last
// iterate's value is not finite (Success also when its gradient is not:
// scipy's L-BFGS-B "converges" on its relative reduction there), a scipy
// port's message staying its original's. For a Method.ScalarFunction run the cause is only
// Result.Cause, and Stalled becomes NaN only in that case.
func (s *Search) End(st Status, err error) {
	if s.ended {
		return
	}
	if s.started && (!finite(s.f) || st == Success && NonFinite(s.grad)) && (st == Success || st == Stalled) {
		// The run ends at a value that is not finite (scipy's ports keep
		// them: BFGS's precision loss at f = -inf, L-BFGS-B's
		// "convergence" there): no table may count an overflow as solved,
		// so the status is NaN; a port's message stays its original's.
		// A limit reached there keeps its status, as scipy's: such a run
		// is not counted as solved, and a value of -inf reaches no target
		// (analysis.Reach).
		if s.method.ScalarFunction || s.method.ExactMessages {
			s.message = st.Message(s.opts.TimeLimit)
		}
		st = NaN
	}
	if s.method.ScalarFunction {
		s.status, s.err, s.ended = st, err, true
		return
	}
	if st == Stalled && s.ev.nonFinite {
		st = NaN
	}
	if st == Success && s.ev.stepLost != nil {
		// The gradient that looked converged was differences of 0.
		st, err = Failed, s.ev.stepLost
	}
	s.status, s.err, s.ended = st, err, true
}

// Bounds returns the problem's bounds (Problem.Bounds), nil and nil when
// it has none. They are the problem's own slices: read them, do not change
// them. Only a method with Method.Bounds is given a bounded problem.
func (s *Search) Bounds() (lower, upper []float64) {
	if b := s.ev.p.Bounds; b != nil {
		return b.Lower, b.Upper
	}
	return nil, nil
}

// Warn adds msg to the Result's Warnings, as scipy's OptimizeWarning: the
// run goes on.
func (s *Search) Warn(msg string) { s.warnings = append(s.warnings, msg) }

// Nit is the number of iterations recorded so far after x0.
func (s *Search) Nit() int { return s.nit }

// Started reports whether an iterate has been recorded (x0 is the first).
func (s *Search) Started() bool { return s.started }

// Ended reports whether the run has ended: by End or EndMessage, or by a
// test of Iterate, Step or Limited. Once it has, every later End is
// ignored.
func (s *Search) Ended() bool { return s.ended }

// Nhev is the number of Hessian evaluations so far (whole Hessians and
// products with it, as the Result's Nhev).
func (s *Search) Nhev() int { return s.ev.nhev }

// Nfev is the number of evaluations of f so far, finite differences
// included: what the Result's Nfev will be if the run ends now.
func (s *Search) Nfev() int { return s.ev.nfev }

// Last returns the last recorded iterate and its value, which the Result
// reports (nil and NaN before the first). x is the Search's own copy: read
// it, do not keep or change it.
func (s *Search) Last() (x []float64, f float64) { return s.x, s.f }

// Record records (x, f, grad) as iteration iter, with no stopping test (no
// Gtol, MaxIter, non-finite or limit test: call Limited after it), for a
// method that counts and tests its iterations itself (gonum's and scipy's
// Nelder-Mead, scipy's Powell). iter must exceed the last recorded one, x0
// being 0; grad may be nil. x, f and grad are copied.
func (s *Search) Record(iter int, x []float64, f float64, grad []float64) {
	s.record(iter, x, f, grad)
}

// Amend replaces the point and value the Result will report (the last
// iterate's) by x and f without recording an iteration, for a method whose
// answer is not its last recorded iterate (scipy's Powell cut short by
// maxfev answers with the point of its unfinished cycle). An iterate must
// have been recorded.
func (s *Search) Amend(x []float64, f float64) {
	copy(s.x, x)
	s.f = f
}

// SetNit sets the Result's Nit to k in place of the last recorded
// iteration's number, for a method whose original counts its iterations
// otherwise than its trace rows (scipy's Nelder-Mead counts from 1 and does
// not count a pass that maxfev cuts short). Call it after the last Record.
func (s *Search) SetNit(k int) { s.nit = k }

// TakeOverMaxFev turns off Limited's MaxFev test for this run: the method
// compares Nfev with Options.MaxFev (or a default of its own) itself, as
// scipy's Powell and Nelder-Mead refuse the evaluation past maxfun rather
// than stop after it. Call it before the first evaluation.
func (s *Search) TakeOverMaxFev() { s.ev.maxfev = 0 }

// SetHessStep sets the step of the Hessian's finite differences of the
// gradient for this run, in place of Options.HessStep (Newton's hess-step
// parameter). Call it before the first evaluation.
func (s *Search) SetHessStep(h float64) { s.ev.hStep = h }

// CountHess adds k Hessian evaluations to Nhev without computing any: for
// scipy's counting of a Hessian its ScalarFunction takes and throws away
// (the dummy hess of _prepare_scalar_function, counted once at x0 when a
// trust-region method is given only H v).
func (s *Search) CountHess(k int) { s.ev.nhev += k }

// Batched reports whether the problem is evaluated on mini-batches
// (Problem.Batches); a Stochastic method then steps through RunUpdates.
func (s *Search) Batched() bool { return s.ev.p.Batches != nil }

// HasHess reports whether the problem gives its whole Hessian
// (Problem.Hess), not only products with it.
func (s *Search) HasHess() bool { return s.ev.p.Hess != nil }

// Hess writes the problem's Hessian at x into dst (n x n, row-major),
// counted as one Hessian in Nhev (for a Method.ScalarFunction run, only
// when it is not known at x already: the ScalarFunction's cache); dst is all NaN when the problem panics
// (the run then fails at the next Limited). It needs HasHess; with
// Options.Hessian other than Exact, build the Hessian from HessVec.
func (s *Search) Hess(dst, x []float64) {
	e := s.ev
	if e.sf.on {
		e.sfHess(dst, x)
		return
	}
	e.nhev++
	if !e.call(func() { e.p.Hess(dst, x) }) {
		fillNaN(dst)
	}
}

// HessVec writes H(x) v into dst in the run's Hessian mode
// (Options.Hessian): the problem's HessVec, or its Hess times v (Exact,
// counted as one Hessian in Nhev, as scipy counts hessp), or differences of
// the gradient along v (forward or central, counted in Njev).
func (s *Search) HessVec(dst, x, v []float64) { s.ev.HessVec(dst, x, v) }

// gradConverged applies Gtol to norm, the gradient's largest component.
func (s *Search) gradConverged(norm float64) bool {
	if s.opts.Gtol < 0 {
		return false
	}
	return norm < s.opts.Gtol || (s.method.InclusiveGtol && norm <= s.opts.Gtol)
}

// record appends the trace row of an iterate and keeps it as the last one;
// it returns the gradient's largest component (NaN without a gradient).
func (s *Search) record(iter int, x []float64, f float64, grad []float64) float64 {
	if s.x == nil {
		s.x = make([]float64, len(x))
	}
	copy(s.x, x)
	if grad != nil {
		if s.grad == nil {
			s.grad = make([]float64, len(grad))
		}
		copy(s.grad, grad)
	}
	s.f, s.nit, s.started = f, iter, true
	var xCopy []float64
	if s.opts.TraceX {
		xCopy = append([]float64(nil), x...)
	}
	norm := InfNorm(grad)
	s.last = TracePoint{
		X:        xCopy,
		Iter:     iter,
		Time:     time.Since(s.start),
		Fun:      f,
		GradNorm: norm,
		Nfev:     s.ev.nfev,
		Njev:     s.ev.njev,
		Nhev:     s.ev.nhev,
	}
	if s.kept = s.keeper.keep(iter); s.kept {
		if s.rows == nil && s.keeper.mode == TraceNone {
			// Room for x0 and the last iterate at once, so that a run's
			// allocations do not depend on whether it took an iteration.
			s.rows = make([]TracePoint, 0, 2)
		}
		s.rows = append(s.rows, s.last)
	}
	if s.opts.Callback != nil {
		s.opts.Callback(s.last)
	}
	return norm
}

// trace is the run's trace, with the last iterate whether or not its
// iteration was one to keep.
func (s *Search) trace() []TracePoint {
	if s.started && !s.kept {
		s.rows, s.kept = append(s.rows, s.last), true
	}
	return s.rows
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// NonFinite reports whether x holds a NaN or an infinity.
//
// v*0 is 0 for every finite v and NaN for a NaN or an infinity, so the
// sums below are 0 unless x holds one. Four sums and no branch: 3.5 times
// faster than testing each value with math.IsNaN and math.IsInf, which
// scipy:trust-exact felt (it checks its n x n Cholesky factor at every
// step of its search for lambda, as scipy's cho_solve does).
func NonFinite(x []float64) bool {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * 0
		s1 += x[i+1] * 0
		s2 += x[i+2] * 0
		s3 += x[i+3] * 0
	}
	for ; i < len(x); i++ {
		s0 += x[i] * 0
	}
	return s0+s1+s2+s3 != 0 // NaN != 0
}

// InfNorm is the largest absolute component of g (the max-norm the
// gradient tests use), NaN if g is nil or holds a NaN.
func InfNorm(g []float64) float64 {
	if g == nil {
		return math.NaN()
	}
	var m float64
	for _, v := range g {
		if math.IsNaN(v) {
			return math.NaN()
		}
		m = max(m, math.Abs(v))
	}
	return m
}
