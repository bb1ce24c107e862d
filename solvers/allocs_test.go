package solvers

import (
	"math"
	"runtime"
	"testing"

	"github.com/optbench/optbench/objective"
)

// extRosen is the extended Rosenbrock function of n variables (scipy's
// rosen), with its gradient and Hessian.
func extRosen(x []float64) float64 {
	var f float64
	for i := 0; i+1 < len(x); i++ {
		b, a := x[i+1]-x[i]*x[i], 1-x[i]
		f += 100*b*b + a*a
	}
	return f
}

func extRosenGrad(g, x []float64) {
	clear(g)
	for i := 0; i+1 < len(x); i++ {
		b, a := x[i+1]-x[i]*x[i], 1-x[i]
		g[i] += -400*x[i]*b - 2*a
		g[i+1] += 200 * b
	}
}

func extRosenHess(h, x []float64) {
	n := len(x)
	clear(h)
	for i := 0; i+1 < len(x); i++ {
		h[i*n+i] += 1200*x[i]*x[i] - 400*x[i+1] + 2
		h[i*n+i+1] += -400 * x[i]
		h[(i+1)*n+i] += -400 * x[i]
		h[(i+1)*n+i+1] += 200
	}
}

// huberCoupled is sum_i sqrt(1 + x_i^2) + (sum_i x_i)^2 / 20: convex, its
// Hessian positive definite everywhere (dogleg needs that) and nearly
// linear far from 0, so that a trust-region run from far away takes
// radius-sized steps for many iterations.
func huberCoupled(x []float64) float64 {
	var f, sum float64
	for _, v := range x {
		f += math.Sqrt(1 + v*v)
		sum += v
	}
	return f + sum*sum/20
}

func huberCoupledGrad(g, x []float64) {
	var sum float64
	for _, v := range x {
		sum += v
	}
	for i, v := range x {
		g[i] = v/math.Sqrt(1+v*v) + sum/10
	}
}

func huberCoupledHess(h, x []float64) {
	n := len(x)
	for i := range n {
		for j := range n {
			h[i*n+j] = 0.1
		}
		h[i*n+i] += math.Pow(1+x[i]*x[i], -1.5)
	}
}

// mallocs is the fewest heap allocations of five runs of fn, after a
// first run that warms it up, each run after a garbage collection: now
// and then a run counts an allocation or two more, at random places
// (about 1 run in 200 of BFGS, more often while the collector is busy),
// which a run that fits between two collections does not.
func mallocs(fn func()) uint64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	fn()
	best := uint64(math.MaxUint64)
	var ms runtime.MemStats
	for range 5 {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.Mallocs
		fn()
		runtime.ReadMemStats(&ms)
		best = min(best, ms.Mallocs-before)
	}
	return best
}

// TestAllocsPerIteration: no method allocates in its iterations. For
// every method and every gradient it runs with (and, for the second-order
// methods, the Hessian by either difference of the gradient), a run with
// a larger iteration limit, which takes at least 20 iterations more,
// allocates exactly as much as a run with a smaller one (Trace none): a
// method makes its workspace once a run, a constant number of
// allocations (the Result's vectors, the method's state, gonum's line
// search and NextDirectioner, scipy's models), and none an iteration.
// What is known to depend on the run rather than on its iterations:
//   - L-BFGS keeps min(memory, MaxIter) pairs of vectors (15 by default),
//     made at the start, so its smaller limit is above 15;
//   - scipy:trust-krylov's Lanczos basis is made whole at the start when
//     it has at most 2^17 values (scipy's 2n+1 rows of n: up to n = 255);
//     beyond, it grows a row at a time up to the longest Krylov iteration
//     of the run, at most 2n+1 rows;
//   - Trace all and log append to the trace, which grows as slices do
//     (amortized, an allocation every so many iterations): that is the
//     output, not the method.
//
// Runs are on the classroom problem (its exact Hessian where a method
// takes one) unless the method ends early there: scipy:dogleg stops at
// once (the Hessian at x0 is not positive definite) and takes a convex
// problem; scipy:Powell and scipy:TNC converge in under 40 iterations and
// take the 10-variable Rosenbrock function (TNC's limit is its maxfun, as
// scipy's maxiter is for TNC).
func TestAllocsPerIteration(t *testing.T) {
	classroom := classroomWithHessian(t)
	x0 := objective.ClassroomInit()
	rosen10 := Problem{Func: extRosen, Grad: extRosenGrad, Hess: extRosenHess}
	x10 := []float64{-1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1}
	huber := Problem{Func: huberCoupled, Grad: huberCoupledGrad, Hess: huberCoupledHess}
	type setup struct {
		p           Problem
		x0          []float64
		params      map[string]string
		short, long int // the iteration limits (MaxIter)
	}
	special := map[string]setup{
		"L-BFGS":       {classroom, x0, nil, 20, 60},
		"scipy:Powell": {rosen10, x10, nil, 5, 40},
		"scipy:TNC":    {rosen10, x10, nil, 20, 200},
		// A radius of at most 1 keeps the run from far away for more than
		// 40 iterations.
		"scipy:dogleg": {huber, []float64{40, -30, 50, -20, 35}, map[string]string{"initial-radius": "0.5", "max-radius": "1"}, 5, 40},
	}
	for _, m := range Methods() {
		c, ok := special[m]
		if !ok {
			c = setup{classroom, x0, nil, 5, 40}
		}
		type modes struct {
			g GradientMode
			h HessianMode
		}
		var runs []modes
		if !UsesGradient(m) {
			runs = append(runs, modes{NoGradient, ""})
		}
		for _, g := range GradientModes {
			if UsesGradient(m) {
				runs = append(runs, modes{g, ""})
			}
		}
		if method, _ := Default.Lookup(m); method.Hessian {
			// The Hessian (or its products) by differences of the
			// analytic gradient.
			runs = append(runs, modes{Analytic, HessForward2}, modes{Analytic, HessCentral3})
		}
		for _, r := range runs {
			name := m + "/" + string(r.g)
			if r.h != "" {
				name += "/hessian=" + string(r.h)
			}
			t.Run(name, func(t *testing.T) {
				run := func(iters int) (allocs uint64, nit int) {
					allocs = mallocs(func() {
						res, err := Minimize(c.p, c.x0, Options{Method: m, Gradient: r.g, Hessian: r.h, Params: c.params, MaxIter: iters, Trace: TraceNone})
						if err != nil {
							t.Fatal(err)
						}
						nit = res.Nit
					})
					return allocs, nit
				}
				short, nitShort := run(c.short)
				long, nitLong := run(c.long)
				if nitLong < nitShort+20 {
					t.Fatalf("%d iterations with MaxIter %d, %d with %d: too few more to tell", nitLong, c.long, nitShort, c.short)
				}
				if long != short {
					t.Errorf("%d allocations in %d iterations, %d in %d: %.2f an iteration",
						long, nitLong, short, nitShort, float64(int(long)-int(short))/float64(nitLong-nitShort))
				}
			})
		}
	}
}
