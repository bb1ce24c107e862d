package main

import (
	"context"
	"io"
	"math"
	"runtime"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

const compareUsage = `Usage: optbench compare [flags]

Minimizes the classroom network's cross-entropy with each method and gradient
mode and prints one row per run. With neither -methods nor -gradient, it runs
every method with the analytic gradient plus BFGS and GD-fixed with 3-point
finite differences. -gradient applies to every method that uses a gradient;
Nelder-Mead runs once, with none.

Flags:
`

// defaultRuns is what optbench compare runs with neither -methods nor
// -gradient: every method with the analytic gradient, then the two
// classroom methods with central differences, to show what numerical
// gradients cost.
func defaultRuns() (methods, gradients []string, extra [][2]string) {
	return solvers.Methods(), []string{solvers.Analytic}, [][2]string{{"BFGS", solvers.Central3}, {"GD-fixed", solvers.Central3}}
}

func compare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("compare")
	methodsFlag := fs.String("methods", "all", "comma-separated methods: GD-fixed, GD, CG, BFGS, L-BFGS, Newton, Nelder-Mead, or all")
	gradFlag := fs.String("gradient", "analytic", "comma-separated gradient modes: analytic, 2-point, 3-point")
	alpha := fs.Float64("alpha", 0.5, "GD-fixed step size: x := x - alpha*grad")
	fdStep := fs.Float64("fd-step", 0, "finite-difference step, absolute (0: 2e-8 for 2-point, 6e-6 for 3-point)")
	maxiter := fs.Int("maxiter", 0, "iteration limit per run (0: 200 x number of parameters)")
	maxfev := fs.Int("maxfev", 0, "function-evaluation limit per run, finite differences included (0: none)")
	gtol := fs.Float64("gtol", 1e-5, "gradient methods stop when max |grad_i| < gtol")
	timeLimit := fs.Duration("time-limit", 0, "wall-time limit per run, e.g. 500ms (0: none)")
	hidden := fs.Int("hidden", 2, "hidden units M")
	l2 := fs.Float64("l2", 0, "L2 weight lambda: E + (lambda/2)|wv|^2")
	format := fs.String("format", "table", "output: table, markdown, csv or json (one object per run per line)")
	workers := fs.Int("j", runtime.NumCPU(), "runs at once")
	starts := fs.Int("starts", 1, "starting points per method and gradient mode")
	seed := fs.Uint64("seed", 1, "seed of the random starting points")
	initScale := fs.Float64("init-scale", 0.5, "standard deviation of the random starting points")
	target := fs.Float64("target", math.NaN(), "target training loss (default: the sweep's best final loss + 1e-6*max(1,|best|))")
	objWorkers := fs.Int("objective-workers", 0, "goroutines per run's objective (0: the CPUs divided by the runs at once)")
	data := addDataFlags(fs)
	outDir := fs.String("out", "", "directory for results.jsonl, trace.csv, tables, plots and report.html (created if missing)")
	if err := parse(fs, args, stdout, compareUsage); err != nil {
		return err
	}
	for _, err := range []error{
		checkFloat("alpha", *alpha, 0, true),
		checkFloat("fd-step", *fdStep, 0, false),
		checkInt("maxiter", *maxiter, 0),
		checkInt("maxfev", *maxfev, 0),
		checkFloat("gtol", *gtol, 0, false),
		checkInt("hidden", *hidden, 1),
		checkFloat("l2", *l2, 0, false),
		checkChoice("format", *format, bench.Formats),
		checkInt("j", *workers, 1),
		checkInt("starts", *starts, 1),
		checkFloat("init-scale", *initScale, 0, false),
		checkInt("objective-workers", *objWorkers, 0),
		data.check(fs),
	} {
		if err != nil {
			return err
		}
	}
	if set(fs, "target") {
		if err := checkFloat("target", *target, math.Inf(-1), false); err != nil {
			return err
		}
	}
	if *timeLimit < 0 {
		return usagef("-time-limit %v: want a duration >= 0", *timeLimit)
	}

	methods, gradients, extra := defaultRuns()
	if set(fs, "methods") || set(fs, "gradient") {
		extra = nil
		methods, gradients = solvers.Methods(), splitList(*gradFlag)
		if list := splitList(*methodsFlag); !(len(list) == 1 && list[0] == "all") {
			methods = list
		}
		if len(methods) == 0 {
			return usagef("-methods is empty (valid: %s, all)", strings.Join(solvers.Methods(), ", "))
		}
		if len(gradients) == 0 {
			return usagef("-gradient is empty (valid: %s)", strings.Join(solvers.GradientModes, ", "))
		}
	}
	for i, m := range methods {
		c, err := solvers.CanonicalMethod(m)
		if err != nil {
			return usagef("-methods: unknown method %q (valid: %s, all)", m, strings.Join(solvers.Methods(), ", "))
		}
		methods[i] = c
	}
	for _, g := range gradients {
		if err := checkChoice("gradient", g, solvers.GradientModes); err != nil {
			return err
		}
	}

	setup, classNote, err := data.setup(*hidden, *l2, *seed)
	if err != nil {
		return err
	}
	opts := solvers.Options{
		Alpha: *alpha, FDStep: *fdStep, MaxIter: *maxiter, MaxFev: *maxfev,
		Gtol: *gtol, TimeLimit: *timeLimit,
	}
	if *gtol == 0 {
		opts.Gtol = -1 // 0 on the command line means: never stop on the gradient
	}
	specs, err := bench.Specs(setup, methods, gradients, *starts, *seed, *initScale, opts)
	if err != nil {
		return usagef("%v", err)
	}
	for _, e := range extra {
		more, _ := bench.Specs(setup, []string{e[0]}, []string{e[1]}, *starts, *seed, *initScale, opts)
		specs = append(specs, more...)
	}

	if *outDir != "" {
		for i := range specs {
			specs[i].Options.TraceX = specs[i].Start == 0 // for the weights plot
		}
	}
	setup.ObjectiveWorkers = *objWorkers
	if *objWorkers == 0 {
		setup.ObjectiveWorkers = bench.SplitWorkers(runtime.NumCPU(), *workers, len(specs))
	}
	maxIter := *maxiter
	if maxIter == 0 {
		maxIter = 200 * setup.Net.NumParams()
	}
	sw := sweep{
		setup: setup, specs: specs, workers: *workers, format: *format, outDir: *outDir,
		starts: *starts, seed: *seed, target: *target, stderr: stderr, classNote: classNote, maxIter: maxIter,
	}
	return sw.run(ctx, stdout)
}
