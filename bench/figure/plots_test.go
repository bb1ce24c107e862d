package figure

import (
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

func sweepFigures(t *testing.T, starts int) []bench.Figure {
	t.Helper()
	figs, err := Figures(analysis.Analyze(benchtest.Runs(t, []*bench.Problem{benchtest.Classroom()}, starts, solvers.Options{MaxIter: 100}, "BFGS", "L-BFGS", "Nelder-Mead")))
	if err != nil {
		t.Fatal(err)
	}
	return figs
}

// TestFigureTitlesSayWhatIsDrawn: one start is not a median.
func TestFigureTitlesSayWhatIsDrawn(t *testing.T) {
	for starts, want := range map[int]string{1: "one start per method", 3: "median over up to 3 starts, 20-80 % band"} {
		for _, fig := range sweepFigures(t, starts) {
			f := fig.(Figure)
			if strings.HasPrefix(f.Name(), "loss_vs") && !strings.Contains(f.plot.Title.Text, want) {
				t.Errorf("%d starts: %s title %q, want %q", starts, f.Name(), f.plot.Title.Text, want)
			}
		}
	}
}

// TestCircularFiguresLeftOut: of the classroom network, whose f* is only
// the best value reached, the ECDFs and profiles are drawn from
// analysis.MinBestSeenStarts starts on, with captions that say what f* is,
// and not with fewer; beside a known f* they are drawn, naming the problem
// they leave out.
func TestCircularFiguresLeftOut(t *testing.T) {
	targetFigures := []string{"ecdf_evals", "ecdf_time", "performance_profile", "data_profile"}
	for _, tc := range []struct {
		name     string
		problems []*bench.Problem
		starts   int
		drawn    bool
		ecdf     string // in the ECDFs' captions
		profile  string // in the profiles'
	}{
		{"one start", []*bench.Problem{benchtest.Classroom()}, 1, false, "", ""},
		{"too few starts", []*bench.Problem{benchtest.Classroom()}, analysis.MinBestSeenStarts - 1, false, "", ""},
		{"enough starts", []*bench.Problem{benchtest.Classroom()}, analysis.MinBestSeenStarts, true,
			"f* is the best value any run reached, not a known minimum", "f_L the lowest value any method reached from that start"},
		{"beside a known f*", []*bench.Problem{benchtest.Classroom(), benchtest.Rosenbrock()}, 1, true,
			"classroom left out: f* only the best value reached", "classroom left out: f* only the best value reached"},
	} {
		runs := benchtest.Runs(t, tc.problems, tc.starts, solvers.Options{MaxIter: 30}, "BFGS", "Nelder-Mead")
		figs, err := Figures(analysis.Analyze(runs))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range targetFigures {
			i := slices.IndexFunc(figs, func(f bench.Figure) bool { return f.Name() == name })
			if drawn := i >= 0; drawn != tc.drawn {
				t.Errorf("%s: %s drawn %v, want %v", tc.name, name, drawn, tc.drawn)
				continue
			}
			want := tc.ecdf
			if strings.HasSuffix(name, "profile") {
				want = tc.profile
			}
			if i >= 0 && !strings.Contains(figs[i].Title(), want) {
				t.Errorf("%s: %s caption lacks %q: %s", tc.name, name, want, figs[i].Title())
			}
		}
	}
}
