package solvers

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

	status  Status
	err     error
	message string // replaces the status's message when set
	ended   bool
}

// Dim is the number of parameters.
func (s *Search) Dim() int { return len(s.ev.lastX) }

// Options are the run's options, defaults filled in.
func (s *Search) Options() Options { return s.opts }

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

// Iterate records (x, f, grad) as the next iteration, the first call being
// x0 (iteration 0), and reports whether the run must stop: f or grad is not
// finite (NaN; a non-finite iterate after x0 is not kept), MaxIter steps
// were taken, the gradient's largest component is below Gtol, or a limit
// applies. grad may be nil for a method without gradient. x, f and grad are
// copied.
func (s *Search) Iterate(x []float64, f float64, grad []float64) bool {
	if s.ended {
		return true
	}
	bad := !finite(f) || hasNaN(grad)
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
	case iter > 0 && iter >= s.opts.MaxIter:
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
// decide (scipy's Newton-CG and trust-region methods).
func (s *Search) Step(x []float64, f float64, grad []float64) bool {
	if s.ended {
		return true
	}
	iter := 0
	if s.started {
		iter = s.nit + 1
	}
	s.record(iter, x, f, grad)
	if !finite(f) || hasNaN(grad) {
		s.End(NaN, nil)
		return true
	}
	return s.Limited()
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
// was met on the way.
func (s *Search) End(st Status, err error) {
	if s.ended {
		return
	}
	if st == Stalled && s.ev.nonFinite {
		st = NaN
	}
	s.status, s.err, s.ended = st, err, true
}

// Nit is the number of iterations recorded so far after x0.
func (s *Search) Nit() int { return s.nit }

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
	norm := infNorm(grad)
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

func hasNaN(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return true
		}
	}
	return false
}

func infNorm(g []float64) float64 {
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
