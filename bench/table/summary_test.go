package table

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestSummaryCSVNumeric parses summary.csv as a program would: every cell
// of a numeric column is a number or empty, never "-", also in the row of
// a method none of whose runs succeeded (no minima, no aRT).
func TestSummaryCSVNumeric(t *testing.T) {
	var runs []bench.Run
	for range 3 {
		runs = append(runs,
			benchtest.FakeRun(benchtest.Fake, "good", solvers.Success, 1, 0.5, 0.1),
			benchtest.FakeRun(benchtest.Fake, "stuck", solvers.MaxIter, 1, 0.9, 0.8))
	}
	a := analysis.Analyze(runs)
	tb := SummaryTable(a, false)
	var b bytes.Buffer
	if err := WriteTable(&b, tb, "csv"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatalf("summary.csv does not parse: %v\n%s", err, b.String())
	}
	// The text columns are named here rather than taken from the columns'
	// Kinds: a numeric column typed Text is what this test is for.
	isText := func(key string) bool {
		switch key {
		case "problem", "method", "label", "gradient":
			return true
		}
		return strings.HasPrefix(key, "best_at_")
	}
	header := rows[0]
	if len(rows) != 3 {
		t.Fatalf("%d rows, want the header and 2", len(rows))
	}
	for _, row := range rows[1:] {
		for i, cell := range row {
			if isText(header[i]) || cell == "" {
				continue
			}
			if _, err := strconv.ParseFloat(cell, 64); err != nil {
				t.Errorf("row %s, column %s: %q is neither a number nor empty", row[1], header[i], cell)
			}
		}
	}
	col := func(key string) int {
		for i, h := range header {
			if h == key {
				return i
			}
		}
		t.Fatalf("no column %s in %v", key, header)
		return -1
	}
	for _, tc := range []struct{ label, minima string }{{"good", "1"}, {"stuck", ""}} {
		for _, row := range rows[1:] {
			if row[col("label")] == tc.label && row[col("minima")] != tc.minima {
				t.Errorf("%s: minima %q, want %q", tc.label, row[col("minima")], tc.minima)
			}
		}
	}
	// People still read "-" where there is nothing to count.
	var text bytes.Buffer
	if err := WriteTable(&text, tb, "table"); err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(text.String()) {
		if strings.HasPrefix(line, "stuck") && !strings.Contains(line, " -") {
			t.Errorf("the text row of stuck shows no -: %q", line)
		}
	}
}
