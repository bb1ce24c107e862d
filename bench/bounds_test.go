package bench_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
	"github.com/optbench/optbench/solvers/core"
)

var inf = math.Inf(1)

// clipWarning is scipy's OptimizeWarning of a start outside the bounds.
const clipWarning = "Initial guess is not within the specified bounds"

// boundsRegistry holds a method that takes bounds (it clips x0 to them,
// warning as scipy's Nelder-Mead does, and evaluates f there once) and
// one that does not: what the sweep's checks and plumbing need, whatever
// the real methods do.
func boundsRegistry(t testing.TB) *solvers.Registry {
	t.Helper()
	once := func(s *solvers.Search, x0 []float64, _ solvers.Params) {
		x := slices.Clone(x0)
		if lo, hi := s.Bounds(); lo != nil {
			b := core.Bounds{Lower: lo, Upper: hi}
			if b.Clip(x, x) {
				s.Warn(clipWarning)
			}
		}
		s.Iterate(x, s.Func(x), nil)
		s.End(solvers.Success, nil)
	}
	reg, err := core.NewRegistry(
		solvers.Method{Name: "test:Clip", Doc: "clips x0", Bounds: true, Run: once},
		solvers.Method{Name: "test:Free", Doc: "no bounds", Run: once},
	)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// boundsSweep is problems x the configs of names (in boundsRegistry) x
// starts, with box as its Bounds.
func boundsSweep(t *testing.T, problems []*bench.Problem, box bench.Box, starts int, names ...string) *bench.Sweep {
	t.Helper()
	reg := boundsRegistry(t)
	sw, err := bench.NewSweep(problems, starts, 1, solvers.Options{Registry: reg, MaxIter: 10})
	if err != nil {
		t.Fatal(err)
	}
	var configs []solvers.Config
	for _, n := range names {
		c, err := reg.Config(n, nil)
		if err != nil {
			t.Fatal(err)
		}
		configs = append(configs, c)
	}
	if err := sw.Add(configs, solvers.NoGradient); err != nil {
		t.Fatal(err)
	}
	sw.Bounds = box
	return sw
}

func TestParseBox(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bench.Box
		str  string // String of the box: "" for in itself
	}{
		{"-5:5", bench.Box{{-5, 5}}, ""},
		{"0:inf", bench.Box{{0, inf}}, ""},
		{"-inf:1", bench.Box{{-inf, 1}}, ""},
		{"0:", bench.Box{{0, inf}}, "0:inf"},
		{":1", bench.Box{{-inf, 1}}, "-inf:1"},
		{":", bench.Box{{-inf, inf}}, "-inf:inf"},
		{"-Inf:+INF", bench.Box{{-inf, inf}}, "-inf:inf"},
		{"1:1", bench.Box{{1, 1}}, ""},
		{" 0 : 1 , -1e-3:2.5", bench.Box{{0, 1}, {-0.001, 2.5}}, "0:1,-0.001:2.5"},
		{"0:1,2:3,-inf:inf", bench.Box{{0, 1}, {2, 3}, {-inf, inf}}, ""},
	} {
		got, err := bench.ParseBox(tc.in)
		if err != nil {
			t.Errorf("ParseBox(%q): %v", tc.in, err)
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("ParseBox(%q) = %v, want %v", tc.in, got, tc.want)
		}
		str := tc.str
		if str == "" {
			str = tc.in
		}
		if got.String() != str {
			t.Errorf("ParseBox(%q).String() = %q, want %q", tc.in, got.String(), str)
		}
		if again, err := bench.ParseBox(got.String()); err != nil || !slices.Equal(again, got) {
			t.Errorf("ParseBox(%q) again = %v, %v", got.String(), again, err)
		}
	}
}

func TestParseBoxRefuses(t *testing.T) {
	for _, tc := range []struct{ in, why string }{
		{"", "empty"},
		{"  ", "empty"},
		{"5", `"5": want LO:HI`},
		{"0:1:2", `"0:1:2": want LO:HI`},
		{"a:1", `lower bound "a" is not a number`},
		{"0:b", `upper bound "b" is not a number`},
		{"0:1,", `"" (coordinate 1): want LO:HI`},
		{"5:1", "5:1 has lower 5 > upper 1"},
		{"0:1,3:2", "3:2 (coordinate 1) has lower 3 > upper 2"},
		{"nan:1", "NaN:1 is NaN"},
		{"0:NaN", "0:NaN is NaN"},
		{"inf:inf", "inf:inf leaves no finite value"},
		{"-inf:-inf", "-inf:-inf leaves no finite value"},
		{"1e999:2", `lower bound "1e999" is out of range of a float64`},
		{"1_0:20", `lower bound "1_0" is not a number`},
		{"0x1p1:3", `lower bound "0x1p1" is not a number`},
		{strings.Repeat("0:1,", 1<<19), "bytes, at most"},
	} {
		_, err := bench.ParseBox(tc.in)
		if !errors.Is(err, bench.ErrBadBounds) || !errors.Is(err, core.ErrBadBounds) {
			t.Errorf("ParseBox(%.20q): %v, want ErrBadBounds", tc.in, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.why) || strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseBox(%.20q): %q, want one line with %q", tc.in, err, tc.why)
		}
	}
}

func TestBoxFor(t *testing.T) {
	for _, tc := range []struct {
		box        bench.Box
		dim        int
		lower, upp []float64 // nil: no bounds
		err        string
	}{
		{nil, 3, nil, nil, ""},
		{bench.Box{}, 3, nil, nil, ""},
		{bench.Uniform(-5, 5), 3, []float64{-5, -5, -5}, []float64{5, 5, 5}, ""},
		{bench.Box{{-inf, inf}}, 2, nil, nil, ""},
		{bench.Box{{-inf, inf}, {-inf, inf}}, 2, nil, nil, ""},
		{bench.Box{{0, inf}, {-inf, inf}}, 2, []float64{0, -inf}, []float64{inf, inf}, ""},
		{bench.Box{{0, 1}, {2, 3}}, 3, nil, nil, "2 intervals for a problem of dimension 3"},
		{bench.Box{{1, 0}}, 1, nil, nil, "has lower 1 > upper 0"},
	} {
		b, err := tc.box.For(tc.dim)
		switch {
		case tc.err != "":
			if !errors.Is(err, bench.ErrBadBounds) || !strings.Contains(fmtErr(err), tc.err) {
				t.Errorf("%v.For(%d): %v, want %q", tc.box, tc.dim, err, tc.err)
			}
		case err != nil:
			t.Errorf("%v.For(%d): %v", tc.box, tc.dim, err)
		case tc.lower == nil && b != nil:
			t.Errorf("%v.For(%d) = %v, want no bounds", tc.box, tc.dim, b)
		case tc.lower != nil && (b == nil || !slices.Equal(b.Lower, tc.lower) || !slices.Equal(b.Upper, tc.upp)):
			t.Errorf("%v.For(%d) = %v, want %v %v", tc.box, tc.dim, b, tc.lower, tc.upp)
		case b != nil && b.Check(tc.dim) != nil:
			t.Errorf("%v.For(%d) fails core's Check: %v", tc.box, tc.dim, b.Check(tc.dim))
		}
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestBoxJSON(t *testing.T) {
	for _, tc := range []struct {
		box  bench.Box
		json string
	}{
		{bench.Box{{-5, 5}}, `[[-5,5]]`},
		{bench.Box{{0, inf}, {-inf, 1e-300}, {-inf, inf}}, `[[0,null],[null,1e-300],[null,null]]`},
		{bench.Box{}, `[]`},
	} {
		b, err := json.Marshal(tc.box)
		if err != nil || string(b) != tc.json {
			t.Errorf("Marshal(%v) = %s, %v, want %s", tc.box, b, err, tc.json)
		}
		var back bench.Box
		if err := json.Unmarshal([]byte(tc.json), &back); err != nil || !slices.Equal(back, tc.box) {
			t.Errorf("Unmarshal(%s) = %v, %v, want %v", tc.json, back, err, tc.box)
		}
	}
	var none bench.Box
	if err := json.Unmarshal([]byte(`null`), &none); err != nil || none != nil {
		t.Errorf("Unmarshal(null) = %v, %v", none, err)
	}
	for _, bad := range []string{`{}`, `[1]`, `[[1]]`, `[[1,2,3]]`, `[["a",1]]`, `[[1,2]`, `[[1e999,2]]`, `[[true,1]]`, `[[[1],2]]`} {
		var b bench.Box
		if err := json.Unmarshal([]byte(bad), &b); err == nil {
			t.Errorf("Unmarshal(%s) = %v, want an error", bad, b)
		}
	}
}

// TestCheckBounds: a sweep's box fits every problem or names the one it
// does not; a method that cannot honour bounds is refused with the names
// of those that can, saying whose bounds they are; a box of infinite
// sides only, or none, bounds nothing and takes any method.
func TestCheckBounds(t *testing.T) {
	rosen := benchtest.Rosenbrock() // 2 variables
	own := benchtest.Rosenbrock()
	own.Name, own.Bounds = "Boxed", bench.Uniform(-5, 5)
	for _, tc := range []struct {
		name     string
		problems []*bench.Problem
		box      bench.Box
		methods  []string
		is       error
		want     string
	}{
		{"none", []*bench.Problem{rosen}, nil, []string{"test:Free"}, nil, ""},
		{"unbounded box", []*bench.Problem{rosen, own}, bench.Box{{-inf, inf}}, []string{"test:Free"}, nil, ""},
		{"bounded", []*bench.Problem{rosen, own}, bench.Uniform(0, 1), []string{"test:Clip"}, nil, ""},
		{"per coordinate", []*bench.Problem{rosen}, bench.Box{{0, 1}, {2, 3}}, []string{"test:Clip"}, nil, ""},
		{"count", []*bench.Problem{rosen}, bench.Box{{0, 1}, {2, 3}, {4, 5}}, []string{"test:Clip"}, bench.ErrBadBounds,
			"3 intervals for problem Rosenbrock of dimension 2"},
		{"crossed", []*bench.Problem{rosen}, bench.Box{{1, 0}}, []string{"test:Clip"}, bench.ErrBadBounds, "1:0 has lower 1 > upper 0"},
		{"method", []*bench.Problem{rosen}, bench.Uniform(0, 1), []string{"test:Clip", "test:Free"}, bench.ErrNoBounds,
			"test:Free cannot honour bounds; the methods that can: test:Clip"},
		{"own bounds", []*bench.Problem{rosen, own}, nil, []string{"test:Free"}, bench.ErrNoBounds,
			"problem Boxed has bounds of its own (-5:5), which test:Free cannot honour; the methods that can: test:Clip"},
		{"own bounds fit", []*bench.Problem{own}, nil, []string{"test:Clip"}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sw := boundsSweep(t, tc.problems, tc.box, 1, tc.methods...)
			err := sw.CheckBounds()
			if tc.is == nil {
				if err != nil {
					t.Fatal(err)
				}
				if _, err := sw.Specs(); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tc.is) || fmtErr(err) != tc.want && !strings.Contains(fmtErr(err), tc.want) {
				t.Fatalf("CheckBounds: %v, want %v: %q", err, tc.is, tc.want)
			}
			if tc.is == bench.ErrBadBounds {
				if _, err := sw.Specs(); !errors.Is(err, bench.ErrBadBounds) {
					t.Errorf("Specs: %v, want ErrBadBounds", err)
				}
			}
		})
	}
}

// TestBoundsReachRuns: every run is given its problem's bounds as the
// sweep decides them (the sweep's in place of the problem's own, -inf:inf
// for none), the method clips the start outside them and warns, and the
// warning is the run's.
func TestBoundsReachRuns(t *testing.T) {
	rosen := benchtest.Rosenbrock() // starts: standard (-1.2, 1), then random
	own := benchtest.Rosenbrock()
	own.Name, own.Bounds = "Boxed", bench.Uniform(-0.5, 0.5)
	for _, tc := range []struct {
		name  string
		box   bench.Box
		lower map[string]float64 // by problem: every coordinate's lower bound; missing: none
		upper map[string]float64
	}{
		{"sweep's", bench.Uniform(0, 2), map[string]float64{"Rosenbrock": 0, "Boxed": 0}, map[string]float64{"Rosenbrock": 2, "Boxed": 2}},
		{"own", nil, map[string]float64{"Boxed": -0.5}, map[string]float64{"Boxed": 0.5}},
		{"none", bench.Box{{-inf, inf}}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sw := boundsSweep(t, []*bench.Problem{rosen, own}, tc.box, 4, "test:Clip")
			if err := sw.CheckBounds(); err != nil {
				t.Fatal(err)
			}
			specs, err := sw.Specs()
			if err != nil {
				t.Fatal(err)
			}
			runs := bench.Execute(context.Background(), specs, 2, nil)
			if len(runs) != len(specs) {
				t.Fatalf("%d runs of %d", len(runs), len(specs))
			}
			for _, r := range runs {
				lo, bounded := tc.lower[r.Problem.Name]
				hi := tc.upper[r.Problem.Name]
				if bounded != (r.Bounds != nil) {
					t.Fatalf("%s: bounds %v, want bounded %v", r.RunID(), r.Bounds, bounded)
				}
				var wantWarn []string
				x := r.X0
				if bounded {
					for i := range r.Bounds.Lower {
						if r.Bounds.Lower[i] != lo || r.Bounds.Upper[i] != hi {
							t.Fatalf("%s: bounds %v, want %v:%v", r.RunID(), r.Bounds, lo, hi)
						}
					}
					clipped := slices.Clone(r.X0)
					if r.Bounds.Clip(clipped, clipped) {
						wantWarn = []string{clipWarning}
					}
					x = clipped
				}
				if r.Result.Status != solvers.Success || !slices.Equal(r.Result.X, x) {
					t.Errorf("%s: %v at %v, want success at %v (x0 %v)", r.RunID(), r.Result.Status, r.Result.X, x, r.X0)
				}
				if !slices.Equal(r.Result.Warnings, wantWarn) {
					t.Errorf("%s: warnings %q, want %q", r.RunID(), r.Result.Warnings, wantWarn)
				}
			}
		})
	}
}

// TestRunCause: a run that fails before its method starts (a bounded
// problem given to a method without bounds, past the sweep's checks) has
// the error as its cause.
func TestRunCause(t *testing.T) {
	sw := boundsSweep(t, []*bench.Problem{benchtest.Rosenbrock()}, bench.Uniform(0, 1), 1, "test:Free")
	specs, err := sw.Specs()
	if err != nil {
		t.Fatal(err)
	}
	r := bench.Execute(context.Background(), specs, 1, nil)[0]
	if r.Result.Status != solvers.Failed || !strings.Contains(r.Result.Cause, "test:Free cannot honour bounds") || r.Result.Cause != r.Result.Message {
		t.Errorf("status %v, message %q, cause %q", r.Result.Status, r.Result.Message, r.Result.Cause)
	}
}

// TestWarningNotes: one line per configuration and warning, with the
// share of its runs that warned, however many runs warned.
func TestWarningNotes(t *testing.T) {
	p, q := benchtest.Rosenbrock(), benchtest.Rosenbrock()
	q.Name = "Other"
	run := func(p *bench.Problem, label string, warnings ...string) bench.Run {
		r := benchtest.FakeRun(p, label, solvers.Success, 1)
		r.Result.Warnings = warnings
		return r
	}
	many := make([]bench.Run, 0, 1000)
	for i := range 1000 {
		if i%4 == 0 {
			many = append(many, run(p, "A", clipWarning))
		} else {
			many = append(many, run(p, "A"))
		}
	}
	for _, tc := range []struct {
		name        string
		runs        []bench.Run
		withProblem bool
		want        []string
	}{
		{"none", []bench.Run{run(p, "A"), run(p, "B")}, false, nil},
		{"once per configuration", many, false, []string{"Warning in A analytic, 250 of 1000 runs: " + clipWarning}},
		{"by configuration and warning", []bench.Run{run(p, "A", "w1", "w2", "w1"), run(p, "B", "w1"), run(p, "A", "w1\nsecond   line")}, false,
			[]string{"Warning in A analytic, 1 of 2 runs: w1", "Warning in A analytic, 1 of 2 runs: w2", "Warning in B analytic, 1 of 1 runs: w1",
				"Warning in A analytic, 1 of 2 runs: w1 second line"}},
		{"with problem", []bench.Run{run(p, "A", "w"), run(q, "A")}, true, []string{"Warning in Rosenbrock, A analytic, 1 of 1 runs: w"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := bench.WarningNotes(tc.runs, tc.withProblem); !slices.Equal(got, tc.want) {
				t.Errorf("WarningNotes:\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
	var lots []bench.Run
	for i := range 30 {
		lots = append(lots, run(p, "A", strings.Repeat("w", i+1)))
	}
	if got := bench.WarningNotes(lots, false); len(got) != 11 || !strings.Contains(got[10], "20 more warnings") {
		t.Errorf("30 warnings: %d notes, last %q", len(got), got[len(got)-1])
	}
}

// TestBoundsNotes: the notes say whose bounds bound the runs and which
// problems have starts outside them.
func TestBoundsNotes(t *testing.T) {
	rosen := benchtest.Rosenbrock() // start 0 is (-1.2, 1)
	own := benchtest.Rosenbrock()
	own.Name, own.Bounds = "Boxed", bench.Uniform(-5, 5)
	for _, tc := range []struct {
		name     string
		problems []*bench.Problem
		box      bench.Box
		want     []string
	}{
		{"none", []*bench.Problem{rosen}, nil, nil},
		{"unbounded", []*bench.Problem{rosen, own}, bench.Box{{-inf, inf}}, []string{"Bounds -inf:inf: none; every problem runs unbounded."}},
		{"sweep's", []*bench.Problem{rosen}, bench.Uniform(-1, 1), []string{"Bounds -1:1 on every coordinate of every problem.",
			"Starts outside the bounds, which the methods clip into them as scipy does (Powell starts from them, as scipy's): Rosenbrock 1 of 1."}},
		{"per coordinate, inside", []*bench.Problem{rosen}, bench.Box{{-2, 0}, {0, 2}}, []string{"Bounds -2:0,0:2, one per coordinate."}},
		{"per coordinate, many", []*bench.Problem{rosen}, bench.Box{{0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 2}},
			[]string{"Bounds 0:1,0:1,0:1,0:1,0:1,0:1,0:1,0:1, ... (10 intervals, one per coordinate: sweep.json has them all)."}},
		{"own", []*bench.Problem{rosen, own}, nil, []string{"Bounds of the problems' own: -5:5 for Boxed."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sw := boundsSweep(t, tc.problems, tc.box, 1, "test:Clip")
			if got := sw.BoundsNotes(); !slices.Equal(got, tc.want) {
				t.Errorf("BoundsNotes:\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

// TestBoundsNotesTNCDifferences: with scipy:TNC taking finite
// differences, the note on starts outside the bounds says it fails there,
// as scipy's raises.
func TestBoundsNotesTNCDifferences(t *testing.T) {
	sw, err := bench.NewSweep([]*bench.Problem{benchtest.Rosenbrock()}, 1, 1, solvers.Options{MaxIter: 10})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := bench.Configs("scipy:TNC")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.Add(cs, solvers.Analytic, solvers.Forward2); err != nil {
		t.Fatal(err)
	}
	sw.Bounds = bench.Uniform(-1, 1)
	notes := strings.Join(sw.BoundsNotes(), " ")
	if !strings.Contains(notes, "scipy:TNC with finite differences fails there, as scipy's raises") {
		t.Errorf("notes %q", notes)
	}
}

// TestBoundsForFollowsSweep: bounds set after the specs were first made
// are the next specs' bounds.
func TestBoundsForFollowsSweep(t *testing.T) {
	sw := boundsSweep(t, []*bench.Problem{benchtest.Rosenbrock()}, nil, 1, "test:Clip")
	for _, box := range []bench.Box{nil, bench.Uniform(0, 1), bench.Uniform(-1, 3), nil} {
		sw.Bounds = box
		specs, err := sw.Specs()
		if err != nil {
			t.Fatal(err)
		}
		b := specs[0].Bounds
		if box == nil && b != nil || box != nil && (b == nil || b.Lower[1] != box[0].Lo || b.Upper[1] != box[0].Hi) {
			t.Errorf("sweep's bounds %v: spec's %v", box, b)
		}
	}
}
