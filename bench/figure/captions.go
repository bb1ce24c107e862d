package figure

import (
	"fmt"
	"strings"

	"github.com/optbench/optbench/bench/analysis"
)

// targetProblems are the names of the problems whose targets the ECDFs and
// profiles count, in order of first appearance, and of those left out
// (analysis.Circular).
func targetProblems(a analysis.Analysis) (counted, left []string) {
	left = analysis.Circular(a.Runs)
	out := map[string]bool{}
	for _, name := range left {
		out[name] = true
	}
	for _, p := range a.Problems() {
		if !out[p.Name] {
			counted = append(counted, p.Name)
		}
	}
	return counted, left
}

// fstarCaption says what f* is on the problems a target-based figure
// counts, and which problems it leaves out and why: "" when every f* is
// known and none is left out.
func fstarCaption(a analysis.Analysis) string {
	counted, left := targetProblems(a)
	var seen []string
	for _, name := range counted {
		if !a.Refs[name].Known {
			seen = append(seen, name)
		}
	}
	var parts []string
	switch {
	case len(seen) == 0:
	case len(seen) == len(counted):
		parts = append(parts, fmt.Sprintf("f* is the best value any run reached, not a known minimum (%d or more starts per method)", analysis.MinBestSeenStarts))
	default:
		parts = append(parts, fmt.Sprintf("f* is the best value any run reached for %s (%d or more starts per method), the known minimum for the others",
			strings.Join(seen, ", "), analysis.MinBestSeenStarts))
	}
	if len(left) > 0 {
		parts = append(parts, fmt.Sprintf("%s left out: f* only the best value reached, with fewer than %d starts per method its run reaches every target by construction",
			strings.Join(left, ", "), analysis.MinBestSeenStarts))
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, "; ")
}
