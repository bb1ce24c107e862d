package report

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestInteractiveData: the page's data holds every problem, configuration
// and run of a small sweep, each trace thinned to at most tracePoints rows
// with its first and last, gaps measured from the problem's f*, the ECDFs
// and profiles, and nothing that JSON cannot carry.
func TestInteractiveData(t *testing.T) {
	runs := benchtest.Runs(t, []*bench.Problem{benchtest.Classroom(), benchtest.Rosenbrock()}, 3, solvers.Options{MaxIter: 200}, "BFGS", "Nelder-Mead")
	a := analysis.Analyze(runs)
	b, err := Interactive(a)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(string(b), "<>") {
		t.Errorf("data holds < or >: it could end its <script> element")
	}
	var d struct {
		Problems []ixProblem `json:"problems"`
		Configs  []ixConfig  `json:"configs"`
		Measures []ixMeasure `json:"measures"`
		Runs     []struct {
			P, C, Start int
			Final       map[string]*float64
			Trace       *struct {
				Iter  []int
				Evals []float64
				Time  []float64
				Gap   []*float64
			}
		} `json:"runs"`
		ECDFs    []json.RawMessage `json:"ecdfs"`
		Profiles []json.RawMessage `json:"profiles"`
		Notes    []string          `json:"notes"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("data is not JSON: %v", err)
	}
	if len(d.Problems) != 2 || len(d.Configs) != 2 || len(d.Runs) != len(runs) {
		t.Fatalf("%d problems, %d configs, %d runs; want 2, 2, %d", len(d.Problems), len(d.Configs), len(d.Runs), len(runs))
	}
	if len(d.ECDFs) != len(a.ECDFs) || len(d.Profiles) != len(a.Profiles) {
		t.Errorf("%d ECDFs and %d profiles, want %d and %d", len(d.ECDFs), len(d.Profiles), len(a.ECDFs), len(a.Profiles))
	}
	for i, r := range d.Runs {
		run := runs[i]
		if d.Problems[r.P].Name != run.Problem.Name || d.Configs[r.C].Label != run.Label || r.Start != run.Start {
			t.Errorf("run %d is %s/%s/%d, want %s", i, d.Problems[r.P].Name, d.Configs[r.C].Label, r.Start, run.RunID())
		}
		tr, full := r.Trace, run.Result.Trace
		if tr == nil {
			t.Errorf("run %d has no trace", i)
			continue
		}
		n := len(tr.Iter)
		if n > tracePoints || n != len(tr.Gap) || n != len(tr.Evals) || n != len(tr.Time) || n != min(len(full), tracePoints) {
			t.Errorf("run %d: a trace of %d rows (gap %d) from %d", i, n, len(tr.Gap), len(full))
			continue
		}
		if tr.Iter[0] != full[0].Iter || tr.Iter[n-1] != full[len(full)-1].Iter || !slices.IsSorted(tr.Iter) {
			t.Errorf("run %d: iterations %v, want from %d to %d, increasing", i, tr.Iter, full[0].Iter, full[len(full)-1].Iter)
		}
		fstar := a.Refs[run.Problem.Name].FStar
		want := full[len(full)-1].Fun - fstar
		if g := tr.Gap[n-1]; g == nil || math.Abs(*g-want) > 1e-3*math.Abs(want) {
			t.Errorf("run %d: last gap %v, want %.4g", i, g, want)
		}
		if f := r.Final["f"]; f == nil || math.Abs(*f-run.Result.Fun) > 1e-3*math.Abs(run.Result.Fun) {
			t.Errorf("run %d: final f %v, want %.4g", i, f, run.Result.Fun)
		}
	}
	for _, m := range benchtest.Classroom().Metrics {
		if !slices.ContainsFunc(d.Measures, func(x ixMeasure) bool { return x.Key == m.Key && !x.Trace }) {
			t.Errorf("measures %v lack the classroom's %s as a final value", d.Measures, m.Key)
		}
	}
}

// TestInteractiveBudgets: past its budgets the page holds the runs of
// evenly spaced starts, the same for every configuration, and says so.
func TestInteractiveBudgets(t *testing.T) {
	runs := benchtest.Runs(t, []*bench.Problem{benchtest.Rosenbrock()}, 20, solvers.Options{MaxIter: 50}, "BFGS", "Nelder-Mead")
	a := analysis.Analyze(runs)
	for _, tc := range []struct {
		runs, points        int
		wantKept, wantTrace int
		notes               []string
	}{
		{1000, 1 << 20, 20, 20, []string{"thinned"}},
		{10, 1 << 20, 5, 5, []string{"5 of the 20 starts", "thinned"}},
		{1000, 1, 20, 1, []string{"traces of 1 of the 20 starts", "thinned"}},
	} {
		d := interactiveData(a, tc.runs, tc.points)
		starts, traced := map[int][]int{}, map[int][]int{}
		for _, r := range d.Runs {
			starts[r.Config] = append(starts[r.Config], r.Start)
			if r.Trace != nil {
				traced[r.Config] = append(traced[r.Config], r.Start)
			}
		}
		if len(starts[0]) != tc.wantKept || len(traced[0]) != tc.wantTrace || !slices.Equal(starts[0], starts[1]) || !slices.Equal(traced[0], traced[1]) {
			t.Errorf("budgets %d runs, %d points: starts %v and %v, traced %v and %v; want %d and %d of each", tc.runs, tc.points, starts[0], starts[1], traced[0], traced[1], tc.wantKept, tc.wantTrace)
		}
		if s := starts[0]; s[0] != 0 || s[len(s)-1] != 19 {
			t.Errorf("budgets %d runs: starts %v, want from the first to the last", tc.runs, s)
		}
		notes := strings.Join(d.Notes, " ")
		for _, want := range tc.notes {
			if !strings.Contains(notes, want) {
				t.Errorf("budgets %d runs, %d points: notes %q lack %q", tc.runs, tc.points, notes, want)
			}
		}
	}
}

func TestLogIndexes(t *testing.T) {
	for _, tc := range []struct{ n, k int }{{1, 64}, {64, 64}, {65, 64}, {1000, 64}, {1_000_000, 64}, {10, 3}} {
		idx := logIndexes(tc.n, tc.k)
		if len(idx) > tc.k || idx[0] != 0 || idx[len(idx)-1] != tc.n-1 || !slices.IsSorted(idx) || len(slices.Compact(slices.Clone(idx))) != len(idx) {
			t.Errorf("logIndexes(%d, %d) = %v: want at most %d increasing indexes from 0 to %d", tc.n, tc.k, idx, tc.k, tc.n-1)
		}
		if tc.n >= 1000 && len(idx) < tc.k*3/4 {
			t.Errorf("logIndexes(%d, %d) keeps %d: too few", tc.n, tc.k, len(idx))
		}
	}
}

// TestThinSteps: a long step function keeps at most about curvePoints
// steps, its first and last, and is nowhere lower than the full one by
// more than one step of y.
func TestThinSteps(t *testing.T) {
	n := 10_000
	x, y := make([]float64, n), make([]float64, n)
	for i := range n {
		x[i], y[i] = float64(i+1), float64(i+1)/float64(n)
	}
	xs, ys := thinSteps(x, y)
	if len(xs) > curvePoints+2 || xs[0] != 1 || ys[len(ys)-1] != 1 {
		t.Fatalf("%d steps from %v to %v", len(xs), xs[0], ys[len(ys)-1])
	}
	k := 0
	for i := range n {
		for k+1 < len(xs) && float64(xs[k+1]) <= x[i] {
			k++
		}
		if y[i]-float64(ys[k]) > 1.0/curvePoints+1e-12 {
			t.Fatalf("at x = %v the thinned curve is %v, the full %v", x[i], ys[k], y[i])
		}
	}
}

// TestNumJSON: 4 significant digits, whole numbers as they are, null for
// what is not finite, and never a number past the largest float.
func TestNumJSON(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {3, "3"}, {-12345678, "-12345678"}, {0.1234567, "0.1235"}, {1.2344e-9, "1.234e-09"},
		{math.NaN(), "null"}, {math.Inf(1), "null"}, {math.Inf(-1), "null"},
		{math.MaxFloat64, "1.7976931348623157e+308"}, {-math.MaxFloat64, "-1.7976931348623157e+308"}, {1.7e308, "1.7e+308"},
	} {
		b, err := json.Marshal(num(tc.v))
		if err != nil || string(b) != tc.want {
			t.Errorf("num(%v) = %s, %v; want %s", tc.v, b, err, tc.want)
		}
		var back float64
		if tc.want != "null" && json.Unmarshal(b, &back) != nil {
			t.Errorf("num(%v) = %s: not a float64", tc.v, b)
		}
	}
}
