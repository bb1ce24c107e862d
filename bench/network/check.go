package network

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/figure"
	"github.com/optbench/optbench/bench/table"
	"github.com/optbench/optbench/objective"
)

// Check is a check of the network's derivatives against finite
// differences, at x0 and at random points: what optbench gradcheck runs.
type Check struct {
	CE *objective.CrossEntropy
	X0 []float64 // the first point: the problem's start 0
	// Points random points besides x0, N(0, Scale^2) in every weight,
	// drawn from (Seed, point); at most MaxPoints.
	Points int
	Seed   uint64
	Scale  float64
	Step   float64 // the central difference's step; 0: the check's default
	Tol    float64 // the largest relative error accepted
}

// MaxPoints is the most random points a check takes. Its table keeps a row
// per point (about 150 bytes: 15 MB at the cap) and prints it aligned, so
// the points cannot stream; 100,000 points are some 12 s at the default
// network, and a reader looks at the verdict and the worst rows long
// before that. A larger -points is refused before anything is computed,
// not left to grow (1e8 points took 3.6 GB).
const MaxPoints = 100_000

// NewCheck is the check of the problem c makes, at its start 0 (x0, or the
// first random start drawn with seed).
func NewCheck(c Config, seed uint64) (*Check, error) {
	x0 := c.X0
	if x0 == nil {
		x0 = bench.RandomStarts(c.Net.NumParams(), 0.5)(0, seed)
	}
	ce, err := objective.NewCrossEntropy(c.Net, c.Train, c.Lambda)
	if err != nil {
		return nil, err
	}
	return &Check{CE: ce, X0: append([]float64(nil), x0...), Seed: seed, Scale: 0.5, Tol: 1e-6}, nil
}

// point is check point p: x0 for 0, else random point p.
func (c *Check) point(p int) (string, []float64) {
	x := append([]float64(nil), c.X0...)
	if p == 0 {
		return "x0", x
	}
	rng := rand.New(rand.NewPCG(c.Seed, uint64(p)))
	for i := range x {
		x[i] = c.Scale * rng.NormFloat64()
	}
	return "random " + strconv.Itoa(p), x
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

// verdict is the check's error: a relative error that is not finite (at
// the first such point), or above Tol.
type verdict struct {
	what      string
	worst     float64
	nonFinite string
}

func (v *verdict) add(point string, rel float64) {
	if math.IsNaN(rel) || math.IsInf(rel, 0) {
		v.nonFinite = cmp.Or(v.nonFinite, point)
	} else {
		v.worst = max(v.worst, rel)
	}
}

func (v verdict) err(tol float64, hint string) error {
	if v.nonFinite != "" {
		return fmt.Errorf("%s check failed: the error at %s is not finite%s", v.what, v.nonFinite, hint)
	}
	if v.worst > tol {
		return fmt.Errorf("%s check failed: relative error %.2g > -tol %g", v.what, v.worst, tol)
	}
	return nil
}

// Gradient compares the back-propagation gradient with central differences
// (objective.CheckGradient), block by block (w, v), at every point: the
// table, and an error when a relative error is above Tol or not finite.
// It stops with ctx's error when ctx is done, between points.
func (c *Check) Gradient(ctx context.Context) (table.Table, error) {
	if err := c.checkPoints(); err != nil {
		return table.Table{}, err
	}
	t := table.Table{Columns: errColumns("w", "v")}
	v := verdict{what: "gradient"}
	for p := range c.Points + 1 {
		if err := ctx.Err(); err != nil {
			return table.Table{}, err
		}
		name, x := c.point(p)
		e := objective.CheckGradient(c.CE, x, c.Step)
		v.add(name, e.Max())
		t.Add(name, e.AbsW, e.RelW, e.AbsV, e.RelV)
	}
	return t, v.err(c.Tol, " (E or a difference overflowed; try a smaller -l2 or -init-scale)")
}

// Hessian compares the exact Hessian and H v (v random, from (Seed,
// point + 2^32)) with central differences of the gradient
// (objective.CheckHessian) at every point: the table, and an error when a
// relative error is above Tol or not finite. It stops with ctx's error
// when ctx is done, between points.
func (c *Check) Hessian(ctx context.Context) (table.Table, error) {
	if err := c.checkPoints(); err != nil {
		return table.Table{}, err
	}
	if n := len(c.X0); n > objective.MaxHessParams {
		return table.Table{}, bench.Usagef("-hessian: the network has %d parameters; the exact Hessian takes at most %d", n, objective.MaxHessParams)
	}
	t := table.Table{Columns: errColumns("H", "Hv")}
	v := verdict{what: "the Hessian"}
	dir := make([]float64, len(c.X0))
	for p := range c.Points + 1 {
		if err := ctx.Err(); err != nil {
			return table.Table{}, err
		}
		name, x := c.point(p)
		rng := rand.New(rand.NewPCG(c.Seed, uint64(p)+1<<32))
		for i := range dir {
			dir[i] = rng.NormFloat64()
		}
		e := objective.CheckHessian(c.CE, x, dir, c.Step)
		v.add(name, e.Max())
		t.Add(name, e.AbsH, e.RelH, e.AbsHv, e.RelHv)
	}
	return t, v.err(c.Tol, "")
}

// checkPoints refuses a number of points outside [0, MaxPoints].
func (c *Check) checkPoints() error {
	if c.Points < 0 || c.Points > MaxPoints {
		return bench.Usagef("-points %d: want a whole number from 0 to %d (each point is a row of the table, kept until it prints)", c.Points, MaxPoints)
	}
	return nil
}

// Steps is the relative error of forward and central differences against
// the analytic gradient at x0 for h = 1e-1 ... 1e-12 (objective.StepErrors):
// the table, a line naming the best step of each, and the log-log figure
// of the V they draw.
func (c *Check) Steps() (table.Table, string, figure.Figure, error) {
	var hs []float64
	for k := 1; k <= 12; k++ {
		hs = append(hs, math.Pow(10, -float64(k)))
	}
	fwd, cen := objective.StepErrors(c.CE, c.X0, hs)
	t := table.Table{Columns: []table.Column{{Name: "step h", Key: "h", Kind: table.Sig2},
		{Name: "forward rel err", Key: "forward_rel_err", Kind: table.Sig2}, {Name: "central rel err", Key: "central_rel_err", Kind: table.Sig2}}}
	for i, h := range hs {
		t.Add(h, fwd[i], cen[i])
	}
	bf, bc := argmin(fwd), argmin(cen)
	best := fmt.Sprintf("Smallest error: forward differences at h = %g (%.2g), central at h = %g (%.2g). "+
		"Below those steps rounding error, about eps*|E|/h, takes over.", hs[bf], fwd[bf], hs[bc], cen[bc])
	fig, err := figure.StepErrorFigure(hs, fwd, cen)
	return t, best, fig, err
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
