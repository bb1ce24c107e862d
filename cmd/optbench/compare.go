package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/bbob"
	"github.com/optbench/optbench/bench/mgh"
	"github.com/optbench/optbench/bench/network"
	"github.com/optbench/optbench/bench/results"
	"github.com/optbench/optbench/bench/table"
	"github.com/optbench/optbench/solvers"
)

const compareUsage = `Usage: optbench compare [flags]

Minimizes each problem with each method and gradient mode and prints one row
per run, or with several starts or problems a summary over them. The default
problem is the classroom network's cross-entropy; -problems adds the
Moré-Garbow-Hillstrom functions and COCO's bbob suite. With neither -methods
nor -gradient, it runs
every gonum method, scipy:BFGS and Adam[lr=0.01] with the analytic gradient, gonum's BFGS with
a More-Thuente line search, and BFGS and GD-fixed with 3-point finite
differences. -gradient applies to every method that uses a gradient;
Nelder-Mead runs once, with none.

-problems takes a comma list: classroom (the network, on -data or -synthetic
when given), MGH functions by name (case-insensitive, NAME:n for a dimension:
ExtendedRosenbrock:10), and mgh for all of them at the MGH paper's dimensions:
  -problems mgh -methods BFGS,L-BFGS,CG,Newton,Nelder-Mead -starts 3
and COCO's bbob suite, under COCO's protocol (-budget, 1000 by default; a
sweep with bbob problems runs BFGS, L-BFGS, CG and Nelder-Mead with 2-point
differences without -methods and -gradient; -out DIR writes DIR/coco for cocopp):
  -problems bbob                      24 functions, d 2-20, instances 1-5, 71-80
  -problems bbob:f1-24:d2,5,10:i1-15  functions, dimensions, instances

-methods takes NAME or NAME[key=value,...], with '|' for a grid of values:
  -methods 'BFGS[linesearch=bisection|more-thuente],GD-fixed[alpha=0.1|0.5|1],L-BFGS[memory=5]'
An item stands for every combination of its values; the whole list may
expand to at most 1000 configurations (counted before any is made), and a
key is given once per item (lr_decay and lr-decay are one key).
Configurations that come out the same run once. -alpha is GD-fixed's alpha
wherever the list does not set one: with -alpha 0.1,
'GD-fixed,GD-fixed[alpha=0.5]' runs alpha 0.1 and 0.5.
"optbench methods" lists every method and its parameters.

-format gobench prints each run as a line of Go's benchmark format, with its
time, f, Δf = f - f* (where f* is known), evals and nit, and the sweep's settings
as configuration, for benchstat (golang.org/x/perf/cmd/benchstat) to compare
the methods of a sweep, or two sweeps:
  optbench -problems Beale,Wood -methods BFGS,CG -starts 6 -format gobench > a.txt
  benchstat -col /label a.txt     # CG beside BFGS
  benchstat a.txt b.txt           # b.txt: the same sweep, another optbench
Sweeps of other settings land in tables of their own (benchstat -ignore
maxiter a.txt b.txt sets them side by side).

Flags:
`

// sweepFormats are the -format values of compare and report: the tables'
// formats, and gobench, Go's benchmark format (gobench.Write), for
// benchstat.
var sweepFormats = append(slices.Clip(table.Formats), "gobench")

// formatHelp is the -format flag's help of compare and report.
const formatHelp = "output: table, markdown, csv, json (one object per run per line) or gobench (a benchmark line per run, for benchstat)"

// machineFormat reports whether format is for programs: its notes go to
// stderr, so that stdout holds nothing else.
func machineFormat(format string) bool {
	return format == "json" || format == "csv" || format == "gobench"
}

// defaultMethods is what optbench compare runs with neither -methods nor
// -gradient: every gonum method and scipy:BFGS with the analytic gradient,
// gonum's BFGS with a More-Thuente line search (the same BFGS, another line
// search, another minimum), then the two classroom methods with central
// differences, to show what numerical gradients cost.
const defaultMethods = "GD-fixed,GD,CG,BFGS,BFGS[linesearch=more-thuente,c1=1e-4],scipy:BFGS,L-BFGS,Newton,Nelder-Mead,Adam[lr=0.01]"

var defaultCentral = []string{"BFGS", "GD-fixed"}

// defaultBlackBoxMethods are what a bbob sweep runs without -methods, with
// 2-point differences unless -gradient is given: the methods of scipy's
// and gonum's that COCO's archive holds runs of (BFGS, L-BFGS, CG,
// Nelder-Mead).
const defaultBlackBoxMethods = "BFGS,L-BFGS,CG,Nelder-Mead"

// defaultBatchMethods are the methods that step on mini-batches, what
// -batch runs without -methods.
const defaultBatchMethods = "GD-fixed,Momentum,Nesterov,Adam,AdamW,RMSprop,Adagrad"

// families are the problem families -problems takes, in the order their
// items are listed.
var families = []bench.Family{network.Family, mgh.Family, bbob.Family}

// compareFlags are compare's flags, and the families' own.
type compareFlags struct {
	fs                                                  *flag.FlagSet
	problems, methods, gradient, hessian, format, out   *string
	trace, shard, bounds                                *string
	alpha, fdStep, gtol, budget                         *float64
	maxiter, maxfev, workers, starts, objWorkers, batch *int
	epochs                                              *int
	cpuProfile, memProfile                              *string
	version                                             *bool
	seed                                                *uint64
	timeLimit                                           *time.Duration
	makers                                              []bench.Maker
	box                                                 bench.Box // -bounds, read by check
}

func newCompareFlags() *compareFlags {
	fs := newFlagSet("compare")
	f := &compareFlags{fs: fs,
		problems:   fs.String("problems", "classroom", "comma-separated problems: classroom, MGH function names (NAME or NAME:n), mgh for the whole set, bbob for COCO's suite or bbob:fLIST:dLIST:iLIST for part of it (bbob:f1-24:d2,5,10:i1-15)"),
		methods:    fs.String("methods", "", "comma-separated methods, each NAME or NAME[key=v1|v2,...] (see optbench methods), or all;\nwithout it: gonum's methods, scipy:BFGS and Adam with the analytic gradient, BFGS and GD-fixed with 3-point\n(every method with -gradient alone, the bounded ones with -bounds, BFGS, L-BFGS, CG, Nelder-Mead on bbob)"),
		gradient:   fs.String("gradient", "analytic", "comma-separated gradient modes: analytic, 2-point, 3-point"),
		hessian:    fs.String("hessian", "auto", "second-order methods' Hessian: exact, 2-point or 3-point differences of the gradient, or auto: exact where the problem has it, else 3-point"),
		alpha:      fs.Float64("alpha", 0.5, "GD-fixed step size: x := x - alpha*grad (shorthand for GD-fixed[alpha=...])"),
		fdStep:     fs.Float64("fd-step", 0, "finite-difference step, absolute (0: 2e-8 for 2-point, 6e-6 for 3-point)"),
		maxiter:    fs.Int("maxiter", 0, "iteration limit per run (0: the method's default, 200 x number of parameters but for scipy's: see docs/scipy.md)"),
		maxfev:     fs.Int("maxfev", 0, "function-evaluation limit per run, finite differences included (0: the method's default, none but for scipy's: see docs/scipy.md)"),
		gtol:       fs.Float64("gtol", 0, "gradient methods stop when max |grad_i| < gtol (0: never; not given: each method's default, 1e-5 but for scipy's: see docs/scipy.md)"),
		timeLimit:  fs.Duration("time-limit", 0, "wall-time limit per run, e.g. 500ms (0: none)"),
		format:     fs.String("format", "table", formatHelp),
		workers:    fs.Int("j", runtime.NumCPU(), "runs at once"),
		starts:     fs.Int("starts", 1, "starting points per method and gradient mode"),
		seed:       fs.Uint64("seed", 1, "seed of the network's random starting points, of -synthetic data and of the -test-frac hold-out"),
		objWorkers: fs.Int("objective-workers", 0, "goroutines per run's objective (0: the CPUs divided by the runs at once)"),
		out:        fs.String("out", "", "directory for sweep.json, results.jsonl, trace.csv, tables, plots and report.html (created if missing; the same sweep again resumes it, and with more -starts grows it: only the new starts run)"),
		batch:      fs.Int("batch", 0, "classroom: step the first-order methods on mini-batches of this many training samples, reshuffled every epoch (0: the whole set)"),
		epochs:     fs.Int("epochs", 0, "with -batch: passes over the training set per run (default 10)"),
		trace:      fs.String("trace", "log", "iterations kept in traces: all, log (0-100, then 20 a decade, and the last) or none (x0 and the last)"),
		bounds:     fs.String("bounds", "", "bounds `LO:HI` on every coordinate of every problem (-bounds -5:5, 0:inf, :1; inf or nothing for a side without one), or LO:HI,LO:HI,... one per coordinate; in place of a problem's own; -inf:inf for none. Without -methods: the methods that take bounds"),
		budget:     fs.Float64("budget", 0, "COCO's experiment protocol: each run gets this many evaluations of f per dimension (finite differences included), restarting the method (bbob: uniformly in [-4,4]^n) until they are spent or f reaches f* + 1e-8; -maxfev and -time-limit bound the whole run, -maxiter each attempt (0: no budget; a sweep with bbob problems: 1000, for all its problems)"),
		cpuProfile: fs.String("cpuprofile", "", "write a CPU profile of the command to `FILE`, for go tool pprof (as go test -cpuprofile)"),
		memProfile: fs.String("memprofile", "", "write an allocation profile of the command to `FILE` at its end, for go tool pprof (as go test -memprofile)"),
		version:    fs.Bool("version", false, "print optbench's version and VCS revision (as optbench version does) and exit"),
		shard:      fs.String("shard", "", "run shard `i/n` of the sweep (0 <= i < n), or auto: from SLURM_ARRAY_TASK_ID/COUNT (and _MIN, _STEP) or JOB_COMPLETION_INDEX and OPTBENCH_SHARDS; with -out, into DIR/shard-i-of-n"),
	}
	for _, fam := range families {
		f.makers = append(f.makers, fam.Flags(fs))
	}
	return f
}

func compare(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	f := newCompareFlags()
	if err := parse(f.fs, args, stdout, compareUsage); err != nil {
		return err
	}
	if *f.version {
		fmt.Fprintln(stdout, "optbench", version())
		return nil
	}
	if err := f.check(); err != nil {
		return err
	}
	prof := &profiles{cpu: *f.cpuProfile, mem: *f.memProfile}
	if err := prof.start(); err != nil {
		return err
	}
	defer func() {
		// An interrupted sweep's profiles are whole: kept, as its results.
		err = firstError(err, prof.stop(err != nil && !errors.Is(err, context.Canceled)))
	}()
	store := newTraceStore(stderr)
	defer store.Close()
	sw, err := f.sweep(ctx, store)
	if err != nil {
		return err
	}
	d, err := results.Describe(sw)
	if err != nil {
		return err
	}
	d.Optbench, d.Command = version(), append([]string{"optbench"}, args...)
	c := &sweepRun{sw: sw, desc: d, workers: *f.workers, objectiveWorkers: *f.objWorkers, format: *f.format, stderr: stderr}
	if *f.out != "" {
		c.outDir = results.ShardDir(*f.out, sw.Shard)
		if err := prof.clash([]string{filepath.Join(c.outDir, "results.jsonl"), filepath.Join(c.outDir, "sweep.json")}, c.outDir); err != nil {
			return err
		}
		sw.KeepX = true // for the family figures (the network's weights)
	}
	return c.run(ctx, stdout)
}

// check refuses flag values out of range, before anything is made.
func (f *compareFlags) check() error {
	for _, err := range []error{
		checkFloat("alpha", *f.alpha, 0, true),
		checkFloat("fd-step", *f.fdStep, 0, false),
		checkInt("maxiter", *f.maxiter, 0),
		checkInt("maxfev", *f.maxfev, 0),
		checkFloat("gtol", *f.gtol, 0, false),
		checkChoice("format", *f.format, sweepFormats),
		checkInt("j", *f.workers, 1),
		checkRange("starts", *f.starts, 1, bench.MaxRuns),
		checkInt("objective-workers", *f.objWorkers, 0),
		checkInt("epochs", *f.epochs, 0),
		checkFloat("budget", *f.budget, 0, false),
	} {
		if err != nil {
			return err
		}
	}
	switch {
	case *f.timeLimit < 0:
		return usagef("-time-limit %v: want a duration >= 0", *f.timeLimit)
	case *f.cpuProfile != "" && *f.cpuProfile == *f.memProfile:
		return usagef("-cpuprofile and -memprofile name one file, %s: give each its own", *f.cpuProfile)
	case set(f.fs, "epochs") && !set(f.fs, "batch"):
		return usagef("-epochs applies to mini-batches: give -batch too")
	case set(f.fs, "epochs") && *f.epochs < 1:
		return usagef("-epochs %d: want a whole number >= 1 (passes over the training set)", *f.epochs)
	case *f.budget > bench.MaxBudget:
		return usagef("-budget %v: want at most %g evaluations per dimension", *f.budget, float64(bench.MaxBudget))
	case set(f.fs, "budget") && set(f.fs, "batch"):
		return usagef("-budget counts evaluations of the whole objective: it does not apply to -batch")
	case set(f.fs, "batch") && *f.batch < 1:
		return usagef("-batch %d: want a whole number >= 1 (leave -batch out to step on the whole set)", *f.batch)
	}
	if set(f.fs, "bounds") {
		var err error
		if f.box, err = bench.ParseBox(*f.bounds); err != nil {
			return usagef("-bounds: %v", err)
		}
	}
	return nil
}

// sweep is the sweep the flags ask for: the problems of -problems, the
// solvers of -methods and -gradient, the starts, the options and the
// shard; the finished runs keep their traces in store (nil: in memory).
func (f *compareFlags) sweep(ctx context.Context, store *bench.TraceStore) (*bench.Sweep, error) {
	isSet := func(name string) bool { return set(f.fs, name) }
	problems, err := bench.MakeProblems(ctx, bench.SplitItems(*f.problems), families, f.makers,
		bench.Build{Seed: *f.seed, Batch: *f.batch, Set: isSet, List: *f.problems})
	if err != nil {
		return nil, err
	}
	blackBox := slices.ContainsFunc(problems, func(p *bench.Problem) bool { return p.Family == bbob.Family.Name() })
	configs, gradients, central, err := f.solvers(blackBox)
	if err != nil {
		return nil, err
	}
	opts, err := f.options()
	if err != nil {
		return nil, err
	}
	sw, err := bench.NewSweep(problems, *f.starts, *f.seed, opts)
	if err != nil {
		return nil, err
	}
	if err := sw.Add(configs, gradients...); err != nil {
		return nil, err
	}
	if err := sw.Add(central, solvers.Central3); err != nil {
		return nil, err
	}
	sw.Bounds = f.box
	sw.Budget = *f.budget
	if !set(f.fs, "budget") && blackBox {
		sw.Budget = bbob.DefaultBudget
	}
	if err := sw.CheckBounds(); err != nil {
		return nil, boundsError(err)
	}
	if set(f.fs, "shard") {
		if sw.Shard, err = bench.ShardOf(*f.shard, os.Getenv); err != nil {
			var auto *bench.AutoShardError
			if errors.As(err, &auto) {
				return nil, usagef("-shard auto: %v", auto.Err)
			}
			return nil, usagef("-shard: %v", err)
		}
	}
	if err := sw.CheckStarts(); err != nil {
		return nil, usagef("%v", err)
	}
	sw.KeepX = *f.out != "" // as compare sets it: the size check counts the iterates start 0 keeps
	sw.Workers = *f.workers // and the traces of the runs under way
	sw.TraceStore = store   // and where the finished runs' traces are kept
	return sw, sw.CheckSize()
}

// solvers are the method configurations and gradient modes of -methods,
// -gradient and -batch, and the configurations run with central
// differences besides (none unless both flags are left out). On a
// black-box suite (bbob) the defaults are COCO's: defaultBlackBoxMethods,
// with 2-point differences, counted as evaluations of f.
func (f *compareFlags) solvers(blackBox bool) (configs []solvers.Config, gradients []solvers.GradientMode, central []solvers.Config, err error) {
	methodList, gradients, centralList := defaultMethods, []solvers.GradientMode{solvers.Analytic}, defaultCentral
	if blackBox {
		methodList, gradients, centralList = defaultBlackBoxMethods, []solvers.GradientMode{solvers.Forward2}, nil
	}
	if set(f.fs, "batch") {
		methodList, centralList = defaultBatchMethods, nil
	}
	if f.box.Bounded() {
		// The default list is mostly gonum's, which refuse bounds: run
		// the ones that take them instead, as -batch runs its own.
		bounded := bench.BoundedMethods(solvers.Default)
		if len(bounded) == 0 {
			return nil, nil, nil, usagef("-bounds: no method takes bounds")
		}
		methodList, centralList = strings.Join(bounded, ","), nil
	}
	if set(f.fs, "methods") && strings.TrimSpace(*f.methods) == "" {
		return nil, nil, nil, usagef("-methods: empty: give methods (optbench methods lists them), or all")
	}
	if set(f.fs, "methods") || set(f.fs, "gradient") {
		centralList = nil
		if set(f.fs, "methods") || !f.box.Bounded() {
			// -gradient alone runs every method in those modes; with
			// -bounds, every method that takes them.
			methodList = *f.methods
		}
		if m := strings.TrimSpace(methodList); m == "" || strings.EqualFold(m, "all") { // "": -gradient alone
			methodList = strings.Join(solvers.Methods(), ",")
		}
		if set(f.fs, "gradient") || !blackBox {
			if gradients, err = parseGradients(*f.gradient); err != nil {
				return nil, nil, nil, err
			}
		}
	}
	if configs, err = parseMethods(methodList, f.fs, *f.alpha); err != nil {
		return nil, nil, nil, err
	}
	if len(centralList) > 0 {
		if central, err = parseMethods(strings.Join(centralList, ","), f.fs, *f.alpha); err != nil {
			return nil, nil, nil, err
		}
	}
	if set(f.fs, "batch") {
		var refused []string
		for _, c := range configs {
			if m, _ := solvers.Default.Lookup(c.Method); !m.Stochastic {
				refused = append(refused, c.Method)
			}
		}
		if len(refused) > 0 {
			return nil, nil, nil, usagef("-batch: %s cannot step on mini-batches (line searches and models need the full loss); the first-order methods can: %s",
				strings.Join(slices.Compact(refused), ", "), defaultBatchMethods)
		}
		if slices.Contains(gradients, solvers.Forward2) || slices.Contains(gradients, solvers.Central3) {
			return nil, nil, nil, usagef("-batch takes the analytic gradient only")
		}
	}
	return configs, gradients, central, nil
}

// boundsError is the usage error of a sweep whose bounds cannot run
// (Sweep.CheckBounds), naming the flag at fault: -bounds for its own box,
// -methods for a problem's own box that a method cannot honour. A box a
// family declared wrong is not the user's mistake: exit 1.
func boundsError(err error) error {
	var (
		nb *bench.NoBoundsError
		ce *bench.CountError
	)
	switch {
	case errors.As(err, &nb) && nb.Problem != "":
		return usagef("-methods: %v", err)
	case errors.As(err, &nb):
		return usagef("-bounds: %v", err)
	case errors.As(err, &ce):
		return usagef("-bounds: %v", err)
	}
	return err
}

// parseGradients reads -gradient: modes once each, in order.
func parseGradients(list string) ([]solvers.GradientMode, error) {
	var gradients []solvers.GradientMode
	for _, g := range splitList(list) {
		mode, err := solvers.ParseGradientMode(g)
		if err != nil {
			return nil, usagef("-gradient %q: unknown value (valid: %s)", g, strings.Join(gradientNames(), ", "))
		}
		if !slices.Contains(gradients, mode) {
			gradients = append(gradients, mode)
		}
	}
	if len(gradients) == 0 {
		return nil, usagef("-gradient is empty (valid: %s)", strings.Join(gradientNames(), ", "))
	}
	return gradients, nil
}

// options are the runs' stopping rules and modes.
func (f *compareFlags) options() (solvers.Options, error) {
	o := solvers.Options{FDStep: *f.fdStep, MaxIter: *f.maxiter, MaxFev: *f.maxfev, TimeLimit: *f.timeLimit}
	if set(f.fs, "gtol") {
		// Given, -gtol applies to every method; not given, each method
		// takes its own default: gonum's and scipy's BFGS and CG 1e-5,
		// scipy's trust-region methods 1e-4, TNC's 1e-2 sqrt(accuracy).
		o.Gtol = *f.gtol
	}
	if !strings.EqualFold(strings.TrimSpace(*f.hessian), "auto") {
		var err error
		if o.Hessian, err = solvers.ParseHessianMode(*f.hessian); err != nil {
			return o, usagef("-hessian %q: unknown value (valid: auto, exact, 2-point, 3-point)", *f.hessian)
		}
	}
	var err error
	if o.Trace, err = solvers.ParseTraceMode(*f.trace); err != nil {
		return o, usagef("-trace %q: unknown value (valid: all, log, none)", *f.trace)
	}
	if *f.batch > 0 {
		o.Epochs = orDefault(*f.epochs, 10)
		if *f.maxiter == 0 {
			o.MaxIter = bench.EpochsMaxIter // the epochs are the limit (of the network's runs only: see bench.Sweep.OptionsFor)
		}
	}
	if set(f.fs, "gtol") && *f.gtol == 0 {
		o.Gtol = solvers.GtolOff // 0 on the command line means: never stop on the gradient
	}
	return o, nil
}

// orDefault is v, or def when v is 0.
func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// parseMethods reads -methods into configs. -alpha, when given, is
// GD-fixed's alpha in every configuration that does not set one (an alpha
// in the list wins); configurations that come out the same then run once,
// in the place of the first: with -alpha 0.1, GD-fixed[alpha=0.1],GD-fixed
// is one configuration and GD-fixed,GD-fixed[alpha=0.5] two.
func parseMethods(list string, fs *flag.FlagSet, alpha float64) ([]solvers.Config, error) {
	var defaults map[string]map[string]string
	if set(fs, "alpha") {
		defaults = map[string]map[string]string{"GD-fixed": {"alpha": strconv.FormatFloat(alpha, 'g', -1, 64)}}
	}
	configs, err := solvers.Default.ParseConfigsWith(list, defaults)
	if err != nil {
		return nil, methodsError("methods", err)
	}
	if len(configs) == 0 {
		return nil, usagef("-methods is empty (valid: %s, all)", strings.Join(solvers.Methods(), ", "))
	}
	return configs, nil
}

// methodsError is a usage error of flag from the parts of a solvers
// error about a method, its parameters or a list of them.
func methodsError(flag string, err error) error {
	return usagef("-%s: %s", flag, methodMessage(err, flag == "methods"))
}

// methodMessage says what is wrong with a method, its parameters or a
// list of them, from the parts of the solvers error; withAll lists "all"
// among the valid names, as -methods takes it.
func methodMessage(err error, withAll bool) string {
	var (
		um *solvers.UnknownMethodError
		up *solvers.UnknownParamError
		bp *solvers.BadParamError
		tm *solvers.TooManyConfigsError
	)
	switch {
	case errors.As(err, &um):
		valid := um.Valid
		if withAll {
			valid = append(slices.Clone(valid), "all")
		}
		msg := fmt.Sprintf("unknown method %q (valid: %s)", um.Name, strings.Join(valid, ", "))
		if um.Suggestion != "" {
			msg += fmt.Sprintf("; did you mean %q?", um.Suggestion)
		}
		return msg
	case errors.As(err, &up):
		valid := "it has no parameters"
		if len(up.Valid) > 0 {
			valid = "valid: " + strings.Join(up.Valid, ", ")
		}
		msg := fmt.Sprintf("unknown parameter %q for %s (%s)", up.Key, up.Method, valid)
		if up.Suggestion != "" {
			msg += fmt.Sprintf("; did you mean %q?", up.Suggestion)
		}
		return msg
	case errors.As(err, &tm):
		return tm.Reason()
	case errors.As(err, &bp):
		return "bad parameter value: " + bp.Reason
	}
	return err.Error()
}

func gradientNames() []string {
	var names []string
	for _, m := range solvers.GradientModes {
		names = append(names, string(m))
	}
	return names
}
