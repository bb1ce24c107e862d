package analysis

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// verdictRuns are starts runs of A and of B on benchtest.Fake: A ends at
// fa + 0.01k after ta + 2k µs, B at fb + 0.01k after tb + 2k µs (k the
// start), each
// run's evaluations growing with its time.
func verdictRuns(starts int, fa, fb float64, ta, tb time.Duration) []bench.Run {
	var runs []bench.Run
	for k := range starts {
		a := benchtest.FakeRun(benchtest.Fake, "A", solvers.Success, 1, fa+0.01*float64(k))
		b := benchtest.FakeRun(benchtest.Fake, "B", solvers.Success, 1, fb+0.01*float64(k))
		a.Start, b.Start = k, k
		a.Result.Runtime, b.Result.Runtime = ta+time.Duration(2*k)*time.Microsecond, tb+time.Duration(2*k)*time.Microsecond
		a.Result.Nfev, b.Result.Nfev = int(ta/time.Millisecond)+k, int(tb/time.Millisecond)+k
		runs = append(runs, a, b)
	}
	return runs
}

// TestVerdict: the best on each measure, the differences that are and
// are not significant, what the words say with one start and with too
// few for any test, and the cheapest of those at the lowest f when the
// cheapest is not there.
func TestVerdict(t *testing.T) {
	type want struct {
		best, tied []string
		worse      int
		fBest      string // the cheapest at the lowest f
	}
	for _, tc := range []struct {
		name          string
		runs          []bench.Run
		significance  bool
		f, time       want
		words, absent []string
	}{
		{"8 starts, A better on every start", verdictRuns(8, 0.1, 0.2, 5*time.Millisecond, 9*time.Millisecond), true,
			want{[]string{"A"}, nil, 1, "A"}, want{[]string{"A"}, nil, 1, "A"},
			[]string{"Lowest final f: A at 0.135; 1 significantly worse.", "Fastest: A at 5.01 ms; 1 significantly worse.", "Wilcoxon signed-rank"},
			[]string{"but not at the lowest", "; not significantly different"}},
		{"8 starts, B cheaper but worse", verdictRuns(8, 0.1, 0.2, 9*time.Millisecond, 5*time.Millisecond), true,
			want{[]string{"A"}, nil, 1, "A"}, want{[]string{"B"}, nil, 1, "A"},
			[]string{"Fastest: B at 5.01 ms; 1 significantly worse; but not at the lowest f: of those at it or not significantly above it, A at 9.01 ms."}, nil},
		{"8 starts, the same f", verdictRuns(8, 0.1, 0.1, 5*time.Millisecond, 9*time.Millisecond), true,
			want{[]string{"A", "B"}, nil, 0, "A"}, want{[]string{"A"}, nil, 1, "A"},
			[]string{"Lowest final f: A, B at 0.135."}, nil},
		{"3 starts: no test can tell", verdictRuns(3, 0.1, 0.2, 9*time.Millisecond, 5*time.Millisecond), false,
			want{[]string{"A"}, []string{"B"}, 0, "A"}, want{[]string{"B"}, []string{"A"}, 0, "A"},
			[]string{"With 3 starts per configuration no difference can be significant (the smallest p of 3 paired starts is 0.25, alpha 0.05)", "of those that are, A at 9 ms"},
			[]string{"significantly worse", "; not significantly different"}},
		{"3 starts, the same cost, A at the lowest f", sameCost(verdictRuns(3, 0.2, 0.1, 5*time.Millisecond, 5*time.Millisecond)), false,
			want{[]string{"B"}, []string{"A"}, 0, "B"}, want{[]string{"A", "B"}, nil, 0, "B"},
			[]string{"Fastest: A, B at 5 ms."}, []string{"but not at the lowest"}},
		{"1 start", verdictRuns(1, 0.1, 0.2, 9*time.Millisecond, 5*time.Millisecond), false,
			want{[]string{"A"}, []string{"B"}, 0, "A"}, want{[]string{"B"}, []string{"A"}, 0, "A"},
			[]string{"One start per configuration: each median is a single run, and no difference can be called significant.", "Lowest final f: A at 0.1."},
			[]string{"significantly worse"}},
	} {
		a := Analyze(tc.runs)
		v := a.Verdict()
		if v.Significance != tc.significance || len(v.Problems) != 1 || len(v.Problems[0].Measures) != 3 {
			t.Errorf("%s: significance %v (min p %g), %d problems; want %v, 1 with 3 measures", tc.name, v.Significance, v.MinP, len(v.Problems), tc.significance)
			continue
		}
		for i, w := range []want{tc.f, tc.time} {
			mv := v.Problems[0].Measures[i]
			if !slices.Equal(mv.Best, w.best) || !slices.Equal(mv.Tied, w.tied) || mv.Worse != w.worse || mv.FBest != w.fBest {
				t.Errorf("%s: %s best %v, tied %v, %d worse, cheapest at the lowest f %q; want %v, %v, %d, %q",
					tc.name, mv.Measure.Name, mv.Best, mv.Tied, mv.Worse, mv.FBest, w.best, w.tied, w.worse, w.fBest)
			}
		}
		text := strings.Join(v.Sentences(10), "\n")
		for _, s := range tc.words {
			if !strings.Contains(text, s) {
				t.Errorf("%s: the verdict lacks %q:\n%s", tc.name, s, text)
			}
		}
		for _, s := range tc.absent {
			if strings.Contains(text, s) {
				t.Errorf("%s: the verdict says %q:\n%s", tc.name, s, text)
			}
		}
	}
}

// TestVerdictAgreesWithBestAt: a configuration is best or not
// significantly different on a measure exactly when the summary marks it
// best at that measure.
func TestVerdictAgreesWithBestAt(t *testing.T) {
	runs := verdictRuns(8, 0.1, 0.2, 9*time.Millisecond, 5*time.Millisecond)
	for k := range 8 { // C: as good as A on f with other starts' noise, slowest
		c := benchtest.FakeRun(benchtest.Fake, "C", solvers.Success, 1, 0.1+0.01*float64((k*3)%8))
		c.Start, c.Result.Runtime, c.Result.Nfev = k, 20*time.Millisecond, 20
		runs = append(runs, c)
	}
	a := Analyze(runs)
	v := a.Verdict()
	for _, s := range a.Summaries {
		for i, mv := range v.Problems[0].Measures {
			inVerdict := slices.Contains(mv.Best, s.Label) || slices.Contains(mv.Tied, s.Label)
			marked := slices.ContainsFunc(s.BestAt, func(m Measure) bool { return m.Key == a.Settings.BestMeasures[i].Key })
			if inVerdict != marked {
				t.Errorf("%s on %s: in the verdict's best %v, marked best %v", s.Label, mv.Measure.Name, inVerdict, marked)
			}
		}
	}
}

// TestVerdictOfManyProblems: one line per problem up to the limit, the
// rest counted, and how often each configuration is best over all.
func TestVerdictOfManyProblems(t *testing.T) {
	var runs []bench.Run
	for i := range 4 {
		p := &bench.Problem{Name: "P" + string(rune('0'+i)), Dim: 1, FStar: math.NaN()}
		for _, r := range verdictRuns(6, 0.1, 0.2, 9*time.Millisecond, 5*time.Millisecond) {
			r.Problem = p
			runs = append(runs, r)
		}
	}
	s := Analyze(runs).Verdict().Sentences(2)
	want := []string{
		"Medians over 6 or more starts",
		"P0: lowest f: A at 0.125; of those, fastest: A at 9 ms; of those, fewest evaluations of f and gradients: A at 11.5.",
		"P1: ",
		"... and 2 more problems: see the summary table.",
		"Over the 4 problems, most often at the lowest median f, and cheapest of those there (in how many problems): f, A (4); time, A (4); evals, A (4).",
	}
	if len(s) != len(want) {
		t.Fatalf("%d sentences, want %d:\n%s", len(s), len(want), strings.Join(s, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(s[i], w) {
			t.Errorf("sentence %d %q, want it to begin %q", i, s[i], w)
		}
	}
}

// TestFormatSeconds: 4 significant digits, rounded across units.
func TestFormatSeconds(t *testing.T) {
	for _, tc := range []struct {
		s    float64
		want string
	}{{9.996e-6, "10 µs"}, {9.94e-6, "9.94 µs"}, {999.6e-6, "1 ms"}, {0.0123456, "12.3 ms"}, {0.9996, "1 s"}, {12.3456, "12.3 s"}} {
		if got := formatSeconds(tc.s); got != tc.want {
			t.Errorf("formatSeconds(%g) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// sameCost is runs with each start's runtime and evaluations those of
// the start's first run.
func sameCost(runs []bench.Run) []bench.Run {
	for i := 1; i < len(runs); i += 2 {
		runs[i].Result.Runtime, runs[i].Result.Nfev = runs[i-1].Result.Runtime, runs[i-1].Result.Nfev
	}
	return runs
}

// TestVerdictNearZero: on a problem whose minimum is 0, a configuration
// stuck at a local minimum of 2.8e-5 is not at the lowest f beside one
// at 1e-11 (an absolute tolerance of 1e-4 put it there), while two that
// both end within COCO's final target, 1e-8, of f* are the same minimum.
func TestVerdictNearZero(t *testing.T) {
	p := &bench.Problem{Name: "zero", Dim: 1, FStar: 0}
	var runs []bench.Run
	for k := range 3 {
		for _, c := range []struct {
			label string
			f     float64
		}{{"A", 1e-11}, {"B", 2.8e-5}, {"C", 4e-9}} {
			r := benchtest.FakeRun(p, c.label, solvers.Success, 1, c.f)
			r.Start = k
			runs = append(runs, r)
		}
	}
	mv := Analyze(runs).Verdict().Problems[0].Measures[0]
	if !slices.Equal(mv.Best, []string{"A", "C"}) || !slices.Equal(mv.Tied, []string{"B"}) {
		t.Errorf("best %v, tied %v; want [A C] at the minimum, B not", mv.Best, mv.Tied)
	}
}

// TestVerdictHolmLeavesNoSignificance: 6 starts give a smallest p of
// 0.031, below alpha, but with 4 configurations Holm's correction
// multiplies it by 3 comparisons: no difference can be significant, the
// verdict and the notes say so, and every row is best at everything.
func TestVerdictHolmLeavesNoSignificance(t *testing.T) {
	var runs []bench.Run
	for k := range 6 {
		for i, label := range []string{"A", "B", "C", "D"} {
			r := benchtest.FakeRun(benchtest.Fake, label, solvers.Success, 1, 0.1*float64(i+1)+0.01*float64(k))
			r.Start = k
			runs = append(runs, r)
		}
	}
	a := Analyze(runs)
	v := a.Verdict()
	if v.Significance || v.Comparisons != 3 {
		t.Errorf("significance %v with %d comparisons, want none with 3", v.Significance, v.Comparisons)
	}
	want := "no difference can be significant after Holm's correction (the smallest p of 6 paired starts is 0.031, times 3 comparisons"
	if text := strings.Join(v.Sentences(10), "\n"); !strings.Contains(text, want) {
		t.Errorf("the verdict lacks %q:\n%s", want, text)
	}
	if note := a.IntervalsNote(true); !strings.Contains(note, want) || !strings.Contains(note, "every row is marked best") {
		t.Errorf("the note lacks %q:\n%s", want, note)
	}
	for _, s := range a.Summaries {
		if len(s.BestAt) != len(a.Settings.BestMeasures) {
			t.Errorf("%s best at %d measures, want all", s.Label, len(s.BestAt))
		}
	}
}

// TestVerdictNamesTheFewLeftOut: in a problem's line, more than two at
// the lowest f are said as "all but" the few that are not, or "all".
func TestVerdictNamesTheFewLeftOut(t *testing.T) {
	var runs []bench.Run
	for _, p := range []*bench.Problem{{Name: "P", Dim: 1, FStar: 0}, {Name: "Q", Dim: 1, FStar: 0}} {
		for k := range 3 {
			for _, c := range []struct {
				label string
				f     float64
			}{{"A", 0}, {"B", 0}, {"C", 1e-12}, {"D", map[string]float64{"P": 0.5, "Q": 0}[p.Name]}} {
				r := benchtest.FakeRun(p, c.label, solvers.Success, 1, c.f)
				r.Start = k
				runs = append(runs, r)
			}
		}
	}
	text := strings.Join(Analyze(runs).Verdict().Sentences(10), "\n")
	for _, want := range []string{"P: lowest f: all but D at 0;", "Q: lowest f: all 4 configurations at 0;"} {
		if !strings.Contains(text, want) {
			t.Errorf("the verdict lacks %q:\n%s", want, text)
		}
	}
}

// TestVerdictWithoutF: settings that rank no final value (BestMeasures
// of costs only) give a verdict on those, every best "at the lowest f".
func TestVerdictWithoutF(t *testing.T) {
	st := DefaultSettings()
	st.BestMeasures = []Measure{Time, Evals}
	v := AnalyzeWith(verdictRuns(8, 0.1, 0.2, 5*time.Millisecond, 9*time.Millisecond), st).Verdict()
	if len(v.Problems) != 1 || len(v.Problems[0].Measures) != 2 {
		t.Fatalf("verdict %+v, want one problem with 2 measures", v)
	}
	for _, mv := range v.Problems[0].Measures {
		if !slices.Equal(mv.Best, []string{"A"}) || !mv.AtBestF {
			t.Errorf("%s: best %v, at the lowest f %v; want [A], true", mv.Measure.Name, mv.Best, mv.AtBestF)
		}
	}
}
