package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/optbench/optbench/solvers"
)

// FinalDeltaF is the precision at which a run under a budget (COCO's
// experiment protocol, Sweep.Budget) ends: f <= f* + FinalDeltaF, COCO's
// final target.
const FinalDeltaF = 1e-8

// An Observer sees every evaluation of f of one run under a budget, in
// order, finite differences' included: COCO's bbob logger is one (see
// bench/coco). Observe must not keep x.
type Observer interface {
	Observe(x []float64, f float64)
	// Restart says that the protocol restarts the method from a new point.
	Restart()
	// Log is what the observer kept, as JSON, stored with the run
	// (Run.Log) once the run has ended.
	Log() (json.RawMessage, error)
}

// budgetRun counts and watches the evaluations of f of one run under a
// budget: it is the evaluator's Func (and FuncGrad), so it sees every
// evaluation the method makes, the finite differences' included. It keeps
// the best value and point, the trace of first hits of COCO's target
// precisions, and stops the method (by cancelling its context) at the
// final target or when the budget is spent.
type budgetRun struct {
	p      solvers.Problem // the problem's own functions
	fstar  float64
	budget int
	obs    Observer
	start  time.Time
	cancel context.CancelFunc // of the current restart

	nfev, njev, nhev int // over every restart
	nit              int // iterations of the restarts before the current one
	nitNow           int // of the current restart, from its Callback
	best             float64
	bestX            []float64
	next             int // index in levels of the first precision not reached
	levels           []float64
	trace            []solvers.TracePoint
	hit, spent       bool
	hitAt            int // the evaluation that reached the final target
	userCallback     func(solvers.TracePoint)
}

// levels are the precisions whose first hits a budget run's trace records:
// COCO's, 10^(2 - i/5) down to FinalDeltaF (COCODeltaFs), as
// analysis.DefaultSettings' DeltaFs are; a sweep's targets are among them.
var levels = cocoDeltaFs

func (b *budgetRun) observe(x []float64, f float64) {
	b.nfev++
	if b.nfev > b.budget || b.hit {
		// The method is being stopped: a finite-difference gradient under
		// way finishes its evaluations, which count in the Result but are
		// neither observed nor traced, as past the budget (or the final
		// target) an experiment does not look.
		return
	}
	if b.obs != nil {
		b.obs.Observe(x, f)
	}
	improved := f < b.best || (math.IsNaN(b.best) && !math.IsNaN(f))
	if improved {
		b.best = f
		copy(b.bestX, x)
	}
	switch {
	case b.nfev == 1:
		b.record()
	case improved && !math.IsNaN(b.fstar):
		recorded := false
		for b.next < len(b.levels) && b.best-b.fstar <= b.levels[b.next] && !math.IsInf(b.best, -1) {
			b.next++
			if !recorded {
				b.record()
				recorded = true
			}
		}
	}
	if !math.IsNaN(b.fstar) && b.best-b.fstar <= FinalDeltaF && !math.IsInf(b.best, -1) {
		b.hit, b.hitAt = true, b.nfev
		b.cancel()
	}
	if b.nfev >= b.budget {
		b.spent = true
		b.cancel()
	}
}

// observed is the number of evaluations observed: those within the budget
// and up to the final target.
func (b *budgetRun) observed() int {
	if b.hit {
		return b.hitAt
	}
	return min(b.nfev, b.budget)
}

// record appends the run's state now to its trace.
func (b *budgetRun) record() {
	b.trace = append(b.trace, solvers.TracePoint{
		Iter: b.nit + b.nitNow, Time: time.Since(b.start), Fun: b.best, GradNorm: math.NaN(),
		Nfev: b.nfev, Njev: b.njev, Nhev: b.nhev,
	})
}

// problem is p with its f observed and its gradient and Hessian counted
// (for the trace; the method's Result counts them too).
func (b *budgetRun) problem() solvers.Problem {
	q := b.p
	if b.p.Func != nil {
		q.Func = func(x []float64) float64 {
			f := b.p.Func(x)
			b.observe(x, f)
			return f
		}
	}
	if b.p.FuncGrad != nil {
		q.FuncGrad = func(grad, x []float64) float64 {
			f := b.p.FuncGrad(grad, x)
			b.observe(x, f)
			return f
		}
	}
	if b.p.Grad != nil {
		q.Grad = func(grad, x []float64) {
			b.njev++
			b.p.Grad(grad, x)
		}
	}
	if b.p.Hess != nil {
		q.Hess = func(hess, x []float64) {
			b.nhev++
			b.p.Hess(hess, x)
		}
	}
	return q
}

// executeBudget performs a run under COCO's experiment protocol: the
// method runs from the spec's start with at most the budget's remaining
// evaluations, and again from the problem's restarts (Problem.Restart,
// clipped into the run's bounds) whenever it stops, failures included,
// while budget remains, until the budget is spent or f reaches f* +
// FinalDeltaF. Options.MaxFev and TimeLimit bound the whole run, MaxIter
// each attempt. The run's Result sums the restarts' counts and holds the
// best point any evaluation found; its trace records, at the evaluation
// where it happened, the first time the best value reached each of COCO's
// precisions (and the first evaluation), so that targets are met at the
// evaluation as COCO counts them.
func executeBudget(ctx context.Context, spec Spec, p solvers.Problem, r Run) Run {
	n := len(spec.X0)
	lv := levels() // made once per process, before the run's clock starts
	b := &budgetRun{p: p, fstar: spec.Problem.FStar, budget: spec.Budget, start: time.Now(),
		best: math.NaN(), bestX: slices.Clone(spec.X0), levels: lv, userCallback: spec.Options.Callback}
	if spec.Problem.Observer != nil {
		b.obs = spec.Problem.Observer()
	}
	q := b.problem()
	o := spec.Options
	o.Method, o.Params, o.Gradient = spec.Method, spec.Params, spec.Gradient
	o.Callback = func(tp solvers.TracePoint) {
		b.nitNow = tp.Iter
		if b.userCallback != nil {
			b.userCallback(tp)
		}
	}
	o.Trace = solvers.TraceNone
	if m := spec.Options.MaxFev; m > 0 && m < b.budget {
		b.budget = m // -maxfev bounds the whole run, as the budget does
	}
	var deadline time.Time
	if d := spec.Options.TimeLimit; d > 0 {
		deadline = b.start.Add(d) // the whole run's, not each restart's
	}
	x0 := spec.X0
	var last solvers.Result
	restarts := 0
	for {
		o.MaxFev = b.budget - b.nfev
		if !deadline.IsZero() {
			if o.TimeLimit = time.Until(deadline); o.TimeLimit <= 0 {
				last.Status, last.Message = solvers.TimeLimit, solvers.TimeLimit.Message(spec.Options.TimeLimit)
				break
			}
		}
		runCtx, cancel := context.WithCancel(ctx)
		b.cancel, b.nitNow = cancel, 0
		res, err := solvers.MinimizeContext(runCtx, q, x0, o)
		cancel()
		if err != nil {
			if restarts == 0 {
				return failRun(r, spec, err)
			}
			res = solvers.Result{Status: solvers.Failed, Message: err.Error(), Cause: err.Error()}
		}
		b.nit += res.Nit
		last = res
		if res.Status == solvers.TimeLimit {
			last.Message = solvers.TimeLimit.Message(spec.Options.TimeLimit) // the run's limit, not what was left of it
		}
		// The method stopped before the budget: a gradient test, a stall,
		// its own limits, a failure (a line search, NaN, a panic) all end
		// one attempt, and the protocol starts another; only a request the
		// method refuses (err) or an attempt that evaluated nothing ends
		// the run, as it would restart for ever.
		if b.hit || b.spent || ctx.Err() != nil || err != nil || res.Nfev == 0 || res.Status == solvers.TimeLimit || spec.Problem.Restart == nil {
			break
		}
		restarts++
		x0 = spec.Problem.Restart(spec.Start, restarts, spec.Seed)
		if len(x0) != n {
			last = solvers.Result{Status: solvers.Failed, Message: fmt.Sprintf("restart %d has %d values, want %d", restarts, len(x0), n)}
			last.Cause = last.Message
			break
		}
		if spec.Bounds != nil {
			spec.Bounds.Clip(x0, x0) // drawn in the problem's domain, started in the run's box
		}
		if b.obs != nil {
			b.obs.Restart()
		}
	}
	if n := len(b.trace); n == 0 || b.trace[n-1].Nfev != b.observed() {
		b.record()
		b.trace[len(b.trace)-1].Nfev = b.observed()
	}
	res := last
	res.X, res.Fun, res.Grad = b.bestX, b.best, nil
	res.Nit = b.nit
	res.Nfev, res.Njev, res.Nhev = b.observed(), b.njev, b.nhev
	res.Runtime = time.Since(b.start)
	res.Trace = b.trace
	switch {
	case b.hit:
		res.Status, res.Message, res.Cause = solvers.Target, fmt.Sprintf("f* + 1e-8 reached at evaluation %d (restart %d)", b.hitAt, restarts), ""
	case ctx.Err() != nil:
		res.Status, res.Message = solvers.Interrupted, solvers.Interrupted.Message(0)
	case b.spent:
		res.Status, res.Message, res.Cause = solvers.MaxFev, fmt.Sprintf("budget of %d evaluations spent in %d restarts", b.budget, restarts), ""
	case res.Status == solvers.Failed || res.Status == solvers.NaN:
		// The last attempt failed and the run could not go on: say so with
		// the counts of the whole run.
		res.Message = fmt.Sprintf("%s (after %d restarts, %d evaluations)", res.Message, restarts, b.observed())
	}
	if extra := b.nfev - b.observed(); extra > 0 {
		res.Message += fmt.Sprintf(" (%d evaluations after it, by a finite-difference gradient under way, are not counted)", extra)
	}
	res.Success = res.Status == solvers.Success || res.Status == solvers.Target
	r.Result, r.Restarts = res, restarts
	r.Budget = b.budget // the run's own: -maxfev may have lowered the sweep's
	if b.obs != nil {
		log, err := b.obs.Log()
		if err != nil {
			return failRun(r, spec, fmt.Errorf("observer: %w", err))
		}
		r.Log = log
	}
	return r
}

// ProtocolNotes say how the sweep's runs were run under COCO's experiment
// protocol (Budget) and where its problems' reference algorithms come
// from (Problem.Reference): none for a sweep without either.
func (s *Sweep) ProtocolNotes() []string {
	var notes []string
	if s.Budget > 0 {
		notes = append(notes, fmt.Sprintf("COCO's experiment protocol: each run had a budget of %g x n evaluations of f, finite differences' included "+
			"(an analytic gradient is counted apart, in njev, and not in the run's cost), and restarted its method from a new point "+
			"(bbob: uniform in [-4, 4]^n; MGH: random around x0; the network does not restart) whenever it stopped, failures included, "+
			"until the budget was spent (status maxfev) or f reached f* + 1e-8 (status target); -maxfev and -time-limit bound the whole run, "+
			"-maxiter each attempt; a target is reached at the evaluation that reached it.", s.Budget))
	}
	if s.Budget <= 0 && slices.ContainsFunc(s.Problems, func(p *Problem) bool { return p.Observer != nil }) {
		notes = append(notes, "The bbob problems ran without COCO's protocol (-budget 0): each run is one run of its method, its targets are met at "+
			"its iterates and an analytic gradient is charged as an evaluation, so the ratios to best 2009 are not COCO's, and no COCO data are written.")
	}
	seen := map[string]bool{}
	for _, p := range s.Problems {
		if ref := p.Reference; ref != nil && ref.Notice != "" && !seen[ref.Notice] {
			seen[ref.Notice] = true
			notes = append(notes, ref.Notice)
		}
	}
	return notes
}
