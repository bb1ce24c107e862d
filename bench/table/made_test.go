package table

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/solvers"
)

// TestMadeTable: a table that makes its rows as they are read prints and
// writes what the same rows held print and write, in every format, and
// refuses a row added to it.
func TestMadeTable(t *testing.T) {
	cols := []Column{{Name: "name", Key: "name", Kind: Text}, {Name: "f", Key: "fun", Kind: Sig}, {Name: "nit", Key: "nit", Kind: Int}}
	names := []string{"a", "b,c", `say "d"`}
	fs := []float64{1.5, math.NaN(), math.Inf(1)}
	made := Made("T", "t.csv", cols, len(names), func(i int, dst []any) []any {
		return append(dst[:0], names[i], fs[i], i*10)
	})
	held := Table{Title: "T", File: "t.csv", Columns: cols}
	for i := range names {
		held.Add(names[i], fs[i], i*10)
	}
	if made.Len() != 3 || made.Head(2).Len() != 2 || len(made.Rows) != 0 {
		t.Errorf("Len %d, Head(2) %d rows, Rows %d: want 3, 2, 0", made.Len(), made.Head(2).Len(), len(made.Rows))
	}
	for _, format := range []string{"csv", "table", "markdown"} {
		var a, b bytes.Buffer
		if err := WriteTable(&a, made, format); err != nil {
			t.Fatal(err)
		}
		if err := WriteTable(&b, held, format); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() || a.Len() == 0 {
			t.Errorf("%s: made\n%s\nheld\n%s", format, a.String(), b.String())
		}
	}
	if h := made.Head(made.Len()); len(h.Rows) != 3 || h.Rows[1][0] != "b,c" || h.Rows[2][2] != 20 {
		t.Errorf("Head: %v", h.Rows)
	}
	defer func() {
		if recover() == nil {
			t.Error("a row added to a made table: no panic")
		}
	}()
	made.Add("e", 1.0, 4)
}

// TestStepsTable: the ECDF table's rows are every step of every curve, in
// order, curves of no step included.
func TestStepsTable(t *testing.T) {
	e := func(label string, budgets ...float64) analysis.ECDF {
		fr := make([]float64, len(budgets))
		for i := range fr {
			fr[i] = float64(i+1) / float64(len(budgets))
		}
		ec := analysis.ECDF{CostKind: analysis.CostEvals, Budgets: budgets, Fraction: fr, Triples: 4}
		ec.Label = label
		return ec
	}
	ecdfs := []analysis.ECDF{e("A", 1, 2), e("B"), e("C", 3, 5, 8)}
	ecdfs[2].Gradient = solvers.Forward2
	tab := ECDFTable(ecdfs)
	var lines []string
	var row []any
	for i := range tab.Len() {
		row = tab.Row(i, row)
		lines = append(lines, row[1].(string)+" "+Raw(row[4].(float64)))
	}
	if got, want := strings.Join(lines, ","), "A 1,A 2,C 3,C 5,C 8"; got != want {
		t.Errorf("rows %s, want %s", got, want)
	}
}
