package analysis

import (
	"math"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestNotesFStar: the note on f* names the known minimum of one problem,
// the sources that problems give (each once), and never prints "()" for a
// problem that gives none (a library user's FuncProblem).
func TestNotesFStar(t *testing.T) {
	problem := func(name string, fstar float64, source string) *bench.Problem {
		return &bench.Problem{Name: name, Dim: 1, FStar: fstar, FStarSource: source}
	}
	runsOn := func(ps ...*bench.Problem) []bench.Run {
		var runs []bench.Run
		for _, p := range ps {
			for range 2 {
				runs = append(runs, benchtest.FakeRun(p, "A", solvers.Success, 1, 0.5))
			}
		}
		return runs
	}
	for _, tc := range []struct {
		name string
		runs []bench.Run
		want string
	}{
		{"own function", runsOn(problem("mine", 0, "")), "f*: the known minimum, 0."},
		{"one with a source", runsOn(problem("Rosenbrock", 0, "the literature")), "f*: the known minimum, 0 (the literature)."},
		{"several without", runsOn(problem("a", 0, ""), problem("b", 1, "")), "f*: the known minimum of every problem."},
		{"several, one source", runsOn(problem("a", 0, "MGH"), problem("b", 1, "MGH")), "f*: the known minimum of every problem (MGH)."},
		{"several sources", runsOn(problem("a", 0, "MGH"), problem("b", 1, ""), problem("c", 2, "COCO")), "f*: the known minimum of every problem (MGH; COCO)."},
		{"unknown", runsOn(problem("a", math.NaN(), "")), "f*: unknown, so the best value any run reached, 0.5."},
	} {
		notes := Analyze(tc.runs).Notes()
		if len(notes) == 0 || !strings.HasPrefix(notes[0], tc.want) { // a best-seen f* with few starts says more
			t.Errorf("%s: f* note %q, want %q", tc.name, notes, tc.want)
		}
		for _, n := range notes {
			if strings.Contains(n, "()") {
				t.Errorf("%s: a note prints an empty list: %q", tc.name, n)
			}
		}
	}
}
