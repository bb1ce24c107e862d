package table

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestEpochRunsHaveNoSuccess: a row of mini-batch runs that ran their
// epochs reads "-" for success and minima, not 0.0%, in the summary and in
// the table over all problems; machines get empty cells.
func TestEpochRunsHaveNoSuccess(t *testing.T) {
	var runs []bench.Run
	for _, p := range []*bench.Problem{benchtest.Fake, {Name: "other", Dim: 1, FStar: 0}} {
		for s := range 3 {
			r := benchtest.FakeRun(p, "Adam", solvers.Epochs, 1, 0.5)
			r.Start = s
			runs = append(runs, r)
		}
	}
	a := analysis.Analyze(runs)
	for _, tb := range []Table{SummaryTable(a, false), SolversTable(a)} {
		header, _, rows := tb.Human()
		i := slices.Index(header, "success")
		for _, row := range rows {
			if row[i] != "-" {
				t.Errorf("%s: success %q, want -", tb.Title, row[i])
			}
			if j := slices.Index(header, "minima"); j >= 0 && row[j] != "-" {
				t.Errorf("%s: minima %q, want -", tb.Title, row[j])
			}
		}
		var b bytes.Buffer
		if err := WriteTable(&b, tb, "csv"); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for k, key := range recs[0] {
			if !strings.HasPrefix(key, "success_frac") {
				continue
			}
			for _, rec := range recs[1:] {
				if rec[k] != "" {
					t.Errorf("%s: %s %q, want an empty cell", tb.Title, key, rec[k])
				}
			}
		}
	}
}
