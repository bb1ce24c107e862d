package table

import (
	"math"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/internal/benchtest"
)

func TestPooledARTTable(t *testing.T) {
	ref := &bench.Reference{Name: "best 2009", ART: func(df float64) float64 {
		if df < 1e-2 {
			return math.Inf(1)
		}
		return 2
	}}
	var runs []bench.Run
	for i, fstar := range []float64{1, 7} {
		p := &bench.Problem{Name: "f1_i" + string(rune('1'+i)), Class: "f1 d2", Dim: 2, FStar: fstar, Reference: ref}
		runs = append(runs, benchtest.Trace(p, "A", []float64{fstar + 50, fstar + 1e-9}, []int{1, 6}))
	}
	a := analysis.Analyze(runs)
	tables := Tables(a, true)
	if len(tables) != 3 || tables[0].File != "art_pooled.csv" || tables[2].File != "solvers.csv" {
		t.Fatalf("tables %v: want the pooled aRT table, the ECDF and the table over all", tables)
	}
	// The ECDF at 1 and 10 evaluations per dimension: at their first
	// evaluation (0.5 per dimension) both runs are at f* + 50, which
	// reaches Δf = 100 and 10^1.8 (2 of 51 targets), and at their sixth (3
	// per dimension) every target; best 2009 reaches the 21 targets from
	// 100 down to 1e-2 at 2 evaluations (1 per dimension), the others
	// never.
	e := tables[1]
	if len(e.Rows) != 2 || e.Rows[1][1] != "best 2009" {
		t.Fatalf("ECDF rows %v", e.Rows)
	}
	if got := e.Rows[0][3:]; got[0] != 2.0/51 || got[1] != 1.0 {
		t.Errorf("A's ECDF at 1 and 10 evaluations per dimension: %v, want 2/51 and 1", got)
	}
	if got := e.Rows[1][3:]; got[0] != 21.0/51 || got[1] != 21.0/51 {
		t.Errorf("best 2009's ECDF at 1 and 10: %v, want 21/51", got)
	}
	var b strings.Builder
	if err := WriteTable(&b, tables[0], "table"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// Δf = 10: both reach at 6, aRT 6, 3 times best 2009's 2; below 1e-2
	// best 2009 never did: its aRT is -, and so is the ratio.
	for _, want := range []string{"best 2009", "aRT 10", "÷ref", "f1 d2"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	rows := tables[0].Rows
	if len(rows) != 2 {
		t.Fatalf("%d rows, want best 2009's and A's:\n%s", len(rows), out)
	}
	cols := tables[0].Columns
	at := func(row int, key string) any {
		for i, c := range cols {
			if c.Key == key {
				return rows[row][i]
			}
		}
		t.Fatalf("no column %s", key)
		return nil
	}
	if at(0, "art_10_evals") != 2.0 || at(1, "art_10_evals") != 6.0 || at(1, "art_10_ratio") != 3.0 || at(1, "solved") != 2.0 || at(1, "runs") != 2.0 || !math.IsNaN(at(0, "runs").(float64)) {
		t.Errorf("rows %v", rows)
	}
	if r := at(1, "art_1e-07_ratio").(float64); !math.IsNaN(r) {
		t.Errorf("ratio to a reference that never reached the target: %v, want none", r)
	}
}
