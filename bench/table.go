package bench

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Table is a table in two forms: for people (Header, Rows: numbers
// formatted with units, Numeric columns right-aligned) and for machines
// (Keys, Raw: stable snake_case names, full-precision numbers, SI units
// named in the key). CSV uses the machine form when it is there.
type Table struct {
	Title   string
	Header  []string
	Numeric []bool
	Rows    [][]string
	Keys    []string
	Raw     [][]string
}

// Formats lists the table formats WriteTable knows; JSON lines are written
// from the runs themselves (see WriteJSON).
var Formats = []string{"table", "markdown", "csv", "json"}

// WriteTable writes t as format "table" (aligned columns, like benchstat),
// "markdown" or "csv".
func WriteTable(w io.Writer, t Table, format string) error {
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		header, rows := t.Header, t.Rows
		if t.Keys != nil {
			header, rows = t.Keys, t.Raw
		}
		if err := cw.Write(header); err != nil {
			return err
		}
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		return cw.Error()
	case "table", "markdown":
		align := make([]tw.Align, len(t.Header))
		for i := range align {
			align[i] = tw.AlignLeft
			if i < len(t.Numeric) && t.Numeric[i] {
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
		tbl.Header(t.Header)
		if err := tbl.Bulk(t.Rows); err != nil {
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
