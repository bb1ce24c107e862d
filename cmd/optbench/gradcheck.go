package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/objective"
)

const gradcheckUsage = `Usage: optbench gradcheck [flags]

Compares the back-propagation gradient of the classroom loss with central
differences (gonum diff/fd) at the classroom x0 and at random points, block by
block: w (hidden layer) and v (output layer). The relative error is the
largest absolute difference over the block's largest gradient component. Exits
with status 1 when a relative error exceeds -tol.

Flags:
`

func gradcheck(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("gradcheck")
	hidden := fs.Int("hidden", 2, "hidden units M")
	l2 := fs.Float64("l2", 0, "L2 weight lambda")
	fdStep := fs.Float64("fd-step", 0, "central-difference step (0: gonum's 6e-6)")
	points := fs.Int("points", 5, "random points besides x0")
	seed := fs.Uint64("seed", 1, "seed of the random points")
	scale := fs.Float64("init-scale", 1, "standard deviation of the random points")
	tol := fs.Float64("tol", 1e-6, "largest relative error accepted")
	format := fs.String("format", "table", "output: table, markdown or csv")
	data := addDataFlags(fs)
	if err := parse(fs, args, stdout, gradcheckUsage); err != nil {
		return err
	}
	for _, err := range []error{
		checkRange("hidden", *hidden, 1, maxHidden),
		checkFloat("l2", *l2, 0, false),
		checkFloat("fd-step", *fdStep, 0, false),
		checkInt("points", *points, 0),
		checkFloat("init-scale", *scale, 0, false),
		checkFloat("tol", *tol, 0, true),
		checkChoice("format", *format, []string{"table", "markdown", "csv"}),
		data.check(fs),
	} {
		if err != nil {
			return err
		}
	}
	setup, _, err := data.setup(ctx, *hidden, *l2, *seed)
	if err != nil {
		return err
	}
	ce, err := objective.NewCrossEntropy(setup.Net, setup.Train, setup.Lambda)
	if err != nil {
		return err
	}
	t := bench.Table{
		Header:  []string{"point", "w abs err", "w rel err", "v abs err", "v rel err"},
		Numeric: []bool{false, true, true, true, true},
	}
	worst, nonFinite := 0.0, ""
	for p := range *points + 1 {
		name := "x0"
		x := setup.StartPoint(0, *seed, 0.5)
		if p > 0 {
			name = "random " + strconv.Itoa(p)
			rng := rand.New(rand.NewPCG(*seed, uint64(p)))
			for i := range x {
				x[i] = *scale * rng.NormFloat64()
			}
		}
		e := objective.CheckGradient(ce, x, *fdStep)
		if m := e.Max(); math.IsNaN(m) || math.IsInf(m, 0) {
			if nonFinite == "" {
				nonFinite = name
			}
		} else {
			worst = max(worst, m)
		}
		t.Rows = append(t.Rows, []string{name, fmt.Sprintf("%.2g", e.AbsW), fmt.Sprintf("%.2g", e.RelW), fmt.Sprintf("%.2g", e.AbsV), fmt.Sprintf("%.2g", e.RelV)})
	}
	if err := bench.WriteTable(stdout, t, *format); err != nil {
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
