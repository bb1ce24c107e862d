package report

import (
	"strings"

	"github.com/optbench/optbench/bench/analysis"
)

// verdictProblems is the most problems whose verdict report.html lists
// one by one; the others are counted, and every problem is in the
// aggregate line and the summary table.
const verdictProblems = 20

// verdictHTML is the verdict as report.html lays it out: what the
// statistics can say (Lead), a list item per measure (one problem) or per
// problem (Items), and the aggregate over problems (Tail).
type verdictHTML struct {
	Lead, Items, Tail []string
	// Fold: more than foldProblems problems, whose lines are folded
	// under the aggregate, so that the verdict stays a few sentences.
	Fold bool
}

// foldProblems is the most problems whose lines the verdict shows
// unfolded.
const foldProblems = 3

// verdictOf lays out v's sentences (analysis.Verdict.Sentences: the lead
// first, the aggregate last when there are several problems); nil when v
// has no problem.
func verdictOf(v analysis.Verdict) *verdictHTML {
	s := v.Sentences(verdictProblems)
	if len(s) == 0 {
		return nil
	}
	out := &verdictHTML{Lead: s[:1], Items: s[1:], Fold: len(v.Problems) > foldProblems}
	if len(v.Problems) > 1 && len(out.Items) > 0 {
		n := len(out.Items) - 1
		out.Items, out.Tail = out.Items[:n], out.Items[n:]
	}
	return out
}

// withoutTitle is notes without what the page's title already says: a
// first clause ("Mean cross-entropy of ...; 12 runs in 0.7s") that
// repeats the problem of the title keeps only what follows it.
func withoutTitle(notes []string, title string) []string {
	if len(notes) == 0 {
		return notes
	}
	head, rest, ok := strings.Cut(notes[0], "; ")
	if !ok || len(head) < 20 || !strings.Contains(strings.ToLower(title), strings.ToLower(head)) {
		return notes
	}
	return append([]string{upper(rest)}, notes[1:]...)
}
