package bench

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/optbench/optbench/bench/stats"
)

// Analysis is what the tables, figures and report of a set of runs are
// computed from: each problem's f*, the summaries over starts, the runtime
// ECDFs and the profiles.
type Analysis struct {
	Runs      []Run
	Refs      map[string]Reference // by problem name
	Summaries []Summary
	ECDFs     []ECDF
	Profiles  []Profile
}

// Analyze computes the Analysis of runs.
func Analyze(runs []Run) Analysis {
	refs := References(runs)
	return Analysis{Runs: runs, Refs: refs, Summaries: Summarize(runs, refs), ECDFs: ECDFs(runs, refs), Profiles: Profiles(runs)}
}

// Problems lists the runs' problems in order of first appearance.
func (a Analysis) Problems() []*Problem { return problemsOf(a.Runs) }

// leastStarts is the fewest starts any group has.
func (a Analysis) leastStarts() int {
	least := math.MaxInt
	for _, g := range Groups(a.Runs) {
		least = min(least, len(g.Runs))
	}
	return least
}

// starts is the most starts any group has.
func (a Analysis) starts() int {
	most := 0
	for _, g := range Groups(a.Runs) {
		most = max(most, len(g.Runs))
	}
	return most
}

// Tables are the tables a sweep shows: the runs when there is one start of
// one problem; otherwise the summary over starts, then for one problem the
// convergence table and for several the table over all problems. Brief
// leaves out of the summary, for people, the columns that make a sweep of
// many problems wider than a terminal. Each table names its CSV file.
func (a Analysis) Tables(brief bool) []Table {
	multi := len(a.Problems()) > 1
	if a.starts() <= 1 && !multi {
		t := RunsTable(a.Runs, false)
		t.File = "runs.csv"
		return []Table{t}
	}
	sum := SummaryTable(a.Summaries, a.Runs, brief && multi)
	sum.File = "summary.csv"
	if !multi {
		conv := ConvergenceTable(ConvergenceRows(a.Runs, a.Summaries))
		conv.File = "convergence.csv"
		return []Table{sum, conv}
	}
	all := SolversTable(a.Runs, a.ECDFs, a.Profiles)
	all.File = "solvers.csv"
	return []Table{sum, all}
}

// Notes explain the tables of a sweep of several starts or problems: what
// f* is for each problem, the targets and their costs, and the minima
// columns; none for a single run per method.
func (a Analysis) Notes() []string {
	problems := a.Problems()
	if a.starts() <= 1 && len(problems) <= 1 {
		return nil
	}
	var known, unknown []string
	for _, p := range problems {
		if ref := a.Refs[p.Name]; ref.Known {
			known = append(known, p.Name)
		} else {
			unknown = append(unknown, fmt.Sprintf("%s (%.10g)", p.Name, ref.FStar))
		}
	}
	var fstar string
	switch {
	case len(unknown) == 0:
		fstar = "f*: the known minimum of every problem (" + problems[0].FStarSource + ")."
	case len(known) == 0 && len(problems) == 1:
		fstar = fmt.Sprintf("f*: unknown, so the best value any run reached, %.10g.", a.Refs[problems[0].Name].FStar)
	default:
		fstar = "f*: unknown, so the best value any run reached, for " + strings.Join(unknown, ", ") + "."
		if len(known) > 0 {
			fstar += fmt.Sprintf(" The known minimum for the other %d.", len(known))
		}
	}
	intervals := fmt.Sprintf("Intervals: 95 %% confidence, distribution-free for medians (±: the wider side, relative), Wilson's for shares. "+
		"Best at: the best median of the problem, or a difference from it not significant at alpha %g (Wilcoxon signed-rank on the same starts, Holm-corrected).", stats.DefaultAlpha)
	if least := a.leastStarts(); least < stats.MinSamplesForCI(stats.DefaultConfidence) {
		intervals += fmt.Sprintf(" With %d starts a row has too few for a 95 %% interval (±∞: %d needed) or for any difference to be significant (the smallest p of %d paired starts is %.2g): every row is marked best.",
			least, stats.MinSamplesForCI(stats.DefaultConfidence), least, stats.MinWilcoxonP(least))
	}
	return []string{fstar, intervals,
		"Targets: f* + Δf for 51 Δf from 100 to 1e-8 (COCO's); a run reaches one at its first iterate at or below it. " +
			"aRT: COCO's average runtime, the evaluations of all runs (to the target, or to their end) over the runs that reached it. " +
			"Evaluations: every f counts one, and so does every analytic gradient (and exact Hessian); a finite-difference gradient counts the f it takes.",
		fmt.Sprintf("Minima: distinct final values of the successful runs (within %g relative); at f*: ends within that of f*.", MinimaTol)}
}

// Report is everything a sweep's output directory shows: its tables and
// figures, the runs table after them, and the ECDF, aRT and profile data
// as CSV. setup says what was run, notes come first.
func (a Analysis) Report(title string, setup []KV, notes []string) (Report, error) {
	figs, err := Figures(a.Runs)
	if err != nil {
		return Report{}, err
	}
	runs := RunsTable(a.Runs, true)
	runs.File = "runs.csv"
	arts := ARTs(a.Runs, a.Refs)
	ecdf, art, prof := ECDFTable(a.ECDFs), ARTTable(arts), ProfilesTable(a.Profiles)
	ecdf.File, art.File, prof.File = "ecdf.csv", "art.csv", "profiles.csv"
	rep := Report{Title: title, Setup: setup, Notes: notes, Tables: a.Tables(false), Figures: figs,
		After: []Table{ARTSummaryTable(arts), runs}, Data: []Table{ecdf, art, prof}}
	if rep.Tables[0].File == "runs.csv" {
		rep.Tables, rep.After = []Table{runs}, rep.After[:1]
	}
	return rep, nil
}

// WriteDir writes runs and their report to dir as a sweep does: see
// CreateOutput and Output.WriteFiles.
func WriteDir(dir string, runs []Run, rep Report) (err error) {
	out, err := CreateOutput(dir)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	for _, r := range runs {
		if err := out.Record(r); err != nil {
			return err
		}
	}
	return out.WriteFiles(runs, rep)
}

// Print writes the tables of a to w as format (table, markdown or csv: the
// first table only, for machines), titled when there are several, then the
// notes (not with csv).
func (a Analysis) Print(w io.Writer, format string, notes []string) error {
	tables := a.Tables(true)
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
