package table

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/optbench/optbench/bench/stats"
)

// Kind says how a column's values are typed and printed for people.
type Kind int

const (
	Text    Kind = iota // string
	Int                 // int
	Sig                 // float64, 4 significant digits
	Percent             // float64 fraction in [0, 1], printed as 12.5%
	Seconds             // float64 seconds, printed as 28.4ms
	Count               // float64 count (a median: may end in .5), "-" when infinite
	Sig2                // float64, 2 significant digits: errors, steps (3.2e-9)
	Ratio               // float64, 2 significant digits as cocopp prints aRT ratios: "" for NaN (none), ∞ for +Inf
)

// Column is one typed column of a table. People see Name (and numbers
// formatted by Kind, right-aligned); machines see Key (snake_case, SI units
// named in it, full-precision numbers). A column with no Name is for
// machines only, one with no Key for people only. Doc explains the column
// in report.html's glossary, under Term when it explains several columns
// (under Name otherwise).
type Column struct {
	Name string
	Key  string
	Kind Kind
	Doc  string
	Term string
	// CI columns hold Estimates: machines get key, key_lo and key_hi;
	// people the value with its interval (25.0% [9-49] for a Percent,
	// 0.1244 ±3% otherwise, or the bounds, 8.7e-16 [8.1e-17, 4.6e-14],
	// when the interval is wider than the value: see formatInterval), or
	// the value alone when Plain.
	CI, Plain bool
}

// Table is a titled list of typed columns; each row holds one value per
// column, of the column's Kind's type. Its rows are held (Rows), or made
// as they are read (Made): read either kind with Len and Row.
type Table struct {
	Title   string
	File    string // the CSV file it is written to in an output directory; "" for none
	Columns []Column
	Rows    [][]any // the rows held; none in a table that makes its rows
	made    *madeRows
}

// madeRows are the rows of a table that makes them as they are read.
type madeRows struct {
	n   int
	row func(i int, dst []any) []any
}

// Made is a table of n rows made as they are read: row(i, dst) is row i,
// in dst's storage when it is long enough. A table of a large sweep's
// runs or ECDF steps, hundreds of thousands of rows, is so written to its
// CSV file row by row rather than held whole.
func Made(title, file string, columns []Column, n int, row func(i int, dst []any) []any) Table {
	return Table{Title: title, File: file, Columns: columns, made: &madeRows{n, row}}
}

// Len is the number of rows.
func (t Table) Len() int {
	if t.made != nil {
		return t.made.n
	}
	return len(t.Rows)
}

// Row is row i: a held row as it is, or a made one in dst's storage (pass
// the last call's result to reuse it). Read-only.
func (t Table) Row(i int, dst []any) []any {
	if t.made != nil {
		return t.made.row(i, dst)
	}
	return t.Rows[i]
}

// Head is the table of its first n rows (all of them when it has fewer),
// held.
func (t Table) Head(n int) Table {
	n = min(n, t.Len())
	out := Table{Title: t.Title, File: t.File, Columns: t.Columns}
	if t.made == nil {
		out.Rows = t.Rows[:n:n]
		return out
	}
	out.Rows = make([][]any, n)
	for i := range out.Rows {
		out.Rows[i] = t.made.row(i, nil)
	}
	return out
}

// Add appends a row; it panics when the row does not fit the columns, or
// the table makes its rows: programming errors.
func (t *Table) Add(row ...any) {
	if len(row) != len(t.Columns) {
		panic(fmt.Sprintf("bench: table %q: row of %d values for %d columns", t.Title, len(row), len(t.Columns)))
	}
	if t.made != nil {
		panic(fmt.Sprintf("bench: table %q makes its rows: none can be added", t.Title))
	}
	t.Rows = append(t.Rows, row)
}

// Human is the table as people read it: the header and rows of the
// columns with a Name, and which of them are numeric.
func (t Table) Human() (header []string, numeric []bool, rows [][]string) {
	var cols []int
	for i, c := range t.Columns {
		if c.Name != "" {
			cols = append(cols, i)
			header = append(header, c.Name)
			numeric = append(numeric, c.Kind != Text)
		}
	}
	var r []any
	for k := range t.Len() {
		r = t.Row(k, r)
		row := make([]string, len(cols))
		for j, i := range cols {
			c := t.Columns[i]
			if e, ok := r[i].(stats.Estimate); ok {
				row[j] = formatHuman(c.Kind, e.V)
				if !c.Plain {
					row[j] += formatInterval(c.Kind, e)
				}
				continue
			}
			row[j] = formatHuman(c.Kind, r[i])
		}
		rows = append(rows, row)
	}
	return header, numeric, rows
}

// formatInterval is an estimate's interval as people read it: " [9-49]"
// (whole percents) for a share, " ±3%" (the wider side, relative to the
// value, as benchstat has it) otherwise, " ±∞" when there were too few
// values for one; "" when the value is not finite.
//
// When the wider side exceeds the value's magnitude (a relative width over
// 100%, a median of 0 with an interval around it) the bounds themselves
// are printed, " [8.1e-17, 4.6e-14]" (3 significant digits, as Short):
// such a median is near zero on the interval's scale, and a percentage of
// it (8.7e-16 ±5278%) only says how small the median happened to be, not
// where the values lie.
func formatInterval(k Kind, e stats.Estimate) string {
	switch {
	case !finite(e.V) || math.IsNaN(e.Lo) || math.IsNaN(e.Hi):
		return ""
	case math.IsInf(e.Lo, 0) || math.IsInf(e.Hi, 0):
		return " ±∞"
	case k == Percent:
		return fmt.Sprintf(" [%.0f-%.0f]", 100*e.Lo, 100*e.Hi)
	case e.V == 0 && e.Lo == 0 && e.Hi == 0:
		return " ±0%"
	}
	wider := max(e.Hi-e.V, e.V-e.Lo)
	if wider > math.Abs(e.V) {
		return " [" + formatBound(k, e.Lo) + ", " + formatBound(k, e.Hi) + "]"
	}
	return fmt.Sprintf(" ±%.0f%%", 100*wider/math.Abs(e.V))
}

// formatBound is an interval's bound printed absolutely: with the unit
// for seconds, as counts are printed for counts, with 3 significant
// digits otherwise (0.45, 1060, 4.6e-14), exponents of two digits at least
// as the medians beside them print them (4.61e+05 beside 8.287e+04).
func formatBound(k Kind, v float64) string {
	switch k {
	case Seconds:
		return formatSeconds(v)
	case Count, Int:
		return formatCount(v)
	}
	s := Short(v)
	if i := strings.IndexAny(s, "e"); i >= 0 && len(s)-i == 3 { // e+5 -> e+05
		s = s[:i+2] + "0" + s[i+2:]
	}
	return s
}

// machine is the table as CSV has it: the columns with a Key.
func (t Table) machine() (header []string, cols []int) {
	for i, c := range t.Columns {
		if c.Key != "" {
			cols = append(cols, i)
			header = append(header, c.Key)
			if c.CI {
				header = append(header, c.Key+"_lo", c.Key+"_hi")
			}
		}
	}
	return header, cols
}

// machineRow is row r of t for machines, in the columns cols (machine's),
// appended to dst[:0].
func (t Table) machineRow(dst []string, r []any, cols []int) []string {
	row := dst[:0]
	for _, i := range cols {
		e, ok := r[i].(stats.Estimate)
		switch {
		case ok:
			row = append(row, Raw(e.V), Raw(e.Lo), Raw(e.Hi))
		case t.Columns[i].CI:
			row = append(row, formatMachine(r[i]), "", "")
		default:
			row = append(row, formatMachine(r[i]))
		}
	}
	return row
}

func formatHuman(k Kind, v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case float64:
		switch k {
		case Percent:
			return formatPercent(v)
		case Seconds:
			return formatSeconds(v)
		case Count, Int:
			return formatCount(v)
		case Sig2:
			return formatSig2(v)
		case Ratio:
			return formatRatio(v)
		}
		return formatSig(v, 4)
	}
	return fmt.Sprint(v)
}

// formatSig2 formats v with 2 significant digits and a short exponent:
// 3.2e-9, 0.012, 1e-5.
func formatSig2(v float64) string {
	t := strconv.FormatFloat(v, 'g', 2, 64)
	return strings.NewReplacer("e-0", "e-", "e+0", "e+").Replace(t)
}

// formatRatio formats an aRT ratio: 2 significant digits (0.93, 1.4, 70,
// 1.2e+3), ∞ when only the reference reached the target, nothing when there
// is no ratio.
func formatRatio(v float64) string {
	switch {
	case math.IsNaN(v):
		return ""
	case math.IsInf(v, 1):
		return "∞"
	case v >= 100 && v < 1000:
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
	return formatSig2(v)
}

func formatMachine(v any) string {
	switch v := v.(type) {
	case diffCell:
		return Raw(v.V)
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case float64:
		return Raw(v)
	}
	return fmt.Sprint(v)
}

// Formats lists the table formats WriteTable knows; JSON lines are written
// from the runs themselves (see WriteJSON).
var Formats = []string{"table", "markdown", "csv", "json"}

// WriteTable writes t as format "table" (aligned columns, like benchstat),
// "markdown" or "csv".
func WriteTable(w io.Writer, t Table, format string) error {
	switch format {
	case "csv":
		// Row by row: a table of a large sweep's runs or ECDF steps is
		// hundreds of thousands of rows, and all of them as strings at
		// once were most of what writing it held.
		cw := csv.NewWriter(w)
		header, cols := t.machine()
		if err := cw.Write(header); err != nil {
			return err
		}
		var row []string
		var r []any
		for k := range t.Len() {
			r = t.Row(k, r)
			row = t.machineRow(row, r, cols)
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case "table", "markdown":
		header, numeric, rows := t.Human()
		align := make([]tw.Align, len(header))
		for i := range align {
			align[i] = tw.AlignLeft
			if numeric[i] {
				align[i] = tw.AlignRight
			}
		}
		opts := []tablewriter.Option{
			tablewriter.WithHeaderAutoFormat(tw.Off),
			tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: align}),
			tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
			tablewriter.WithRowAutoWrap(tw.WrapNone),
			tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		}
		if format == "markdown" {
			opts = append(opts, tablewriter.WithRenderer(renderer.NewMarkdown()))
		} else {
			opts = append(opts, tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
				Borders: tw.BorderNone,
				Symbols: tw.NewSymbols(tw.StyleASCII),
				Settings: tw.Settings{
					Separators: tw.Separators{BetweenColumns: tw.Off, BetweenRows: tw.Off, ShowHeader: tw.Off},
					Lines:      tw.Lines{ShowHeaderLine: tw.Off, ShowTop: tw.Off, ShowBottom: tw.Off},
				},
			})), tablewriter.WithPadding(tw.Padding{Left: "", Right: "  ", Overwrite: true}))
		}
		var buf bytes.Buffer
		tbl := tablewriter.NewTable(&buf, opts...)
		tbl.Header(header)
		if err := tbl.Bulk(rows); err != nil {
			return err
		}
		if err := tbl.Render(); err != nil {
			return err
		}
		// The last column's padding would leave spaces at the ends of lines.
		var out bytes.Buffer
		for line := range bytes.Lines(buf.Bytes()) {
			out.Write(bytes.TrimRight(line, " \n"))
			out.WriteByte('\n')
		}
		_, err := w.Write(out.Bytes())
		return err
	}
	return fmt.Errorf("unknown format %q", format)
}
