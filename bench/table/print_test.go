package table

import (
	"bytes"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestPrintNotesDescribeTheTables: the notes under the text tables
// describe intervals and best-at marks only when the summary shows them
// (one problem); for several problems, whose summary leaves them out, the
// note says where they are.
func TestPrintNotesDescribeTheTables(t *testing.T) {
	runsOn := func(problems ...*bench.Problem) []bench.Run {
		var runs []bench.Run
		for _, p := range problems {
			for s := range 6 {
				for _, m := range []string{"A", "B"} {
					r := benchtest.FakeRun(p, m, solvers.Success, 1, 0.5, 0.1+0.01*float64(s))
					r.Start = s
					runs = append(runs, r)
				}
			}
		}
		return runs
	}
	p := &bench.Problem{Name: "P", Dim: 1, FStar: 0}
	q := &bench.Problem{Name: "Q", Dim: 1, FStar: 0}
	for _, tc := range []struct {
		name  string
		runs  []bench.Run
		shown bool
	}{
		{"one problem", runsOn(p), true},
		{"two problems", runsOn(p, q), false},
	} {
		a := analysis.Analyze(tc.runs)
		var b bytes.Buffer
		if err := Print(&b, a, "table", a.Notes()); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		tables, notes, _ := strings.Cut(out, "\n\n"+a.Notes()[0])
		header := strings.Split(tables, "\n")[1]
		if got := strings.Contains(header, "best at"); got != tc.shown {
			t.Errorf("%s: a best at column %v, want %v:\n%s", tc.name, got, tc.shown, tables)
		}
		if got := strings.Contains(tables, "±"); got != tc.shown {
			t.Errorf("%s: intervals (±) in the tables %v, want %v:\n%s", tc.name, got, tc.shown, tables)
		}
		describes := strings.Contains(notes, "Best at: the best median")
		if describes != tc.shown {
			t.Errorf("%s: the notes describe the best-at marks %v, the tables show them %v:\n%s", tc.name, describes, tc.shown, notes)
		}
		if says := strings.Contains(notes, "left out here"); says == tc.shown {
			t.Errorf("%s: the notes say the intervals are left out %v, the tables show them %v:\n%s", tc.name, says, tc.shown, notes)
		}
	}
}
