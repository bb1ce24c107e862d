package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/figure"
	"github.com/optbench/optbench/bench/network"
	"github.com/optbench/optbench/bench/results"
	"github.com/optbench/optbench/bench/table"
	"github.com/optbench/optbench/objective"
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
	points := fs.Int("points", 5, "random points besides x0")
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
		checkInt("points", *points, 0),
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
	start0 := bench.RandomStarts(setup.Net.NumParams(), 0.5)(0, *seed)
	if setup.X0 != nil {
		start0 = append([]float64(nil), setup.X0...)
	}
	ce, err := objective.NewCrossEntropy(setup.Net, setup.Train, setup.Lambda)
	if err != nil {
		return err
	}
	if *outDir != "" && !*steps {
		return usagef("-out applies to -steps only")
	}
	if *steps {
		return stepErrors(ce, start0, *format, *outDir, stdout)
	}
	if *hessian {
		if setup.Net.NumParams() > objective.MaxHessParams {
			return usagef("-hessian: the network has %d parameters; the exact Hessian takes at most %d", setup.Net.NumParams(), objective.MaxHessParams)
		}
		return hessianCheck(ce, start0, *points, *seed, *scale, *fdStep, *tol, *format, stdout)
	}
	t := table.Table{Columns: errColumns("w", "v")}
	worst, nonFinite := 0.0, ""
	for p := range *points + 1 {
		name, x := point(start0, p, *seed, *scale)
		e := objective.CheckGradient(ce, x, *fdStep)
		if m := e.Max(); math.IsNaN(m) || math.IsInf(m, 0) {
			nonFinite = cmp.Or(nonFinite, name)
		} else {
			worst = max(worst, m)
		}
		t.Add(name, e.AbsW, e.RelW, e.AbsV, e.RelV)
	}
	if err := table.WriteTable(stdout, t, *format); err != nil {
		return err
	}
	if nonFinite != "" {
		return fmt.Errorf("gradient check failed: the error at %s is not finite (E or a difference overflowed; try a smaller -l2 or -init-scale)", nonFinite)
	}
	if worst > *tol {
		return fmt.Errorf("gradient check failed: relative error %.2g > -tol %g", worst, *tol)
	}
	return nil
}

// errColumns are a check's columns: the point, then the absolute and
// relative errors of a and of b.
func errColumns(a, b string) []table.Column {
	cols := []table.Column{{Name: "point", Key: "point", Kind: table.Text}}
	for _, n := range []string{a, b} {
		cols = append(cols,
			table.Column{Name: n + " abs err", Key: strings.ToLower(n) + "_abs_err", Kind: table.Sig2},
			table.Column{Name: n + " rel err", Key: strings.ToLower(n) + "_rel_err", Kind: table.Sig2})
	}
	return cols
}

// stepErrors prints the relative error of forward and central differences
// against the analytic gradient at x for h = 1e-1 ... 1e-12, and the best h
// of each; with outDir, the log-log figure.
func stepErrors(ce *objective.CrossEntropy, x []float64, format, outDir string, stdout io.Writer) error {
	var hs []float64
	for k := 1; k <= 12; k++ {
		hs = append(hs, math.Pow(10, -float64(k)))
	}
	fwd, cen := objective.StepErrors(ce, x, hs)
	t := table.Table{Columns: []table.Column{{Name: "step h", Key: "h", Kind: table.Sig2},
		{Name: "forward rel err", Key: "forward_rel_err", Kind: table.Sig2}, {Name: "central rel err", Key: "central_rel_err", Kind: table.Sig2}}}
	for i, h := range hs {
		t.Add(h, fwd[i], cen[i])
	}
	if err := table.WriteTable(stdout, t, format); err != nil {
		return err
	}
	bf, bc := argmin(fwd), argmin(cen)
	if format != "csv" {
		fmt.Fprintf(stdout, "\nSmallest error: forward differences at h = %g (%.2g), central at h = %g (%.2g). "+
			"Below those steps rounding error, about eps*|E|/h, takes over.\n", hs[bf], fwd[bf], hs[bc], cen[bc])
	}
	if outDir == "" {
		return nil
	}
	fig, err := figure.StepErrorFigure(hs, fwd, cen)
	if err != nil {
		return err
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

func argmin(xs []float64) int {
	b := 0
	for i, e := range xs {
		if e < xs[b] {
			b = i
		}
	}
	return b
}

// hessianCheck compares the exact Hessian and H v (v random) with central
// differences of the analytic gradient (step h, 0: 1e-5), at x0 and at
// random points, and fails on a relative error above tol or not finite.
func hessianCheck(ce *objective.CrossEntropy, start0 []float64, points int, seed uint64, scale, h, tol float64, format string, stdout io.Writer) error {
	t := table.Table{Columns: errColumns("H", "Hv")}
	v := make([]float64, len(start0))
	worst, bad := 0.0, ""
	for p := range points + 1 {
		name, x := point(start0, p, seed, scale)
		rng := rand.New(rand.NewPCG(seed, uint64(p)+1<<32))
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		e := objective.CheckHessian(ce, x, v, h)
		if m := e.Max(); math.IsNaN(m) || math.IsInf(m, 0) {
			bad = cmp.Or(bad, name)
		} else {
			worst = max(worst, m)
		}
		t.Add(name, e.AbsH, e.RelH, e.AbsHv, e.RelHv)
	}
	if err := table.WriteTable(stdout, t, format); err != nil {
		return err
	}
	if bad != "" {
		return fmt.Errorf("the Hessian check failed: the error at %s is not finite", bad)
	}
	if worst > tol {
		return fmt.Errorf("the Hessian check failed: relative error %.2g > -tol %g", worst, tol)
	}
	return nil
}

// point is check point p: x0 for 0, else random point p, N(0, scale^2)
// from (seed, p).
func point(start0 []float64, p int, seed uint64, scale float64) (string, []float64) {
	x := append([]float64(nil), start0...)
	if p == 0 {
		return "x0", x
	}
	rng := rand.New(rand.NewPCG(seed, uint64(p)))
	for i := range x {
		x[i] = scale * rng.NormFloat64()
	}
	return "random " + strconv.Itoa(p), x
}
