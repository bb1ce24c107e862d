package analysis

import (
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
