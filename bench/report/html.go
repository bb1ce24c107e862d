package report

import (
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/optbench/optbench/bench/figure"
	"github.com/optbench/optbench/bench/stats"
	"github.com/optbench/optbench/bench/table"
)

var reportTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5em auto; padding: 0 1em; max-width: 1400px; color: #222; line-height: 1.4; }
p, ul, dl { max-width: 62em; }
#verdict { background: #f6f8fa; border-left: 4px solid #4a78b0; padding: 0.2em 1em; margin: 1em 0; }
#verdict h2 { margin-top: 0.6em; border: 0; }
#verdict li { margin: 0.25em 0; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.8em; border-bottom: 1px solid #ddd; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; font-size: 14px; }
dl.run dt { font-weight: 600; } dl.run dd { margin: 0; overflow-wrap: anywhere; }
code { font-size: 13px; background: #f4f4f4; padding: 0 0.2em; }
.scroll { overflow-x: auto; margin: 0.5em 0 1.5em; }
table { border-collapse: collapse; font-size: 12px; }
th, td { padding: 3px 6px; border-bottom: 1px solid #ddd; }
td { white-space: nowrap; }
th { text-align: left; background: #f4f4f4; vertical-align: bottom; }
.scroll td:first-child { position: sticky; left: 0; background: #fff; }
.scroll th:first-child { position: sticky; left: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0 2.5em; max-width: 900px; }
figure svg { width: 100%; height: auto; }
figcaption { font-weight: 600; margin-bottom: 0.3em; }
dl.glossary { font-size: 14px; } dl.glossary dt { font-weight: 600; margin-top: 0.4em; } dl.glossary dd { margin-left: 1.5em; }
details summary { cursor: pointer; font-weight: 600; margin: 0.5em 0; }
{{if .Data}}{{.Style}}
{{end}}</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{with .Verdict}}<section id="verdict">
<h2>Verdict</h2>
{{range .Lead}}<p>{{.}}</p>
{{end}}{{if .Fold}}{{range .Tail}}<p>{{.}}</p>
{{end}}<details><summary>Problem by problem</summary><ul>
{{range .Items}}<li>{{.}}</li>
{{end}}</ul></details>
{{else}}{{if .Items}}<ul>
{{range .Items}}<li>{{.}}</li>
{{end}}</ul>
{{end}}{{range .Tail}}<p>{{.}}</p>
{{end}}{{end}}</section>
{{end}}<section id="what-was-run">
<h2>What was run</h2>
<dl class="run">
{{range .Setup}}<dt>{{.Key}}</dt><dd>{{.Value}}</dd>
{{end}}</dl>
{{range .Notes}}<p>{{.}}</p>
{{end}}</section>
<section id="results">
{{range .Tables}}{{template "table" .}}{{end}}</section>
{{if .Data}}<section id="interactive" hidden></section>
{{end}}<section id="figures">
<h2>Figures</h2>
{{range .Figures}}<figure id="{{.Name}}"><figcaption>{{.Title}}</figcaption>
{{.SVG}}
</figure>
{{end}}</section>
<section id="details">
{{range .After}}{{template "table" .}}{{end}}</section>
<section id="glossary">
<h2>Glossary</h2>
<dl class="glossary">
{{range .Glossary}}<dt>{{.Key}}</dt><dd>{{.Value}}</dd>
{{end}}</dl>
</section>
{{if .Data}}<script type="application/json" id="optbench-data">{{.Data}}</script>
<script>{{.Script}}</script>
{{end}}</body>
</html>
{{define "table"}}{{$t := .}}<h2>{{.Title}}</h2>
{{if .Collapse}}<details><summary>{{.AllRows}} rows: show</summary>{{end}}
{{if .Cut}}<p>The first {{.Shown}} of its {{.AllRows}} rows: {{.File}} has them all.</p>
{{end}}<div class="scroll"><table>
<tr>{{range $i, $h := .Header}}<th{{if index $t.Numeric $i}} class="num"{{end}}>{{$h}}</th>{{end}}</tr>
{{range $r, $row := .Rows}}<tr>{{range $i, $c := $row}}<td{{if index $t.Numeric $i}} class="num"{{with index $t.Keys $r $i}} data-v="{{.}}"{{end}}{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</table></div>
{{if .Collapse}}</details>{{end}}
{{end}}`))

// KV is one line of a report's lists: what was run, the glossary.
type KV struct{ Key, Value string }

// statuses explains the statuses, for report.html's glossary.
var statuses = []KV{
	{"status success", "the gradient's largest component fell below gtol (Nelder-Mead: its values stopped improving)"},
	{"status maxiter, maxfev, timeout", "the run used up its iterations, its evaluations or its time"},
	{"status stalled", "the line search could not improve the value any further before gtol was met: scipy's \"precision loss\"; common where f is flat, at large weights"},
	{"status nan", "the value or the gradient became NaN or infinite"},
	{"status error", "the run failed: a panic, or a request the method refuses (the message says why)"},
	{"status interrupted", "Ctrl-C or SIGTERM stopped the run"},
	{"status epochs", "a run on mini-batches (-batch) made its -epochs passes over the training set, the limit it was given; it has no convergence test, so its success is -"},
	{"status target", "under COCO's protocol (-budget), f reached f* + 1e-8, COCO's final target, and the run stopped there; maxfev there: the budget was spent"},
}

// tidied are the tables as report.html shows them (tidy).
func tidied(tables []table.Table) []table.Table {
	out := make([]table.Table, len(tables))
	for i, t := range tables {
		out[i] = tidy(t)
	}
	return out
}

// glossary explains every column of the tables that has a Doc and a Name
// (the ones people see), each name once, then the statuses.
func glossary(tables []table.Table) []KV {
	var out []KV
	seen := map[string]bool{}
	for _, t := range tables {
		for _, c := range t.Columns {
			if c.Doc == "" || c.Name == "" || seen[c.Doc] {
				continue
			}
			seen[c.Doc] = true
			name := c.Name
			if c.Term != "" {
				name = c.Term
			}
			out = append(out, KV{name, c.Doc})
		}
	}
	return append(out, statuses...)
}

type reportTable struct {
	Title   string
	Header  []string
	Numeric []bool
	Rows    [][]string
	// Keys are the numeric cells' values to 6 significant digits (more
	// than shown), what the page's script sorts a column by ("" where
	// none).
	Keys     [][]string
	Collapse bool
	// AllRows is the table's number of rows, Shown those in Rows (with
	// thousands separated): when Cut, the first maxHTMLRows, and File has
	// every one.
	AllRows, Shown string
	Cut            bool
	File           string
}

type reportFigure struct {
	Name, Title string
	SVG         template.HTML
}

// Tables longer than these are folded into a <details> element: after the
// figures, those past a screenful; before them, the results, only those a
// browser takes seconds to lay out (a bbob sweep's summary has 7,200 rows:
// folded, its page opens in 1.9 s rather than 6), which no one reads row
// by row.
const (
	collapseRows        = 20
	collapseResultsRows = 1000
)

// maxHTMLRows is the most rows of a table report.html holds, when the
// table has a CSV file with them all: a sweep of 100,000 runs would
// otherwise hold its runs table as 35 MB of HTML that no one reads row by
// row, and the page would grow without bound.
const maxHTMLRows = 10_000

// writeReport writes one self-contained HTML page: what was run, the
// tables, every figure as inline SVG, the long tables folded, and the
// glossary. Nothing is fetched from the network.
func writeReport(w io.Writer, rep Report, svgs [][]byte) error {
	data := struct {
		Title           string
		Setup, Glossary []KV
		Notes           []string
		Tables, After   []reportTable
		Figures         []reportFigure
		Verdict         *verdictHTML
		// Data, Script and Style make the interactive figures; none
		// when Data is empty.
		Data   template.JS
		Script template.JS
		Style  template.CSS
	}{Title: rep.Title, Data: template.JS(rep.Interactive), Script: template.JS(interactiveJS), Style: template.CSS(interactiveCSS), Setup: rep.Setup, Glossary: glossary(tidied(slices.Concat(rep.Tables, rep.After))),
		Notes: withoutTitle(rep.Notes, rep.Title), Verdict: verdictOf(rep.Verdict)}
	conv := func(t table.Table, fold int) reportTable {
		// Tidied as a whole (a copy: rep's tables stay as their CSV files
		// have them), then the rows the page shows, held: a table of a
		// large sweep's runs makes its rows as they are read.
		t = tidy(t)
		all := t.Len()
		cut := t.File != "" && all > maxHTMLRows
		if cut {
			t = t.Head(maxHTMLRows)
		} else {
			t = t.Head(all)
		}
		header, num, rows := t.Human()
		return reportTable{Title: t.Title, Header: header, Numeric: num, Rows: rows, Keys: sortKeys(t), Collapse: all > fold,
			AllRows: figure.Thousands(all), Shown: figure.Thousands(len(rows)), Cut: cut, File: t.File}
	}
	for _, t := range rep.Tables {
		data.Tables = append(data.Tables, conv(t, collapseResultsRows))
	}
	for _, t := range rep.After {
		data.After = append(data.After, conv(t, collapseRows))
	}
	for i, f := range rep.Figures {
		// The SVG comes from gonum/plot, not from user input.
		data.Figures = append(data.Figures, reportFigure{Name: f.Name(), Title: f.Title(), SVG: template.HTML(inlineSVG(svgs[i]))})
	}
	return reportTemplate.Execute(w, data)
}

// sortKeys are the values of t's numeric cells as people see them (the
// columns of Table.Human), to 6 significant digits, for sorting: an
// estimate's value, "NaN" for none, "Infinity" for +Inf; "" for text.
func sortKeys(t table.Table) [][]string {
	out := make([][]string, len(t.Rows))
	for r, row := range t.Rows {
		for i, c := range t.Columns {
			if c.Name == "" {
				continue
			}
			key := ""
			if c.Kind != table.Text {
				key = sortKey(row[i])
			}
			out[r] = append(out[r], key)
		}
	}
	return out
}

func sortKey(v any) string {
	var f float64
	switch v := v.(type) {
	case stats.Estimate:
		f = v.V
	case float64:
		f = v
	case int:
		return strconv.Itoa(v)
	default:
		return ""
	}
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'g', 6, 64) // NaN: "NaN"
}
