package analysis

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// maxFailureLines is how many distinct errors FailureNotes writes out in
// full; past it, a line first counts them all.
const maxFailureLines = 5

// maxFailureConfigs is how many configurations in error the count line
// names, with their counts; past it, it counts them.
const maxFailureConfigs = 3

// FailureNotes say why runs ended in error, so that a table's "error" is
// never left unexplained: one line per distinct error (problem,
// configuration and message), naming the starts that ended in it. With
// more than maxFailureLines distinct errors, a first line counts the runs
// in error per configuration and the lines show the first few only, so
// that a sweep with a hundred errors takes six lines, not a hundred.
func FailureNotes(runs []bench.Run, withProblem bool) []string {
	type failure struct {
		run    bench.Run // the first
		msg    string
		starts []int
	}
	var failed []failure
	index := map[string]int{}
	total := 0
	for _, r := range runs {
		if r.Result.Status != solvers.Failed {
			continue
		}
		total++
		msg := r.Result.Message
		if c := r.Result.Cause; c != "" && !strings.Contains(msg, c) {
			// scipy's ports keep scipy's message; why is in Cause.
			msg += " (" + c + ")"
		}
		msg = oneLine(msg)
		key := r.Problem.Name + "\x00" + r.Label + "\x00" + string(r.Gradient) + "\x00" + msg
		i, ok := index[key]
		if !ok {
			i = len(failed)
			index[key] = i
			failed = append(failed, failure{run: r, msg: msg})
		}
		failed[i].starts = appendNew(failed[i].starts, r.Start)
	}
	var notes []string
	if len(failed) > maxFailureLines {
		notes = append(notes, failureCount(runs, total, len(failed), withProblem))
		failed = failed[:maxFailureLines]
	}
	for _, f := range failed {
		where := f.run.Label + " " + string(f.run.Gradient)
		if withProblem {
			where = f.run.Problem.Name + ", " + where
		}
		notes = append(notes, fmt.Sprintf("Error in %s (%s): %s", where, startList(f.starts), f.msg))
	}
	return notes
}

// failureCount is the line that counts total runs in error, in distinct
// errors, per configuration (label and gradient), in order of first
// appearance, with the runs of that configuration and, withProblem, the
// problems it failed on (or only how many configurations when there are
// more than maxFailureConfigs): "Errors: 101 runs ended in error: GD-fixed 3-point
// in 101 of its 170 runs on 11 problems. The first 5 of 101 distinct
// errors (...):".
func failureCount(runs []bench.Run, total, distinct int, withProblem bool) string {
	type config struct{ label, gradient string }
	var parts []string
	for _, g := range bench.GroupBy(runs, func(r bench.Run) config { return config{r.Label, string(r.Gradient)} }) {
		failed, problems := 0, map[string]bool{}
		for _, r := range g.Members {
			if r.Result.Status == solvers.Failed {
				failed++
				problems[r.Problem.Name] = true
			}
		}
		if failed == 0 {
			continue
		}
		part := fmt.Sprintf("%s %s in %d of its %d runs", g.Key.label, g.Key.gradient, failed, len(g.Members))
		if withProblem {
			part += " on " + plural(len(problems), "problem")
		}
		parts = append(parts, part)
	}
	where := ": " + strings.Join(parts, "; ")
	if len(parts) > maxFailureConfigs {
		// Named one by one they would take as long as the errors.
		where = " in " + plural(len(parts), "configuration")
	}
	return fmt.Sprintf("Errors: %s ended in error%s. The first %d of %d distinct errors (every run's message and cause: -format json):",
		plural(total, "run"), where, maxFailureLines, distinct)
}

// startList names the starts of an error: "start 2", "starts 0, 3, 7",
// "10 starts: 0, 1, 2, 3, ...".
func startList(starts []int) string {
	const listed = 4
	names := make([]string, 0, listed+1)
	for i, s := range starts {
		if i == listed {
			names = append(names, "...")
			break
		}
		names = append(names, strconv.Itoa(s))
	}
	switch {
	case len(starts) == 1:
		return "start " + names[0]
	case len(starts) <= listed:
		return "starts " + strings.Join(names, ", ")
	}
	return fmt.Sprintf("%d starts: %s", len(starts), strings.Join(names, ", "))
}

// appendNew appends v to xs unless it is there already.
func appendNew(xs []int, v int) []int {
	for _, x := range xs {
		if x == v {
			return xs
		}
	}
	return append(xs, v)
}

// plural is n nouns: "1 run", "2 runs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// oneLine cuts a message to one line of at most 300 characters.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}
