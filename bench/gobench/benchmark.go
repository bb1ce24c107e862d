package gobench

import (
	"context"
	"flag"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/solvers"

	// The families whose items Problems takes.
	_ "github.com/optbench/optbench/bench/bbob"
	_ "github.com/optbench/optbench/bench/mgh"
	_ "github.com/optbench/optbench/bench/network"
)

// DefaultSeed is the seed of the random starts when Benchmark.Seed is 0:
// optbench compare's default, so that a benchmark's start k is compare's.
const DefaultSeed = 1

// Benchmark is a set of benchmarks: every method configuration of Methods
// on every problem of Problems and Own, one sub-benchmark each, in that
// order (problem by problem). The zero value of every field but Problems
// (or Own) and Methods is a default.
type Benchmark struct {
	// Problems is a list of problems as optbench compare's -problems takes
	// it, the items of every registered family: "mgh" (the
	// Moré-Garbow-Hillstrom set), "Beale,Wood", "ExtendedRosenbrock:10",
	// "bbob:f1-24:d2" (COCO's suite), "classroom" (the network). Each
	// family's own flags take their defaults.
	Problems string
	// Own are problems of your own (see bench.FuncProblem), benchmarked
	// after those of Problems.
	Own []*bench.Problem
	// Methods is a list of method configurations as -methods takes it:
	// "L-BFGS,BFGS[linesearch=more-thuente]"; a grid
	// ("GD-fixed[alpha=0.1|0.5]") stands for each of its configurations,
	// and "all" for every method of the registry.
	Methods string
	// Gradients are the gradient modes of the methods that take a
	// gradient, each a benchmark of its own; nil is the analytic
	// gradient, or 2-point differences on a problem that has none (some
	// of bbob's). A method that takes no gradient runs once.
	Gradients []solvers.GradientMode
	// Start is the starting point's number, drawn as optbench compare
	// draws its start number Start with -seed Seed (MGH's start 0 is the
	// standard one, the classroom network's the exercise's). Seed 0 is
	// DefaultSeed.
	Start int
	Seed  uint64
	// Options are the runs' limits (MaxIter, MaxFev, Gtol, TimeLimit), the
	// Hessian mode and finite-difference step, and the Registry the
	// methods are looked up in (solvers.Default when nil); Method, Params
	// and Gradient are set per benchmark.
	Options solvers.Options
	// ObjectiveWorkers is the number of goroutines of each problem's
	// evaluator; 0 is 1.
	ObjectiveWorkers int
}

// Run benchmarks methods (a -methods list) on problems (a -problems list):
// Benchmark{Problems: problems, Methods: methods}.Run(b).
//
//	func BenchmarkMGH(b *testing.B) { gobench.Run(b, "mgh", "L-BFGS,BFGS") }
func Run(b *testing.B, problems, methods string) {
	b.Helper()
	Benchmark{Problems: problems, Methods: methods}.Run(b)
}

// Run runs each of bm's cases as a sub-benchmark of b (see Case). A
// problem or method that bm names but no family or registry knows fails b
// with an error that lists the valid names, before any case runs.
func (bm Benchmark) Run(b *testing.B) {
	b.Helper()
	cases, err := bm.Cases(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range cases {
		b.Run(c.Name, c.Benchmark)
	}
}

// Case is one benchmark of a Benchmark: one method configuration with one
// gradient mode on one problem, from one start.
type Case struct {
	// Name is the sub-benchmark's name: <problem>/<label>, followed by
	// /<gradient> (analytic, 2-point, 3-point; none for a method that
	// takes no gradient) when the Benchmark has several Gradients or the
	// gradient is made of differences.
	Name string
	// Spec is the run each op makes.
	Spec             bench.Spec
	objectiveWorkers int
}

// Cases lists bm's benchmarks in the order Run runs them.
func (bm Benchmark) Cases(ctx context.Context) ([]Case, error) {
	problems, err := bm.problems(ctx)
	if err != nil {
		return nil, err
	}
	reg := bm.Options.Registry
	if reg == nil {
		reg = solvers.Default
	}
	list := bm.Methods
	if strings.EqualFold(strings.TrimSpace(list), "all") {
		list = strings.Join(reg.Names(), ",")
	}
	configs, err := reg.ParseConfigs(list)
	if err != nil {
		return nil, fmt.Errorf("gobench: Methods: %w", err)
	}
	if len(configs) == 0 {
		return nil, fmt.Errorf("gobench: Methods is empty (valid: %s, all)", strings.Join(reg.Names(), ", "))
	}
	seed := bm.Seed
	if seed == 0 {
		seed = DefaultSeed
	}
	if bm.Start < 0 {
		return nil, fmt.Errorf("gobench: Start %d: want a start number >= 0", bm.Start)
	}
	var cases []Case
	for _, p := range problems {
		gradients := bm.Gradients
		if gradients == nil {
			g, err := defaultGradient(p)
			if err != nil {
				return nil, err
			}
			gradients = []solvers.GradientMode{g}
		}
		sw, err := bench.NewSweep([]*bench.Problem{p}, bm.Start+1, seed, bm.Options)
		if err != nil {
			return nil, fmt.Errorf("gobench: %w", err)
		}
		if err := sw.Add(configs, gradients...); err != nil {
			return nil, fmt.Errorf("gobench: %w", err)
		}
		if err := sw.CheckBounds(); err != nil {
			return nil, fmt.Errorf("gobench: %w", err)
		}
		for i := range sw.Solvers {
			spec, err := sw.Spec(i*sw.Starts + bm.Start)
			if err != nil {
				return nil, fmt.Errorf("gobench: %w", err)
			}
			name := p.Name + "/" + spec.Label
			if len(bm.Gradients) > 1 || spec.Gradient == solvers.Forward2 || spec.Gradient == solvers.Central3 {
				name += "/" + string(spec.Gradient)
			}
			cases = append(cases, Case{Name: name, Spec: spec, objectiveWorkers: max(bm.ObjectiveWorkers, 1)})
		}
	}
	return cases, nil
}

// problems makes the problems of bm.Problems with the registered
// families, their flags at their defaults, followed by bm.Own.
func (bm Benchmark) problems(ctx context.Context) ([]*bench.Problem, error) {
	var out []*bench.Problem
	if strings.TrimSpace(bm.Problems) != "" || len(bm.Own) == 0 {
		families := bench.Families()
		fs := flag.NewFlagSet("gobench", flag.ContinueOnError)
		makers := make([]bench.Maker, len(families))
		for i, f := range families {
			makers[i] = f.Flags(fs)
		}
		seed := bm.Seed
		if seed == 0 {
			seed = DefaultSeed
		}
		ps, err := bench.MakeProblems(ctx, bench.SplitItems(bm.Problems), families, makers,
			bench.Build{Seed: seed, Set: func(string) bool { return false }, List: bm.Problems})
		if err != nil {
			// The family's message names the command's flag.
			msg := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "-problems"), ":")
			return nil, fmt.Errorf("gobench: Problems: %s", strings.TrimSpace(msg))
		}
		out = ps
	}
	for _, p := range bm.Own {
		if p == nil {
			return nil, fmt.Errorf("gobench: Own holds a nil problem")
		}
		out = append(out, p)
	}
	return out, nil
}

// defaultGradient is the analytic gradient where p's evaluator has one,
// else 2-point differences.
func defaultGradient(p *bench.Problem) (solvers.GradientMode, error) {
	if p.New == nil {
		return "", fmt.Errorf("gobench: problem %q has no New", p.Name)
	}
	sp, closeFn, err := p.New(1)
	if err != nil {
		return "", fmt.Errorf("gobench: problem %s: %w", p.Name, err)
	}
	if closeFn != nil {
		closeFn()
	}
	if sp.Grad == nil && sp.FuncGrad == nil {
		return solvers.Forward2, nil
	}
	return solvers.Analytic, nil
}

// Benchmark is the case's benchmark: each op is one run of the method from
// the case's start, made off the clock (the problem's evaluator, its
// workspaces, the starting point). Besides the time per op it reports the
// last run's final value (f), log10(f - f*) where the problem's f* is
// known (log10Δf, floored at 1e-16 max(1, |f*|): go test prints f with 7
// significant digits only), the evaluations (analysis.TotalEvals: of f,
// and of analytic gradients and exact Hessians), the iterations (nit) and
// the time per evaluation (ns/eval), so that a change that makes a method
// faster but stop earlier shows. A value that is not finite (a run that
// ended in NaN) is not reported. A run that ends in error (a method
// that panicked, scipy:dogleg's indefinite Hessian) is measured as any
// other, and its message logged. Nothing is allocated per op but what the
// method allocates.
func (c Case) Benchmark(b *testing.B) {
	spec := c.Spec
	p, closeFn, err := spec.Problem.New(c.objectiveWorkers)
	if err != nil {
		b.Fatalf("problem %s: %v", spec.Problem.Name, err)
	}
	if closeFn != nil {
		b.Cleanup(closeFn)
	}
	if p.Batches != nil {
		bt := *p.Batches
		bt.Seed = [2]uint64{spec.Seed, uint64(spec.Start)}
		p.Batches = &bt
	}
	if spec.Bounds != nil {
		p.Bounds = spec.Bounds
	}
	o := spec.Options
	o.Method, o.Params, o.Gradient = spec.Method, spec.Params, spec.Gradient
	ctx := b.Context()
	var res solvers.Result
	defer func() {
		// Minimize turns a panic of the method or the problem into the
		// run's error status; one anywhere else fails this benchmark
		// alone.
		if r := recover(); r != nil {
			b.Fatalf("%s on %s panicked: %v", spec.Label, spec.Problem.Name, r)
		}
	}()
	b.ReportAllocs()
	for b.Loop() {
		if res, err = solvers.MinimizeContext(ctx, p, spec.X0, o); err != nil {
			b.Fatal(err)
		}
	}
	if res.Status == solvers.Failed {
		b.Logf("the run ended in %s: %s", res.Status, res.Message)
	}
	report(b, bench.Run{Spec: spec, Result: res})
}

// report reports the run's metrics on b.
func report(b *testing.B, r bench.Run) {
	metric := func(v float64, unit string) {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			b.ReportMetric(v, unit)
		}
	}
	metric(r.Result.Fun, "f")
	if fStar := r.Problem.FStar; !math.IsNaN(fStar) {
		metric(LogDeltaF(r.Result.Fun, fStar), "log10Δf")
	}
	evals := analysis.TotalEvals(r)
	metric(evals, "evals")
	metric(float64(r.Result.Nit), "nit")
	if evals > 0 && b.N > 0 {
		metric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/evals, "ns/eval")
	}
}

// DeltaF is f - fStar, how far a run ended above a known minimum, floored
// at 1e-16 max(1, |fStar|) (below it, rounding decides): a positive
// number. NaN for a NaN f.
func DeltaF(f, fStar float64) float64 {
	if math.IsNaN(f) {
		return math.NaN()
	}
	return max(f-fStar, 1e-16*max(1, math.Abs(fStar)))
}

// LogDeltaF is log10(DeltaF(f, fStar)): how close a run came to a known
// minimum, in decades, from -16 up. NaN for a NaN f.
func LogDeltaF(f, fStar float64) float64 {
	return math.Log10(DeltaF(f, fStar))
}
