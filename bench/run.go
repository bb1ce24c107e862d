package bench

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/optbench/optbench/solvers"
)

// Spec is one run of a comparison: a problem, a method with its
// parameters and a gradient mode, from one starting point.
type Spec struct {
	Problem  *Problem
	Method   string               // canonical name
	Params   map[string]string    // the parameters set; the others take their defaults
	Label    string               // Method with its non-default parameters: what tables group by
	Gradient solvers.GradientMode // analytic, 2-point, 3-point; "none" for Nelder-Mead
	Start    int                  // the starting point's number
	Seed     uint64               // the seed its point was drawn with
	X0       []float64
	Options  solvers.Options // Method, Params and Gradient are set from the fields above
	// Engine is what ran it: "" for optbench itself, or another library
	// whose results were read back ("scipy 1.10.1").
	Engine string
}

// RunID names the run within its sweep, the same in every sweep of the
// same description: problem/label/gradient/start.
func (s Spec) RunID() string {
	name := ""
	if s.Problem != nil {
		name = s.Problem.Name
	}
	return name + "/" + s.BaseLabel() + "/" + string(s.Gradient) + "/" + strconv.Itoa(s.Start)
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
	Result   solvers.Result
	Metrics  []float64
	GradNorm float64 // the largest component of the final gradient, NaN without one
}

// Metric returns the run's value of the metric with the given key, NaN if
// its problem has none.
func (r Run) Metric(key string) float64 {
	for i, m := range r.Problem.Metrics {
		if m.Column.Key == key && i < len(r.Metrics) {
			return r.Metrics[i]
		}
	}
	return math.NaN()
}

// Specs builds the runs of problems x configs x gradients x starts, in that
// order. Methods that use no gradient run once per start, with gradient
// "none". The configs come from solvers.Registry.ParseConfigs or Config
// (o.Registry's, or solvers.Default).
func Specs(problems []*Problem, configs []solvers.Config, gradients []solvers.GradientMode, starts int, seed uint64, o solvers.Options) ([]Spec, error) {
	reg := o.Registry
	if reg == nil {
		reg = solvers.Default
	}
	var specs []Spec
	for _, p := range problems {
		if p.New == nil || p.Start == nil || p.Dim <= 0 {
			return nil, fmt.Errorf("bench: problem %q needs New, Start and a dimension", p.Name)
		}
		x0s := make([][]float64, starts)
		for k := range x0s {
			if x0s[k] = p.Start(k, seed); len(x0s[k]) != p.Dim {
				return nil, fmt.Errorf("bench: problem %q: start %d has %d values, want %d", p.Name, k, len(x0s[k]), p.Dim)
			}
		}
		for _, c := range configs {
			m, err := reg.Lookup(c.Method)
			if err != nil {
				return nil, err
			}
			grads := gradients
			if !m.Gradient {
				grads = []solvers.GradientMode{solvers.NoGradient}
			}
			for _, g := range grads {
				for k := range starts {
					specs = append(specs, Spec{
						Problem: p, Method: m.Name, Params: c.Params, Label: c.Label, Gradient: g, Start: k, Seed: seed,
						X0: slices.Clone(x0s[k]), Options: o,
					})
				}
			}
		}
	}
	return specs, nil
}

// Configs is solvers.Default.Config for each method name with no
// parameters set: a shorthand for sweeps of default methods.
func Configs(names ...string) ([]solvers.Config, error) {
	out := make([]solvers.Config, len(names))
	for i, n := range names {
		c, err := solvers.Default.Config(n, nil)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// Execute runs every spec on workers goroutines (0: one per CPU) and
// returns the runs in the order of specs. Each run's evaluator gets
// SplitWorkers(NumCPU, workers, len(specs)) goroutines of its own.
// done, if not nil, is called with each run as it finishes, on the worker
// that ran it: calls may overlap. A run that fails in any way, a panic
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
	next := make(chan int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(workers, len(specs)) {
		wg.Go(func() {
			for i := range next {
				if ctx.Err() != nil {
					continue // cancelled while queued: never started
				}
				r := execute(ctx, specs[i], objWorkers)
				if done != nil {
					done(r)
				}
				mu.Lock()
				runs[i], finished[i] = r, true
				mu.Unlock()
			}
		})
	}
feed:
	for i := range specs {
		if ctx.Err() != nil {
			break
		}
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	out := runs[:0:0]
	for i, r := range runs {
		if finished[i] {
			out = append(out, r)
		}
	}
	return out
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
		}
	}()
	fail := func(err error) Run {
		r.Result = solvers.Result{Method: spec.Method, Label: spec.Label, Gradient: spec.Gradient, Status: solvers.Failed, Message: err.Error(), Fun: math.NaN()}
		if m, lerr := registry(spec).Lookup(spec.Method); lerr == nil {
			r.Result.Params, _ = m.Resolve(spec.Params)
		}
		return r
	}
	p, closeFn, err := spec.Problem.New(objWorkers)
	if err != nil {
		return fail(err)
	}
	if closeFn != nil {
		defer closeFn()
	}
	if p.Batches != nil {
		// Every run shuffles its batches its own way, from (seed, start)
		// alone, whatever ran before it.
		b := *p.Batches
		b.Seed = [2]uint64{spec.Seed, uint64(spec.Start)}
		p.Batches = &b
	}
	o := spec.Options
	o.Method, o.Params, o.Gradient = spec.Method, spec.Params, spec.Gradient
	res, err := solvers.MinimizeContext(ctx, p, spec.X0, o)
	if err != nil {
		return fail(err)
	}
	r.Result, r.GradNorm = res, res.GradNorm()
	if hasNonFinite(res.X) {
		return r
	}
	for i, m := range spec.Problem.Metrics {
		r.Metrics[i] = m.Eval(res.X)
	}
	return r
}

func registry(spec Spec) *solvers.Registry {
	if spec.Options.Registry != nil {
		return spec.Options.Registry
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
