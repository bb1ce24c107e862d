package figure

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// manyRuns are configs x starts made-up runs of one problem with f* = 0
// known, each a short falling trace that differs by configuration and
// start: a method grid such as GD-fixed[alpha=1|2|...|8000] without
// running it.
func manyRuns(configs, starts int) []bench.Run {
	p := &bench.Problem{Name: "fake", Dim: 1, FStar: 0}
	var runs []bench.Run
	for c := range configs {
		label := fmt.Sprintf("GD-fixed[alpha=%04d]", c+1) // one width: legends are as wide as their labels
		for s := range starts {
			rate := 0.3 + 0.6*float64((c*7+s*3)%97)/97
			fs := make([]float64, 12)
			for i := range fs {
				fs[i] = 10 * math.Pow(rate, float64(i)) * (1 + 0.1*float64(s%5))
			}
			r := benchtest.FakeRun(p, "GD-fixed", solvers.Success, fs...)
			r.Label, r.Start = label, s
			runs = append(runs, r)
		}
	}
	return runs
}

// figureSizes renders every figure of runs as PNG and SVG: their sizes in
// points, and the largest file.
func figureSizes(t *testing.T, runs []bench.Run) (map[string][2]float64, int) {
	t.Helper()
	figs, err := Figures(analysis.Analyze(runs))
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[string][2]float64{}
	largest := 0
	for _, fig := range figs {
		f := fig.(Figure)
		sizes[f.Name()] = [2]float64{f.W.Points(), f.H.Points()}
		for _, ext := range []string{"png", "svg"} {
			b, err := f.Render(ext)
			if err != nil {
				t.Fatalf("%s.%s: %v", f.Name(), ext, err)
			}
			largest = max(largest, len(b))
		}
	}
	return sizes, largest
}

// TestFigureSizeBounded: the figures of 1,000 configurations (as many
// as a method grid may have) are as large as those of MaxSeries, those of
// 500 starts as those of 3, and their files stay small
// (GD-fixed[alpha=1|...|8000] drew a 3.5 GB image).
func TestFigureSizeBounded(t *testing.T) {
	for _, tc := range []struct{ like, configs, starts int }{{MaxSeries, 1000, 1}, {3, 3, 500}} {
		want, _ := figureSizes(t, manyRuns(tc.like, min(tc.starts, 3)))
		began := time.Now()
		sizes, largest := figureSizes(t, manyRuns(tc.configs, tc.starts))
		for name, s := range sizes {
			if s != want[name] {
				t.Errorf("%d configurations x %d starts: %s is %v points, with %d x %d %v", tc.configs, tc.starts, name, s, tc.like, min(tc.starts, 3), want[name])
			}
			if s[0] > 16*72 || s[1] > 8*72 {
				t.Errorf("%d configurations x %d starts: %s is %v points, want at most 16 x 8 in", tc.configs, tc.starts, name, s)
			}
		}
		if largest > 512<<10 {
			t.Errorf("%d configurations x %d starts: a file of %d bytes, want under 512 KiB", tc.configs, tc.starts, largest)
		}
		t.Logf("%d x %d: largest file %d bytes, %v", tc.configs, tc.starts, largest, time.Since(began))
	}
}

// TestLegendSummarises: past MaxSeries configurations a legend names the
// best MaxSeries and says how many more there are.
func TestLegendSummarises(t *testing.T) {
	figs, err := Figures(analysis.Analyze(manyRuns(2000, 1)))
	if err != nil {
		t.Fatal(err)
	}
	for _, fig := range figs {
		f := fig.(Figure)
		svg, err := f.Render("svg")
		if err != nil {
			t.Fatal(err)
		}
		if f.Name() != "final_loss" && !bytes.Contains(svg, []byte("and 1,988 more")) {
			t.Errorf("%s: the legend does not say 1,988 more configurations", f.Name())
		}
		if n := bytes.Count(svg, []byte("GD-fixed[alpha=")); n > 2*MaxSeries {
			t.Errorf("%s names %d configurations", f.Name(), n)
		}
		if !strings.Contains(f.Title(), "and 1,988 more configurations") && !strings.Contains(f.plot.Title.Text, "of 2,000 configurations") {
			t.Errorf("%s: neither caption %q nor title %q says what is left out", f.Name(), f.Title(), f.plot.Title.Text)
		}
	}
}

func TestBoundsHelpers(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 7988: "7,988", 1234567: "1,234,567"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	if got := More(8000, 12); got != "and 7,988 more configurations" {
		t.Errorf("More = %q", got)
	}
	if got := Shown(5, nil); len(got) != 5 {
		t.Errorf("Shown(5) = %v, want all", got)
	}
	got := Shown(20, func(i int) float64 { return -float64(i) }) // the last 12 are best
	if len(got) != MaxSeries || got[0] != 8 || got[11] != 19 {
		t.Errorf("Shown(20) = %v, want 8..19", got)
	}
	if got := Shown(13, func(i int) float64 { return math.NaN() }); len(got) != MaxSeries || got[11] != 11 {
		t.Errorf("Shown of NaN scores = %v, want the first 12", got)
	}
	x := make([]float64, 50000)
	f := make([]float64, len(x))
	for i := range x {
		x[i], f[i] = float64(i+1), float64(i+1)/float64(len(x))
	}
	tx, tf := thinSteps(x, f)
	if len(tx) > stepLevels+2 || tf[len(tf)-1] != 1 || tx[len(tx)-1] != x[len(x)-1] {
		t.Errorf("thinSteps kept %d points, ending at (%v, %v)", len(tx), tx[len(tx)-1], tf[len(tf)-1])
	}
	if r := byRank(10, 4, func(a, b int) int { return b - a }); len(r) != 4 || r[0] != 0 || r[3] != 9 {
		t.Errorf("byRank = %v, want 4 with the first and last", r)
	}
	if c := Cut(strings.Repeat("x", 100)); len([]rune(c)) != maxLabel || !strings.HasSuffix(c, "…") {
		t.Errorf("Cut = %q", c)
	}
}
