package gonum

import (
	"math"
	"sort"

	"github.com/optbench/optbench/solvers/core"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"
)

// nelderMead is gonum's Nelder-Mead simplex search (optimize/neldermead.go,
// v0.17.0), ported to a plain loop so that no evaluation crosses a
// goroutine; its iterates are bit-identical to gonum's (tested). The first
// simplex adds simplex-size to one coordinate of x0 per vertex; the
// coefficients default to gonum's dimension-dependent values. It succeeds
// when the best value improves by less than fatol over fatol-iters
// iterations in a row (gonum's FunctionConverge).
var nelderMead = core.Method{
	Name: "Nelder-Mead",
	Doc:  "gonum's Nelder-Mead simplex search, adaptive coefficients",
	// The simplex is n+1 points of n values: refused beyond
	// MaxDenseParams.
	Dense: true,
	Params: []core.ParamSpec{
		{Key: "reflection", Default: core.Auto, Min: 0, MinOpen: true, Doc: "reflection coefficient (auto: 1)"},
		{Key: "expansion", Default: core.Auto, Min: 1, MinOpen: true, Doc: "expansion coefficient (auto: 1+2/n; 2 for n=1)"},
		{Key: "contraction", Default: core.Auto, Min: 0, Max: 1, MinOpen: true, MaxOpen: true, Doc: "contraction coefficient (auto: 0.75-1/(2n); 0.5 for n=1)"},
		{Key: "shrink", Default: core.Auto, Min: 0, Max: 1, MinOpen: true, MaxOpen: true, Doc: "shrink coefficient (auto: 1-1/n; 0.5 for n=1)"},
		{Key: "simplex-size", Default: "0.05", Min: 0, MinOpen: true, Doc: "added to one coordinate of x0 per vertex of the first simplex"},
		{Key: "fatol", Default: "1e-10", Min: 0, Doc: "success: the best value improved by less than fatol ..."},
		{Key: "fatol-iters", Default: "100", Int: true, Min: 1, Doc: "... over fatol-iters iterations in a row"},
	},
	Run: runNelderMead,
}

func runNelderMead(s *core.Search, x0 []float64, p core.Params) {
	dim := len(x0)
	nd := float64(dim)
	coef := func(key string, def, def1 float64) float64 {
		if v, ok := p.Float(key); ok {
			return v
		}
		if dim == 1 {
			return def1
		}
		return def
	}
	reflection := coef("reflection", 1, 1)
	expansion := coef("expansion", 1+2/nd, 2)
	contraction := coef("contraction", 0.75-1/(2*nd), 0.5)
	shrink := coef("shrink", 1-1/nd, 0.5)
	size, _ := p.Float("simplex-size")
	fatol, _ := p.Float("fatol")
	fatolIters, _ := p.Int("fatol-iters")
	conv := &optimize.FunctionConverge{Absolute: fatol, Iterations: fatolIters}
	conv.Init(dim)

	// major is a MajorIteration of gonum's: the converger, then Iterate's
	// limits.
	loc := &optimize.Location{}
	major := func(x []float64, f float64) bool {
		loc.X, loc.F = x, f
		if s.Started() && finite(f) && conv.Converged(loc) != optimize.NotTerminated {
			s.Record(s.Nit()+1, x, f, nil)
			s.End(core.Success, nil)
			return true
		}
		if !s.Started() {
			conv.Converged(loc)
		}
		return s.Iterate(x, f, nil)
	}

	vertices := make([][]float64, dim+1)
	for i := range vertices {
		vertices[i] = make([]float64, dim)
	}
	values := make([]float64, dim+1)
	centroid := make([]float64, dim)
	x := append([]float64(nil), x0...)
	reflected := make([]float64, dim)
	eval := func(x []float64) (float64, bool) {
		f := s.Func(x)
		return f, !s.Limited()
	}

	f0 := s.Func(x)
	if major(x, f0) { // x0 is recorded even when a limit stops the run there
		return
	}
	var ok bool
	copy(vertices[dim], x0)
	values[dim] = f0
	for i := range dim {
		copy(x, vertices[dim])
		x[i] += size
		if values[i], ok = eval(x); !ok {
			return
		}
		copy(vertices[i], x)
	}
	sorter := &nmVertexSorter{vertices, values}
	resort := func() {
		sort.Sort(sorter)
		for i := range centroid {
			centroid[i] = 0
		}
		for i := range dim {
			for j, v := range vertices[i] {
				centroid[j] += v
			}
		}
		for i := range centroid {
			centroid[i] /= nd
		}
	}
	replaceWorst := func(x []float64, f float64) {
		copy(vertices[dim], x)
		values[dim] = f
		for i := dim - 1; i >= 0; i-- {
			if values[i] < f {
				break
			}
			vertices[i], vertices[i+1] = vertices[i+1], vertices[i]
			values[i], values[i+1] = values[i+1], values[i]
		}
		floats.AddScaled(centroid, -1/nd, vertices[dim])
		floats.AddScaled(centroid, 1/nd, x)
	}
	// along evaluates centroid + scale*(centroid - worst).
	along := func(scale float64) (float64, bool) {
		floats.SubTo(x, centroid, vertices[dim])
		floats.Scale(scale, x)
		floats.Add(x, centroid)
		return eval(x)
	}
	resort()
	for !major(vertices[0], values[0]) {
		fr, ok := along(reflection)
		if !ok {
			return
		}
		copy(reflected, x)
		doShrink := false
		switch {
		case fr >= values[0] && fr < values[dim-1]:
			replaceWorst(reflected, fr)
		case fr < values[0]:
			fe, ok := along(reflection * expansion)
			if !ok {
				return
			}
			if fe < fr {
				replaceWorst(x, fe)
			} else {
				replaceWorst(reflected, fr)
			}
		case fr < values[dim]:
			fc, ok := along(reflection * contraction)
			if !ok {
				return
			}
			if fc <= fr {
				replaceWorst(x, fc)
			} else {
				doShrink = true
			}
		default:
			fc, ok := along(-contraction)
			if !ok {
				return
			}
			if fc < values[dim] {
				replaceWorst(x, fc)
			} else {
				doShrink = true
			}
		}
		if doShrink {
			for i := 1; i <= dim; i++ {
				floats.SubTo(x, vertices[i], vertices[0])
				floats.Scale(shrink, x)
				floats.Add(x, vertices[0])
				if values[i], ok = eval(x); !ok {
					return
				}
				copy(vertices[i], x)
			}
			resort()
		}
	}
}

// nmVertexSorter sorts vertices by value, as gonum's does (sort.Sort, not
// stable, so ties fall as they fall in gonum).
type nmVertexSorter struct {
	vertices [][]float64
	values   []float64
}

func (n nmVertexSorter) Len() int           { return len(n.values) }
func (n nmVertexSorter) Less(i, j int) bool { return n.values[i] < n.values[j] }
func (n nmVertexSorter) Swap(i, j int) {
	n.values[i], n.values[j] = n.values[j], n.values[i]
	n.vertices[i], n.vertices[j] = n.vertices[j], n.vertices[i]
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
