package bench

import (
	"html/template"
	"io"
)

var reportTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1300px; color: #222; }
.scroll { overflow-x: auto; margin: 0.5em 0 2em; }
table { border-collapse: collapse; font-size: 13px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #ddd; white-space: nowrap; }
th { text-align: left; background: #f4f4f4; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0 2.5em; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: 600; margin-bottom: 0.3em; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{range .Notes}}<p>{{.}}</p>
{{end}}
{{range .Tables}}{{$t := .}}<h2>{{.Title}}</h2>
<div class="scroll"><table>
<tr>{{range $i, $h := .Header}}<th{{if index $t.Numeric $i}} class="num"{{end}}>{{$h}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range $i, $c := .}}<td{{if index $t.Numeric $i}} class="num"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</table></div>
{{end}}
{{range .Figures}}<figure id="{{.Name}}"><figcaption>{{.Title}}</figcaption>
{{.SVG}}
</figure>
{{end}}
</body>
</html>
`))

type reportTable struct {
	Title   string
	Header  []string
	Numeric []bool
	Rows    [][]string
}

type reportFigure struct {
	Name, Title string
	SVG         template.HTML
}

// writeReport writes one self-contained HTML page: the tables, then every
// figure as inline SVG. Nothing is fetched from the network.
func writeReport(w io.Writer, rep Report, svgs [][]byte) error {
	data := struct {
		Title   string
		Notes   []string
		Tables  []reportTable
		Figures []reportFigure
	}{Title: rep.Title, Notes: rep.Notes}
	for _, t := range rep.Tables {
		num := make([]bool, len(t.Header))
		copy(num, t.Numeric)
		data.Tables = append(data.Tables, reportTable{Title: t.Title, Header: t.Header, Numeric: num, Rows: t.Rows})
	}
	for i, f := range rep.Figures {
		// The SVG comes from gonum/plot, not from user input.
		data.Figures = append(data.Figures, reportFigure{Name: f.Name, Title: f.Title, SVG: template.HTML(inlineSVG(svgs[i]))})
	}
	return reportTemplate.Execute(w, data)
}
