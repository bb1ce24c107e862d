package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// TestFailureNotesSayTheCause: a scipy port's error keeps scipy's message
// and its cause in Result.Cause; the note says both, once; a gonum
// message that already holds its cause is not repeated.
func TestFailureNotesSayTheCause(t *testing.T) {
	p := &bench.Problem{Name: "P"}
	run := func(label, msg, cause string) bench.Run {
		return bench.Run{Spec: bench.Spec{Problem: p, Solver: bench.Solver{Method: label, Label: label, Gradient: solvers.NoGradient}},
			Result: solvers.Result{Status: solvers.Failed, Message: msg, Cause: cause}}
	}
	got := FailureNotes([]bench.Run{
		run("scipy:Powell", "Optimization failed.", "panic: boom"),
		run("scipy:Powell", "Optimization failed.", "panic: boom"),
		run("Nelder-Mead", "Optimization failed. (panic: boom)", "panic: boom"),
	}, false)
	want := []string{
		"Error in scipy:Powell none (start 0): Optimization failed. (panic: boom)",
		"Error in Nelder-Mead none (start 0): Optimization failed. (panic: boom)",
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("notes %q\nwant %q", got, want)
	}
}

// TestFailureNotesCompact: 91 runs in error on 13 problems take a count
// line and the first few errors, not a line each; one error on every
// start of a row is one line naming the starts; a few errors are listed
// one by one with no count.
func TestFailureNotesCompact(t *testing.T) {
	fail := func(problem, label string, start int, msg string) bench.Run {
		return bench.Run{Spec: bench.Spec{Problem: &bench.Problem{Name: problem}, Solver: bench.Solver{Method: label, Label: label, Gradient: solvers.Analytic}, Start: start},
			Result: solvers.Result{Status: solvers.Failed, Message: msg}}
	}
	ok := func(problem, label string, start int) bench.Run {
		r := fail(problem, label, start, "")
		r.Result.Status = solvers.Success
		return r
	}
	var many []bench.Run
	for p := range 13 {
		for s := range 10 {
			name := fmt.Sprintf("P%d", p)
			many = append(many, ok(name, "A", s))
			if p*10+s < 91 {
				many = append(many, fail(name, "B", s, fmt.Sprintf("lost at x = %d", p*10+s)))
			} else {
				many = append(many, ok(name, "B", s))
			}
		}
	}
	var manyConfigs []bench.Run
	for m := range 8 {
		manyConfigs = append(manyConfigs, fail("P", fmt.Sprintf("M%d", m), 0, "too large"))
	}
	sameOnEveryStart := []bench.Run{fail("P", "B", 0, "boom"), fail("P", "B", 1, "boom"), fail("P", "B", 2, "boom"), fail("P", "B", 3, "boom"), fail("P", "B", 4, "boom"), ok("P", "A", 0)}
	for _, tc := range []struct {
		name        string
		runs        []bench.Run
		withProblem bool
		want        []string
	}{
		{"91 errors", many, true, []string{
			"Errors: 91 runs ended in error: B analytic in 91 of its 130 runs on 10 problems. The first 5 of 91 distinct errors (every run's message and cause: -format json):",
			"Error in P0, B analytic (start 0): lost at x = 0",
			"Error in P0, B analytic (start 1): lost at x = 1",
			"Error in P0, B analytic (start 2): lost at x = 2",
			"Error in P0, B analytic (start 3): lost at x = 3",
			"Error in P0, B analytic (start 4): lost at x = 4",
		}},
		{"many configurations", manyConfigs, false, append([]string{
			"Errors: 8 runs ended in error in 8 configurations. The first 5 of 8 distinct errors (every run's message and cause: -format json):"},
			"Error in M0 analytic (start 0): too large", "Error in M1 analytic (start 0): too large", "Error in M2 analytic (start 0): too large",
			"Error in M3 analytic (start 0): too large", "Error in M4 analytic (start 0): too large")},
		{"one error, every start", sameOnEveryStart, false, []string{"Error in B analytic (5 starts: 0, 1, 2, 3, ...): boom"}},
		{"a few", []bench.Run{fail("P", "B", 2, "boom"), fail("P", "B", 5, "boom"), fail("Q", "C", 1, "bang")}, true, []string{
			"Error in P, B analytic (starts 2, 5): boom",
			"Error in Q, C analytic (start 1): bang",
		}},
		{"none", []bench.Run{ok("P", "A", 0)}, false, nil},
	} {
		got := FailureNotes(tc.runs, tc.withProblem)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: notes\n%s\nwant\n%s", tc.name, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

// TestOverflowReachesNoTarget: a run whose value overflowed to -Inf (a
// function unbounded below) reaches no target and no iteration-to-target,
// whatever its status; a finite value below the target does.
func TestOverflowReachesNoTarget(t *testing.T) {
	p := &bench.Problem{Name: "P", FStar: 0}
	run := func(fs ...float64) bench.Run {
		r := bench.Run{Spec: bench.Spec{Problem: p, Solver: bench.Solver{Method: "M", Label: "M", Gradient: solvers.Analytic}}}
		for i, f := range fs {
			r.Result.Trace = append(r.Result.Trace, solvers.TracePoint{Iter: i, Fun: f, Nfev: i + 1, Njev: i + 1})
		}
		r.Result.Fun = fs[len(fs)-1]
		return r
	}
	if _, _, ok := Reach(run(1, math.Inf(-1)), 1e-8); ok {
		t.Error("a run at -Inf reached the target")
	}
	if got := IterToTarget.Of(run(1, math.Inf(-1)), 1e-8); !math.IsInf(got, 1) {
		t.Errorf("iter to target %v at -Inf, want +Inf", got)
	}
	if _, _, ok := Reach(run(1, 1e-9), 1e-8); !ok {
		t.Error("a run at 1e-9 did not reach 1e-8")
	}
	ru := run(1, math.Inf(-1))
	if r := reaches(nil, &ru, 0, []float64{100, 1, 1e-8}); !r[0].ok || r[2].ok {
		t.Errorf("reaches %v: want the first target (at f = 1) only", r)
	}
}
