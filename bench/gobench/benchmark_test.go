package gobench_test

import (
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
		bm    gobench.Benchmark
		names []string
	}{
		{"problems by name", gobench.Benchmark{Problems: "Beale,Wood", Methods: "L-BFGS,Nelder-Mead"},
			[]string{"Beale/L-BFGS", "Beale/Nelder-Mead", "Wood/L-BFGS", "Wood/Nelder-Mead"}},
		{"a grid and a parameter", gobench.Benchmark{Problems: "Beale", Methods: "GD-fixed[alpha=0.1|0.5],BFGS[linesearch=more-thuente]"},
			[]string{"Beale/GD-fixed[alpha=0.1]", "Beale/GD-fixed", "Beale/BFGS[linesearch=more-thuente]"}},
		{"gradient modes; none for Nelder-Mead", gobench.Benchmark{Problems: "Beale", Methods: "BFGS,Nelder-Mead", Gradients: solvers.GradientModes},
			[]string{"Beale/BFGS/analytic", "Beale/BFGS/2-point", "Beale/BFGS/3-point", "Beale/Nelder-Mead/none"}},
		{"one gradient mode of differences", gobench.Benchmark{Problems: "Beale", Methods: "BFGS,Nelder-Mead", Gradients: []solvers.GradientMode{solvers.Central3}},
			[]string{"Beale/BFGS/3-point", "Beale/Nelder-Mead"}},
		{"own problems after the named ones", gobench.Benchmark{Problems: "Beale", Own: []*bench.Problem{own}, Methods: "CG"},
			[]string{"Beale/CG", "Quadratic/CG"}},
		{"own problems alone", gobench.Benchmark{Own: []*bench.Problem{own}, Methods: "CG"},
			[]string{"Quadratic/CG"}},
		{"a bbob function without a gradient takes 2-point", gobench.Benchmark{Problems: "bbob:f7:d2:i1", Methods: "BFGS"},
			[]string{"bbob_f007_i01_d02/BFGS/2-point"}},
		{"a bbob function with a gradient takes it", gobench.Benchmark{Problems: "bbob:f1:d2:i1", Methods: "BFGS"},
			[]string{"bbob_f001_i01_d02/BFGS"}},
		{"the network", gobench.Benchmark{Problems: "classroom", Methods: "Adam[lr=0.01]"},
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
		cases, err := gobench.Benchmark{Own: []*bench.Problem{own}, Methods: "CG", Start: tt.start, Seed: tt.seed}.Cases(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if x0 := cases[0].Spec.X0; !slices.Equal(x0, tt.want) {
			t.Errorf("start %d seed %d: x0 %v, want %v", tt.start, tt.seed, x0, tt.want)
		}
	}
	cases, err := gobench.Benchmark{Problems: "Beale", Methods: "CG"}.Cases(t.Context())
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
		bm   gobench.Benchmark
		want []string // in the message
	}{
		{"unknown problem", gobench.Benchmark{Problems: "Bael", Methods: "BFGS"},
			[]string{`unknown problem "Bael"`, "valid:", "classroom", "mgh", "Beale", "bbob"}},
		{"no problem", gobench.Benchmark{Methods: "BFGS"}, []string{"Problems", "empty", "valid:", "mgh"}},
		{"unknown method", gobench.Benchmark{Problems: "Beale", Methods: "LBFGS2"},
			[]string{`"LBFGS2"`, "valid:", "L-BFGS", "Nelder-Mead"}},
		{"unknown parameter", gobench.Benchmark{Problems: "Beale", Methods: "BFGS[memory=3]"},
			[]string{`"memory"`, "BFGS", "valid:", "linesearch"}},
		{"no method", gobench.Benchmark{Problems: "Beale"}, []string{"Methods is empty", "valid:", "L-BFGS", "all"}},
		{"negative start", gobench.Benchmark{Problems: "Beale", Methods: "BFGS", Start: -1}, []string{"Start -1"}},
		{"nil problem", gobench.Benchmark{Own: []*bench.Problem{nil}, Methods: "BFGS"}, []string{"nil problem"}},
		{"bounds a method cannot take", gobench.Benchmark{Own: []*bench.Problem{boxed()}, Methods: "BFGS"}, []string{"BFGS", "bounds"}},
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
	cases, err := gobench.Benchmark{Problems: "Beale,Watson", Own: []*bench.Problem{quadratic()}, Methods: "BFGS,Nelder-Mead", Gradients: []solvers.GradientMode{solvers.Central3}}.Cases(t.Context())
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
	for _, bm := range []gobench.Benchmark{
		{Problems: "Bael", Methods: "BFGS"},
		{Problems: "Beale", Methods: "BFSG"},
	} {
		if got := testing.Benchmark(bm.Run); got.N != 0 {
			t.Errorf("%+v ran %d ops: want the benchmark failed", bm, got.N)
		}
	}
}

// TestPanicIsMeasured checks that a method that panics is measured, as a
// sweep records it: a run that ends in error, with no f to report, and
// the test binary goes on.
func TestPanicIsMeasured(t *testing.T) {
	benchtime(t, "5x")
	reg, err := solvers.NewRegistry(solvers.Method{Name: "Panics", Doc: "panics", Run: func(*solvers.Search, []float64, solvers.Params) { panic("boom") }})
	if err != nil {
		t.Fatal(err)
	}
	cases, err := gobench.Benchmark{Own: []*bench.Problem{quadratic()}, Methods: "Panics", Options: solvers.Options{Registry: reg}}.Cases(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	got := testing.Benchmark(cases[0].Benchmark)
	if got.N != 5 {
		t.Fatalf("N = %d, want 5", got.N)
	}
	if f, ok := got.Extra["f"]; ok {
		t.Errorf("f = %v reported for a run that panicked", f)
	}
}
