package report

import (
	"encoding/json"
	"fmt"
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
				Iter     []int
				Evals    []float64
				Time     []float64
				Gap      []*float64
				GradNorm []*float64 `json:"grad_norm"`
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
		tr, full := r.Trace, run.TracePoints(nil)
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
		// Every kept point is the row of its iteration, to 4 digits.
		for j, it := range tr.Iter {
			k := slices.IndexFunc(full, func(p solvers.TracePoint) bool { return p.Iter == it })
			if k < 0 {
				t.Errorf("run %d: iteration %d is not in its trace", i, it)
				continue
			}
			p := full[k]
			if !close4(tr.Evals[j], analysis.EvalsAt(run, p)) || !close4(tr.Time[j], p.Time.Seconds()) || !close4p(tr.Gap[j], p.Fun-fstar) || !close4p(tr.GradNorm[j], p.GradNorm) {
				t.Errorf("run %d, iteration %d: evals %v, time %v, gap %v, gradient norm %v; want %v, %v, %.4g, %.4g",
					i, it, tr.Evals[j], tr.Time[j], tr.Gap[j], tr.GradNorm[j], analysis.EvalsAt(run, p), p.Time.Seconds(), p.Fun-fstar, p.GradNorm)
			}
		}
		final := map[string]float64{"f": run.Result.Fun, "gap": run.Result.Fun - fstar, "grad_norm": run.GradNorm}
		for k, m := range run.Problem.Metrics {
			final[m.Key] = run.Metrics[k]
		}
		for key, want := range final {
			if got := r.Final[key]; !close4p(got, want) {
				t.Errorf("run %d: final %s %v, want %.4g", i, key, got, want)
			}
		}
	}
	for _, p := range d.Problems {
		ref := a.Refs[p.Name]
		want := 1e-6 * max(1, math.Abs(ref.FStar)) // the best any run reached
		if ref.Known {
			want = a.Settings.LastDeltaF() * max(1, math.Abs(ref.FStar))
		}
		if float64(p.FStar) != ref.FStar && !close4(float64(p.FStar), ref.FStar) || p.Known != ref.Known || !close4(float64(p.Floor), want) {
			t.Errorf("problem %s: f* %v (known %v), floor %v; want %v (%v), %v", p.Name, p.FStar, p.Known, p.Floor, ref.FStar, ref.Known, want)
		}
	}
	for _, m := range benchtest.Classroom().Metrics {
		if !slices.ContainsFunc(d.Measures, func(x ixMeasure) bool { return x.Key == m.Key && !x.Trace }) {
			t.Errorf("measures %v lack the classroom's %s as a final value", d.Measures, m.Key)
		}
	}
}

// close4 reports whether got is want to 4 significant digits.
func close4(got, want float64) bool {
	return got == want || math.Abs(got-want) <= 5e-4*math.Abs(want)
}

// close4p is close4 of a JSON value that is null for a value that is not
// finite.
func close4p(got *float64, want float64) bool {
	if got == nil {
		return math.IsNaN(want) || math.IsInf(want, 0)
	}
	return close4(*got, want)
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
		{10, 1 << 20, 5, 5, []string{"runs of 5 of the 20 starts", "thinned"}},
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

// TestInteractiveBudgetsOfProblems: a sweep of many problems and one
// start (bbob's instances) keeps some of its problems, every
// configuration's runs of them, and says so.
func TestInteractiveBudgetsOfProblems(t *testing.T) {
	var runs []bench.Run
	for i := range 30 {
		p := &bench.Problem{Name: fmt.Sprintf("p%02d", i), Dim: 2, FStar: 0}
		for _, m := range []string{"A", "B"} {
			runs = append(runs, benchtest.FakeRun(p, m, solvers.Success, 3, 2, 1))
		}
	}
	d := interactiveData(analysis.Analyze(runs), 20, 1<<20)
	kept := map[string][]string{}
	for _, r := range d.Runs {
		kept[d.Configs[r.Config].Label] = append(kept[d.Configs[r.Config].Label], d.Problems[r.Problem].Name)
	}
	if len(d.Runs) > 20 || len(kept["A"]) < 5 || !slices.Equal(kept["A"], kept["B"]) || kept["A"][0] != "p00" || kept["A"][len(kept["A"])-1] != "p29" {
		t.Errorf("kept %d runs: %v; want at most 20, the same problems for A and B, from the first to the last", len(d.Runs), kept)
	}
	if notes := strings.Join(d.Notes, " "); !strings.Contains(notes, fmt.Sprintf("runs of %d of the 30 pairs of a problem and a start", len(kept["A"]))) {
		t.Errorf("notes %q do not say what was left out", notes)
	}
}

// TestLogIters: a trace is thinned to at most k rows, its first and last
// among them, spread by iteration: a trace of every iteration and one
// already on a log scale of iterations (-trace log) both keep a point in
// every stretch of log(1+iteration) a little over 1/(k-1) of the whole
// that has one.
func TestLogIters(t *testing.T) {
	logTrace := func(n int) []int { // iterations 0, 1, 2, ..., then 1.1 times the last
		var it []int
		for v := 0.0; len(it) < n; v = max(v+1, math.Round(v*1.1)) {
			it = append(it, int(v))
		}
		return it
	}
	every := func(n int) []int {
		it := make([]int, n)
		for i := range it {
			it[i] = i
		}
		return it
	}
	for _, tc := range []struct {
		name  string
		iters []int
		k     int
	}{
		{"one row", every(1), 64}, {"64 rows", every(64), 64}, {"65 rows", every(65), 64}, {"every iteration", every(100_000), 64},
		{"log", logTrace(200), 64}, {"log, long", logTrace(2000), 64}, {"few", every(10), 3},
	} {
		iters := tc.iters
		idx := logIters(len(iters), tc.k, func(i int) int { return iters[i] })
		n := len(iters)
		if len(idx) > tc.k || idx[0] != 0 || idx[len(idx)-1] != n-1 || !slices.IsSorted(idx) || len(slices.Compact(slices.Clone(idx))) != len(idx) {
			t.Errorf("%s: %v: want at most %d increasing indexes from 0 to %d", tc.name, idx, tc.k, n-1)
			continue
		}
		if n <= tc.k {
			continue
		}
		step := math.Log1p(float64(iters[n-1])) / float64(tc.k-1)
		for j := 1; j < len(idx); j++ {
			a, b := idx[j-1], idx[j]
			if gap := math.Log1p(float64(iters[b])) - math.Log1p(float64(iters[a])); b > a+1 && gap > 1.5*step {
				t.Errorf("%s: iterations %d and %d are %.3g apart in log(1+iteration), more than 1.5 x %.3g, with %d rows between", tc.name, iters[a], iters[b], gap, step, b-a-1)
			}
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
