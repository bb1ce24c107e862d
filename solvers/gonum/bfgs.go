package gonum

import (
	"math"

	"github.com/optbench/optbench/solvers/core"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// bfgs is gonum's BFGS: a dense inverse-Hessian approximation, O(n^2)
// memory and work per iteration, and a strong-Wolfe bisection line search.
// gonum rescales the first inverse Hessian to (s.y)/(y.y) I (Nocedal and
// Wright, eq. 6.20); h0=identity keeps I, as scipy does.
var bfgs = core.Method{
	Name:     "BFGS",
	Dense:    true,
	Doc:      "gonum's BFGS, bisection line search, scaled first inverse Hessian",
	Gradient: true,
	Params: []core.ParamSpec{
		linesearchSpec("bisection"), c1Spec, c2Spec,
		{Key: "h0", Default: "scaled", Choices: []string{"scaled", "identity"},
			Doc: "the first inverse Hessian: scaled by (s.y)/(y.y) after the first step (gonum), or the identity (scipy)"},
	},
	Check: checkLinesearch,
	Run: core.LinesearchRun(func(p core.Params) (optimize.NextDirectioner, optimize.Linesearcher, error) {
		return &bfgsDirection{scaleH0: p.String("h0") == "scaled"}, linesearcher(p, 0), nil
	}),
}

// bfgsDirection is gonum's BFGS NextDirectioner (optimize/bfgs.go, v0.17.0),
// with the rescaling of the first inverse Hessian made optional. With
// scaleH0 its iterates are bit-identical to gonum's (tested).
type bfgsDirection struct {
	scaleH0 bool

	dim     int
	x, grad mat.VecDense // at the last major iteration
	s, y    mat.VecDense // differences between this iteration and the last
	tmp     mat.VecDense
	invHess *mat.SymDense
	first   bool

	// Views of the Location's x and gradient and of the direction, set
	// anew at each call: gonum's mat.NewVecDense there allocated three
	// vectors an iteration.
	xView, gradView, dirView mat.VecDense
}

var _ optimize.NextDirectioner = (*bfgsDirection)(nil)

func (b *bfgsDirection) InitDirection(loc *optimize.Location, dir []float64) float64 {
	dim := len(loc.X)
	b.dim, b.first = dim, true
	grad := mat.NewVecDense(dim, loc.Gradient)
	b.x.CloneFromVec(mat.NewVecDense(dim, loc.X))
	b.grad.CloneFromVec(grad)
	b.y.Reset()
	b.s.Reset()
	b.tmp.Reset()
	b.invHess = mat.NewSymDense(dim, nil)
	d := mat.NewVecDense(dim, dir)
	d.ScaleVec(-1, grad)
	return 1 / mat.Norm(d, 2)
}

func (b *bfgsDirection) NextDirection(loc *optimize.Location, dir []float64) float64 {
	x := view(&b.xView, loc.X)
	grad := view(&b.gradView, loc.Gradient)
	dim := b.dim
	b.s.SubVec(x, &b.x)
	b.y.SubVec(grad, &b.grad)
	sDotY := mat.Dot(&b.s, &b.y)
	if b.first {
		scale := 1.0
		if b.scaleH0 {
			scale = sDotY / mat.Dot(&b.y, &b.y)
		}
		for i := range dim {
			for j := i; j < dim; j++ {
				if i == j {
					b.invHess.SetSym(i, i, scale)
				} else {
					b.invHess.SetSym(i, j, 0)
				}
			}
		}
		b.first = false
	}
	if math.Abs(sDotY) != 0 {
		// H += (s.y + y.H.y)/(s.y)^2 s s' - (H y s' + s y' H)/(s.y)
		yBy := mat.Inner(&b.y, b.invHess, &b.y)
		b.tmp.MulVec(b.invHess, &b.y)
		scale := (1 + yBy/sDotY) / sDotY
		b.invHess.SymRankOne(b.invHess, scale, &b.s)
		b.invHess.RankTwo(b.invHess, -1/sDotY, &b.tmp, &b.s)
	}
	b.x.CopyVec(x)
	b.grad.CopyVec(grad)
	d := view(&b.dirView, dir)
	d.MulVec(b.invHess, grad)
	d.ScaleVec(-1, d)
	return 1
}

// view makes v a view of data, as mat.NewVecDense(len(data), data) would
// make a new one, and returns it.
func view(v *mat.VecDense, data []float64) *mat.VecDense {
	v.SetRawVector(blas64.Vector{N: len(data), Inc: 1, Data: data})
	return v
}
