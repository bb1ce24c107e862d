package bench

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers"
)

// Spec is one run of a comparison: a method with its parameters and a
// gradient mode, from one starting point.
type Spec struct {
	Method   string               // canonical name
	Params   map[string]string    // the parameters set; the others take their defaults
	Label    string               // Method with its non-default parameters: what tables group by
	Gradient solvers.GradientMode // analytic, 2-point, 3-point; "none" for Nelder-Mead
	Start    int                  // the starting point's number
	Seed     uint64               // the seed its point was drawn with
	X0       []float64
	Options  solvers.Options // Method, Params and Gradient are set from the fields above
}

// Run is a finished run: the solver's Result and the network's performance
// at its X.
type Run struct {
	Spec
	Result   solvers.Result
	TestFun  float64 // mean cross-entropy on the test set (no L2 term); NaN without one
	TrainAcc float64 // fraction of training samples classified right
	TestAcc  float64 // the same on the test set
}

// Specs builds the runs of configs x gradients x starts. Methods that use
// no gradient run once per start, with gradient "none". The configs come
// from solvers.Registry.ParseConfigs or Config (o.Registry's, or
// solvers.Default).
func Specs(s Setup, configs []solvers.Config, gradients []solvers.GradientMode, starts int, seed uint64, scale float64, o solvers.Options) ([]Spec, error) {
	reg := o.Registry
	if reg == nil {
		reg = solvers.Default
	}
	var specs []Spec
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
			for start := range starts {
				specs = append(specs, Spec{
					Method: m.Name, Params: c.Params, Label: c.Label, Gradient: g, Start: start, Seed: seed,
					X0: s.StartPoint(start, seed, scale), Options: o,
				})
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
// returns the runs in the order of specs. done, if not nil, is called with
// each run as it finishes, on the worker that ran it: calls may overlap. A run that fails in
// any way, a panic included, is recorded in its Result's Status and Message;
// the others go on. When ctx is cancelled, runs under way stop at their next
// evaluation (Status interrupted) and runs not started are left out: the
// result then holds only the finished ones, in spec order.
func Execute(ctx context.Context, s Setup, specs []Spec, workers int, done func(Run)) []Run {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
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
				r := execute(ctx, s, specs[i])
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
func execute(ctx context.Context, s Setup, spec Spec) (r Run) {
	r = Run{Spec: spec, TestFun: math.NaN(), TrainAcc: math.NaN(), TestAcc: math.NaN()}
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
	var p solvers.Problem
	if s.Problem != nil {
		var err error
		if p, err = s.Problem(spec); err != nil {
			return fail(err)
		}
	} else {
		ce, err := objective.NewCrossEntropy(s.Net, s.Train, s.Lambda)
		if err != nil {
			return fail(err)
		}
		if s.ObjectiveWorkers > 1 {
			ce.SetWorkers(s.ObjectiveWorkers)
			defer ce.Close()
		}
		p = solvers.Problem{Func: ce.Func, Grad: ce.Grad, FuncGrad: ce.FuncGrad}
		if s.Net.NumParams() <= objective.MaxHessParams {
			p.Hess, p.HessVec = ce.Hess, ce.HessVec
		}
	}
	o := spec.Options
	o.Method, o.Params, o.Gradient = spec.Method, spec.Params, spec.Gradient
	res, err := solvers.MinimizeContext(ctx, p, spec.X0, o)
	if err != nil {
		return fail(err)
	}
	r.Result = res
	if hasNonFinite(res.X) || s.Train == nil || len(res.X) != s.Net.NumParams() {
		return r // a problem of another shape (Setup.Problem) has no network metrics
	}
	r.TrainAcc = objective.Accuracy(s.Net, res.X, s.Train)
	if s.Test != nil {
		test, err := objective.NewCrossEntropy(s.Net, s.Test, 0)
		if err == nil {
			if s.ObjectiveWorkers > 1 {
				test.SetWorkers(s.ObjectiveWorkers)
				defer test.Close()
			}
			r.TestFun = test.Func(res.X)
		}
		r.TestAcc = objective.Accuracy(s.Net, res.X, s.Test)
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
