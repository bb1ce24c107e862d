package solvers

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// denseMethods are the methods of Default that keep O(n^2) values: an n x n
// Hessian or its inverse (BFGS, scipy:BFGS, Newton, trust-exact, dogleg), a
// simplex of n+1 points (the two Nelder-Meads) or n directions (Powell).
var denseMethods = []string{"BFGS", "Newton", "Nelder-Mead", "scipy:BFGS", "scipy:Nelder-Mead", "scipy:trust-exact", "scipy:dogleg", "scipy:Powell"}

// maxAllocBytes bounds what one run at MaxDenseParams+1 parameters may
// allocate: well below one (MaxDenseParams+1)^2 matrix of float64, 134 MB.
const maxAllocBytes = 100 << 20

// bigSphere is f = |x|^2 on n parameters with its gradient and, as asked,
// its whole Hessian (which must never be called: it would be n x n) and
// its product H v = 2 v. hessCalls counts the calls to Hess.
func bigSphere(withHess, withHessVec bool, hessCalls *int) Problem {
	p := Problem{Func: func(x []float64) float64 { return floats.Dot(x, x) }, Grad: func(g, x []float64) { floats.ScaleTo(g, 2, x) }}
	if withHess {
		p.Hess = func(h, x []float64) { *hessCalls++ }
	}
	if withHessVec {
		p.HessVec = func(dst, x, v []float64) { floats.ScaleTo(dst, 2, v) }
	}
	return p
}

// TestNoMethodAllocatesSquareBeyondTheBound: every method of Default on
// MaxDenseParams+1 parameters, with and without a whole Hessian and H v,
// either refuses the run with ErrTooLarge, naming the size and L-BFGS (the
// methods that keep n x n values), or runs in O(n) memory: under 100 MB,
// no Hessian asked whole. Nelder-Mead, scipy:Nelder-Mead, scipy:Powell
// and, through the evaluator's n x n buffer for H v, Newton-CG and trust-ncg
// once died of "out of memory" on the 60,003 parameters of -hidden 10000.
func TestNoMethodAllocatesSquareBeyondTheBound(t *testing.T) {
	n := MaxDenseParams + 1
	x0 := make([]float64, n)
	for i := range x0 {
		x0[i] = 1
	}
	for _, name := range Methods() {
		dense := slices.Contains(denseMethods, name)
		for _, hv := range []struct{ hess, hessVec bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
			t.Run(fmt.Sprintf("%s/hess=%v,hessvec=%v", name, hv.hess, hv.hessVec), func(t *testing.T) {
				hessCalls := 0
				p := bigSphere(hv.hess, hv.hessVec, &hessCalls)
				var res Result
				var err error
				o := Options{Method: name, MaxIter: 2}
				if name == "scipy:TNC" {
					// TNC's maxiter is scipy 1.10's deprecated alias of
					// maxfun: 2 evaluations make no step.
					o.MaxFev = 20
				}
				bytes := allocated(func() { res, err = Minimize(p, x0, o) })
				if bytes > maxAllocBytes {
					t.Errorf("allocated %d MB", bytes>>20)
				}
				if hessCalls > 0 {
					t.Errorf("the whole Hessian was asked %d times", hessCalls)
				}
				if dense {
					want := fmt.Sprintf("%d x %d matrices", n, n)
					if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "use L-BFGS") {
						t.Errorf("error %v, want ErrTooLarge saying %q and L-BFGS", err, want)
					}
					return
				}
				if err != nil {
					t.Fatalf("error %v", err)
				}
				if res.Status == Failed || res.Status == NaN || res.Fun >= float64(n) {
					t.Errorf("%v (%s), f %v from %d", res.Status, res.Message, res.Fun, n)
				}
				if m, _ := Default.Lookup(name); m.Hessian {
					want := HessCentral3
					if hv.hessVec {
						want = Exact
					}
					if res.Hessian != want {
						t.Errorf("Hessian %s, want %s", res.Hessian, want)
					}
				}
			})
		}
	}
}

// TestExactHessianOnlyWholeBeyondTheBound: asked for the exact Hessian of
// a problem that gives it only whole, Newton-CG and trust-ncg refuse past
// MaxDenseParams with ErrTooLarge, before computing anything; with H v as
// well they run on the products; at MaxDenseParams the whole Hessian is
// used, as scipy uses hess=, so the runs the tests compare with scipy keep
// their numbers.
func TestExactHessianOnlyWholeBeyondTheBound(t *testing.T) {
	for _, name := range []string{"scipy:Newton-CG", "scipy:trust-ncg"} {
		n := MaxDenseParams + 1
		x0 := make([]float64, n)
		x0[0] = 1
		hessCalls := 0
		var err error
		bytes := allocated(func() {
			_, err = Minimize(bigSphere(true, false, &hessCalls), x0, Options{Method: name, Hessian: Exact})
		})
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "give Problem.HessVec") || bytes > 1<<20 || hessCalls > 0 {
			t.Errorf("%s, exact, Hess only: %v, %d bytes, %d Hessians", name, err, bytes, hessCalls)
		}
		res, err := Minimize(bigSphere(true, true, &hessCalls), x0, Options{Method: name, Hessian: Exact, MaxIter: 2})
		if err != nil || res.Hessian != Exact || res.Nhev == 0 || hessCalls > 0 || !res.Success {
			t.Errorf("%s, exact, Hess and H v: %v, %v %s, %d products, %d Hessians", name, err, res.Status, res.Hessian, res.Nhev, hessCalls)
		}

		// Small: the whole Hessian, once an iteration (Newton-CG) or a
		// model (trust-ncg), as scipy given hess=.
		small := []float64{1, 2, 3}
		p := bigSphere(false, true, nil)
		whole := 0
		p.Hess = func(h, x []float64) {
			whole++
			clear(h)
			for i := range 3 {
				h[i*3+i] = 2
			}
		}
		res, err = Minimize(p, small, Options{Method: name, MaxIter: 5})
		if err != nil || res.Hessian != Exact || whole == 0 || !res.Success {
			t.Errorf("%s, 3 parameters: %v, %v %s, %d whole Hessians", name, err, res.Status, res.Hessian, whole)
		}
	}
}
