package core

import (
	"fmt"

	"gonum.org/v1/gonum/optimize"
)

// GonumRun returns a Method.Run that hands the run to optimize.Minimize
// with the optimize.Method that build makes: any gonum method, global ones
// such as CmaEsChol included. converger, when not nil, makes the
// optimize.Converger (default: none, so the run ends on Gtol, a limit or
// the method's own verdict).
//
// optimize.Minimize passes every evaluation between goroutines, which costs
// about as much as one evaluation of a small objective; the built-in
// line-search methods use LinesearchRun instead.
func GonumRun(build func(p Params) (optimize.Method, error), converger func(p Params) optimize.Converger) func(*Search, []float64, Params) {
	return func(s *Search, x0 []float64, p Params) {
		gm, err := build(p)
		if err != nil {
			s.End(Failed, err)
			return
		}
		conv := optimize.Converger(optimize.NeverTerminate{})
		if converger != nil {
			conv = converger(p)
		}
		runGonum(s, x0, gm, conv)
	}
}

func runGonum(s *Search, x0 []float64, gm optimize.Method, conv optimize.Converger) {
	ev := s.ev
	ev.noCut = true
	prob := optimize.Problem{Func: ev.Func, Status: ev.Status}
	if s.method.Gradient {
		prob.Grad = ev.Grad
	}
	if s.method.Hessian {
		prob.Hess = ev.Hess
	}
	settings := &optimize.Settings{
		Converger:       conv,
		MajorIterations: s.opts.MaxIter + 1, // gonum counts x0 as the first
		Recorder:        &gonumRecorder{s: s},
	}
	var gres *optimize.Result
	var gerr error
	func() {
		// gonum panics on inconsistencies before it starts its goroutines;
		// the problem's own panics are caught by the evaluator.
		defer func() {
			if r := recover(); r != nil {
				gerr = fmt.Errorf("panic: %v", r)
				ev.stopped = Failed
			}
		}()
		gres, gerr = optimize.Minimize(prob, x0, settings, gm)
	}()
	s.End(gonumStatus(s, gres, gerr), gerr)
}

// gonumStatus turns gonum's ending into a Status.
func gonumStatus(s *Search, gres *optimize.Result, gerr error) Status {
	ev := s.ev
	if ev.stopped >= 0 && (gerr != nil || gres == nil || gres.Status.Early()) {
		return ev.stopped
	}
	if gres != nil && (!finite(gres.F) || NonFinite(gres.X)) {
		return NaN
	}
	if gerr != nil || gres == nil {
		return Stalled // End makes it NaN if a non-finite value was met
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

// gonumRecorder records each major iteration in the Search. gonum does not
// record the iteration that triggers a Settings-level stop but hands it
// over with PostIteration, so that one is added there.
type gonumRecorder struct{ s *Search }

func (r *gonumRecorder) Init() error { return nil }

func (r *gonumRecorder) Record(loc *optimize.Location, op optimize.Operation, stats *optimize.Stats) error {
	if op != optimize.MajorIteration && op != optimize.PostIteration {
		return nil
	}
	iter := stats.MajorIterations - 1
	s := r.s
	if iter < 0 || (s.started && s.nit >= iter) {
		return nil
	}
	s.record(iter, loc.X, loc.F, loc.Gradient)
	return nil
}
