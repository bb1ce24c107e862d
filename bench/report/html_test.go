package report

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/bench/stats"
	"github.com/optbench/optbench/bench/table"
	"github.com/optbench/optbench/solvers"
)

// TestReportLayout: report.html of a sweep of 3 starts opens with its
// verdict, says first that 3 starts can show no significant difference,
// wraps every table in its own scrolling box, prints no caption twice
// (figure captions, headings), shows no ±∞ and no best-at column that is
// the same on every row, and does not repeat its title in the notes.
func TestReportLayout(t *testing.T) {
	p := benchtest.Classroom()
	p.Desc = "the classroom network, for this test"
	a := analysis.Analyze(benchtest.Runs(t, []*bench.Problem{p}, 3, solvers.Options{MaxIter: 40}, "BFGS", "Nelder-Mead"))
	notes := []string{"The classroom network, for this test; 6 runs in 1s on 2 workers.", "3 starts per row, seed 1."}
	rep, err := New(a, "optbench: optimizers on the classroom network, for this test", []KV{{"command", "optbench"}}, notes)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := WriteFiles(dir, a.Runs, rep); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	verdict, run := strings.Index(html, `<section id="verdict">`), strings.Index(html, `<section id="what-was-run">`)
	if verdict < 0 || run < verdict || !strings.Contains(html[verdict:run], "<p>With 3 starts per configuration no difference can be significant") ||
		!strings.Contains(html[verdict:run], "<li>Lowest final train loss: ") {
		t.Errorf("report.html does not open with the verdict:\n%.1500s", html[strings.Index(html, "<body>"):])
	}
	if n, wrapped := strings.Count(html, "<table>"), strings.Count(html, `<div class="scroll"><table>`); n == 0 || n != wrapped {
		t.Errorf("%d of %d tables in a scrolling box", wrapped, n)
	}
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`<(?:h1|h2|figcaption)>([^<]*)<`).FindAllStringSubmatch(html, -1) {
		if seen[m[1]] {
			t.Errorf("caption or heading printed twice: %q", m[1])
		}
		seen[m[1]] = true
	}
	if tables := html[strings.Index(html, `<section id="results">`):strings.Index(html, `<section id="figures">`)]; strings.Contains(tables, "±∞") || strings.Contains(html, "best at") {
		t.Errorf("report.html shows ±∞ or a best-at column (or its glossary) with 3 starts:\n%s", tables)
	}
	if !strings.Contains(html, "<h2>Summary over starts: medians (summary.csv has more)</h2>") {
		t.Errorf("the summary's title promises intervals it does not show")
	}
	if !strings.Contains(html, "<p>6 runs in 1s on 2 workers.</p>") || strings.Contains(html, "<p>The classroom network, for this test;") {
		t.Errorf("the first note repeats the title, or is lost")
	}
	if !strings.Contains(html, "figure { margin: 1em 0 2.5em; max-width: 900px; }") {
		t.Errorf("figures are not held to 900 px")
	}
}

// TestTidy: what report.html leaves out of a table and where it puts the
// best-at marks; the table itself (its CSV) is unchanged.
func TestTidy(t *testing.T) {
	inf := stats.Estimate{V: 1, Lo: math.Inf(-1), Hi: math.Inf(1)}
	some := stats.Estimate{V: 1, Lo: 0.9, Hi: 1.2}
	cols := []table.Column{{Name: "method", Kind: table.Text}, {Name: "gradient", Kind: table.Text},
		{Name: "median f", Key: "median_fun", Kind: table.Sig, CI: true}, {Name: "best at", Kind: table.Text}}
	for _, tc := range []struct {
		name   string
		rows   [][]any
		header []string
		cell   string // row 0 of "median f"
	}{
		{"±∞ on every row, the same marks", [][]any{{"A", "analytic", inf, "f time"}, {"B", "analytic", inf, "f time"}},
			[]string{"method", "gradient", "median f"}, "1"},
		{"one interval, marks that differ", [][]any{{"A", "analytic", inf, "f time"}, {"B", "analytic", some, "time"}},
			[]string{"method", "gradient", "best at", "median f"}, "1 ±∞"},
		{"one row", [][]any{{"A", "analytic", some, "f"}},
			[]string{"method", "gradient", "best at", "median f"}, "1 ±20%"},
	} {
		tab := table.Table{Title: "Summary over starts: medians ± their 95 % confidence interval (summary.csv has more)", Columns: slices.Clone(cols)}
		for _, r := range tc.rows {
			tab.Add(slices.Clone(r)...)
		}
		tidied := tidy(tab)
		header, _, rows := tidied.Human()
		if want := tab.Title; strings.HasSuffix(tc.cell, "%") || strings.HasSuffix(tc.cell, "∞") {
			if tidied.Title != want {
				t.Errorf("%s: title %q, want %q", tc.name, tidied.Title, want)
			}
		} else if tidied.Title != "Summary over starts: medians (summary.csv has more)" {
			t.Errorf("%s: title %q still promises intervals", tc.name, tidied.Title)
		}
		if !slices.Equal(header, tc.header) {
			t.Errorf("%s: header %q, want %q", tc.name, header, tc.header)
		}
		if i := slices.Index(header, "median f"); i < 0 || rows[0][i] != tc.cell {
			t.Errorf("%s: row %q, want median f %q", tc.name, rows[0], tc.cell)
		}
		if !slices.EqualFunc(tab.Columns, cols, func(a, b table.Column) bool { return a == b }) || tab.Rows[0][3] != tc.rows[0][3] {
			t.Errorf("%s: tidy changed the table itself", tc.name)
		}
	}
}

// TestWithoutFlags: a merged report's command is the sweep's, without
// -shard and -out in any of their spellings.
func TestWithoutFlags(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"optbench -starts 10 -shard 1/4 -out d", "optbench -starts 10"},
		{"optbench -out=d -starts 10 --out d2", "optbench -starts 10"},
		{"optbench compare -shard=2/4 -methods BFGS", "optbench compare -methods BFGS"},
		{"optbench --shard auto -starts 3", "optbench -starts 3"},
		{"optbench -methods 'BFGS,GD' -starts 3", "optbench -methods 'BFGS,GD' -starts 3"},
		{"optbench -starts 3 -- -shard 1/2", "optbench -starts 3 -- -shard 1/2"},
	} {
		args := strings.Fields(tc.in)
		if got := strings.Join(WithoutFlags(args, "shard", "out"), " "); got != tc.want {
			t.Errorf("WithoutFlags(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if got := Command([]string{"optbench", "-methods", "BFGS[c1=0.1],GD", "-problems", ""}); got != `optbench -methods 'BFGS[c1=0.1],GD' -problems ''` {
		t.Errorf("Command quotes %s", got)
	}
}
