package solvers

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/optimize"
)

var nan = math.NaN()

// Minimize minimizes p from x0 with the method and options in o.
//
// The error is non-nil only when the request itself is wrong (an unknown
// method or gradient mode, a method that needs a gradient the problem does
// not give, an empty or non-finite x0, bad options). Everything that can go
// wrong during the run, including a panic in p, ends it with a Status and a
// Message in the Result.
func Minimize(p Problem, x0 []float64, o Options) (Result, error) {
	return MinimizeContext(context.Background(), p, x0, o)
}

// MinimizeContext is Minimize that also stops, with Status Interrupted,
// when ctx is cancelled; the check comes after every evaluation.
func MinimizeContext(ctx context.Context, p Problem, x0 []float64, o Options) (res Result, err error) {
	n := len(x0)
	if n == 0 {
		return Result{}, errors.New("solvers: x0 is empty")
	}
	for i, v := range x0 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Result{}, fmt.Errorf("solvers: x0[%d] is %v", i, v)
		}
	}
	if !p.hasFunc() {
		return Result{}, errors.New("solvers: problem has no Func or FuncGrad")
	}
	o, err = o.withDefaults(n)
	if err != nil {
		return Result{}, err
	}
	m, err := lookup(o.Method)
	if err != nil {
		return Result{}, err
	}
	if !m.gradient {
		o.Jac = NoGradient
	} else if o.Jac == Analytic && !p.hasGrad() {
		return Result{}, fmt.Errorf("solvers: %s needs a gradient: give Problem.Grad or FuncGrad, or set Jac to 2-point or 3-point", m.name)
	}

	start := time.Now()
	ev := newEvaluator(ctx, p, o, n)
	rec := &traceRecorder{ev: ev, start: start, keepX: o.TraceX, callback: o.Callback}
	var out outcome
	if m.run != nil {
		out = m.run(ev, x0, o, rec)
		if ev.panicErr != nil {
			out.status, out.err = Failed, ev.panicErr
		}
	} else {
		out = runGonum(m, ev, x0, o, rec)
	}
	res = Result{
		Method:  m.name,
		Jac:     o.Jac,
		X:       out.x,
		Fun:     out.f,
		Grad:    out.grad,
		Nit:     out.nit,
		Nfev:    ev.nfev,
		Njev:    ev.njev,
		Nhev:    ev.nhev,
		Status:  out.status,
		Success: out.status == Success,
		Message: out.status.message(o.TimeLimit),
		Runtime: time.Since(start),
		Trace:   rec.rows,
	}
	if !m.gradient {
		res.Grad = nil
	}
	if out.err != nil && out.status != MaxFev && out.status != TimeLimit && out.status != MaxIter {
		res.Message += " (" + out.err.Error() + ")"
	}
	return res, nil
}

// runGonum runs a gonum method.
func runGonum(m method, ev *evaluator, x0 []float64, o Options, rec *traceRecorder) outcome {
	prob := optimize.Problem{Func: ev.Func, Status: ev.Status}
	if m.gradient {
		prob.Grad = ev.Grad
	}
	if m.hessian {
		prob.Hess = ev.Hess
	}
	settings := &optimize.Settings{
		Converger:       m.converger(o),
		MajorIterations: o.MaxIter + 1, // gonum counts x0 as the first
		Recorder:        rec,
	}
	// gonum panics on some inconsistencies before it starts its goroutines;
	// the problem's own panics are caught by the evaluator.
	var gres *optimize.Result
	var gerr error
	func() {
		defer func() {
			if r := recover(); r != nil {
				gerr = fmt.Errorf("panic: %v", r)
				ev.stopped = Failed
			}
		}()
		gres, gerr = optimize.Minimize(prob, x0, settings, m.build(o))
	}()
	var out outcome
	if gres != nil && gres.MajorIterations > 0 {
		out.x = append([]float64(nil), gres.X...)
		out.f = gres.F
		if gres.Gradient != nil {
			out.grad = append([]float64(nil), gres.Gradient...)
		}
		out.nit = gres.MajorIterations - 1
	} else {
		// The run stopped at x0, before gonum took it as an iterate.
		out.x = append([]float64(nil), x0...)
		out.f = nan
		if ev.haveLastF {
			out.f = ev.lastF
		}
	}
	out.status = classify(gres, gerr, ev)
	out.err = gerr
	if ev.panicErr != nil {
		out.err = ev.panicErr
	}
	return out
}

// classify turns gonum's ending into a Status.
func classify(gres *optimize.Result, gerr error, ev *evaluator) Status {
	if ev.stopped >= 0 && (gerr != nil || gres == nil || gres.Status.Early()) {
		return ev.stopped
	}
	if gres != nil && (math.IsNaN(gres.F) || math.IsInf(gres.F, 0) || hasNaN(gres.X)) {
		return NaN
	}
	if gerr != nil || gres == nil {
		if ev.nonFinite {
			return NaN
		}
		return Stalled
	}
	switch gres.Status {
	case optimize.GradientThreshold, optimize.FunctionConvergence, optimize.MethodConverge, optimize.Success:
		return Success
	case optimize.IterationLimit:
		return MaxIter
	case optimize.FunctionEvaluationLimit:
		return MaxFev
	case optimize.RuntimeLimit:
		return TimeLimit
	case optimize.FunctionNegativeInfinity:
		return NaN
	}
	return Failed
}

func hasNaN(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return true
		}
	}
	return false
}

// traceRecorder keeps one TracePoint per major iteration. gonum does not
// record the iteration that triggers a limit, but hands it over with
// PostIteration, so that one is added there.
type traceRecorder struct {
	ev       *evaluator
	start    time.Time
	keepX    bool
	callback func(TracePoint)
	rows     []TracePoint
}

func (r *traceRecorder) Init() error { return nil }

func (r *traceRecorder) Record(loc *optimize.Location, op optimize.Operation, stats *optimize.Stats) error {
	if op != optimize.MajorIteration && op != optimize.PostIteration {
		return nil
	}
	iter := stats.MajorIterations - 1
	if iter < 0 || (len(r.rows) > 0 && r.rows[len(r.rows)-1].Iter >= iter) {
		return nil
	}
	r.add(iter, loc.X, loc.F, loc.Gradient)
	return nil
}

func (r *traceRecorder) add(iter int, x []float64, f float64, grad []float64) {
	var xCopy []float64
	if r.keepX {
		xCopy = append([]float64(nil), x...)
	}
	r.rows = append(r.rows, TracePoint{
		X:        xCopy,
		Iter:     iter,
		Time:     time.Since(r.start),
		Fun:      f,
		GradNorm: infNorm(grad),
		Nfev:     r.ev.nfev,
		Njev:     r.ev.njev,
	})
	if r.callback != nil {
		r.callback(r.rows[len(r.rows)-1])
	}
}
