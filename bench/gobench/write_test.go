package gobench_test

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/gobench"
	"github.com/optbench/optbench/bench/results"
	"github.com/optbench/optbench/solvers"
)

// parsed is what benchfmt's reader made of Write's output.
type parsed struct {
	results []*benchfmt.Result
	units   map[string]string // unit: its better= metadata
}

// parse reads out with benchfmt, failing on a syntax error.
func parse(t *testing.T, out string) parsed {
	t.Helper()
	p := parsed{units: map[string]string{}}
	r := benchfmt.NewReader(strings.NewReader(out), "write.txt")
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.Result:
			p.results = append(p.results, rec.Clone())
		case *benchfmt.UnitMetadata:
			if rec.Key == "better" {
				p.units[rec.OrigUnit] = rec.Value
			}
		case *benchfmt.SyntaxError:
			t.Errorf("syntax error: %v", rec)
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return p
}

// write is gobench.Write's output, failing on an error.
func write(t *testing.T, d results.Description, runs []bench.Run) string {
	t.Helper()
	var b bytes.Buffer
	if err := gobench.Write(&b, d, runs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// run is a run of method on p, labelled label.
func run(p *bench.Problem, label string, g solvers.GradientMode, res solvers.Result) bench.Run {
	return bench.Run{Spec: bench.Spec{Problem: p, Solver: bench.Solver{Method: label, Label: label, Gradient: g}}, Result: res}
}

func problem(name string, fStar float64) *bench.Problem {
	return &bench.Problem{Name: name, Dim: 2, FStar: fStar}
}

func description() results.Description {
	return results.Description{Version: results.SweepVersion, Starts: 6, Seed: 7, Trace: "log",
		Limits:   results.Limits{MaxIter: 30, Gtol: 1e-5, FDStep: 0},
		Optbench: "github.com/optbench/optbench v1.2.3, go1.26.8"}
}

// TestWriteResults: every run is one result of one iteration, in order,
// named by key=value parts that benchproc's projections read back (a label
// with a space and a '/' as one part), with its time, f, Δf where f*
// is known, evaluations and iterations; a value that is not finite is
// left out.
func TestWriteResults(t *testing.T) {
	beale, unknown, minus := problem("Beale", 0), problem("classroom", math.NaN()), problem("Shifted", -2)
	scipy := run(beale, "scipy 1.10.1: BFGS/x", solvers.Analytic, solvers.Result{Fun: 1e-3, Nit: 4, Nfev: 5, Njev: 5, Runtime: 2 * time.Millisecond})
	scipy.Engine = "scipy 1.10.1"
	type want struct {
		problem, label, gradient string
		ns                       float64
		values                   map[string]float64 // by unit; a unit not here is not on the line
	}
	cases := []struct {
		name string
		run  bench.Run
		want want
	}{
		{"analytic gradient", run(beale, "BFGS[linesearch=more-thuente]", solvers.Analytic, solvers.Result{Fun: 0.25, Nit: 17, Nfev: 20, Njev: 20, Runtime: 1234567}),
			want{"Beale", "BFGS[linesearch=more-thuente]", "analytic", 1234567, map[string]float64{"f": 0.25, "Δf": 0.25, "evals": 40, "nit": 17}}},
		{"f below the floor", run(beale, "CG", solvers.Forward2, solvers.Result{Fun: 1e-20, Nit: 3, Nfev: 30, Njev: 10, Runtime: time.Microsecond}),
			want{"Beale", "CG", "2-point", 1000, map[string]float64{"f": 1e-20, "Δf": 1e-16, "evals": 30, "nit": 3}}},
		{"negative f*", run(minus, "CG", solvers.Central3, solvers.Result{Fun: -1.5, Nit: 1, Nfev: 9, Runtime: 5}),
			want{"Shifted", "CG", "3-point", 5, map[string]float64{"f": -1.5, "Δf": 0.5, "evals": 9, "nit": 1}}},
		{"f exactly", run(beale, "GD", solvers.Analytic, solvers.Result{Fun: 0.1 + 0.2, Nit: 2, Nfev: 3, Njev: 3, Runtime: 7}),
			want{"Beale", "GD", "analytic", 7, map[string]float64{"f": 0.1 + 0.2, "Δf": 0.1 + 0.2, "evals": 6, "nit": 2}}},
		{"unknown f*", run(unknown, "Nelder-Mead", solvers.NoGradient, solvers.Result{Fun: 0.5, Nit: 40, Nfev: 80, Runtime: 9}),
			want{"classroom", "Nelder-Mead", "none", 9, map[string]float64{"f": 0.5, "evals": 80, "nit": 40}}},
		{"failed: NaN f", run(beale, "Newton", solvers.Analytic, solvers.Result{Fun: math.NaN(), Status: solvers.Failed, Runtime: 11}),
			want{"Beale", "Newton", "analytic", 11, map[string]float64{"evals": 0, "nit": 0}}},
		{"infinite f", run(unknown, "GD-fixed", solvers.Analytic, solvers.Result{Fun: math.Inf(1), Nit: 1, Nfev: 2, Njev: 2, Runtime: 13}),
			want{"classroom", "GD-fixed", "analytic", 13, map[string]float64{"evals": 4, "nit": 1}}},
		{"another engine, a space and a '/' in the label", scipy,
			want{"Beale", "scipy_1.10.1:_BFGS_x", "analytic", 2e6, map[string]float64{"f": 1e-3, "Δf": 1e-3, "evals": 10, "nit": 4}}},
	}
	runs := make([]bench.Run, len(cases))
	for i, c := range cases {
		runs[i] = c.run
	}
	p := parse(t, write(t, description(), runs))
	if len(p.results) != len(cases) {
		t.Fatalf("%d results of %d runs", len(p.results), len(cases))
	}
	var pp benchproc.ProjectionParser
	parts, err := pp.Parse("/problem,/label,/gradient", nil)
	if err != nil {
		t.Fatal(err)
	}
	label, err := pp.Parse("/label", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, w := p.results[i], c.want
			if got, want := string(res.Name.Base()), "Run"; got != want {
				t.Errorf("base name %q, want %q (name %s)", got, want, res.Name)
			}
			key := parts.Project(res)
			for j, want := range []string{w.problem, w.label, w.gradient} {
				f := parts.FlattenedFields()[j]
				if got := key.Get(f); got != want {
					t.Errorf("%s = %q, want %q (name %s)", f, got, want, res.Name)
				}
			}
			if got := label.Project(res).StringValues(); got != w.label {
				t.Errorf("/label = %q, want %q", got, w.label)
			}
			if _, parts := res.Name.Parts(); len(parts) != 3 {
				t.Errorf("name %s has %d parts, want 3 (no GOMAXPROCS)", res.Name, len(parts))
			}
			if res.Iters != 1 {
				t.Errorf("%d iterations, want 1", res.Iters)
			}
			units := []string{"sec/op"}
			for _, u := range []string{"f", "Δf", "evals", "nit"} {
				if _, ok := w.values[u]; ok {
					units = append(units, u)
				}
			}
			if len(res.Values) != len(units) {
				t.Fatalf("values %v, want units %v", res.Values, units)
			}
			for j, v := range res.Values {
				if v.Unit != units[j] {
					t.Errorf("value %d is in %s, want %s", j, v.Unit, units[j])
				}
				if j == 0 {
					if v.OrigUnit != "ns/op" || v.OrigValue != w.ns {
						t.Errorf("time %v %s, want %v ns/op", v.OrigValue, v.OrigUnit, w.ns)
					}
					continue
				}
				if want := w.values[v.Unit]; v.Value != want && math.Abs(v.Value-want) > 1e-15*math.Abs(want) {
					t.Errorf("%s = %v, want %v", v.Unit, v.Value, want)
				}
			}
		})
	}
	// f goes through exactly: 0.1 + 0.2 is not 0.3.
	if f, _ := p.results[3].Value("f"); f != 0.1+0.2 {
		t.Errorf("f = %v, want %v exactly", f, 0.1+0.2)
	}
}

// TestWriteHeader: the unit metadata says every unit is better lower; the
// sweep's settings are configuration, named as sweep.json names them, with
// epochs, budget and bounds only when set; the version and the shard are
// not configuration, and a zero Description writes none.
func TestWriteHeader(t *testing.T) {
	base := []string{"starts", "seed", "maxiter", "maxfev", "gtol", "time_limit", "fd_step", "hessian", "trace"}
	full := description()
	full.Limits = results.Limits{MaxIter: 100, MaxFev: 5000, Gtol: -1, TimeLimit: "500ms", FDStep: 1e-7, Epochs: 3, Budget: 250}
	full.Hessian = "3-point"
	full.Bounds = bench.Box{{Lo: -5, Hi: 5}}
	full.Shard = bench.Shard{Index: 1, Count: 4}
	noTrace := description()
	noTrace.Trace = ""
	cases := []struct {
		name   string
		d      results.Description
		config map[string]string
		keys   []string
	}{
		{"defaults", description(), map[string]string{"starts": "6", "seed": "7", "maxiter": "30", "maxfev": "0", "gtol": "1e-05",
			"time_limit": "0", "fd_step": "0", "hessian": "auto", "trace": "log"}, base},
		{"every setting", full, map[string]string{"starts": "6", "seed": "7", "maxiter": "100", "maxfev": "5000", "gtol": "-1",
			"time_limit": "500ms", "fd_step": "1e-07", "hessian": "3-point", "trace": "log", "epochs": "3", "budget": "250", "bounds": "[[-5,5]]"},
			append(base, "epochs", "budget", "bounds")},
		{"no trace mode", noTrace, map[string]string{"starts": "6", "seed": "7", "maxiter": "30", "maxfev": "0", "gtol": "1e-05",
			"time_limit": "0", "fd_step": "0", "hessian": "auto", "trace": `""`}, base},
		{"no sweep.json", results.Description{}, map[string]string{}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := write(t, c.d, []bench.Run{run(problem("Beale", 0), "BFGS", solvers.Analytic, solvers.Result{Fun: 1})})
			p := parse(t, out)
			for _, u := range []string{"f", "Δf", "evals", "nit"} {
				if p.units[u] != "lower" {
					t.Errorf("unit %s: better=%q, want lower", u, p.units[u])
				}
			}
			if len(p.results) != 1 {
				t.Fatalf("%d results, want 1", len(p.results))
			}
			var keys []string
			for _, cfg := range p.results[0].Config {
				keys = append(keys, cfg.Key)
				if !cfg.File {
					t.Errorf("config %s is not the file's", cfg.Key)
				}
				if want, ok := c.config[cfg.Key]; !ok {
					t.Errorf("config %s: %s, want none", cfg.Key, cfg.Value)
				} else if string(cfg.Value) != want {
					t.Errorf("config %s: %s, want %s", cfg.Key, cfg.Value, want)
				}
			}
			if strings.Join(keys, " ") != strings.Join(c.keys, " ") {
				t.Errorf("config keys %v, want %v", keys, c.keys)
			}
			if c.d.Optbench != "" && !strings.Contains(out, "\n# optbench: "+c.d.Optbench+"\n") {
				t.Errorf("no # optbench line in\n%s", out)
			}
		})
	}
}

// TestWriteNoRuns: with no runs, the header alone parses, and gives no
// result.
func TestWriteNoRuns(t *testing.T) {
	if p := parse(t, write(t, description(), nil)); len(p.results) != 0 {
		t.Errorf("%d results of no run", len(p.results))
	}
}

// TestWriteSkipsInterrupted: a run an interrupt cut short measured
// nothing, and is left out.
func TestWriteSkipsInterrupted(t *testing.T) {
	beale := problem("Beale", 0)
	runs := []bench.Run{
		run(beale, "BFGS", solvers.Analytic, solvers.Result{Fun: 1, Nit: 2, Nfev: 3, Njev: 3, Runtime: 10}),
		run(beale, "BFGS", solvers.Analytic, solvers.Result{Fun: 2, Nit: 1, Nfev: 1, Njev: 1, Runtime: 5, Status: solvers.Interrupted}),
	}
	p := parse(t, write(t, description(), runs))
	if f, _ := p.results[0].Value("f"); len(p.results) != 1 || f != 1 {
		t.Errorf("%d results: want the finished run alone", len(p.results))
	}
}

// TestWriteGradientTail: a gradient mode ending in -digits (another
// engine's) stays the gradient, not GOMAXPROCS.
func TestWriteGradientTail(t *testing.T) {
	runs := []bench.Run{run(problem("Beale", 0), "BFGS", solvers.GradientMode("fd-2"), solvers.Result{Fun: 1, Runtime: 10})}
	p := parse(t, write(t, description(), runs))
	if len(p.results) != 1 {
		t.Fatalf("%d results", len(p.results))
	}
	base, parts := p.results[0].Name.Parts()
	if string(base) != "Run" || len(parts) != 3 || string(parts[2]) != "/gradient=fd_2" {
		t.Errorf("name parts %q %q: want the gradient fd_2 as the last part, no GOMAXPROCS", base, parts)
	}
}
