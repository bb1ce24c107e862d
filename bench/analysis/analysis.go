package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/stats"
)

// Analysis is what the tables, figures and report of a set of runs are
// computed from: each problem's f*, the summaries over starts, the runtime
// ECDFs and the profiles, with the settings they were computed with.
type Analysis struct {
	Settings  Settings
	Runs      []bench.Run
	Refs      map[string]Reference // by problem name
	Groups    []Group
	Summaries []Summary
	ECDFs     []ECDF
	Profiles  []Profile
}

// Analyze is AnalyzeWith the DefaultSettings.
func Analyze(runs []bench.Run) Analysis { return AnalyzeWith(runs, DefaultSettings()) }

// AnalyzeWith computes the Analysis of runs with settings st. The
// summaries, the ECDFs and the profiles, each a pass over every run's
// trace that only reads the runs and the references, are computed at
// once.
func AnalyzeWith(runs []bench.Run, st Settings) Analysis {
	refs := References(runs)
	a := Analysis{Settings: st, Runs: runs, Refs: refs, Groups: Groups(runs)}
	var wg sync.WaitGroup
	wg.Go(func() { a.Summaries = Summarize(runs, refs, st) })
	wg.Go(func() { a.ECDFs = ECDFs(runs, refs, st.DeltaFs) })
	a.Profiles = Profiles(runs, st.ProfileTaus)
	wg.Wait()
	return a
}

// ARTs are the average runtimes of every group to every target.
func (a Analysis) ARTs() []ART { return ARTs(a.Runs, a.Refs, a.Settings.DeltaFs) }

// Convergence is the convergence table's rows, in the order of the
// summaries.
func (a Analysis) Convergence() []Convergence {
	return ConvergenceRows(a.Runs, a.Summaries, a.Settings)
}

// Problems lists the runs' problems in order of first appearance.
func (a Analysis) Problems() []*bench.Problem { return bench.Problems(a.Runs) }

// Comparisons is how many configurations of one problem the best-at
// marks test against its best: one less than the most configurations of
// any problem. Holm's correction multiplies the smallest p-value by it.
func (a Analysis) Comparisons() int {
	most := 0
	for _, members := range byProblem(a.Groups) {
		most = max(most, len(members.Members))
	}
	return max(0, most-1)
}

// LeastStarts is the fewest starts any group has.
func (a Analysis) LeastStarts() int {
	least := math.MaxInt
	for _, g := range a.Groups {
		least = min(least, len(g.Runs))
	}
	return least
}

// MostStarts is the most starts any group has.
func (a Analysis) MostStarts() int {
	most := 0
	for _, g := range a.Groups {
		most = max(most, len(g.Runs))
	}
	return most
}

// Notes explain the tables of a sweep of several starts or problems: what
// f* is for each problem, the targets and their costs, and the minima
// columns; none for a single run per method, whose table shows no target
// (report.New says there why its figures have none).
func (a Analysis) Notes() []string {
	problems := a.Problems()
	if a.SingleRuns() {
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
	case len(unknown) == 0 && len(problems) == 1:
		fstar = fmt.Sprintf("f*: the known minimum, %.10g%s.", problems[0].FStar, sources(problems))
	case len(unknown) == 0:
		fstar = "f*: the known minimum of every problem" + sources(problems) + "."
	case len(known) == 0 && len(problems) == 1:
		fstar = fmt.Sprintf("f*: unknown, so the best value any run reached, %.10g.", a.Refs[problems[0].Name].FStar)
	default:
		fstar = "f*: unknown, so the best value any run reached, for " + strings.Join(unknown, ", ") + "."
		if len(known) > 0 {
			fstar += fmt.Sprintf(" The known minimum for the other %d.", len(known))
		}
	}
	fstar = strings.Join(append([]string{fstar}, CircularNotes(a.Runs)...), " ")
	st := a.Settings
	intervals := a.IntervalsNote(true)
	evals := "Evaluations: every f counts one, and so does every analytic gradient (and exact Hessian); a finite-difference gradient counts the f it takes" + budgetCount(a.Runs) + "."
	minima := fmt.Sprintf("Minima: distinct final values of the successful runs (within %g relative, plus %g)", st.MinimaTol, st.LastDeltaF())
	if len(Circular(a.Runs)) == len(problems) { // no target, aRT or at f* is shown
		return []string{fstar, intervals, evals, minima + "."}
	}
	return []string{fstar, intervals,
		"Targets: " + st.TargetsDoc() + "; a run reaches one at its first iterate at or below it. " +
			"aRT: COCO's average runtime, the evaluations of all runs (to the target, or to their end) over the runs that reached it. " + evals,
		minima + "; at f*: ends within that of f*."}
}

// SingleRuns reports whether the sweep is one problem with one run per
// method configuration: its tables are the runs themselves.
func (a Analysis) SingleRuns() bool { return a.MostStarts() <= 1 && len(a.Problems()) <= 1 }

// IntervalsNote explains the intervals and the best-at marks of the
// summary (the second of Notes) when shown; when not (the text summary of
// several problems, cut to fit a terminal), it says where they are instead,
// so that no note describes what its table does not show. Either way it
// says when the rows have too few starts for an interval or a significant
// difference.
func (a Analysis) IntervalsNote(shown bool) string {
	st := a.Settings
	level := Percent(st.Confidence)
	note := fmt.Sprintf("Intervals: %s confidence, distribution-free for medians (±: the wider side, relative; [lo, hi] when that side exceeds the median), Wilson's for shares. "+
		"Best at: the best median of the problem, or a difference from it not significant at alpha %g (Wilcoxon signed-rank on the same starts, Holm-corrected).", level, st.Alpha)
	least, need := a.LeastStarts(), stats.MinSamplesForCI(st.Confidence)
	tooFew := fmt.Sprintf("with %d starts a row has too few for a median's %s interval (%d needed) or for any difference to be significant (the smallest p of %d paired starts is %.2g)",
		least, level, need, least, stats.MinWilcoxonP(least))
	holm := ""
	if m := a.Comparisons(); least >= need && float64(m)*stats.MinWilcoxonP(least) >= st.Alpha && m > 1 {
		holm = fmt.Sprintf(" With %d starts and %d configurations no difference can be significant after Holm's correction (the smallest p of %d paired starts is %.2g, times %d comparisons): every row is marked best.",
			least, m+1, least, stats.MinWilcoxonP(least), m)
	}
	switch {
	case least < need && !shown:
		return fmt.Sprintf("Intervals of medians and best-at marks: none, %s.", tooFew)
	case least < need:
		return note + " " + upperFirst(tooFew) + ": the intervals are infinite (±∞) and every row is marked best."
	case !shown:
		return fmt.Sprintf("Intervals (%s confidence) and best-at marks (alpha %g): left out here to fit a terminal; summary.csv has them "+
			"(the columns _lo and _hi, best_at_*), and report.html shows them.", level, st.Alpha) + holm
	}
	return note + holm
}

// IntervalsReportNote is IntervalsNote for report.html, whose tables
// leave out intervals that are all infinite and best-at marks that are
// all the same (bench/report's tidy): with too few starts it says there
// are none, as the text summary of several problems does.
func (a Analysis) IntervalsReportNote() string {
	if a.LeastStarts() < stats.MinSamplesForCI(a.Settings.Confidence) {
		return a.IntervalsNote(false)
	}
	return a.IntervalsNote(true)
}

// sources are the problems' distinct FStarSource in parentheses, " (a;
// b)", and "" when none says where its f* comes from (a FuncProblem's),
// never "()".
func sources(problems []*bench.Problem) string {
	var srcs []string
	for _, p := range problems {
		if p.FStarSource != "" && !slices.Contains(srcs, p.FStarSource) {
			srcs = append(srcs, p.FStarSource)
		}
	}
	if len(srcs) == 0 {
		return ""
	}
	return " (" + strings.Join(srcs, "; ") + ")"
}

// budgetCount is what the evaluations note adds when some runs ran under
// COCO's protocol, whose cost is f alone.
func budgetCount(runs []bench.Run) string {
	for _, r := range runs {
		if r.Budget > 0 {
			return "; under COCO's protocol (a budget), only the evaluations of f count, as COCO counts them"
		}
	}
	return ""
}
