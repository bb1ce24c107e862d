package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/table"
)

// Notes are what the tables of a sweep that just ran need said: the
// problem and how long the runs took (wall, on workers goroutines), the
// problems' own notes, why runs failed, and the analysis's notes on f*,
// targets and minima, the first of them saying how many starts each row
// holds and the seed.
func Notes(sw *bench.Sweep, a analysis.Analysis, wall time.Duration, workers int) []string {
	runs, problems := a.Runs, sw.Problems
	how := fmt.Sprintf("%s in %s on %s.", Plural(len(runs), "run"), table.Duration(wall),
		Plural(min(workers, max(len(runs), 1)), "worker"))
	var notes []string
	if len(problems) == 1 {
		notes = append(notes, upper(problems[0].Desc)+"; "+how)
	} else {
		notes = append(notes, fmt.Sprintf("%d problems; %s", len(problems), how))
	}
	notes = append(notes, ProblemNotes(problems)...)
	notes = append(notes, analysis.FailureNotes(runs, len(problems) > 1)...)
	more := a.Notes()
	if len(more) > 0 {
		more[0] = fmt.Sprintf("%s, seed %d. %s", startsNote(sw, a), sw.Seed, more[0])
	}
	return append(notes, more...)
}

// ProblemNotes are the lines the problems' families add (Problem.Note:
// the class names of a data file).
func ProblemNotes(problems []*bench.Problem) []string {
	var notes []string
	for _, p := range problems {
		if p.Note != "" {
			notes = append(notes, p.Note)
		}
	}
	return notes
}

// Title is report.html's title for a sweep of problems.
func Title(prefix string, problems []*bench.Problem) string {
	if len(problems) == 1 && problems[0].Desc != "" {
		return prefix + " the " + problems[0].Desc
	}
	return prefix + " " + Plural(len(problems), "problem")
}

// startsNote says how many starts each row holds: all of them, or, after an
// interrupt or in a shard, fewer in some rows.
func startsNote(sw *bench.Sweep, a analysis.Analysis) string {
	starts, least, most := sw.Starts, a.LeastStarts(), a.MostStarts()
	switch {
	case sw.Shard.Count > 1:
		return fmt.Sprintf("Shard %s of the sweep: %d to %d of its %d starts per row", sw.Shard, least, most, starts)
	case least < starts:
		return fmt.Sprintf("%d to %d starts per row (the interrupt stopped the others)", least, starts)
	}
	return Plural(starts, "start") + " per row"
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Plural is n nouns: "1 run", "2 runs".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
