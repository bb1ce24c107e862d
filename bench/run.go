package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/optbench/optbench/solvers"
	"github.com/optbench/optbench/solvers/core"
)

// Spec is one run of a sweep: a problem, a solver with its parameters,
// from one starting point.
type Spec struct {
	Problem *Problem
	Solver
	Params map[string]string // the parameters set; the others take their defaults
	Start  int               // the starting point's number
	Seed   uint64            // the seed its point was drawn with
	X0     []float64         // shared with the sweep's other runs from this start: read-only
	// Bounds are the run's bounds (Sweep.BoundsFor), nil for none: the
	// solvers.Problem's Bounds when set. Shared by the runs of a problem:
	// read-only.
	Bounds  *core.Bounds
	Options solvers.Options // Method, Params and Gradient are set from the fields above
	// Budget, when > 0, runs the spec under COCO's experiment protocol
	// (see Sweep.Budget): at most Budget evaluations of f, finite
	// differences' included, with restarts, until f* + FinalDeltaF.
	Budget int
	// Engine is what ran it: "" for optbench itself, or another library
	// whose results were read back ("scipy 1.10.1").
	Engine string
	// TraceStore, when not nil, is where the run keeps its trace once it
	// has finished (see TraceStore); nil keeps it in memory.
	TraceStore *TraceStore
}

// RunID names the run within its sweep, the same in every sweep of the
// same description: problem/label/gradient/start.
func (s Spec) RunID() string {
	name := ""
	if s.Problem != nil {
		name = s.Problem.Name
	}
	sv := s.Solver
	sv.Label = s.BaseLabel()
	return RunID(name, sv, s.Start)
}

// BaseLabel is the label without the engine that Record.Run puts in front
// of it for another engine's runs.
func (s Spec) BaseLabel() string {
	if s.Engine == "" {
		return s.Label
	}
	return strings.TrimPrefix(s.Label, s.Engine+": ")
}

// Run is a finished run: the solver's Result and the problem's metrics at
// its X, in the order of Problem.Metrics.
type Run struct {
	Spec
	Result solvers.Result
	// Trace is the run's trace kept compactly, once Result.Trace is nil
	// (Run.CompactTrace, as Execute and results.Load keep every run):
	// read either with TraceRows (row by row) or TracePoints (a slice).
	Trace    Trace
	Metrics  []float64
	GradNorm float64 // the largest component of the final gradient, NaN without one
	// Restarts is the number of restarts of a run under a budget (0: the
	// method ran once).
	Restarts int
	// Log is what the problem's Observer kept of a run under a budget
	// (COCO's logger lines), as JSON; nil for none.
	Log json.RawMessage
}

// Metric returns the run's value of the metric with the given key, NaN if
// its problem has none.
func (r Run) Metric(key string) float64 {
	for i, m := range r.Problem.Metrics {
		if m.Key == key && i < len(r.Metrics) {
			return r.Metrics[i]
		}
	}
	return math.NaN()
}

// Execute runs every spec on workers goroutines (0: one per CPU) and
// returns the runs in the order of specs. Each run's evaluator gets
// SplitWorkers(NumCPU, workers, len(specs)) goroutines of its own.
// done, if not nil, is called with each run as it finishes, on the worker
// that ran it: calls may overlap. Every run, done's and the result's, has
// its trace kept compactly (Run.CompactTrace: read it with TraceRows or
// TracePoints; Result.Trace is nil). A run that fails in any way, a panic
// included, is recorded in its Result's Status and Message; the others go
// on. When ctx is cancelled, runs under way stop at their next evaluation
// (Status interrupted) and runs not started are left out: the result then
// holds only the finished ones, in spec order.
func Execute(ctx context.Context, specs []Spec, workers int, done func(Run)) []Run {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	return ExecuteWith(ctx, specs, workers, SplitWorkers(runtime.NumCPU(), workers, len(specs)), done)
}

// ExecuteWith is Execute with objWorkers goroutines for each run's
// evaluator.
func ExecuteWith(ctx context.Context, specs []Spec, workers, objWorkers int, done func(Run)) []Run {
	workers = max(workers, 1)
	runs := make([]Run, len(specs))
	finished := make([]bool, len(specs))
	// Each worker takes the next spec by an atomic count, not from a
	// channel fed by another goroutine: a run of a cheap problem takes
	// microseconds, and a handoff per run would be a good part of it.
	// Every run has its own index, so its slots need no lock.
	var next atomic.Int64
	var shared SharedParams
	var wg sync.WaitGroup
	for range min(workers, len(specs)) {
		wg.Go(func() {
			for ctx.Err() == nil { // cancelled: the runs not started are left out
				i := next.Add(1) - 1
				if i >= int64(len(specs)) {
					return
				}
				r := execute(ctx, specs[i], objWorkers)
				// Kept until the analysis, the trace takes a quarter
				// of its rows' memory compacted (and done's recording
				// of it is made from that), and the parameters, the
				// same in every run of a configuration, are kept once.
				r.CompactTrace()
				r.TraceStore.Keep(&r.Trace)
				r.Result.Params = shared.Of(r.Solver, r.Result.Params)
				if done != nil {
					done(r)
				}
				runs[i], finished[i] = r, true
			}
		})
	}
	wg.Wait()
	// In place: runs are hundreds of bytes each, and a sweep may hold
	// a hundred thousand.
	out := runs[:0]
	for i := range runs {
		if finished[i] {
			out = append(out, runs[i])
		}
	}
	clear(runs[len(out):])
	return out
}

// SharedParams keeps one copy of each configuration's resolved parameters
// (solvers.Result.Params, a slice of boxed values of about 100 bytes a
// run), for the runs of a sweep (Execute) or of a set of results
// (results.Load) to share: read-only. The zero value is ready to use;
// safe for concurrent use.
type SharedParams struct{ m sync.Map } // Solver -> solvers.Params

// Of is p, or the copy kept for sv when it holds the same settings.
func (s *SharedParams) Of(sv Solver, p solvers.Params) solvers.Params {
	v, ok := s.m.Load(sv) // a Load first: LoadOrStore would box p every time
	if !ok {
		v, _ = s.m.LoadOrStore(sv, p)
	}
	if q := v.(solvers.Params); sameParams(q, p) {
		return q
	}
	return p
}

// sameParams says whether a and b are the same settings in the same order:
// floats bit for bit (-0 is not 0), other values as reflect.DeepEqual has
// them.
func sameParams(a, b solvers.Params) bool {
	return (a == nil) == (b == nil) && slices.EqualFunc(a, b, func(x, y solvers.Setting) bool {
		if x.Key != y.Key {
			return false
		}
		// The kinds of value parameters take, at once; any other
		// through reflection, the way every run of a sweep pays for.
		switch v := x.Value.(type) {
		case float64:
			w, ok := y.Value.(float64)
			return ok && math.Float64bits(v) == math.Float64bits(w)
		case int:
			w, ok := y.Value.(int)
			return ok && v == w
		case string:
			w, ok := y.Value.(string)
			return ok && v == w
		case bool:
			w, ok := y.Value.(bool)
			return ok && v == w
		}
		return reflect.TypeOf(x.Value) == reflect.TypeOf(y.Value) && reflect.DeepEqual(x.Value, y.Value)
	})
}

// execute performs one run, never panicking.
func execute(ctx context.Context, spec Spec, objWorkers int) (r Run) {
	r = Run{Spec: spec, Metrics: make([]float64, len(spec.Problem.Metrics)), GradNorm: math.NaN()}
	for i := range r.Metrics {
		r.Metrics[i] = math.NaN()
	}
	defer func() {
		if p := recover(); p != nil {
			r.Result.Status = solvers.Failed
			r.Result.Message = fmt.Sprintf("panic: %v", p)
			r.Result.Cause = r.Result.Message
			r.Result.Panicked = true
		}
	}()
	p, closeFn, err := spec.NewProblem(objWorkers)
	if err != nil {
		return failRun(r, spec, err)
	}
	if closeFn != nil {
		defer closeFn()
	}
	if spec.Budget > 0 {
		if p.Batches != nil {
			return failRun(r, spec, fmt.Errorf("a budget of evaluations (COCO's protocol) does not apply to mini-batch runs"))
		}
		r = executeBudget(ctx, spec, p, r)
	} else {
		res, err := solvers.MinimizeContext(ctx, p, spec.X0, spec.MethodOptions())
		if err != nil {
			return failRun(r, spec, err)
		}
		r.Result, r.GradNorm = res, res.GradNorm()
	}
	res := r.Result
	if hasNonFinite(res.X) {
		return r
	}
	for i, m := range spec.Problem.Metrics {
		r.Metrics[i] = m.Eval(res.X)
	}
	return r
}

// NewProblem makes the evaluator of the spec's run, as the run sees it:
// the problem's (Problem.New, with workers goroutines; close, when not
// nil, releases them), bounded by the spec's Bounds, its mini-batches
// shuffled from (Seed, Start) alone, whatever ran before it.
func (s Spec) NewProblem(workers int) (p solvers.Problem, close func(), err error) {
	p, close, err = s.Problem.New(workers)
	if err != nil {
		return p, nil, err
	}
	if p.Batches != nil {
		b := *p.Batches
		b.Seed = [2]uint64{s.Seed, uint64(s.Start)}
		p.Batches = &b
	}
	if s.Bounds != nil {
		p.Bounds = s.Bounds
	}
	return p, close, nil
}

// MethodOptions are the spec's Options with its method, parameters and
// gradient mode set: what solvers.Minimize takes for the run.
func (s Spec) MethodOptions() solvers.Options {
	o := s.Options
	o.Method, o.Params, o.Gradient = s.Method, s.Params, s.Gradient
	return o
}

// failRun is r failed with err before the method could run (or ended).
func failRun(r Run, spec Spec, err error) Run {
	r.Result = solvers.Result{Method: spec.Method, Label: spec.Label, Gradient: spec.Gradient, Status: solvers.Failed, Message: err.Error(), Cause: err.Error(), Fun: math.NaN()}
	if m, lerr := spec.Registry().Lookup(spec.Method); lerr == nil {
		r.Result.Params, _ = m.Resolve(spec.Params)
	}
	return r
}

// Registry is the registry the run's method is looked up in: its Options',
// or solvers.Default.
func (s Spec) Registry() *solvers.Registry {
	if s.Options.Registry != nil {
		return s.Options.Registry
	}
	return solvers.Default
}

func hasNonFinite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return true
		}
	}
	return len(x) == 0
}
