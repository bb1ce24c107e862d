package report

import (
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/bench/table"
	"github.com/optbench/optbench/solvers"
)

// manyConfigs are the runs of a grid of n configurations of one method on
// two problems from 3 starts each, with traces of 3 points: values that
// differ between configurations and starts, some runs failing, so that the
// tests, profiles and best-at marks have work to do.
func manyConfigs(n int) []bench.Run {
	problems := []*bench.Problem{
		{Name: "fake-a", Dim: 2, FStar: 0},
		{Name: "fake-b", Dim: 3, FStar: 1},
	}
	var runs []bench.Run
	for _, p := range problems {
		for c := range n {
			for start := range 3 {
				status := solvers.Success
				if (c+start)%7 == 0 {
					status = solvers.MaxIter
				}
				v := float64((c*31+start*17)%97) / 10
				r := benchtest.FakeRun(p, "GD-fixed", status, p.FStar+10+v, p.FStar+1+v/2, p.FStar+v/4)
				r.Solver.Label = fmt.Sprintf("GD-fixed[alpha=%d]", c+1)
				r.Start = start
				runs = append(runs, r)
			}
		}
	}
	return runs
}

// analyzeAndPrint is what a sweep and report do with its runs, short of
// drawing and writing files: the analysis, its notes, the tables people
// see, the report's tables and the CSV data.
func analyzeAndPrint(tb testing.TB, runs []bench.Run) {
	a := analysis.Analyze(runs)
	if err := table.Print(io.Discard, a, "table", a.Notes()); err != nil {
		tb.Fatal(err)
	}
	analysis.FailureNotes(runs, true)
	table.ConvergenceTable(a)
	rep, err := New(a, "scale", nil, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for _, t := range append(append(rep.Tables, rep.After...), rep.Data...) {
		if err := table.WriteTable(io.Discard, t, "csv"); err != nil {
			tb.Fatal(err)
		}
	}
}

// allocated is the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestAnalysisScalesWithConfigurations (issue 22, a grid at the
// 1,000-configuration cap must be reportable): the analysis and the tables
// of 4 times as many configurations allocate about 4 times as much, not
// 16 (SolversTable copied all the runs for every row). The quadratic
// scans that allocated nothing (ECDFs, Profiles and ConvergenceRows looked
// every solver up in all the runs or groups) are measured by
// BenchmarkAnalyzeConfigurations.
func TestAnalysisScalesWithConfigurations(t *testing.T) {
	small, large := manyConfigs(100), manyConfigs(400)
	analyzeAndPrint(t, small) // warm up what is allocated once
	a, b := allocated(func() { analyzeAndPrint(t, small) }), allocated(func() { analyzeAndPrint(t, large) })
	ratio := float64(b) / float64(a)
	t.Logf("%d and %d bytes: %.2f", a, b, ratio)
	if ratio > 6 {
		t.Errorf("400 configurations allocate %.1f times what 100 do (%d and %d bytes): more than linear", ratio, b, a)
	}
}

// BenchmarkAnalyzeConfigurations: the time per configuration should stay
// about the same from 250 to 2,000 configurations.
func BenchmarkAnalyzeConfigurations(b *testing.B) {
	for _, n := range []int{250, 500, 1000, 2000} {
		runs := manyConfigs(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				analyzeAndPrint(b, runs)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/config")
		})
	}
}
