package figure

import (
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
