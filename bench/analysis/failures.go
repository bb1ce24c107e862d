package analysis

import (
	"fmt"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// FailureNotes says why runs ended in error, one line per distinct cause
// (at most 5), so that a table's "error" is never left unexplained.
func FailureNotes(runs []bench.Run, withProblem bool) []string {
	var notes []string
	seen := map[string]int{}
	for _, r := range runs {
		if r.Result.Status != solvers.Failed {
			continue
		}
		msg := r.Result.Message
		if c := r.Result.Cause; c != "" && !strings.Contains(msg, c) {
			// scipy's ports keep scipy's message; why is in Cause.
			msg += " (" + c + ")"
		}
		key := r.Problem.Name + " " + r.Label + " " + string(r.Gradient) + ": " + msg
		if seen[key]++; seen[key] > 1 {
			continue
		}
		if len(notes) == 5 {
			notes = append(notes, "(more runs ended in error: see the message and cause fields of -format json)")
			break
		}
		where := r.Label + " " + string(r.Gradient)
		if withProblem {
			where = r.Problem.Name + ", " + where
		}
		notes = append(notes, fmt.Sprintf("Error in %s (start %d): %s", where, r.Start, oneLine(msg)))
	}
	return notes
}

// oneLine cuts a message to one line of at most 300 characters.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}
