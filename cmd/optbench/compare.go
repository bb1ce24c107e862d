package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/mgh"
	"github.com/optbench/optbench/solvers"
)

const compareUsage = `Usage: optbench compare [flags]

Minimizes each problem with each method and gradient mode and prints one row
per run, or with several starts or problems a summary over them. The default
problem is the classroom network's cross-entropy; -problems adds the
Moré-Garbow-Hillstrom functions. With neither -methods nor -gradient, it runs
every gonum method and scipy:BFGS with the analytic gradient, gonum's BFGS with
a More-Thuente line search, and BFGS and GD-fixed with 3-point finite
differences. -gradient applies to every method that uses a gradient;
Nelder-Mead runs once, with none.

-problems takes a comma list: classroom (the network, on -data or -synthetic
when given), MGH functions by name (case-insensitive, NAME:n for a dimension:
ExtendedRosenbrock:10), and mgh for all of them at the MGH paper's dimensions:
  -problems mgh -methods BFGS,L-BFGS,CG,Newton,Nelder-Mead -starts 3

-methods takes NAME or NAME[key=value,...], with '|' for a grid of values:
  -methods 'BFGS[linesearch=bisection|more-thuente],GD-fixed[alpha=0.1|0.5|1],L-BFGS[memory=5]'
"optbench methods" lists every method and its parameters.

Flags:
`

// defaultMethods is what optbench compare runs with neither -methods nor
// -gradient: every gonum method and scipy:BFGS with the analytic gradient,
// gonum's BFGS with a More-Thuente line search (the same BFGS, another line
// search, another minimum), then the two classroom methods with central
// differences, to show what numerical gradients cost.
const defaultMethods = "GD-fixed,GD,CG,BFGS,BFGS[linesearch=more-thuente,c1=1e-4],scipy:BFGS,L-BFGS,Newton,Nelder-Mead,Adam[lr=0.01]"

var defaultCentral = []string{"BFGS", "GD-fixed"}

// defaultBatchMethods are the methods that step on mini-batches, what
// -batch runs without -methods.
const defaultBatchMethods = "GD-fixed,Momentum,Nesterov,Adam,AdamW,RMSprop,Adagrad"

func compare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("compare")
	problemsFlag := fs.String("problems", "classroom", "comma-separated problems: classroom, MGH function names (NAME or NAME:n), or mgh for the whole set")
	methodsFlag := fs.String("methods", "all", "comma-separated methods, each NAME or NAME[key=v1|v2,...] (see optbench methods), or all")
	gradFlag := fs.String("gradient", "analytic", "comma-separated gradient modes: analytic, 2-point, 3-point")
	hessFlag := fs.String("hessian", "auto", "second-order methods' Hessian: exact, 2-point or 3-point differences of the gradient, or auto: exact where the problem has it, else 3-point")
	alpha := fs.Float64("alpha", 0.5, "GD-fixed step size: x := x - alpha*grad (shorthand for GD-fixed[alpha=...])")
	fdStep := fs.Float64("fd-step", 0, "finite-difference step, absolute (0: 2e-8 for 2-point, 6e-6 for 3-point)")
	maxiter := fs.Int("maxiter", 0, "iteration limit per run (0: 200 x number of parameters)")
	maxfev := fs.Int("maxfev", 0, "function-evaluation limit per run, finite differences included (0: none)")
	gtol := fs.Float64("gtol", 1e-5, "gradient methods stop when max |grad_i| < gtol (0: never)")
	timeLimit := fs.Duration("time-limit", 0, "wall-time limit per run, e.g. 500ms (0: none)")
	hidden := fs.Int("hidden", 2, "classroom: hidden units M")
	l2 := fs.Float64("l2", 0, "classroom: L2 weight lambda: E + (lambda/2)|wv|^2")
	format := fs.String("format", "table", "output: table, markdown, csv or json (one object per run per line)")
	workers := fs.Int("j", runtime.NumCPU(), "runs at once")
	starts := fs.Int("starts", 1, "starting points per method and gradient mode")
	seed := fs.Uint64("seed", 1, "seed of the network's random starting points, of -synthetic data and of the -test-frac hold-out")
	initScale := fs.Float64("init-scale", 0.5, "classroom: standard deviation of the random starting points")
	objWorkers := fs.Int("objective-workers", 0, "goroutines per run's objective (0: the CPUs divided by the runs at once)")
	data := addDataFlags(fs)
	outDir := fs.String("out", "", "directory for sweep.json, results.jsonl, trace.csv, tables, plots and report.html (created if missing; the same sweep again resumes it)")
	batch := fs.Int("batch", 0, "classroom: step the first-order methods on mini-batches of this many training samples, reshuffled every epoch (0: the whole set)")
	epochs := fs.Int("epochs", 0, "with -batch: passes over the training set per run (default 10)")
	traceFlag := fs.String("trace", "log", "iterations kept in traces: all, log (0-100, then 20 a decade, and the last) or none (x0 and the last)")
	shardFlag := fs.String("shard", "", "run shard `i/n` of the sweep (0 <= i < n), or auto: from SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX and OPTBENCH_SHARDS; with -out, into DIR/shard-i-of-n")
	if err := parse(fs, args, stdout, compareUsage); err != nil {
		return err
	}
	for _, err := range []error{
		checkFloat("alpha", *alpha, 0, true),
		checkFloat("fd-step", *fdStep, 0, false),
		checkInt("maxiter", *maxiter, 0),
		checkInt("maxfev", *maxfev, 0),
		checkFloat("gtol", *gtol, 0, false),
		checkRange("hidden", *hidden, 1, maxHidden),
		checkFloat("l2", *l2, 0, false),
		checkChoice("format", *format, bench.Formats),
		checkInt("j", *workers, 1),
		checkRange("starts", *starts, 1, maxRuns),
		checkFloat("init-scale", *initScale, 0, false),
		checkInt("objective-workers", *objWorkers, 0),
		data.check(fs),
	} {
		if err != nil {
			return err
		}
	}
	if *timeLimit < 0 {
		return usagef("-time-limit %v: want a duration >= 0", *timeLimit)
	}

	methodList, gradients, central := defaultMethods, []solvers.GradientMode{solvers.Analytic}, defaultCentral
	if set(fs, "batch") {
		if err := checkInt("batch", *batch, 1); err != nil {
			return err
		}
		methodList, central = defaultBatchMethods, nil
	}
	if set(fs, "epochs") && !set(fs, "batch") {
		return usagef("-epochs applies to mini-batches: give -batch too")
	}
	if err := checkInt("epochs", *epochs, 0); err != nil {
		return err
	}
	if set(fs, "methods") || set(fs, "gradient") {
		central = nil
		methodList = *methodsFlag
		if strings.EqualFold(strings.TrimSpace(methodList), "all") {
			methodList = strings.Join(solvers.Methods(), ",")
		}
		gradients = nil
		for _, g := range splitList(*gradFlag) {
			mode, err := solvers.ParseGradientMode(g)
			if err != nil {
				return usagef("-gradient %q: unknown value (valid: %s)", g, strings.Join(gradientNames(), ", "))
			}
			if !slices.Contains(gradients, mode) {
				gradients = append(gradients, mode)
			}
		}
		if len(gradients) == 0 {
			return usagef("-gradient is empty (valid: %s)", strings.Join(gradientNames(), ", "))
		}
	}
	configs, err := parseMethods(methodList, fs, *alpha)
	if err != nil {
		return err
	}
	if set(fs, "batch") {
		var refused []string
		for _, c := range configs {
			if m, _ := solvers.Default.Lookup(c.Method); !m.Stochastic {
				refused = append(refused, c.Method)
			}
		}
		if len(refused) > 0 {
			return usagef("-batch: %s cannot step on mini-batches (line searches and models need the full loss); the first-order methods can: %s",
				strings.Join(slices.Compact(refused), ", "), defaultBatchMethods)
		}
		if slices.Contains(gradients, solvers.Forward2) || slices.Contains(gradients, solvers.Central3) {
			return usagef("-batch takes the analytic gradient only")
		}
	}
	problems, classNote, err := parseProblems(ctx, *problemsFlag, fs, data, *hidden, *l2, *seed, *initScale, *batch)
	if err != nil {
		return err
	}
	var hessian solvers.HessianMode // auto
	if !strings.EqualFold(strings.TrimSpace(*hessFlag), "auto") {
		if hessian, err = solvers.ParseHessianMode(*hessFlag); err != nil {
			return usagef("-hessian %q: unknown value (valid: auto, exact, 2-point, 3-point)", *hessFlag)
		}
	}
	traceMode, err := solvers.ParseTraceMode(*traceFlag)
	if err != nil {
		return usagef("-trace %q: unknown value (valid: all, log, none)", *traceFlag)
	}
	shard, err := parseShard(*shardFlag, set(fs, "shard"))
	if err != nil {
		return err
	}
	opts := solvers.Options{FDStep: *fdStep, MaxIter: *maxiter, MaxFev: *maxfev, Gtol: *gtol, TimeLimit: *timeLimit, Hessian: hessian, Trace: traceMode}
	if *batch > 0 {
		opts.Epochs = *epochs
		if opts.Epochs == 0 {
			opts.Epochs = 10
		}
		if *maxiter == 0 {
			opts.MaxIter = math.MaxInt32 // the epochs are the limit
		}
	}
	if *gtol == 0 {
		opts.Gtol = solvers.GtolOff // 0 on the command line means: never stop on the gradient
	}
	if n := countRuns(configs, gradients, central) * *starts * len(problems); n > maxRuns {
		return usagef("-starts %d: %d runs in all (problems x method configurations x gradient modes x starts); at most %d", *starts, n, maxRuns)
	}
	var specs []bench.Spec
	for _, p := range problems {
		more, err := bench.Specs([]*bench.Problem{p}, configs, gradients, *starts, *seed, opts)
		if err != nil {
			return usagef("-methods: %s", trimPkg(err))
		}
		specs = append(specs, more...)
		if central != nil {
			cs, err := parseMethods(strings.Join(central, ","), fs, *alpha)
			if err != nil {
				return err
			}
			more, _ := bench.Specs([]*bench.Problem{p}, cs, []solvers.GradientMode{solvers.Central3}, *starts, *seed, opts)
			specs = append(specs, more...)
		}
	}

	desc, err := bench.Describe(problems, specs, *starts, *seed, opts)
	if err != nil {
		return err
	}
	desc.Shard, desc.Optbench, desc.Command = shard, version(), append([]string{"optbench"}, args...)
	specs = shard.Select(specs)
	out := *outDir
	if out != "" && shard.Count > 1 {
		out = filepath.Join(out, fmt.Sprintf("shard-%d-of-%d", shard.Index, shard.Count))
	}
	if out != "" {
		for i := range specs {
			specs[i].Options.TraceX = specs[i].Start == 0 // for the weights plot
		}
	}
	objectiveWorkers := *objWorkers
	if objectiveWorkers == 0 {
		objectiveWorkers = bench.SplitWorkers(runtime.NumCPU(), *workers, len(specs))
	}
	maxIter := func(sp bench.Spec) int {
		if *maxiter > 0 {
			return *maxiter
		}
		return 200 * sp.Problem.Dim
	}
	if err := checkSweepSize(specs, maxIter); err != nil {
		return err
	}
	sw := sweep{
		problems: problems, specs: specs, desc: desc, workers: *workers, objectiveWorkers: objectiveWorkers, format: *format, outDir: out,
		starts: *starts, seed: *seed, stderr: stderr, classNote: classNote, maxIter: maxIter,
	}
	if out != "" {
		sw.about = about(args, problems, specs, *starts, *seed, opts, *maxiter)
	}
	return sw.run(ctx, stdout)
}

// parseProblems reads -problems: classroom (the network, on the data the
// data flags choose), MGH names with an optional :n, and mgh. A problem
// named twice runs once.
func parseProblems(ctx context.Context, list string, fs *flag.FlagSet, data *dataFlags, hidden int, l2 float64, seed uint64, initScale float64, batch int) ([]*bench.Problem, string, error) {
	var problems []*bench.Problem
	classNote := ""
	add := func(p *bench.Problem) {
		if !slices.ContainsFunc(problems, func(q *bench.Problem) bool { return q.Name == p.Name }) {
			problems = append(problems, p)
		}
	}
	hasNetwork := false
	for _, name := range splitList(list) {
		switch {
		case strings.EqualFold(name, "classroom"):
			if hasNetwork {
				continue
			}
			hasNetwork = true
			p, note, err := data.network(ctx, hidden, l2, seed, initScale, batch)
			if err != nil {
				return nil, "", err
			}
			p.Family, p.Config = "network", data.source(hidden, l2, seed, initScale, batch)
			classNote = note
			add(p)
		case strings.EqualFold(name, "mgh"):
			for _, p := range mgh.All() {
				add(p)
			}
		default:
			p, err := mgh.Parse(name)
			if err != nil {
				return nil, "", usagef("-problems: %s", strings.TrimPrefix(err.Error(), "mgh: "))
			}
			add(p)
		}
	}
	if len(problems) == 0 {
		return nil, "", usagef("-problems is empty (valid: classroom, mgh, %s)", strings.Join(mgh.Names(), ", "))
	}
	if !hasNetwork {
		for _, name := range []string{"data", "synthetic", "hidden", "l2", "init-scale", "label", "test-frac", "standardize", "features", "classes", "batch"} {
			if set(fs, name) {
				return nil, "", usagef("-%s applies to the classroom problem (the network), which -problems %q leaves out", name, list)
			}
		}
	}
	return problems, classNote, nil
}

// parseShard reads -shard: i/n, or auto from the environment of a SLURM
// job array or a Kubernetes Indexed Job.
func parseShard(text string, given bool) (bench.Shard, error) {
	if !given {
		return bench.Shard{}, nil
	}
	if strings.EqualFold(strings.TrimSpace(text), "auto") {
		s, err := shardFromEnv(os.Getenv)
		if err != nil {
			return s, usagef("-shard auto: %v", err)
		}
		return s, nil
	}
	s, err := bench.ParseShard(text)
	if err != nil {
		return s, usagef("-shard: %v", err)
	}
	return s, nil
}

// shardFromEnv is the shard of a SLURM array task (SLURM_ARRAY_TASK_ID
// counted from SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT) or of a
// Kubernetes Indexed Job's pod (JOB_COMPLETION_INDEX, of OPTBENCH_SHARDS,
// which the Job sets to its completions).
func shardFromEnv(getenv func(string) string) (bench.Shard, error) {
	num := func(name string) (int, error) {
		v, err := strconv.Atoi(strings.TrimSpace(getenv(name)))
		if err != nil {
			return 0, fmt.Errorf("%s=%q is not a whole number", name, getenv(name))
		}
		return v, nil
	}
	switch {
	case getenv("SLURM_ARRAY_TASK_ID") != "":
		id, err := num("SLURM_ARRAY_TASK_ID")
		if err != nil {
			return bench.Shard{}, err
		}
		count, err := num("SLURM_ARRAY_TASK_COUNT")
		if err != nil {
			return bench.Shard{}, err
		}
		first := 0
		if getenv("SLURM_ARRAY_TASK_MIN") != "" {
			if first, err = num("SLURM_ARRAY_TASK_MIN"); err != nil {
				return bench.Shard{}, err
			}
		}
		return bench.ParseShard(fmt.Sprintf("%d/%d", id-first, count))
	case getenv("JOB_COMPLETION_INDEX") != "":
		id, err := num("JOB_COMPLETION_INDEX")
		if err != nil {
			return bench.Shard{}, err
		}
		count, err := num("OPTBENCH_SHARDS")
		if err != nil {
			return bench.Shard{}, fmt.Errorf("%v (set it to the Indexed Job's completions)", err)
		}
		return bench.ParseShard(fmt.Sprintf("%d/%d", id, count))
	}
	return bench.Shard{}, errors.New("neither SLURM_ARRAY_TASK_ID (a SLURM job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set")
}

// parseMethods reads -methods into configs; -alpha, when given, sets
// GD-fixed's alpha wherever the list does not.
func parseMethods(list string, fs *flag.FlagSet, alpha float64) ([]solvers.Config, error) {
	configs, err := solvers.Default.ParseConfigs(list)
	if err != nil {
		valid := ""
		if errors.Is(err, solvers.ErrUnknownMethod) {
			valid = " (valid: " + strings.Join(solvers.Methods(), ", ") + ", all)"
			if i := strings.Index(err.Error(), " (valid:"); i >= 0 {
				err = errors.New(err.Error()[:i])
			}
		}
		return nil, usagef("-methods: %s%s", trimPkg(err), valid)
	}
	if len(configs) == 0 {
		return nil, usagef("-methods is empty (valid: %s, all)", strings.Join(solvers.Methods(), ", "))
	}
	if set(fs, "alpha") {
		for i, c := range configs {
			if _, given := c.Params["alpha"]; c.Method == "GD-fixed" && !given {
				params := map[string]string{"alpha": strconv.FormatFloat(alpha, 'g', -1, 64)}
				for k, v := range c.Params {
					params[k] = v
				}
				if configs[i], err = solvers.Default.Config(c.Method, params); err != nil {
					return nil, usagef("-alpha: %s", trimPkg(err))
				}
			}
		}
	}
	return configs, nil
}

func gradientNames() []string {
	var names []string
	for _, m := range solvers.GradientModes {
		names = append(names, string(m))
	}
	return names
}

// trimPkg is err's message without the package prefix that library errors
// carry.
func trimPkg(err error) string { return strings.TrimPrefix(err.Error(), "solvers: ") }
