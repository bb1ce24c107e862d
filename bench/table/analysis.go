package table

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/stats"
)

// Files are the CSV files of the tables of Tables and of a report (see
// bench/report).
var Files = []string{"runs.csv", "summary.csv", "convergence.csv", "solvers.csv", "ecdf.csv", "art.csv", "profiles.csv", "art_pooled.csv"}

// Tables are the tables a sweep shows: the runs when there is one start of
// one problem; otherwise the summary over starts, then for one problem the
// convergence table and for several the table over all problems; for
// problems pooled in classes (bbob), the pooled aRT table first. Brief
// leaves out of the summary, for people, the columns that make a sweep of
// many problems wider than a terminal. Each table names its CSV file.
//
// The columns read from targets (targets, reached, aRT, at f*, solved)
// are left out when every problem's targets are (analysis.Circular: f*
// only the best value reached, too few starts), and empty in the
// summary's rows of those problems when only some are.
func Tables(a analysis.Analysis, brief bool) []Table {
	multi := len(a.Problems()) > 1
	if a.MostStarts() <= 1 && !multi {
		t := RunsTable(a.Runs, false)
		t.File = "runs.csv"
		return []Table{t}
	}
	circular := map[string]bool{}
	for _, name := range analysis.Circular(a.Runs) {
		circular[name] = true
	}
	all := len(circular) == len(a.Problems())
	sum := withoutTargets(SummaryTable(a, brief && multi), all, func(i int) bool { return circular[a.Summaries[i].Problem.Name] })
	sum.File = "summary.csv"
	if !multi {
		conv := ConvergenceTable(a)
		conv.File = "convergence.csv"
		return []Table{sum, conv}
	}
	over := withoutTargets(SolversTable(a), all, func(int) bool { return false })
	over.File = "solvers.csv"
	if analysis.Pooled(a.Runs) {
		// COCO's instances of a function: their aRT pooled, as cocopp
		// tables them, and beside best 2009; the summary of every instance
		// of every function (1,800 problems in the default bbob suite) is
		// for the files only.
		pooled := PooledARTTable(a)
		pooled.File = "art_pooled.csv"
		ecdf := ECDFAtTable(a)
		if brief {
			return []Table{pooled, ecdf, over}
		}
		return []Table{pooled, ecdf, sum, over}
	}
	return []Table{sum, over}
}

// targetKeys are the key prefixes of the columns read from targets:
// the ECDF's share (targets), the share of runs and the aRT at the middle
// target (reached, aRT), the share of runs ending at f* (at f*: a target
// within MinimaTol) and the profiles' shares (solved τ=...).
var targetKeys = []string{"targets_frac", "reached_", "art_", "at_fstar_", "solved_tau_"}

func isTargetColumn(c Column) bool {
	for _, k := range targetKeys {
		if strings.HasPrefix(c.Key, k) {
			return true
		}
	}
	return false
}

// withoutTargets is t without its target columns when drop, and else with
// their cells emptied (NaN, "-" for people and "" in CSV) in the rows i
// for which empty(i): the rows of problems whose targets are left out.
func withoutTargets(t Table, drop bool, empty func(i int) bool) Table {
	if drop {
		var keep []int
		for i, c := range t.Columns {
			if !isTargetColumn(c) {
				keep = append(keep, i)
			}
		}
		out := Table{Title: t.Title, File: t.File}
		for _, i := range keep {
			out.Columns = append(out.Columns, t.Columns[i])
		}
		for _, r := range t.Rows {
			row := make([]any, len(keep))
			for j, i := range keep {
				row[j] = r[i]
			}
			out.Rows = append(out.Rows, row)
		}
		return out
	}
	for i, r := range t.Rows {
		if !empty(i) {
			continue
		}
		for j, c := range t.Columns {
			if !isTargetColumn(c) {
				continue
			}
			switch r[j].(type) {
			case stats.Estimate:
				r[j] = stats.Estimate{V: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
			case float64:
				r[j] = math.NaN()
			}
		}
	}
	return t
}

// Print writes the tables of a to w as format (table, markdown or csv: the
// first table only, for machines), titled when there are several, then the
// notes (not with csv). The tables are brief for several problems, so the
// note on intervals and best-at marks (a.IntervalsNote(true), among notes
// as a.Notes has it) is replaced by the one that says where they are.
func Print(w io.Writer, a analysis.Analysis, format string, notes []string) error {
	tables := Tables(a, true)
	if len(a.Problems()) > 1 {
		shown, hidden := a.IntervalsNote(true), a.IntervalsNote(false)
		notes = slices.Clone(notes)
		for i, n := range notes {
			if n == shown {
				notes[i] = hidden
			}
		}
	}
	if format == "csv" {
		if t := tables[0]; t.File == "runs.csv" {
			tables[0] = RunsTable(a.Runs, true) // CSV has the start column, as runs.csv does
		}
		return WriteTable(w, tables[0], "csv")
	}
	for i, t := range tables {
		if len(tables) > 1 {
			if i > 0 {
				fmt.Fprintln(w)
			}
			if format == "markdown" {
				fmt.Fprintf(w, "### %s\n\n", t.Title)
			} else {
				fmt.Fprintf(w, "%s\n", t.Title)
			}
		}
		if err := WriteTable(w, t, format); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	for _, note := range notes {
		fmt.Fprintln(w, Wrap(note, 120))
	}
	return nil
}

// Wrap breaks s into lines of at most width characters at spaces (a longer
// word stays whole): the notes under a table.
func Wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(s) {
		l := utf8.RuneCountInString(word)
		switch {
		case i == 0:
		case n+1+l > width:
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += l
	}
	return b.String()
}
