package analysis

import (
	"math"
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
	if r := reaches(run(1, math.Inf(-1)), 0, []float64{100, 1, 1e-8}); !r[0].ok || r[2].ok {
		t.Errorf("reaches %v: want the first target (at f = 1) only", r)
	}
}
