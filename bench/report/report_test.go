package report

import (
	"context"
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/figure"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/bench/table"
	"github.com/optbench/optbench/solvers"
)

// TestReportStructure: report.html opens with what was run, then the
// results, the figures (every one inline), the folded long tables and the
// glossary, and refers to nothing outside itself.
func TestReportStructure(t *testing.T) {
	figs, err := figure.Figures(analysis.Analyze(benchtest.Runs(t, []*bench.Problem{benchtest.Classroom()}, 2, solvers.Options{MaxIter: 100}, "BFGS", "L-BFGS", "Nelder-Mead")))
	if err != nil {
		t.Fatal(err)
	}
	svgs := make([][]byte, len(figs))
	for i, f := range figs {
		var err error
		if svgs[i], err = f.Render("svg"); err != nil {
			t.Fatal(err)
		}
	}
	colLabel := table.Column{Name: "method", Key: "label", Kind: table.Text, Doc: "the method"}
	long := table.Table{Title: "Runs", Columns: []table.Column{colLabel, {Name: "nit", Key: "nit", Kind: table.Int, Doc: "iterations"}}}
	for i := range 30 {
		long.Add("BFGS", i)
	}
	summary := table.Table{Title: "Summary", Columns: []table.Column{colLabel}}
	summary.Add("BFGS")
	rep := Report{Title: "t", Setup: []KV{{"command", "optbench -starts 2 -out x"}, {"seed", "1"}},
		Tables: []table.Table{summary}, Figures: figs, After: []table.Table{long}}
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
		if !strings.Contains(html, `<figure id="`+f.Name()+`">`) {
			t.Errorf("figure %s is not embedded", f.Name())
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

// TestTraceCSVQuotesLabels: a label with commas stays one field.
func TestTraceCSVQuotesLabels(t *testing.T) {
	c, err := solvers.Default.Config("BFGS", map[string]string{"linesearch": "more-thuente", "c2": "0.5"})
	if err != nil {
		t.Fatal(err)
	}
	p := benchtest.Classroom()
	p.Name = "data, with a comma.csv"
	specs := benchtest.Specs(t, []*bench.Problem{p}, []solvers.Config{c}, []solvers.GradientMode{solvers.Analytic}, 1, 1, solvers.Options{MaxIter: 3})
	var buf strings.Builder
	if err := WriteTraceCSV(&buf, bench.Execute(context.Background(), specs, 1, nil)); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[1][0] != p.Name || rows[1][1] != "BFGS" || rows[1][2] != "BFGS[linesearch=more-thuente,c2=0.5]" || rows[1][3] != "analytic" || rows[4][5] != "3" || len(rows[0]) != 12 {
		t.Errorf("trace.csv rows %q", rows)
	}
}

// TestManifestListsEveryFile: every file a sweep's directory gets is in
// the Manifest, which a new sweep clears, and WriteDir leaves no
// temporary file.
func TestManifestListsEveryFile(t *testing.T) {
	dir := t.TempDir()
	a := analysis.Analyze(benchtest.Runs(t, []*bench.Problem{benchtest.Classroom(), benchtest.Rosenbrock()}, 2, solvers.Options{MaxIter: 30}, "BFGS", "Nelder-Mead"))
	rep, err := New(a, "t", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, a.Runs, rep); err != nil {
		t.Fatal(err)
	}
	one := analysis.Analyze(benchtest.Runs(t, []*bench.Problem{benchtest.Rosenbrock()}, 3, solvers.Options{MaxIter: 30}, "BFGS"))
	if rep, err = New(one, "t", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := WriteFiles(dir, one.Runs, rep); err != nil {
		t.Fatal(err)
	}
	manifest := Manifest()
	entries, _ := os.ReadDir(dir)
	if len(entries) < 20 {
		t.Errorf("only %d files written", len(entries))
	}
	for _, e := range entries {
		if !slices.Contains(manifest, e.Name()) {
			t.Errorf("%s is not in the manifest", e.Name())
		}
	}
}

// TestLongResultsFolded: a results table is shown open up to
// collapseResultsRows rows, and folded past them (a browser takes seconds
// to lay out thousands of rows); a table after the figures is folded past
// collapseRows.
func TestLongResultsFolded(t *testing.T) {
	col := table.Column{Name: "method", Key: "label", Kind: table.Text}
	long := func(title string, n int) table.Table {
		tb := table.Table{Title: title, Columns: []table.Column{col}}
		for range n {
			tb.Add("BFGS")
		}
		return tb
	}
	for _, tc := range []struct {
		rep    Report
		folded map[string]bool
	}{
		{Report{Tables: []table.Table{long("Open", collapseResultsRows)}, After: []table.Table{long("After", collapseRows)}}, map[string]bool{"Open": false, "After": false}},
		{Report{Tables: []table.Table{long("Long", collapseResultsRows+1)}, After: []table.Table{long("After", collapseRows+1)}}, map[string]bool{"Long": true, "After": true}},
	} {
		var b strings.Builder
		if err := writeReport(&b, tc.rep, nil); err != nil {
			t.Fatal(err)
		}
		for title, want := range tc.folded {
			_, rest, _ := strings.Cut(b.String(), "<h2>"+title+"</h2>\n")
			if got := strings.HasPrefix(rest, "<details>"); got != want {
				t.Errorf("table %q folded %v, want %v", title, got, want)
			}
		}
	}
}

// TestLongTablesCut: a table with a CSV file holds its first maxHTMLRows
// rows in report.html and says where the rest are; one without a file, or
// no longer than that, holds every row.
func TestLongTablesCut(t *testing.T) {
	col := table.Column{Name: "nit", Key: "nit", Kind: table.Int}
	long := func(title, file string, n int) table.Table {
		tb := table.Table{Title: title, File: file, Columns: []table.Column{col}}
		for i := range n {
			tb.Add(i)
		}
		return tb
	}
	rep := Report{After: []table.Table{long("Runs", "runs.csv", maxHTMLRows+1), long("Exact", "exact.csv", maxHTMLRows), long("No file", "", maxHTMLRows+1)}}
	var b strings.Builder
	if err := writeReport(&b, rep, nil); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, tc := range []struct {
		title string
		rows  int
		note  string
	}{
		{"Runs", maxHTMLRows, "<p>The first 10,000 of its 10,001 rows: runs.csv has them all.</p>"},
		{"Exact", maxHTMLRows, ""},
		{"No file", maxHTMLRows + 1, ""},
	} {
		_, rest, _ := strings.Cut(html, "<h2>"+tc.title+"</h2>")
		section, _, _ := strings.Cut(rest, "</table>")
		if n := strings.Count(section, "<tr>") - 1; n != tc.rows {
			t.Errorf("%s: %d rows, want %d", tc.title, n, tc.rows)
		}
		if got := strings.Contains(section, "<p>The first"); got != (tc.note != "") || !strings.Contains(section, tc.note) {
			t.Errorf("%s: note %v, want %q", tc.title, got, tc.note)
		}
	}
}

// TestTidiedWhole: a long table is tidied as a whole, then cut: a "best
// at" column that differs only past the rows the page shows is still
// shown, as it is for a table of rows made as they are read.
func TestTidiedWhole(t *testing.T) {
	cols := []table.Column{{Name: "method", Key: "method", Kind: table.Text}, {Name: "nit", Key: "nit", Kind: table.Int}, {Name: bestAtColumn, Key: "best_at", Kind: table.Text}}
	mark := func(i int) string {
		if i == maxHTMLRows {
			return ""
		}
		return "f"
	}
	held := table.Table{Title: "Held", File: "held.csv", Columns: cols}
	for i := range maxHTMLRows + 1 {
		held.Add("BFGS", i, mark(i))
	}
	made := table.Made("Made", "made.csv", cols, maxHTMLRows+1, func(i int, dst []any) []any { return append(dst[:0], "BFGS", i, mark(i)) })
	var b strings.Builder
	if err := writeReport(&b, Report{After: []table.Table{held, made}}, nil); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Held", "Made"} {
		_, rest, _ := strings.Cut(b.String(), "<h2>"+title+"</h2>")
		section, _, _ := strings.Cut(rest, "</table>")
		if !strings.Contains(section, "<th>best at</th>") {
			t.Errorf("%s: the best-at column, which differs on row 10,001, is hidden", title)
		}
	}
}
