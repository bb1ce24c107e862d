package table

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/bench/stats"
)

// handRuns are starts runs of methods A and B on each problem, start k of
// method m ending at 0.1 + 0.01 k + 0.1 m.
func handRuns(problems []*bench.Problem, starts int) []bench.Run {
	var runs []bench.Run
	for _, p := range problems {
		for m, method := range []string{"A", "B"} {
			for k := range starts {
				r := benchtest.Trace(p, method, []float64{1, 0.1 + 0.01*float64(k) + 0.1*float64(m)}, []int{1, 5})
				r.Start = k
				runs = append(runs, r)
			}
		}
	}
	return runs
}

func keys(t Table) []string {
	var out []string
	for _, c := range t.Columns {
		out = append(out, c.Key)
	}
	return out
}

// TestTablesLeaveOutCircularTargets: the columns read from targets are
// left out where every problem's f* is only the best value reached with
// too few starts, kept with enough starts or a known f*, and emptied in
// the summary rows of such problems beside a known one.
func TestTablesLeaveOutCircularTargets(t *testing.T) {
	seen := &bench.Problem{Name: "seen", Dim: 2, FStar: math.NaN()}
	seen2 := &bench.Problem{Name: "seen2", Dim: 2, FStar: math.NaN()}
	known := &bench.Problem{Name: "known", Dim: 2, FStar: 0}
	few, enough := 3, analysis.MinBestSeenStarts
	for _, tc := range []struct {
		name       string
		problems   []*bench.Problem
		starts     int
		file       string // the table looked at
		want       bool   // its target columns are there
		emptyRows  []int  // rows whose target cells are empty
		filledRows []int  // rows whose target cells are not
	}{
		{"one problem, few starts", []*bench.Problem{seen}, few, "summary.csv", false, nil, nil},
		{"one problem, enough starts", []*bench.Problem{seen}, enough, "summary.csv", true, nil, []int{0, 1}},
		{"known f*, few starts", []*bench.Problem{known}, few, "summary.csv", true, nil, []int{0, 1}},
		{"two best-seen problems: summary", []*bench.Problem{seen, seen2}, few, "summary.csv", false, nil, nil},
		{"two best-seen problems: over all", []*bench.Problem{seen, seen2}, few, "solvers.csv", false, nil, nil},
		{"beside a known f*: summary", []*bench.Problem{known, seen}, few, "summary.csv", true, []int{2, 3}, []int{0, 1}},
		{"beside a known f*: over all", []*bench.Problem{known, seen}, few, "solvers.csv", true, nil, []int{0, 1}},
	} {
		a := analysis.Analyze(handRuns(tc.problems, tc.starts))
		i := slices.IndexFunc(Tables(a, false), func(t Table) bool { return t.File == tc.file })
		if i < 0 {
			t.Errorf("%s: no %s among the tables", tc.name, tc.file)
			continue
		}
		tab := Tables(a, false)[i]
		var target []int
		for j, c := range tab.Columns {
			if isTargetColumn(c) {
				target = append(target, j)
			}
		}
		if has := len(target) > 0; has != tc.want {
			t.Errorf("%s: %s has target columns %v, want %v: %q", tc.name, tc.file, has, tc.want, keys(tab))
		}
		empty := func(v any) bool {
			switch v := v.(type) {
			case stats.Estimate:
				return math.IsNaN(v.V)
			case float64:
				return math.IsNaN(v)
			}
			return false
		}
		for _, r := range tc.emptyRows {
			for _, j := range target {
				if !empty(tab.Rows[r][j]) {
					t.Errorf("%s: row %d's %s is %v, want empty", tc.name, r, tab.Columns[j].Key, tab.Rows[r][j])
				}
			}
		}
		for _, r := range tc.filledRows {
			for _, j := range target {
				if empty(tab.Rows[r][j]) {
					t.Errorf("%s: row %d's %s is empty", tc.name, r, tab.Columns[j].Key)
				}
			}
		}
		// The human table never shows the construction's 100 %.
		var b strings.Builder
		if err := WriteTable(&b, tab, "table"); err != nil {
			t.Fatal(err)
		}
		if !tc.want && strings.Contains(b.String(), "targets") {
			t.Errorf("%s: the printed table still has a targets column:\n%s", tc.name, b.String())
		}
	}
}
