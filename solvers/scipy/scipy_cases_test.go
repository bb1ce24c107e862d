package scipy

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/solvers/core"
)

// scipyCase is one minimize call of scipy's own tests, as
// testdata/scipy_cases.py ran it with scipy 1.10.1.
type scipyCase struct {
	Name, Source, Problem, Method string
	X0                            []float64
	Gradient, Hessian             string
	Eps, Gtol, Xtol, Tol          *float64
	Maxiter                       *int
	Params                        map[string]float64 // method options (xrtol)
	Raises                        string             // the ValueError scipy raised instead of returning

	Nit, Nfev, Njev, Nhev int
	X                     []jsonFloat
	Fun                   jsonFloat
	Status                int
	Success               bool
	Message               string
	Calls                 struct{ F, G, H, Hp int }
	Repeats               int // evaluations of f at the point of the one before

	// Ulp is the same run with f and the gradient changed by one ulp (up,
	// down or not, by a hash of x): scipy's own sensitivity to the last
	// bit.
	Ulp *struct {
		Nit, Nfev, Njev, Nhev int
		X                     []jsonFloat
		Fun                   jsonFloat
		Message               string
	}
}

// caseProblem is a problem of scipy_cases.py, operation for operation
// where numpy's order is known, with counters of the calls made to it.
type caseProblem struct {
	p       core.Problem
	f, g    int
	repeats int
	last    []float64
}

// entropy is CheckOptimize's problem (test_optimize.py): log-sum-exp of F x
// minus K.x.
var (
	entF = [5][3]float64{{1, 1, 1}, {1, 1, 0}, {1, 0, 1}, {1, 0, 0}, {1, 0, 0}}
	entK = [3]float64{1, 0.3, 0.5}
)

func entropyP(x []float64) (logPdot [5]float64, logZ float64) {
	for i := range 5 {
		for j := range 3 {
			logPdot[i] += entF[i][j] * x[j]
		}
	}
	var sum float64
	for i := range 5 {
		sum += math.Exp(logPdot[i])
	}
	return logPdot, math.Log(sum)
}

func entropyF(x []float64) float64 {
	_, logZ := entropyP(x)
	return logZ - (entK[0]*x[0] + entK[1]*x[1] + entK[2]*x[2])
}

func entropyProb(x []float64) [5]float64 {
	logPdot, logZ := entropyP(x)
	var p [5]float64
	for i := range 5 {
		p[i] = math.Exp(logPdot[i] - logZ)
	}
	return p
}

func entropyG(g, x []float64) {
	p := entropyProb(x)
	for j := range 3 {
		var s float64
		for i := range 5 {
			s += entF[i][j] * p[i]
		}
		g[j] = s - entK[j]
	}
}

// entropyH is scipy's F' (diag(p) (F - F'p)), broadcasting F'p along
// the rows.
func entropyH(h, x []float64) {
	p := entropyProb(x)
	var ftp [3]float64
	for j := range 3 {
		for i := range 5 {
			ftp[j] += entF[i][j] * p[i]
		}
	}
	for a := range 3 {
		for b := range 3 {
			var s float64
			for i := range 5 {
				s += entF[i][a] * (p[i] * (entF[i][b] - ftp[b]))
			}
			h[a*3+b] = s
		}
	}
}

// cube is x**3 as glibc's pow gives it to numpy (correctly rounded in
// practice): x^3 in double-double, rounded once.
func cube(x float64) float64 {
	x2 := x * x
	e2 := math.FMA(x, x, -x2)
	hi := x2 * x
	lo := math.FMA(x2, x, -hi) + e2*x
	return hi + lo
}

// pow4 is x**4 as glibc's pow gives it, as cube.
func pow4(x float64) float64 {
	x2 := x * x
	e2 := math.FMA(x, x, -x2)
	hi := x2 * x2
	lo := math.FMA(x2, x2, -hi) + 2*x2*e2
	return hi + lo
}

func newCaseProblem(t *testing.T, name, gradient, hessian string) *caseProblem {
	cp := &caseProblem{}
	var f func([]float64) float64
	var g, hess func(g, x []float64)
	var hessp func(dst, x, p []float64)
	switch {
	case name == "entropy":
		f, g, hess = entropyF, entropyG, entropyH
		hessp = func(dst, x, p []float64) {
			var h [9]float64
			entropyH(h[:], x)
			matVec(dst, h[:], p)
		}
	case name == "rosen":
		f, g, hess, hessp = rosenN, rosenNGrad, rosenNHess, rosenNHessProd
	case name == "himmelblau":
		f = func(p []float64) float64 {
			x, y := p[0], p[1]
			a, b := x*x+y-11, x+y*y-7
			return a*a + b*b
		}
		g = func(g, p []float64) {
			x, y := p[0], p[1]
			g[0] = 4*cube(x) + 4*x*y - 42*x + 2*(y*y) - 14
			g[1] = 2*(x*x) + 4*x*y + 4*cube(y) - 26*y - 22
		}
		hess = func(h, p []float64) {
			x, y := p[0], p[1]
			h[0], h[1] = 12*(x*x)+4*y-42, 4*x+4*y
			h[2], h[3] = 4*x+4*y, 4*x+12*(y*y)-26
		}
	case strings.HasPrefix(name, "scaled-"):
		scale := map[string]float64{"scaled-1e-50": 1e-50, "scaled-1": 1, "scaled-1e+50": 1e50}[name]
		f = func(x []float64) float64 { d := x[0] - 1; return scale * (d * d) }
		g = func(g, x []float64) { g[0] = scale * (x[0] - 1) }
	case name == "bad-grad":
		f = func(x []float64) float64 { d := x[0] - 1; return d * d }
		g = func(g, x []float64) { g[0] = 2*(x[0]-1)*(-1) - 2 }
	case name == "neg-exp":
		f = func(x []float64) float64 { return -math.Pow(math.E, -x[0]) }
		g = func(g, x []float64) { g[0] = math.Pow(math.E, -x[0]) }
		hess = func(h, x []float64) { h[0] = -math.Pow(math.E, -x[0]) }
	case name == "nan", name == "nan-third":
		values := []float64{0.5, 0.25}
		f = func([]float64) float64 {
			if name == "nan" || cp.f > len(values) {
				return math.NaN()
			}
			return values[cp.f-1]
		}
		g = func(g, _ []float64) { g[0] = 1 }
		hess = func(h, _ []float64) { h[0] = 1 }
	case name == "nan-off-zero":
		f = func(x []float64) float64 {
			if x[0] == 0 {
				return 0
			}
			return math.NaN()
		}
		g = func(g, _ []float64) { g[0] = 1 }
	case name == "tol":
		f = func(z []float64) float64 {
			x, y := z[0], z[1]
			return (x*x)*(y*y) + pow4(x) + 1
		}
		g = func(g, z []float64) {
			x, y := z[0], z[1]
			g[0] = 2*x*(y*y) + 4*cube(x)
			g[1] = 2 * (x * x) * y
		}
	case name == "cornercase":
		f = func(r []float64) float64 {
			d := 1 - math.Exp(-1.5*(r[0]-0.5))
			return 2.5 * (d * d)
		}
	case name == "double-eval":
		f = func(x []float64) float64 { return 10 * (x[0] * x[0]) }
		g = func(g, x []float64) { g[0] = 20 * x[0] }
	case name == "gh2169":
		f = func(x []float64) float64 {
			if x[0] < 0 {
				return 1.79769313e+308
			}
			return x[0] + 1./x[0]
		}
	default:
		t.Fatalf("no problem %q", name)
	}
	cp.p.Func = func(x []float64) float64 {
		cp.f++
		if cp.last != nil && slices.Equal(cp.last, x) {
			cp.repeats++
		}
		cp.last = append(cp.last[:0], x...)
		return f(x)
	}
	if g != nil {
		cp.p.Grad = func(dst, x []float64) { cp.g++; g(dst, x) }
	}
	if gradient == "funcgrad" {
		// scipy's jac=True: one function for both, as MemoizeJac calls it
		fn, gn := cp.p.Func, cp.p.Grad
		cp.p.FuncGrad = func(dst, x []float64) float64 { gn(dst, x); return fn(x) }
		cp.p.Func, cp.p.Grad = nil, nil
	}
	switch hessian {
	case "exact":
		cp.p.Hess = hess
	case "hessp":
		cp.p.HessVec = hessp
	}
	return cp
}

// TestScipyCases runs scipy 1.10.1's own test cases for the gradient
// ports (test_optimize.py, test_trustregion.py; testdata/scipy_cases.py
// ran them with scipy) and compares everything scipy returned: nit, nfev,
// njev, nhev and the calls to the problem exactly (or, where a change of
// one ulp in f and the gradient, varying with x, changes scipy's own
// counts, those of that run), the message exactly, x and f within 1e-8 relative or 10 times
// scipy's own move under that change of one ulp (non-finite ones
// exactly), success (except
// where scipy reports success on a NaN gradient: optbench's status is
// then NaN, its message scipy's), and no evaluation repeated at the point
// just evaluated where scipy repeats none (test_duplicate_evaluations).
func TestScipyCases(t *testing.T) {
	data, err := os.ReadFile("testdata/scipy_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Scipy string
		Cases []scipyCase
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Scipy != "1.10.1" || len(doc.Cases) < 150 {
		t.Fatalf("scipy %s, %d cases: not the file scipy_cases.py writes", doc.Scipy, len(doc.Cases))
	}
	for _, c := range doc.Cases {
		t.Run(c.Name, func(t *testing.T) {
			cp := newCaseProblem(t, c.Problem, c.Gradient, c.Hessian)
			o := core.Options{Method: c.Method, Params: map[string]string{}}
			switch c.Gradient {
			case "2-point":
				o.Gradient = core.Forward2
			case "3-point":
				o.Gradient = core.Central3
			case "eps":
				// scipy's jac=None: forward differences, absolute step eps
				o.Gradient, o.FDStep = core.Forward2, 1.4901161193847656e-08
				if c.Eps != nil {
					o.FDStep = *c.Eps
				}
			}
			switch c.Hessian {
			case "2-point":
				o.Hessian = core.HessForward2
			case "3-point":
				o.Hessian = core.HessCentral3
			}
			trust := strings.Contains(c.Method, "trust") || strings.Contains(c.Method, "dogleg")
			if trust {
				o.Gtol = 1e-4 // scipy's default for the trust-region methods
			}
			if c.Gtol != nil {
				o.Gtol = *c.Gtol
			}
			if c.Tol != nil {
				if c.Method == "scipy:Newton-CG" {
					o.Params["xtol"] = jsonNum(*c.Tol)
				} else {
					o.Gtol = *c.Tol
				}
			}
			for k, v := range c.Params {
				o.Params[k] = jsonNum(v)
			}
			if c.Maxiter != nil {
				o.MaxIter = *c.Maxiter
			}
			res, err := minimize(cp.p, c.X0, o)
			if err != nil {
				t.Fatal(err)
			}
			if c.Raises != "" {
				if res.Success || res.Status != core.Failed || res.Cause != c.Raises {
					t.Errorf("%v %q (cause %q); scipy raises ValueError(%q)", res.Status, res.Message, res.Cause, c.Raises)
				}
				return
			}
			counts := [4]int{res.Nit, res.Nfev, res.Njev, res.Nhev}
			want := [4]int{c.Nit, c.Nfev, c.Njev, c.Nhev}
			ulpCounts := want
			if c.Ulp != nil {
				ulpCounts = [4]int{c.Ulp.Nit, c.Ulp.Nfev, c.Ulp.Njev, c.Ulp.Nhev}
			}
			switch {
			case counts == want:
				if cp.f != c.Calls.F || cp.g != c.Calls.G {
					t.Errorf("calls to f %d, to the gradient %d; scipy's %d, %d", cp.f, cp.g, c.Calls.F, c.Calls.G)
				}
			case counts == ulpCounts:
				t.Logf("nit, nfev, njev, nhev %v: scipy's run one ulp off (scipy's own %v)", counts, want)
			default:
				t.Errorf("nit, nfev, njev, nhev %v; scipy %v (one ulp off: %v)", counts, want, ulpCounts)
			}
			if c.Repeats == 0 && cp.repeats > 0 {
				t.Errorf("%d evaluations at the point just evaluated; scipy none", cp.repeats)
			}
			if res.Message != c.Message && (c.Ulp == nil || res.Message != c.Ulp.Message) {
				t.Errorf("message %q; scipy %q", res.Message, c.Message)
			}
			nanSuccess := c.Success && trust && res.Status == core.NaN && res.Message == c.Message
			if res.Success != c.Success && !nanSuccess {
				t.Errorf("success %v (%v); scipy %v", res.Success, res.Status, c.Success)
			}
			// Within 1e-8 relative, or 10 times the distance scipy's own
			// result moves by when f and the gradient change by one ulp.
			near := func(got float64, want, ulp jsonFloat) bool {
				w, u := float64(want), float64(ulp)
				if !finite(w) || !finite(got) {
					return got == w || (math.IsNaN(got) && math.IsNaN(w))
				}
				tol := 1e-8 * math.Max(1, math.Abs(w))
				if finite(u) {
					tol = math.Max(tol, 10*math.Abs(w-u))
				}
				return math.Abs(got-w) <= tol
			}
			ulpFun, ulpX := c.Fun, c.X
			if c.Ulp != nil && len(c.Ulp.X) == len(c.X) {
				ulpFun, ulpX = c.Ulp.Fun, c.Ulp.X
			}
			if !near(res.Fun, c.Fun, ulpFun) {
				t.Errorf("f %.17g; scipy %.17g", res.Fun, float64(c.Fun))
			}
			for i, w := range c.X {
				if c.Problem == "entropy" && i == 0 {
					// f does not depend on x[0] (F's first column is all
					// ones and K[0] = 1): it moves by the rounding noise of
					// its gradient alone (libm's exp and log here, glibc's
					// under numpy), on an unbounded flat line.
					continue
				}
				if !near(res.X[i], w, ulpX[i]) {
					t.Errorf("x %v; scipy %v", res.X, c.X)
					break
				}
			}
		})
	}
}

func jsonNum(v float64) string {
	b, _ := json.Marshal(v)
	return string(b)
}
