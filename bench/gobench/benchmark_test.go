package gobench_test

import (
	"errors"
	"flag"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/gobench"
	"github.com/optbench/optbench/bench/mgh"
	"github.com/optbench/optbench/solvers"
)

// quadratic is a problem of one's own: sum of i x_i^2, minimum 0 at 0.
func quadratic() *bench.Problem {
	p := bench.FuncProblem("Quadratic", 3, solvers.Problem{
		Func: func(x []float64) float64 {
			var s float64
			for i, v := range x {
				s += float64(i+1) * v * v
			}
			return s
		},
		Grad: func(g, x []float64) {
			for i, v := range x {
				g[i] = 2 * float64(i+1) * v
			}
		},
	})
	p.FStar = 0
	return p
}

func TestCases(t *testing.T) {
	own := quadratic()
	tests := []struct {
		name  string
		bm    gobench.Suite
		names []string
	}{
		{"problems by name", gobench.Suite{Problems: "Beale,Wood", Methods: "L-BFGS,Nelder-Mead"},
			[]string{"Beale/L-BFGS", "Beale/Nelder-Mead", "Wood/L-BFGS", "Wood/Nelder-Mead"}},
		{"a grid and a parameter", gobench.Suite{Problems: "Beale", Methods: "GD-fixed[alpha=0.1|0.5],BFGS[linesearch=more-thuente]"},
			[]string{"Beale/GD-fixed[alpha=0.1]", "Beale/GD-fixed", "Beale/BFGS[linesearch=more-thuente]"}},
		{"gradient modes; none for Nelder-Mead", gobench.Suite{Problems: "Beale", Methods: "BFGS,Nelder-Mead", Gradients: solvers.GradientModes},
			[]string{"Beale/BFGS/analytic", "Beale/BFGS/2-point", "Beale/BFGS/3-point", "Beale/Nelder-Mead/none"}},
		{"one gradient mode of differences", gobench.Suite{Problems: "Beale", Methods: "BFGS,Nelder-Mead", Gradients: []solvers.GradientMode{solvers.Central3}},
			[]string{"Beale/BFGS/3-point", "Beale/Nelder-Mead"}},
		{"own problems after the named ones", gobench.Suite{Problems: "Beale", Own: []*bench.Problem{own}, Methods: "CG"},
			[]string{"Beale/CG", "Quadratic/CG"}},
		{"own problems alone", gobench.Suite{Own: []*bench.Problem{own}, Methods: "CG"},
			[]string{"Quadratic/CG"}},
		{"bbob takes 2-point, as compare runs it", gobench.Suite{Problems: "bbob:f1,7:d2:i1", Methods: "BFGS,Nelder-Mead"},
			[]string{"bbob_f001_i01_d02/BFGS/2-point", "bbob_f001_i01_d02/Nelder-Mead", "bbob_f007_i01_d02/BFGS/2-point", "bbob_f007_i01_d02/Nelder-Mead"}},
		{"bbob with the analytic gradient where there is one", gobench.Suite{Problems: "bbob:f1:d2:i1", Methods: "BFGS", Gradients: []solvers.GradientMode{solvers.Analytic}},
			[]string{"bbob_f001_i01_d02/BFGS"}},
		{"a problem of one's own without a gradient takes 2-point", gobench.Suite{Own: []*bench.Problem{noGradient()}, Methods: "BFGS"},
			[]string{"NoGradient/BFGS/2-point"}},
		{"empty Gradients are the default", gobench.Suite{Problems: "Beale", Methods: "BFGS", Gradients: []solvers.GradientMode{}},
			[]string{"Beale/BFGS"}},
		{"the network", gobench.Suite{Problems: "classroom", Methods: "Adam[lr=0.01]"},
			[]string{"classroom/Adam[lr=0.01]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cases, err := tt.bm.Cases(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range cases {
				names = append(names, c.Name)
			}
			if !slices.Equal(names, tt.names) {
				t.Errorf("names %q, want %q", names, tt.names)
			}
		})
	}
}

// TestCasesStart checks that a case starts where optbench compare's start
// of that number does, with the seed it defaults to.
func TestCasesStart(t *testing.T) {
	own := quadratic()
	for _, tt := range []struct {
		start int
		seed  uint64
		want  []float64
	}{
		{0, 0, own.Start(0, 1)},
		{3, 0, own.Start(3, 1)},
		{3, 7, own.Start(3, 7)},
	} {
		cases, err := gobench.Suite{Own: []*bench.Problem{own}, Methods: "CG", Start: tt.start, Seed: tt.seed}.Cases(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if x0 := cases[0].Spec.X0; !slices.Equal(x0, tt.want) {
			t.Errorf("start %d seed %d: x0 %v, want %v", tt.start, tt.seed, x0, tt.want)
		}
	}
	cases, err := gobench.Suite{Problems: "Beale", Methods: "CG"}.Cases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	beale, err := mgh.Parse("Beale")
	if err != nil {
		t.Fatal(err)
	}
	if want := beale.Start(0, 1); !slices.Equal(cases[0].Spec.X0, want) {
		t.Errorf("Beale's start 0: %v, want MGH's standard start %v", cases[0].Spec.X0, want)
	}
}

func TestCasesErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		bm   gobench.Suite
		want []string // in the message
	}{
		{"unknown problem", gobench.Suite{Problems: "Bael", Methods: "BFGS"},
			[]string{`unknown problem "Bael"`, "valid:", "classroom", "mgh", "Beale", "bbob"}},
		{"no problem", gobench.Suite{Methods: "BFGS"}, []string{"no problem", "Problems", "valid:", "mgh", "Own"}},
		{"unknown method", gobench.Suite{Problems: "Beale", Methods: "LBFGS2"},
			[]string{`"LBFGS2"`, "valid:", "L-BFGS", "Nelder-Mead"}},
		{"unknown parameter", gobench.Suite{Problems: "Beale", Methods: "BFGS[memory=3]"},
			[]string{`"memory"`, "BFGS", "valid:", "linesearch"}},
		{"no method", gobench.Suite{Problems: "Beale"}, []string{"Methods is empty", "valid:", "L-BFGS", "all"}},
		{"negative start", gobench.Suite{Problems: "Beale", Methods: "BFGS", Start: -1}, []string{"Start -1"}},
		{"nil problem", gobench.Suite{Own: []*bench.Problem{nil}, Methods: "BFGS"}, []string{"nil problem"}},
		{"bounds a method cannot take", gobench.Suite{Own: []*bench.Problem{boxed()}, Methods: "BFGS"}, []string{"BFGS", "bounds"}},
		{"unknown method, with all among the valid", gobench.Suite{Problems: "Beale", Methods: "BFSG"}, []string{`"BFSG"`, "Nelder-Mead, ", ", all", `did you mean "BFGS"`}},
		{"a parameter out of range", gobench.Suite{Problems: "Beale", Methods: "GD-fixed[alpha=-1]"}, []string{"alpha"}},
		{"a gradient mode that is none", gobench.Suite{Problems: "Beale", Methods: "BFGS", Gradients: []solvers.GradientMode{"bogus"}}, []string{"Gradients", `"bogus"`}},
		{"the analytic gradient of a problem without one", gobench.Suite{Problems: "bbob:f7:d2:i1", Methods: "BFGS", Gradients: []solvers.GradientMode{solvers.Analytic}},
			[]string{"bbob_f007_i01_d02 has no gradient", "BFGS", "2-point"}},
		{"a problem named twice", gobench.Suite{Problems: "Beale", Own: []*bench.Problem{named("Beale")}, Methods: "BFGS"}, []string{`"Beale" is named twice`}},
		{"a name with a space", gobench.Suite{Own: []*bench.Problem{named("my func")}, Methods: "BFGS"}, []string{`"my func"`, "white space"}},
		{"a name with a slash", gobench.Suite{Own: []*bench.Problem{named("a/b")}, Methods: "BFGS"}, []string{`"a/b"`, "'/'"}},
		{"an empty name", gobench.Suite{Own: []*bench.Problem{named("")}, Methods: "BFGS"}, []string{`""`}},
		{"a start not of the problem's dimension", gobench.Suite{Own: []*bench.Problem{shortStart()}, Methods: "BFGS"}, []string{"start 0 has 2 values, want 3"}},
		{"an empty list", gobench.Suite{Problems: " , ", Methods: "BFGS"}, []string{"no problem", "Own"}},
		{"negative workers", gobench.Suite{Problems: "Beale", Methods: "BFGS", ObjectiveWorkers: -3}, []string{"ObjectiveWorkers -3"}},
		{"an empty registry", gobench.Suite{Problems: "Beale", Methods: "BFGS", Options: solvers.Options{Registry: emptyRegistry()}}, []string{"Registry has no method"}},
		{"a problem whose New panics", gobench.Suite{Own: []*bench.Problem{panicky()}, Methods: "BFGS"}, []string{"New panicked", "boom"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.bm.Cases(t.Context())
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if !strings.HasPrefix(err.Error(), "gobench: ") {
				t.Errorf("error %q does not say where it comes from", err)
			}
		})
	}
}

func noGradient() *bench.Problem {
	q := quadratic()
	sp, _, _ := q.New(1)
	sp.Grad = nil
	p := bench.FuncProblem("NoGradient", 3, sp)
	p.FStar = 0
	return p
}

func named(name string) *bench.Problem {
	p := quadratic()
	p.Name = name
	return p
}

func boxed() *bench.Problem {
	p := quadratic()
	p.Bounds = bench.Box{{Lo: 0, Hi: 1}}
	return p
}

// benchtime sets -test.benchtime for the benchmarks testing.Benchmark
// runs, back as it was at the end of the test.
func benchtime(t *testing.T, v string) {
	f := flag.Lookup("test.benchtime")
	old := f.Value.String()
	if err := f.Value.Set(v); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Value.Set(old) })
}

// TestCaseBenchmark runs cases as benchmarks and checks what they report
// against the same run made directly, and that an op allocates what the
// method allocates and no more.
func TestCaseBenchmark(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs benchmarks")
	}
	benchtime(t, "20x")
	cases, err := gobench.Suite{Problems: "Beale,Watson", Own: []*bench.Problem{quadratic()}, Methods: "BFGS,Nelder-Mead", Gradients: []solvers.GradientMode{solvers.Central3}}.Cases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			got := testing.Benchmark(c.Benchmark)
			if got.N != 20 {
				t.Fatalf("N = %d, want 20 (the benchmark failed?)", got.N)
			}
			p, _, err := c.Spec.Problem.New(1)
			if err != nil {
				t.Fatal(err)
			}
			o := c.Spec.Options
			o.Method, o.Params, o.Gradient = c.Spec.Method, c.Spec.Params, c.Spec.Gradient
			res, err := solvers.Minimize(p, c.Spec.X0, o)
			if err != nil {
				t.Fatal(err)
			}
			evals := analysis.TotalEvals(bench.Run{Spec: c.Spec, Result: res})
			want := map[string]float64{"f": res.Fun, "evals": evals, "nit": float64(res.Nit),
				"log10Δf": gobench.LogDeltaF(res.Fun, c.Spec.Problem.FStar)}
			for unit, v := range want {
				if g, ok := got.Extra[unit]; !ok || g != v {
					t.Errorf("%s = %v (reported: %v), want %v", unit, g, ok, v)
				}
			}
			if perEval := got.Extra["ns/eval"]; perEval <= 0 || math.Abs(perEval*evals-float64(got.NsPerOp())) > 0.01*float64(got.NsPerOp())+1 {
				t.Errorf("ns/eval = %v, want ns/op %d / %v evaluations", perEval, got.NsPerOp(), evals)
			}
			direct := testing.AllocsPerRun(20, func() { _, _ = solvers.Minimize(p, c.Spec.X0, o) })
			if a := got.AllocsPerOp(); float64(a) > direct {
				t.Errorf("%d allocations per op, a bare run allocates %v", a, direct)
			}
		})
	}
}

// TestRunFails checks that a name no family or registry knows fails the
// benchmark before anything runs.
func TestRunFails(t *testing.T) {
	for _, bm := range []gobench.Suite{
		{Problems: "Bael", Methods: "BFGS"},
		{Problems: "Beale", Methods: "BFSG"},
	} {
		if got := testing.Benchmark(bm.Run); got.N != 0 {
			t.Errorf("%+v ran %d ops: want the benchmark failed", bm, got.N)
		}
	}
}

// TestPanicFails checks that a method that panics fails its benchmark,
// with the rest of the test binary going on.
func TestPanicFails(t *testing.T) {
	benchtime(t, "5x")
	reg, err := solvers.NewRegistry(solvers.Method{Name: "Panics", Doc: "panics", Run: func(*solvers.Search, []float64, solvers.Params) { panic("boom") }})
	if err != nil {
		t.Fatal(err)
	}
	cases, err := gobench.Suite{Own: []*bench.Problem{quadratic()}, Methods: "Panics", Options: solvers.Options{Registry: reg}}.Cases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got := testing.Benchmark(cases[0].Benchmark); got.N != 0 {
		t.Errorf("a panicking method ran %d ops and passed: want the benchmark failed", got.N)
	}
}

// TestFailedIsMeasured checks that a run that ends in error by the
// method's own verdict (scipy:dogleg's indefinite Hessian on Beale) is
// measured, as a sweep records it.
func TestFailedIsMeasured(t *testing.T) {
	benchtime(t, "5x")
	cases, err := gobench.Suite{Problems: "Beale", Methods: "scipy:dogleg"}.Cases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	got := testing.Benchmark(cases[0].Benchmark)
	if got.N != 5 || got.Extra["evals"] == 0 {
		t.Errorf("N = %d, evals %v: want 5 ops measured", got.N, got.Extra["evals"])
	}
}

func shortStart() *bench.Problem {
	p := named("Short")
	p.Start = func(int, uint64) []float64 { return []float64{1, 2} }
	return p
}

func panicky() *bench.Problem {
	p := named("Panicky")
	p.New = func(int) (solvers.Problem, func(), error) { panic("boom") }
	return p
}

// TestErrorsWrap checks that the errors of unknown names keep the typed
// errors of bench and solvers.
func TestErrorsWrap(t *testing.T) {
	_, err := gobench.Suite{Problems: "Bael", Methods: "BFGS"}.Cases(t.Context())
	var up *bench.UnknownProblemError
	if !errors.As(err, &up) || up.Item != "Bael" {
		t.Errorf("%v: not an UnknownProblemError of Bael", err)
	}
	_, err = gobench.Suite{Problems: "Beale", Methods: "BFSG"}.Cases(t.Context())
	if !errors.Is(err, solvers.ErrUnknownMethod) {
		t.Errorf("%v: not ErrUnknownMethod", err)
	}
}

// TestStartIsCheap checks that a start of a large number is made alone,
// not with every start before it.
func TestStartIsCheap(t *testing.T) {
	own := quadratic()
	cases, err := gobench.Suite{Own: []*bench.Problem{own}, Methods: "CG", Start: 1 << 40}.Cases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if x0, want := cases[0].Spec.X0, own.Start(1<<40, gobench.DefaultSeed); !slices.Equal(x0, want) || cases[0].Spec.Start != 1<<40 {
		t.Errorf("start 2^40: x0 %v (start %d), want %v", x0, cases[0].Spec.Start, want)
	}
}

func TestDeltaF(t *testing.T) {
	for _, tt := range []struct{ f, fStar, delta, log float64 }{
		{0.25, 0, 0.25, math.Log10(0.25)},
		{1e-20, 0, 1e-16, -16},
		{0, 0, 1e-16, -16},
		{-1.5, -2, 0.5, math.Log10(0.5)},
		{-2 + 1e-20, -2, 2e-16, math.Log10(2e-16)}, // the floor scales with |f*|
		{1e6 + 1, 1e6, 1, 0},
		{-1, 0, 1e-16, -16}, // below a known minimum: rounding's doing
	} {
		if d, l := gobench.DeltaF(tt.f, tt.fStar), gobench.LogDeltaF(tt.f, tt.fStar); d != tt.delta || math.Abs(l-tt.log) > 1e-15 {
			t.Errorf("f %v, f* %v: DeltaF %v, LogDeltaF %v; want %v, %v", tt.f, tt.fStar, d, l, tt.delta, tt.log)
		}
	}
	if d, l := gobench.DeltaF(math.NaN(), 0), gobench.LogDeltaF(math.NaN(), 0); !math.IsNaN(d) || !math.IsNaN(l) {
		t.Errorf("NaN f: DeltaF %v, LogDeltaF %v; want NaN", d, l)
	}
}

// TestCaseBounds checks that a case runs its problem's bounds, as a sweep
// does: scipy:L-BFGS-B on the quadratic bounded to [1, 2] ends at the
// corner (1, 1, 1), f = 6, not at the minimum 0 outside the box.
func TestCaseBounds(t *testing.T) {
	benchtime(t, "2x")
	p := quadratic()
	p.Bounds = bench.Box{{Lo: 1, Hi: 2}}
	cases, err := gobench.Suite{Own: []*bench.Problem{p}, Methods: "scipy:L-BFGS-B"}.Cases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	got := testing.Benchmark(cases[0].Benchmark)
	if f := got.Extra["f"]; math.Abs(f-6) > 1e-9 {
		t.Errorf("f = %v, want 6 at the box's corner", f)
	}
}

// TestCaseBatches checks that a case's mini-batches are shuffled from
// (seed, start), as a sweep's run's are, and that its benchmark runs.
func TestCaseBatches(t *testing.T) {
	benchtime(t, "1x")
	p := quadratic()
	p.BatchesPerEpoch = 2
	full := p.New
	p.New = func(w int) (solvers.Problem, func(), error) {
		sp, closeFn, err := full(w)
		sp.Batches = &solvers.Batches{N: 4, Size: 2, Seed: [2]uint64{99, 99}, FuncGrad: func(g, x []float64, _ []int) float64 {
			sp.Grad(g, x)
			return sp.Func(x)
		}}
		return sp, closeFn, err
	}
	cases, err := gobench.Suite{Own: []*bench.Problem{p}, Methods: "Adam", Start: 3, Seed: 7, Options: solvers.Options{Epochs: 2}}.Cases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	sp, _, err := cases[0].Spec.NewProblem(1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sp.Batches.Seed, [2]uint64{7, 3}; got != want {
		t.Errorf("batches seeded %v, want (seed, start) %v", got, want)
	}
	if got := testing.Benchmark(cases[0].Benchmark); got.N != 1 || got.Extra["nit"] != 4 {
		t.Errorf("N = %d, nit = %v: want 1 op of 2 epochs of 2 steps", got.N, got.Extra["nit"])
	}
}

// TestCaseZeroValue checks that a Case made by hand, of no
// ObjectiveWorkers, gives its problem one goroutine.
func TestCaseZeroValue(t *testing.T) {
	benchtime(t, "1x")
	cases, err := gobench.Suite{Own: []*bench.Problem{quadratic()}, Methods: "CG"}.Cases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	c := gobench.Case{Name: "x", Spec: cases[0].Spec}
	var workers []int
	p := *c.Spec.Problem
	next := p.New
	p.New = func(w int) (solvers.Problem, func(), error) { workers = append(workers, w); return next(w) }
	c.Spec.Problem = &p
	if got := testing.Benchmark(c.Benchmark); got.N != 1 {
		t.Fatalf("N = %d", got.N)
	}
	if !slices.Equal(workers, []int{1}) {
		t.Errorf("New given %v goroutines, want [1]", workers)
	}
}

func emptyRegistry() *solvers.Registry {
	r, _ := solvers.NewRegistry()
	return r
}
