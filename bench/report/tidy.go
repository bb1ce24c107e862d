package report

import (
	"math"
	"regexp"
	"slices"

	"github.com/optbench/optbench/bench/stats"
	"github.com/optbench/optbench/bench/table"
)

// bestAtColumn is the name of the summary's column of "best at" marks
// (bench/table.SummaryTable), which report.html shows beside the key
// columns, and leaves out when it says the same on every row.
const bestAtColumn = "best at"

// tidy is t as report.html shows it, as clean as the text output:
// intervals that are ±∞ on every row (too few starts for any) are left
// out, and the title says so, as is a "best at" column with the same marks on every row (too few
// starts for any difference to be significant: the verdict says so); a
// "best at" column that stays comes right after the leading text columns
// (problem, method, gradient), where a narrow window shows it. The
// numbers are t's: only what is shown changes.
func tidy(t table.Table) table.Table {
	t.Columns = slices.Clone(t.Columns)
	hidden, shown := false, false // intervals of medians: ± ...
	for i, c := range t.Columns {
		if !c.CI || c.Plain || c.Kind == table.Percent {
			continue
		}
		if anyInterval(t, i) {
			shown = true
		} else {
			t.Columns[i].Plain, hidden = true, true
		}
	}
	if hidden && !shown {
		// The title promises none of them now: "medians ± their 95 %
		// confidence interval" becomes "medians", as the text has it.
		t.Title = plusMinusTitle.ReplaceAllString(t.Title, "")
	}
	at := slices.IndexFunc(t.Columns, func(c table.Column) bool { return c.Name == bestAtColumn })
	if at < 0 || t.Len() == 0 {
		return t
	}
	if same(t, at) && t.Len() > 1 {
		t.Columns[at].Name = "" // kept for machines, by its Key, if it has one
		return t
	}
	lead := slices.IndexFunc(t.Columns, func(c table.Column) bool { return c.Name != "" && c.Kind != table.Text })
	if lead < 0 || lead > at {
		return t
	}
	if len(t.Rows) < t.Len() {
		t = t.Head(t.Len()) // rows made as they are read: held, to be moved
	}
	t.Columns = move(t.Columns, at, lead)
	rows := make([][]any, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = move(slices.Clone(r), at, lead)
	}
	t.Rows = rows
	return t
}

// plusMinusTitle is what a summary's title says of the intervals that
// tidy may leave out (bench/table.SummaryTable).
var plusMinusTitle = regexp.MustCompile(` ± their [^(]*confidence intervals?`)

// anyInterval says whether some row of column i holds an estimate with a
// finite interval that people can read (not ±∞).
func anyInterval(t table.Table, i int) bool {
	var r []any
	for k := range t.Len() {
		r = t.Row(k, r)
		e, ok := r[i].(stats.Estimate)
		if !ok {
			return true // not an estimate: leave the column as it is
		}
		finite := !math.IsInf(e.Lo, 0) && !math.IsInf(e.Hi, 0) && !math.IsNaN(e.Lo) && !math.IsNaN(e.Hi)
		if finite && (e.V != 0 || t.Columns[i].Kind == table.Percent || e.Lo == 0 && e.Hi == 0) {
			return true
		}
	}
	return false
}

// same says whether text column i holds the same text on every row.
func same(t table.Table, i int) bool {
	first, ok := t.Row(0, nil)[i].(string)
	var r []any
	for k := 1; k < t.Len(); k++ {
		r = t.Row(k, r)
		if s, isText := r[i].(string); !ok || !isText || s != first {
			return false
		}
	}
	return ok
}

// move is s with its element at from moved to index to (to <= from).
func move[T any](s []T, from, to int) []T {
	v := s[from]
	copy(s[to+1:from+1], s[to:from])
	s[to] = v
	return s
}
