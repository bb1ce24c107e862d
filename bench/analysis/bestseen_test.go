package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/bench/stats"
)

// sweepOf is a sweep by hand: for each problem, each method with the given
// number of starts, start k going from 1 to 0.1 + 0.01 k + 0.1 m for method
// m, so that method 0's start 0 is the best run.
func sweepOf(problems []*bench.Problem, starts map[string]int) []bench.Run {
	var runs []bench.Run
	for _, p := range problems {
		for m, method := range []string{"A", "B"} {
			for k := range starts[method] {
				r := benchtest.Trace(p, method, []float64{1, 0.1 + 0.01*float64(k) + 0.1*float64(m)}, []int{1, 5})
				r.Start = k
				runs = append(runs, r)
			}
		}
	}
	return runs
}

func TestMinBestSeenStartsIsTheFewestForAnInterval(t *testing.T) {
	if n := stats.MinSamplesForCI(stats.DefaultConfidence); MinBestSeenStarts != n {
		t.Errorf("MinBestSeenStarts %d, but a median has an interval from %d starts, as its doc says", MinBestSeenStarts, n)
	}
}

// TestCircular: a problem's targets are left out when its f* is only the
// best value reached and some configuration has fewer than
// MinBestSeenStarts starts; a known f* keeps them with one start.
func TestCircular(t *testing.T) {
	seen := &bench.Problem{Name: "seen", Dim: 2, FStar: math.NaN()}
	other := &bench.Problem{Name: "other", Dim: 2, FStar: math.NaN()}
	known := &bench.Problem{Name: "known", Dim: 2, FStar: 0}
	n := MinBestSeenStarts
	for _, tc := range []struct {
		name     string
		problems []*bench.Problem
		starts   map[string]int
		want     []string
	}{
		{"one start, f* unknown", []*bench.Problem{seen}, map[string]int{"A": 1, "B": 1}, []string{"seen"}},
		{"one short of the threshold", []*bench.Problem{seen}, map[string]int{"A": n - 1, "B": n - 1}, []string{"seen"}},
		{"at the threshold", []*bench.Problem{seen}, map[string]int{"A": n, "B": n}, nil},
		{"one method short", []*bench.Problem{seen}, map[string]int{"A": n, "B": n - 1}, []string{"seen"}},
		{"known f*, one start", []*bench.Problem{known}, map[string]int{"A": 1, "B": 1}, nil},
		{"beside a known f*", []*bench.Problem{known, seen, other}, map[string]int{"A": 1, "B": 1}, []string{"seen", "other"}},
	} {
		if got := Circular(sweepOf(tc.problems, tc.starts)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Circular %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestCircularTargetsLeftOut: the ECDFs, aRTs, pooled aRTs and profiles
// count only the problems whose targets mean something, and the notes say
// why the others are left out; with every problem left out there are none.
func TestCircularTargetsLeftOut(t *testing.T) {
	seen := &bench.Problem{Name: "seen", Dim: 2, FStar: math.NaN()}
	known := &bench.Problem{Name: "known", Dim: 2, FStar: 0}
	st := DefaultSettings()
	for _, tc := range []struct {
		name     string
		problems []*bench.Problem
		starts   int
		counted  []string // the problems the targets count
		noteHas  string   // "" for no note
	}{
		{"the default run: one problem, one start", []*bench.Problem{seen}, 1, nil, "Targets left out (ECDFs, aRT, profiles, at f*): f* is only the best value reached, so the run that reached it solves every target by construction; with fewer than 6 starts per method (too few for a median's interval) that one run would weigh a fifth or more of its method's share."},
		{"enough starts", []*bench.Problem{seen}, MinBestSeenStarts, []string{"seen"}, ""},
		{"beside a known f*", []*bench.Problem{known, seen}, 1, []string{"known"}, "Targets left out for seen (ECDFs, aRT, profiles, at f*): f* is only the best value reached"},
		{"known f*", []*bench.Problem{known}, 1, []string{"known"}, ""},
	} {
		runs := sweepOf(tc.problems, map[string]int{"A": tc.starts, "B": tc.starts})
		a := AnalyzeWith(runs, st)
		wantTriples := len(tc.counted) * tc.starts * len(st.DeltaFs)
		for _, e := range a.ECDFs {
			if e.Triples != wantTriples {
				t.Errorf("%s: ECDF of %s over %d triples, want %d", tc.name, e.Label, e.Triples, wantTriples)
			}
		}
		if len(tc.counted) == 0 && (len(a.ECDFs) != 0 || len(a.Profiles) != 0) {
			t.Errorf("%s: %d ECDFs and %d profiles of targets left out", tc.name, len(a.ECDFs), len(a.Profiles))
		}
		for _, p := range a.Profiles {
			if want := len(tc.counted) * tc.starts; p.Instances != want {
				t.Errorf("%s: %s profile of %s over %d instances, want %d", tc.name, p.Kind, p.Label, p.Instances, want)
			}
		}
		var problems []string
		for _, x := range a.ARTs() {
			if !slices.Contains(problems, x.Problem) {
				problems = append(problems, x.Problem)
			}
		}
		if !slices.Equal(problems, tc.counted) {
			t.Errorf("%s: aRTs of %q, want %q", tc.name, problems, tc.counted)
		}
		problems = nil
		for _, x := range PooledARTs(runs, a.Refs, st.DeltaFs) {
			if !slices.Contains(problems, x.Class) {
				problems = append(problems, x.Class)
			}
		}
		if !slices.Equal(problems, tc.counted) {
			t.Errorf("%s: pooled aRTs of %q, want %q", tc.name, problems, tc.counted)
		}
		notes := strings.Join(a.Notes(), "\n")
		if a.SingleRuns() { // no targets in their table: the report says it (report.New)
			notes = strings.Join(CircularNotes(a.Runs), "\n")
		}
		if tc.noteHas == "" && strings.Contains(notes, "left out") {
			t.Errorf("%s: a note says targets are left out:\n%s", tc.name, notes)
		}
		if tc.noteHas != "" && !strings.Contains(notes, tc.noteHas) {
			t.Errorf("%s: notes lack %q:\n%s", tc.name, tc.noteHas, notes)
		}
	}
}

// TestCircularByConstruction is the case: with one start and f*
// the best run's own value, that run reaches every target and the others
// few, so its method's ECDF would end at 100 %; with the targets left out,
// nothing claims so.
func TestCircularByConstruction(t *testing.T) {
	p := &bench.Problem{Name: "p", Dim: 2, FStar: math.NaN()}
	runs := sweepOf([]*bench.Problem{p}, map[string]int{"A": 1, "B": 1})
	refs := References(runs)
	// What the ECDF was: A's one run defines f* and so reaches every target.
	if re := reaches(nil, &runs[0], refs["p"].FStar, DefaultSettings().DeltaFs); !re[len(re)-1].ok {
		t.Fatalf("the best run does not reach its own value: %+v", re[len(re)-1])
	}
	if e := ECDFs(runs, refs, DefaultSettings().DeltaFs); len(e) != 0 {
		t.Errorf("%d ECDFs of a best-seen problem of one start: %s", len(e), fmt.Sprint(e[0].Label, " ", e[0].Final()))
	}
}

// TestDiffLeavesOutCircularIterToTarget: diff's iterations to the middle
// target are measured from f*; a best-seen f* with fewer than
// MinBestSeenStarts starts a side leaves them out, as the tables do.
func TestDiffLeavesOutCircularIterToTarget(t *testing.T) {
	for _, tc := range []struct {
		fstar  float64
		starts int
		want   bool
	}{{math.NaN(), 3, false}, {math.NaN(), MinBestSeenStarts, true}, {0, 2, true}} {
		p := &bench.Problem{Name: "p", Dim: 1, FStar: tc.fstar}
		runs := sweepOf([]*bench.Problem{p}, map[string]int{"A": tc.starts, "B": tc.starts})
		sides, _, err := Pair(runs, runs, "A", "B")
		if err != nil || len(sides) != 1 {
			t.Fatalf("Pair: %v, %d sides", err, len(sides))
		}
		d := CompareSides(sides[0], DefaultSettings())
		has := slices.ContainsFunc(d.Measures, func(m MeasureDiff) bool { return m.Measure.Key == IterToTarget.Key })
		if has != tc.want {
			t.Errorf("f* %g, %d starts: iter_to_target compared %v, want %v", tc.fstar, tc.starts, has, tc.want)
		}
	}
}
