package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/optbench/optbench/bench/network"
	"github.com/optbench/optbench/bench/results"
	"github.com/optbench/optbench/bench/table"
)

const gradcheckUsage = `Usage: optbench gradcheck [flags]

Compares the back-propagation gradient of the classroom loss with central
differences (gonum diff/fd) at the classroom x0 and at random points, block by
block: w (hidden layer) and v (output layer). The relative error is the
largest absolute difference over the block's largest gradient component. Exits
with status 1 when a relative error exceeds -tol or is not finite.

With -steps it shows instead how the finite-difference step h decides the
error: the forward- and central-difference gradients against the analytic one
at x0, for h from 1e-1 down to 1e-12. Forward differences err by O(h) (the
truncation of the Taylor series), central ones by O(h^2); both also err by
about eps*|E|/h, the rounding of E's last bits divided by h, so a step that is
too small drowns the derivative in rounding error. The error falls, then
rises again: a V on a log-log plot (-out DIR writes it), with its bottom near
h = sqrt(eps) ~ 1e-8 for forward and eps^(1/3) ~ 6e-6 for central
differences.

Flags:
`

func gradcheck(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("gradcheck")
	hidden := fs.Int("hidden", 2, "hidden units M")
	l2 := fs.Float64("l2", 0, "L2 weight lambda")
	fdStep := fs.Float64("fd-step", 0, "central-difference step (0: gonum's 6e-6)")
	points := fs.Int("points", 5, fmt.Sprintf("random points besides x0 (at most %d: the table keeps a row per point)", network.MaxPoints))
	seed := fs.Uint64("seed", 1, "seed of the random points, of -synthetic data and of the -test-frac hold-out")
	scale := fs.Float64("init-scale", 0.5, "standard deviation of the random points (as compare's)")
	steps := fs.Bool("steps", false, "show the error against the finite-difference step h, 1e-1 to 1e-12, at x0")
	hessian := fs.Bool("hessian", false, "check the exact Hessian and H v (at a random v) against central differences of the gradient")
	outDir := fs.String("out", "", "with -steps: directory for gradcheck_steps.png and .svg")
	tol := fs.Float64("tol", 1e-6, "largest relative error accepted")
	format := fs.String("format", "table", "output: table, markdown or csv")
	data := network.AddDataFlags(fs)
	if err := parse(fs, args, stdout, gradcheckUsage); err != nil {
		return err
	}
	for _, err := range []error{
		checkRange("hidden", *hidden, 1, network.MaxHidden),
		checkFloat("l2", *l2, 0, false),
		checkFloat("fd-step", *fdStep, 0, false),
		checkRange("points", *points, 0, network.MaxPoints),
		checkFloat("init-scale", *scale, 0, false),
		checkFloat("tol", *tol, 0, true),
		checkChoice("format", *format, []string{"table", "markdown", "csv"}),
		data.Check(func(name string) bool { return set(fs, name) }),
	} {
		if err != nil {
			return err
		}
	}
	setup, _, err := data.Config(ctx, *hidden, *l2, *seed, 0.5)
	if err != nil {
		return err
	}
	check, err := network.NewCheck(setup, *seed)
	if err != nil {
		return err
	}
	check.Points, check.Scale, check.Step, check.Tol = *points, *scale, *fdStep, *tol
	switch {
	case *outDir != "" && !*steps:
		return usagef("-out applies to -steps only")
	case *steps:
		return stepErrors(check, *format, *outDir, stdout)
	}
	t, checkErr := check.Gradient(ctx)
	if *hessian {
		t, checkErr = check.Hessian(ctx)
	}
	if err := table.WriteTable(stdout, t, *format); err != nil {
		return err
	}
	return checkErr
}

// stepErrors prints the errors of finite differences against their step, and
// the best step of each; with outDir, it writes the figure.
func stepErrors(check *network.Check, format, outDir string, stdout io.Writer) error {
	t, best, fig, err := check.Steps()
	if err != nil {
		return err
	}
	if err := table.WriteTable(stdout, t, format); err != nil {
		return err
	}
	if format != "csv" {
		fmt.Fprintf(stdout, "\n%s\n", best)
	}
	if outDir == "" {
		return nil
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	for _, ext := range []string{"png", "svg"} {
		b, err := fig.Render(ext)
		if err != nil {
			return err
		}
		if err := results.WriteAtomic(outDir, fig.Name()+"."+ext, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
			return fmt.Errorf("-out: %w", err)
		}
	}
	return nil
}
