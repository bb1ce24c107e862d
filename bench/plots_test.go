package bench

import (
	"context"
	"strings"
	"testing"

	"github.com/optbench/optbench/solvers"
)

func sweepFigures(t *testing.T, starts int) []Figure {
	t.Helper()
	specs, err := Specs([]*Problem{testProblem()}, configs(t, "BFGS", "L-BFGS", "Nelder-Mead"), []solvers.GradientMode{solvers.Analytic}, starts, 1, solvers.Options{MaxIter: 100})
	if err != nil {
		t.Fatal(err)
	}
	figs, err := Figures(Execute(context.Background(), specs, 2, nil))
	if err != nil {
		t.Fatal(err)
	}
	return figs
}

// TestFigureTitlesSayWhatIsDrawn: one start is not a median.
func TestFigureTitlesSayWhatIsDrawn(t *testing.T) {
	for starts, want := range map[int]string{1: "one start per method", 3: "median over up to 3 starts, 20-80 % band"} {
		for _, f := range sweepFigures(t, starts) {
			if strings.HasPrefix(f.Name, "loss_vs") && !strings.Contains(f.plot.Title.Text, want) {
				t.Errorf("%d starts: %s title %q, want %q", starts, f.Name, f.plot.Title.Text, want)
			}
		}
	}
}

func TestTickLabels(t *testing.T) {
	for v, want := range map[float64]string{0.10000000000000006: "0.1", 9.999999999999999e-05: "1e-4", 1e-16: "1e-16", 250: "250",
		0.001: "0.001", 1e5: "1e+5", 12345678: "1.23e+7"} {
		if got := tickLabel(v); got != want {
			t.Errorf("tickLabel(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestReportStructure: report.html opens with what was run, then the
// results, the figures (every one inline), the folded long tables and the
// glossary, and refers to nothing outside itself.
func TestReportStructure(t *testing.T) {
	figs := sweepFigures(t, 2)
	svgs := make([][]byte, len(figs))
	for i, f := range figs {
		var err error
		if svgs[i], err = f.Render("svg"); err != nil {
			t.Fatal(err)
		}
	}
	long := Table{Title: "Runs", Columns: []Column{colLabel, {Name: "nit", Key: "nit", Kind: Int, Doc: "iterations"}}}
	for i := range 30 {
		long.Add("BFGS", i)
	}
	summary := Table{Title: "Summary", Columns: []Column{colLabel}}
	summary.Add("BFGS")
	rep := Report{Title: "t", Setup: []KV{{"command", "optbench -starts 2 -out x"}, {"seed", "1"}},
		Tables: []Table{summary}, Figures: figs, After: []Table{long}}
	var b strings.Builder
	if err := writeReport(&b, rep, svgs); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	order := []string{`<section id="what-was-run">`, "<dt>command</dt><dd>optbench -starts 2 -out x</dd>", `<section id="results">`, "<h2>Summary</h2>",
		`<section id="figures">`, `<section id="details">`, "<details><summary>30 rows: show</summary>", `<section id="glossary">`, "<dt>method</dt>", "<dt>nit</dt><dd>iterations</dd>", "<dt>status stalled</dt>"}
	at := 0
	for _, want := range order {
		i := strings.Index(html[at:], want)
		if i < 0 {
			t.Fatalf("report.html lacks %q after byte %d", want, at)
		}
		at += i
	}
	for _, f := range figs {
		if !strings.Contains(html, `<figure id="`+f.Name+`">`) {
			t.Errorf("figure %s is not embedded", f.Name)
		}
	}
	if n := strings.Count(html, "<svg"); n != len(figs) {
		t.Errorf("%d inline SVGs for %d figures", n, len(figs))
	}
	for _, bad := range []string{"src=\"http", "href=\"http", "<link", "<script", "@import", "url(http"} {
		if strings.Contains(html, bad) {
			t.Errorf("report.html refers outside itself: %q", bad)
		}
	}
}
