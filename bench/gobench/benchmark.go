package gobench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/bbob"
	"github.com/optbench/optbench/solvers"

	// The families whose items Problems takes, besides bbob.
	_ "github.com/optbench/optbench/bench/mgh"
	_ "github.com/optbench/optbench/bench/network"
)

// DefaultSeed is the seed of the random starts when Suite.Seed is 0:
// optbench compare's default, so that a benchmark's start k is compare's.
const DefaultSeed = 1

// Suite is a set of benchmarks: every method configuration of Methods on
// every problem of Problems and Own, one sub-benchmark each, problem by
// problem. The zero value of every field but Problems (or Own) and
// Methods is a default.
type Suite struct {
	// Problems is a list of problems as optbench compare's -problems takes
	// it, the items of every registered family: "mgh" (the
	// Moré-Garbow-Hillstrom set), "Beale,Wood", "ExtendedRosenbrock:10",
	// "bbob:f1-24:d2" (COCO's suite), "classroom" (the network). Each
	// family's own flags take their defaults.
	Problems string
	// Own are problems of your own (see bench.FuncProblem), benchmarked
	// after those of Problems. A name is unique, not empty, and holds no
	// '/' or white space (go test would make it two levels, or rewrite
	// it).
	Own []*bench.Problem
	// Methods is a list of method configurations as -methods takes it:
	// "L-BFGS,BFGS[linesearch=more-thuente]"; a grid
	// ("GD-fixed[alpha=0.1|0.5]") stands for each of its configurations,
	// and "all" for every method of the registry.
	Methods string
	// Gradients are the gradient modes of the methods that take a
	// gradient, each a benchmark of its own. Empty: the analytic
	// gradient, but 2-point differences on bbob (a black-box suite, as
	// optbench compare runs it) and on a problem that has no gradient. A
	// method that takes no gradient runs once, with none. (An op is one
	// run of the method: a bbob benchmark has no budget and no restarts,
	// which COCO's protocol in a sweep has.)
	Gradients []solvers.GradientMode
	// Start is the starting point's number: compare's start Start with
	// -seed Seed (MGH's start 0 is the function's standard start, the
	// classroom network's the exercise's). Seed 0 is DefaultSeed: compare's
	// -seed 0 cannot be asked for.
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
// Suite{Problems: problems, Methods: methods}.Run(b).
//
//	func BenchmarkMGH(b *testing.B) { gobench.Run(b, "mgh", "L-BFGS,BFGS") }
func Run(b *testing.B, problems, methods string) {
	b.Helper()
	Suite{Problems: problems, Methods: methods}.Run(b)
}

// Run runs each of the suite's cases as a sub-benchmark of b (see Case).
// A suite that Cases refuses (a name no family or registry knows, which
// the error lists the valid names of) fails b before any case runs.
func (s Suite) Run(b *testing.B) {
	b.Helper()
	cases, err := s.Cases(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range cases {
		b.Run(c.Name, c.Benchmark)
	}
}

// Case is one benchmark of a Suite: one method configuration with one
// gradient mode on one problem, from one start.
type Case struct {
	// Name is the sub-benchmark's name: <problem>/<label>, followed by
	// /<gradient> (analytic, 2-point, 3-point; none for a method that
	// takes no gradient) when the suite has several Gradients or the
	// gradient is made of differences. A -bench pattern is a regular
	// expression: a label's '[' is written '\[' in it
	// (-bench 'MGH/Beale/GD-fixed\[alpha=0.01\]').
	Name string
	// Spec is the run each op makes.
	Spec bench.Spec
	// ObjectiveWorkers is the number of goroutines of the problem's
	// evaluator; 0 is 1.
	ObjectiveWorkers int
}

// Cases lists the suite's benchmarks in the order Run runs them, or says
// what is wrong with the suite: a problem or method no family or registry
// knows (the error lists the valid names), a parameter out of range, a
// gradient mode that is not one, an analytic gradient asked of a problem
// without one, a problem named twice.
func (s Suite) Cases(ctx context.Context) ([]Case, error) {
	problems, err := s.problems(ctx)
	if err != nil {
		return nil, err
	}
	configs, err := s.configs()
	if err != nil {
		return nil, err
	}
	for _, g := range s.Gradients {
		if _, err := solvers.ParseGradientMode(string(g)); err != nil {
			return nil, fmt.Errorf("gobench: Gradients: %w", err)
		}
	}
	seed := s.seed()
	if s.Start < 0 {
		return nil, fmt.Errorf("gobench: Start %d: want a start number >= 0", s.Start)
	}
	if s.ObjectiveWorkers < 0 {
		return nil, fmt.Errorf("gobench: ObjectiveWorkers %d: want a number >= 0 (0 is 1)", s.ObjectiveWorkers)
	}
	// Names are unique: problems are named once (problems), and Sweep.Add
	// adds a configuration and gradient once.
	var cases []Case
	for _, p := range problems {
		x0, err := bench.StartOf(p, s.Start, seed)
		if err != nil {
			return nil, fmt.Errorf("gobench: %w", err)
		}
		hasGradient, err := hasGradient(p)
		if err != nil {
			return nil, err
		}
		gradients := s.Gradients
		switch {
		case len(gradients) == 0 && hasGradient && p.Family != bbob.Family.Name():
			gradients = []solvers.GradientMode{solvers.Analytic}
		case len(gradients) == 0:
			gradients = []solvers.GradientMode{solvers.Forward2}
		}
		sw, err := bench.NewSweep([]*bench.Problem{p}, 1, seed, s.Options)
		if err != nil {
			return nil, fmt.Errorf("gobench: %w", err)
		}
		if err := sw.Add(configs, gradients...); err != nil {
			return nil, fmt.Errorf("gobench: %w", err)
		}
		if err := sw.CheckBounds(); err != nil {
			return nil, fmt.Errorf("gobench: %w", err)
		}
		for i, sv := range sw.Solvers {
			if sv.Gradient == solvers.Analytic && !hasGradient {
				return nil, fmt.Errorf("gobench: problem %s has no gradient: %s cannot take the analytic one (give Gradients 2-point or 3-point)", p.Name, sv.Label)
			}
			spec, err := sw.Spec(i) // start 0: its X0 is replaced
			if err != nil {
				return nil, fmt.Errorf("gobench: %w", err)
			}
			spec.Start, spec.X0 = s.Start, x0
			if strings.ContainsFunc(spec.Label, func(r rune) bool { return r == '/' || unicode.IsSpace(r) }) {
				return nil, fmt.Errorf("gobench: configuration %q: a label with '/' or white space cannot name a benchmark", spec.Label)
			}
			name := p.Name + "/" + spec.Label
			if len(s.Gradients) > 1 || spec.Gradient == solvers.Forward2 || spec.Gradient == solvers.Central3 {
				name += "/" + string(spec.Gradient)
			}
			cases = append(cases, Case{Name: name, Spec: spec, ObjectiveWorkers: s.ObjectiveWorkers})
		}
	}
	return cases, nil
}

func (s Suite) seed() uint64 {
	if s.Seed == 0 {
		return DefaultSeed
	}
	return s.Seed
}

// problems makes the problems of s.Problems with the registered
// families, their flags at their defaults, followed by s.Own.
func (s Suite) problems(ctx context.Context) ([]*bench.Problem, error) {
	var out []*bench.Problem
	items := bench.SplitItems(s.Problems)
	if len(items) == 0 && len(s.Own) == 0 {
		return nil, fmt.Errorf("gobench: no problem: give Problems (valid: %s) or Own", strings.Join(bench.Items(), ", "))
	}
	if len(items) > 0 {
		families := bench.Families()
		fs := flag.NewFlagSet("gobench", flag.ContinueOnError)
		makers := make([]bench.Maker, len(families))
		for i, f := range families {
			makers[i] = f.Flags(fs)
		}
		ps, err := bench.MakeProblems(ctx, items, families, makers,
			bench.Build{Seed: s.seed(), Set: func(string) bool { return false }, List: s.Problems})
		var unknown *bench.UnknownProblemError
		switch {
		case errors.As(err, &unknown):
			return nil, &wrapped{"gobench: Problems: " + unknown.Error(), err}
		case err != nil:
			return nil, fmt.Errorf("gobench: Problems: %w", err)
		}
		out = ps
	}
	for _, p := range s.Own {
		if p == nil {
			return nil, fmt.Errorf("gobench: Own holds a nil problem")
		}
		if p.Name == "" || strings.ContainsFunc(p.Name, func(r rune) bool { return r == '/' || unicode.IsSpace(r) }) {
			return nil, fmt.Errorf("gobench: Own: problem name %q: want a name without '/' or white space (go test would split or rewrite it)", p.Name)
		}
		if slices.ContainsFunc(out, func(q *bench.Problem) bool { return q.Name == p.Name }) {
			return nil, fmt.Errorf("gobench: problem %q is named twice", p.Name)
		}
		out = append(out, p)
	}
	return out, nil
}

// configs are the method configurations of s.Methods.
func (s Suite) configs() ([]solvers.Config, error) {
	reg := s.Options.Registry
	if reg == nil {
		reg = solvers.Default
	}
	if len(reg.Names()) == 0 {
		return nil, fmt.Errorf("gobench: Options.Registry has no method")
	}
	list := s.Methods
	if strings.EqualFold(strings.TrimSpace(list), "all") {
		list = strings.Join(reg.Names(), ",")
	}
	configs, err := reg.ParseConfigs(list)
	var unknown *solvers.UnknownMethodError
	switch {
	case errors.As(err, &unknown):
		msg := fmt.Sprintf("gobench: Methods: unknown method %q (valid: %s, all)", unknown.Name, strings.Join(unknown.Valid, ", "))
		if unknown.Suggestion != "" {
			msg += fmt.Sprintf("; did you mean %q?", unknown.Suggestion)
		}
		return nil, &wrapped{msg, err}
	case err != nil:
		return nil, fmt.Errorf("gobench: Methods: %w", err)
	case len(configs) == 0:
		return nil, fmt.Errorf("gobench: Methods is empty (valid: %s, all)", strings.Join(reg.Names(), ", "))
	}
	return configs, nil
}

// wrapped is an error whose message says it in gobench's words.
type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }

// hasGradient says whether p's evaluator has a gradient. A panic in p's
// New is an error.
func hasGradient(p *bench.Problem) (ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gobench: problem %s: New panicked: %v", p.Name, r)
		}
	}()
	sp, closeFn, err := p.New(1)
	if err != nil {
		return false, fmt.Errorf("gobench: problem %s: %w", p.Name, err)
	}
	if closeFn != nil {
		closeFn()
	}
	return sp.Grad != nil || sp.FuncGrad != nil, nil
}

// Benchmark is the case's benchmark: each op is one run of the method from
// the case's start, made off the clock (the problem's evaluator, its
// workspaces, the starting point: bench.Spec.NewProblem, as a sweep makes
// them). Besides the time per op it reports the last run's final value (f),
// log10(f - f*) where the problem's f* is known (log10Δf: LogDeltaF; go
// test prints a metric with at most 7 decimals, and f's last digits are
// lost), the evaluations (analysis.TotalEvals: of f, and of analytic
// gradients and exact Hessians), the iterations (nit) and the time per
// evaluation (ns/eval), so that a change that makes a method faster but
// stop earlier shows. A value that is not finite (a run that ended in NaN)
// is not reported, and that is logged, as is the message of a run that
// ends in error (scipy:dogleg's indefinite Hessian): it is measured as any
// other. A run that ends in a panic (of the method or the problem's
// functions: solvers.Result.Panicked) fails the benchmark, its metrics
// reported all the same. Nothing is allocated per op but what the method
// allocates.
func (c Case) Benchmark(b *testing.B) {
	spec := c.Spec
	defer func() {
		// Minimize turns a panic of the method or the problem's functions
		// into the run's error status; one anywhere else (the problem's
		// New) fails this benchmark alone.
		if r := recover(); r != nil {
			b.Fatalf("%s on %s panicked: %v", spec.Label, spec.Problem.Name, r)
		}
	}()
	p, closeFn, err := spec.NewProblem(max(c.ObjectiveWorkers, 1))
	if err != nil {
		b.Fatalf("problem %s: %v", spec.Problem.Name, err)
	}
	if closeFn != nil {
		b.Cleanup(closeFn)
	}
	o := spec.MethodOptions()
	ctx := b.Context()
	var res solvers.Result
	b.ReportAllocs()
	for b.Loop() {
		if res, err = solvers.MinimizeContext(ctx, p, spec.X0, o); err != nil {
			b.Fatal(err)
		}
	}
	switch {
	case res.Panicked:
		// A bug, not a verdict of the method: a benchmark of it would
		// pass with a run that did nothing, and read as a speed-up.
		b.Errorf("the run ended in a panic: %s", res.Cause)
	case res.Status == solvers.Failed:
		b.Logf("the run ended in %s: %s", res.Status, res.Message)
	}
	if math.IsNaN(res.Fun) || math.IsInf(res.Fun, 0) {
		b.Logf("f = %v: f and log10Δf are not reported", res.Fun)
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
