package scipy

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/optbench/optbench/solvers/core"
)

// The cases of scipy 1.10.1's test_tnc.py and test_optimize.py that run
// TNC, with scipy's expected values.

// tncFuncGrad is p with only FuncGrad, as scipy's fmin_tnc(fg) and
// minimize(fg, jac=True) see it.
func tncFuncGrad(p core.Problem) core.Problem {
	return core.Problem{FuncGrad: func(g, x []float64) float64 { p.Grad(g, x); return p.Func(x) }, Bounds: p.Bounds}
}

func tncBounds(lo, hi []float64) *core.Bounds { return &core.Bounds{Lower: lo, Upper: hi} }

var inf = math.Inf(1)

// TestScipyTNCSchittkowski ports test_tnc.py: test_minimize_tnc1, 1b, 1c,
// 2, 3, 4, 5, 38, 45 and test_tnc1, 1b, 1c, 2, 3, 4, 5, 38, 45 (maxfun 200):
// f at the answer within assert_allclose(atol=1e-8, rtol=1e-7) of f at
// the optimum (1b, with forward differences of step 1e-8 for the gradient:
// atol=1e-4). Each runs with Func and Grad (minimize(jac=g), fmin_tnc
// with fprime) and with FuncGrad alone (minimize(jac=True), fmin_tnc(fg));
// test_minimize_tnc1 also counts the callbacks: one per iteration.
func TestScipyTNCSchittkowski(t *testing.T) {
	cases := []struct {
		name   string
		x0     []float64
		bounds *core.Bounds
		xopt   []float64
	}{
		{"tnc1", []float64{-2, 1}, tncBounds([]float64{-inf, -1.5}, []float64{inf, inf}), []float64{1, 1}},
		{"tnc2", []float64{-2, 1}, tncBounds([]float64{-inf, 1.5}, []float64{inf, inf}), []float64{-1.2210262419616387, 1.5}},
		{"tnc3", []float64{10, 1}, tncBounds([]float64{-inf, 0}, []float64{inf, inf}), []float64{0, 0}},
		{"tnc4", []float64{1.125, 0.125}, tncBounds([]float64{1, 0}, []float64{inf, inf}), []float64{1, 0}},
		{"tnc5", []float64{0, 0}, tncBounds([]float64{-1.5, -3}, []float64{4, 3}), []float64{-0.54719755119659763, -1.5471975511965976}},
		{"tnc38", []float64{-3, -1, -3, -1}, tncBounds([]float64{-10, -10, -10, -10}, []float64{10, 10, 10, 10}), []float64{1, 1, 1, 1}},
		{"tnc45", []float64{2, 2, 2, 2, 2}, tncBounds([]float64{0, 0, 0, 0, 0}, []float64{1, 2, 3, 4, 5}), []float64{1, 2, 3, 4, 5}},
	}
	for _, c := range cases {
		p := tncProblems[c.name]
		p.Bounds = c.bounds
		fopt := p.Func(c.xopt)
		variants := []struct {
			name string
			p    core.Problem
			grad core.GradientMode
			atol float64
		}{
			{"jac", p, core.Analytic, 1e-8},
			{"fg", tncFuncGrad(p), core.Analytic, 1e-8},
		}
		if c.name == "tnc1" {
			variants = append(variants, struct {
				name string
				p    core.Problem
				grad core.GradientMode
				atol float64
			}{"approx_grad", p, core.Forward2, 1e-4})
		}
		for _, v := range variants {
			t.Run(c.name+"/"+v.name, func(t *testing.T) {
				callbacks := 0
				res, err := core.Minimize(v.p, c.x0, core.Options{
					Method: "TNC", Registry: tncRegistry, MaxFev: 200, Gradient: v.grad, FDStep: 1e-8,
					Callback: func(core.TracePoint) { callbacks++ },
				})
				if err != nil {
					t.Fatal(err)
				}
				if f := p.Func(res.X); math.Abs(f-fopt) > v.atol+1e-7*math.Abs(fopt) {
					t.Errorf("f(x) = %.17g at %v, f(xopt) = %.17g (%s)", f, res.X, fopt, res.Message)
				}
				// tnc calls back once per iteration; optbench's callback
				// sees x0 too.
				if callbacks-1 != res.Nit || len(res.Trace)-1 != res.Nit {
					t.Errorf("%d callbacks after x0 and %d rows of trace for %d iterations", callbacks-1, len(res.Trace)-1, res.Nit)
				}
			})
		}
	}
}

// TestScipyTNCMaxiterIsMaxfun ports test_maxiter_depreciations: scipy
// 1.10 takes TNC's maxiter as maxfun, and warns.
func TestScipyTNCMaxiterIsMaxfun(t *testing.T) {
	p := tncProblems["tnc1"]
	res, err := core.Minimize(p, []float64{1, 3}, core.Options{Method: "TNC", Registry: tncRegistry, MaxIter: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(res.Warnings, tncMaxiterWarning) {
		t.Errorf("warnings %q, want %q", res.Warnings, tncMaxiterWarning)
	}
	if res.Status != core.MaxFev || res.Nfev != 1 || res.Nit != 0 {
		t.Errorf("%v nfev %d nit %d, want maxfev after 1 evaluation", res.Status, res.Nfev, res.Nit)
	}
	// MaxFev wins over MaxIter, as maxfun over maxiter, without a warning.
	res, err = core.Minimize(p, []float64{1, 3}, core.Options{Method: "TNC", Registry: tncRegistry, MaxIter: 1, MaxFev: 200})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 || res.Nfev <= 1 {
		t.Errorf("MaxFev 200, MaxIter 1: nfev %d, warnings %q", res.Nfev, res.Warnings)
	}
}

// TestScipyTNCRaisingExceptions ports test_raising_exceptions: a function
// that fails (panics, in Go) ends the run with an error, not a crash.
func TestScipyTNCRaisingExceptions(t *testing.T) {
	p := core.Problem{Func: func([]float64) float64 { panic("myfunc") }, Grad: rosenNGrad}
	res, err := core.Minimize(p, []float64{0, 1}, core.Options{Method: "TNC", Registry: tncRegistry})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != core.Failed || res.Success || !strings.Contains(res.Cause, "myfunc") {
		t.Errorf("%v %q (cause %q), want a failure naming myfunc", res.Status, res.Message, res.Cause)
	}
}

// TestScipyTNCCallbackDoesNotChangeTheRun ports
// test_callback_shouldnt_affect_minimization: Rosenbrock in [0, 10]^4 from
// (1, 2, 3, 4), maxfun 1000, with and without a callback.
func TestScipyTNCCallbackDoesNotChangeTheRun(t *testing.T) {
	p := core.Problem{Func: rosenN, Grad: rosenNGrad, Bounds: tncBounds([]float64{0, 0, 0, 0}, []float64{10, 10, 10, 10})}
	x0 := []float64{1, 2, 3, 4}
	o := core.Options{Method: "TNC", Registry: tncRegistry, MaxFev: 1000}
	res, err := core.Minimize(p, x0, o)
	if err != nil {
		t.Fatal(err)
	}
	o.Callback = func(core.TracePoint) {}
	res2, err := core.Minimize(p, x0, o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.X, res2.X) || res.Fun != res2.Fun || res.Nfev != res2.Nfev {
		t.Errorf("with a callback: %v %v %d; without: %v %v %d", res2.X, res2.Fun, res2.Nfev, res.X, res.Fun, res.Nfev)
	}
}

// tncEntropy is test_optimize.py's CheckOptimize problem (Berger et al's
// entropy maximization), whose solution is (0, -0.524869316, 0.487525860).
type tncEntropy struct{ points [][]float64 }

var tncEntropyF = [5][3]float64{{1, 1, 1}, {1, 1, 0}, {1, 0, 1}, {1, 0, 0}, {1, 0, 0}}
var tncEntropyK = [3]float64{1, 0.3, 0.5}

func (e *tncEntropy) Func(x []float64) float64 {
	e.points = append(e.points, slices.Clone(x))
	var z float64
	for _, row := range tncEntropyF {
		z += math.Exp(row[0]*x[0] + row[1]*x[1] + row[2]*x[2])
	}
	return math.Log(z) - (tncEntropyK[0]*x[0] + tncEntropyK[1]*x[1] + tncEntropyK[2]*x[2])
}

func (e *tncEntropy) Grad(g, x []float64) {
	var lp [5]float64
	var z float64
	for i, row := range tncEntropyF {
		lp[i] = row[0]*x[0] + row[1]*x[1] + row[2]*x[2]
		z += math.Exp(lp[i])
	}
	logZ := math.Log(z)
	for j := range 3 {
		g[j] = -tncEntropyK[j]
		for i, row := range tncEntropyF {
			g[j] += row[j] * math.Exp(lp[i]-logZ)
		}
	}
}

// TestScipyTNCFiniteDifferencesAndDuplicates ports
// test_finite_differences_jac (TNC with jac '2-point', '3-point' and the
// analytic one: f within 1e-6 of f at the solution) and
// test_duplicate_evaluations (no two evaluations in a row at the same
// point) on the entropy problem from 0.
func TestScipyTNCFiniteDifferencesAndDuplicates(t *testing.T) {
	solution := []float64{0, -0.524869316, 0.487525860}
	for _, mode := range []core.GradientMode{core.Analytic, core.Forward2, core.Central3} {
		e := &tncEntropy{}
		p := core.Problem{Func: e.Func, Grad: e.Grad}
		res, err := core.Minimize(p, []float64{0, 0, 0}, core.Options{Method: "TNC", Registry: tncRegistry, Gradient: mode})
		if err != nil {
			t.Fatal(err)
		}
		fopt := (&tncEntropy{}).Func(solution)
		if f := (&tncEntropy{}).Func(res.X); math.Abs(f-fopt) > 1e-6 {
			t.Errorf("%s: f(x) = %.10g, f(solution) = %.10g (%s)", mode, f, fopt, res.Message)
		}
		for i := 1; i < len(e.points); i++ {
			if slices.Equal(e.points[i-1], e.points[i]) {
				t.Errorf("%s: evaluations %d and %d at the same point %v", mode, i-1, i, e.points[i])
			}
		}
	}
}

// TestScipyTNCNoIncrease ports test_no_increase (a gradient of the wrong
// sign, maxfun 20): the answer's value is f there and no worse than f(x0).
func TestScipyTNCNoIncrease(t *testing.T) {
	p := tncProblems["no-increase"]
	res, err := core.Minimize(p, []float64{2}, core.Options{Method: "TNC", Registry: tncRegistry, MaxFev: 20})
	if err != nil {
		t.Fatal(err)
	}
	if f := p.Func(res.X); f != res.Fun || f > p.Func([]float64{2}) {
		t.Errorf("f(x) = %v, reported %v, f(x0) = %v", f, res.Fun, p.Func([]float64{2}))
	}
}

// TestScipyTNCNaN ports test_nan_values (maxfun 20): f NaN everywhere, or
// after two values; with the gradient 1 or by differences: no success.
func TestScipyTNCNaN(t *testing.T) {
	for _, after := range []int{0, 2} {
		for _, mode := range []core.GradientMode{core.Analytic, core.Forward2} {
			count := 0
			f := func(x []float64) float64 {
				count++
				if count > after {
					return math.NaN()
				}
				return 0.5 + 0.1*float64(count) // np.random.rand() in scipy's test
			}
			p := core.Problem{Func: f, Grad: func(g, x []float64) { g[0] = 1 }}
			res, err := core.Minimize(p, []float64{1}, core.Options{Method: "TNC", Registry: tncRegistry, MaxFev: 20, Gradient: mode})
			if err != nil {
				t.Fatal(err)
			}
			if res.Success {
				t.Errorf("NaN after %d values, %s gradient: success (%s)", after, mode, res.Message)
			}
		}
	}
}

// TestScipyTNCScalar ports test_minimize_with_scalar: sum(x^2) from 17 in
// [-100, 100]: success at 0 (atol 1e-5).
func TestScipyTNCScalar(t *testing.T) {
	p := core.Problem{
		Func:   func(x []float64) float64 { return x[0] * x[0] },
		Grad:   func(g, x []float64) { g[0] = 2 * x[0] },
		Bounds: tncBounds([]float64{-100}, []float64{100}),
	}
	res, err := core.Minimize(p, []float64{17}, core.Options{Method: "TNC", Registry: tncRegistry})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Success || math.Abs(res.X[0]) > 1e-5 {
		t.Errorf("%v %q at %v", res.Status, res.Message, res.X)
	}
}

// TestScipyTNCEqualBounds ports test_equal_bounds for TNC (without
// constraints): Rosenbrock with x[1] fixed at 2 and x[3] at -1 by equal
// bounds, from numpy's rand(4) after seed(0); with the gradient, with
// FuncGrad, and by forward differences (scipy's jac=False): success, the
// fixed values kept (at every evaluation, but for the differences), f within 1e-6 relative and x within 5e-4 relative of
// the run with the gradient (whose values are scipy's, checked in
// TestScipyTNCTraces).
func TestScipyTNCEqualBounds(t *testing.T) {
	doc := readTNCTraces(t)
	i := slices.IndexFunc(doc.Runs, func(c tncCase) bool { return c.Name == "rosenbrock4-fixed" })
	if i < 0 {
		t.Fatal("no rosenbrock4-fixed in testdata")
	}
	want := doc.Runs[i]
	lb, ub := []float64{0, 2, -1, -1}, []float64{3, 2, 2, -1}
	p := core.Problem{Func: rosenN, Grad: rosenNGrad, Bounds: tncBounds(lb, ub)}
	for _, v := range []struct {
		name string
		p    core.Problem
		mode core.GradientMode
	}{{"jac", p, core.Analytic}, {"fg", tncFuncGrad(p), core.Analytic}, {"2-point", p, core.Forward2}} {
		fixedSeen := true
		check := func(x []float64) {
			fixedSeen = fixedSeen && x[1] == 2 && x[3] == -1
		}
		q := v.p
		if q.Func != nil {
			f := q.Func
			q.Func = func(x []float64) float64 { check(x); return f(x) }
		} else {
			fg := q.FuncGrad
			q.FuncGrad = func(g, x []float64) float64 { check(x); return fg(g, x) }
		}
		res, err := core.Minimize(q, want.X0, core.Options{Method: "TNC", Registry: tncRegistry, Gradient: v.mode, FDStep: 1e-8})
		if err != nil {
			t.Fatal(err)
		}
		// optbench's differences are the evaluator's, over every variable:
		// they step off the fixed values (scipy differentiates the free
		// variables only).
		if v.mode == core.Forward2 {
			fixedSeen = true
		}
		if !res.Success || !fixedSeen || res.X[1] != 2 || res.X[3] != -1 {
			t.Errorf("%s: %v %q at %v (fixed values kept at every evaluation: %v)", v.name, res.Status, res.Message, res.X, fixedSeen)
		}
		if math.Abs(res.Fun-want.Fun) > 1e-6*math.Abs(want.Fun) {
			t.Errorf("%s: f %.17g, scipy %.17g", v.name, res.Fun, want.Fun)
		}
		for j := range res.X {
			if math.Abs(res.X[j]-want.X[j]) > 5e-4*math.Abs(want.X[j]) {
				t.Errorf("%s: x %v, scipy %v", v.name, res.X, want.X)
				break
			}
		}
	}
}

// TestScipyTNCAllBoundsEqual ports test_all_bounds_equal: |x|_2 + 1 with
// bounds (1, 1), (2, 2) from (1, 3): success at (1, 2) after 1 evaluation,
// scipy's message.
func TestScipyTNCAllBoundsEqual(t *testing.T) {
	want := readTNCTraces(t).AllBoundsEqual
	p := core.Problem{Func: func(x []float64) float64 { return math.Hypot(x[0], x[1]) + 1 }, Bounds: tncBounds([]float64{1, 2}, []float64{1, 2})}
	p.Grad = func(g, x []float64) { t.Error("gradient asked"); g[0], g[1] = 0, 0 }
	res, err := core.Minimize(p, []float64{1, 3}, core.Options{Method: "TNC", Registry: tncRegistry})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Success || res.Message != want.Message || res.Nfev != want.Nfev || res.Nfev != 1 || !slices.Equal(res.X, want.X) || res.Fun != want.Fun || res.Nit != 0 {
		t.Errorf("%v %q nfev %d nit %d at %v f %v; scipy %q nfev %d at %v f %v", res.Status, res.Message, res.Nfev, res.Nit, res.X, res.Fun,
			want.Message, want.Nfev, want.X, want.Fun)
	}
}

// TestScipyTNCTolParameter ports test_minimize_tol_parameter for TNC:
// minimize's tol sets TNC's xtol, ftol and gtol; tol 1e-10 ends nearer the
// minimum of x^2 y^2 + x^4 + 1 from (1, 1) than tol 1.
func TestScipyTNCTolParameter(t *testing.T) {
	p := core.Problem{
		Func: func(z []float64) float64 { x, y := z[0], z[1]; return x*x*y*y + x*x*x*x + 1 },
		Grad: func(g, z []float64) { x, y := z[0], z[1]; g[0] = 2*x*y*y + 4*x*x*x; g[1] = 2 * x * x * y },
	}
	run := func(tol string, gtol float64) float64 {
		res, err := core.Minimize(p, []float64{1, 1}, core.Options{Method: "TNC", Registry: tncRegistry, Gtol: gtol,
			Params: map[string]string{"xtol": tol, "ftol": tol}})
		if err != nil {
			t.Fatal(err)
		}
		return p.Func(res.X)
	}
	if f1, f2 := run("1e-10", 1e-10), run("1", 1); !(f1 < f2) {
		t.Errorf("tol 1e-10: f %v, tol 1: f %v", f1, f2)
	}
}

// TestScipyTNCGtol: optbench's Gtol, when given, is TNC's gtol (on the
// projected gradient of the scaled problem); optbench's default 1e-5 does
// not apply (scipy's 1e-2 sqrt(accuracy) does: TestScipyTNCTraces); GtolOff
// is gtol 0, which stops only on an exactly zero projected gradient.
func TestScipyTNCGtol(t *testing.T) {
	p := core.Problem{Func: rosenN, Grad: rosenNGrad}
	for _, c := range []struct {
		gtol float64
		nit  int // > 0: at least
		msg  string
	}{
		{1e3, 0, tncMessages[tncLocalMinimum]}, // scipy: nit 0, as in testdata
		{core.GtolOff, 1, tncMessages[tncFConverged]},
		{1e-1, 1, tncMessages[tncLocalMinimum]},
	} {
		res, err := core.Minimize(p, []float64{-1.2, 1}, core.Options{Method: "TNC", Registry: tncRegistry, Gtol: c.gtol})
		if err != nil {
			t.Fatal(err)
		}
		if res.Message != c.msg || (c.nit == 0 && res.Nit != 0) || (c.nit > 0 && res.Nit < c.nit) {
			t.Errorf("Gtol %v: nit %d %q, want %q", c.gtol, res.Nit, res.Message, c.msg)
		}
	}
}

// TestScipyTNCBadInput: bounds that cannot hold are refused before the
// run, naming the coordinate, and bad parameters name the valid values.
// (scipy takes an eta outside [0, 1), a stepmx of 0, a negative maxCGit,
// ftol, xtol or rescale as its defaults, and so do the parameters here.)
func TestScipyTNCBadInput(t *testing.T) {
	p := core.Problem{Func: rosenN, Grad: rosenNGrad, Bounds: tncBounds([]float64{0, 2}, []float64{1, 1})}
	if _, err := core.Minimize(p, []float64{0, 0}, core.Options{Method: "TNC", Registry: tncRegistry}); !errors.Is(err, core.ErrBadBounds) {
		t.Errorf("lower 2 > upper 1: error %v, want ErrBadBounds", err)
	}
	p.Bounds = nil
	for _, params := range []map[string]string{{"eta": "NaN"}, {"maxcgit": "1.5"}, {"stepmx": "inf"}, {"ftol": "x"}} {
		if _, err := core.Minimize(p, []float64{0, 0}, core.Options{Method: "TNC", Registry: tncRegistry, Params: params}); !errors.Is(err, core.ErrBadParam) {
			t.Errorf("%v: error %v, want ErrBadParam", params, err)
		}
	}
}

// TestScipyTNCNonFinite: values that are not finite are kept as scipy
// keeps them (testdata's "edges", from scipy's runs): f NaN everywhere
// ends at maxfun with x0; -exp(-x) reaches -inf and "Unable to progress"
// (optbench's status: nan); f = x runs to maxfun.
func TestScipyTNCNonFinite(t *testing.T) {
	data, err := os.ReadFile("testdata/tnc_traces.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Edges []struct {
			Name      string
			X0        []float64
			Nit, Nfev int
			Fun, X    string
			Success   bool
			Message   string
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	exp := core.Problem{Func: func(x []float64) float64 { return -math.Exp(-x[0]) }, Grad: func(g, x []float64) { g[0] = math.Exp(-x[0]) }}
	boxed := exp
	boxed.Bounds = tncBounds([]float64{-5}, []float64{5})
	problems := map[string]core.Problem{
		"nan":                 {Func: func([]float64) float64 { return math.NaN() }, Grad: func(g, x []float64) { g[0] = 1 }},
		"-exp(-x)":            exp,
		"-exp(-x) in [-5, 5]": boxed,
		"x":                   {Func: func(x []float64) float64 { return x[0] }, Grad: func(g, x []float64) { g[0] = 1 }},
	}
	if len(doc.Edges) != len(problems) {
		t.Fatalf("%d edge cases in testdata, want %d", len(doc.Edges), len(problems))
	}
	for _, want := range doc.Edges {
		o := core.Options{Method: "TNC", Registry: tncRegistry}
		if want.Name == "nan" {
			o.MaxFev = 20
		}
		res, err := core.Minimize(problems[want.Name], want.X0, o)
		if err != nil {
			t.Fatal(err)
		}
		fun, _ := strconv.ParseFloat(want.Fun, 64)
		x, _ := strconv.ParseFloat(want.X, 64)
		same := func(a, b float64) bool {
			return a == b || (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) <= 1e-13*math.Abs(b)
		}
		if res.Nit != want.Nit || res.Nfev != want.Nfev || res.Message != want.Message || res.Success != want.Success ||
			!same(res.Fun, fun) || !same(res.X[0], x) {
			t.Errorf("%s: nit %d nfev %d %q f %v x %v; scipy %d, %d, %q, %v, %v", want.Name, res.Nit, res.Nfev, res.Message, res.Fun, res.X,
				want.Nit, want.Nfev, want.Message, fun, x)
		}
	}
}
