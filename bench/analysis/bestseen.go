package analysis

import (
	"fmt"
	"math"
	"strings"

	"github.com/optbench/optbench/bench"
)

// MinBestSeenStarts is the fewest starts every configuration (method and
// gradient mode) must have on a problem whose f* is unknown for its
// targets to be used: the runtime ECDFs, the average runtimes, the
// performance and data profiles, and the table columns read from them or
// from f* as a target (at f*).
//
// There f* is the best value any run reached, so the run that reached it
// reaches every target f* + Δf by construction. It is one of its
// configuration's S starts, so it makes up 1/S of that configuration's
// (start, target) pairs and of its profile instances: all of them with one
// start, where the ECDF shows that run's method at 100 % and every
// profile at τ <= 1e-3 names it alone. 6 is the fewest starts with which a
// median has a 95 % distribution-free interval and a difference can be
// significant (stats.MinSamplesForCI at stats.DefaultConfidence); below
// it the tables mark every row best and measure nothing with confidence,
// and from it on what the construction adds, at most a sixth of one
// configuration's share, lies inside the Wilson interval of a share of 6
// runs (about ±35 points at 95 %): the figures show what the runs did,
// not how f* was chosen.
//
// Problems with a known f* (Problem.FStar: MGH, bbob, a FuncProblem given
// one) keep their targets with any number of starts.
const MinBestSeenStarts = 6

// Circular lists, in order of first appearance, the problems of runs
// whose targets are left out: f* unknown and some configuration with fewer
// than MinBestSeenStarts starts on it.
func Circular(runs []bench.Run) []string {
	fewest := map[string]int{}
	var order []string
	for _, g := range Groups(runs) {
		p := g.Problem
		if !math.IsNaN(p.FStar) {
			continue
		}
		n, seen := fewest[p.Name]
		if !seen {
			order = append(order, p.Name)
			n = math.MaxInt
		}
		fewest[p.Name] = min(n, len(g.Runs))
	}
	var out []string
	for _, name := range order {
		if fewest[name] < MinBestSeenStarts {
			out = append(out, name)
		}
	}
	return out
}

// circularSet is Circular as a set, nil when it is empty.
func circularSet(runs []bench.Run) map[string]bool {
	var set map[string]bool
	for _, name := range Circular(runs) {
		if set == nil {
			set = map[string]bool{}
		}
		set[name] = true
	}
	return set
}

// targeted are the runs of the problems whose targets are used: runs
// without those of Circular(runs). It is runs itself when none is left
// out.
func targeted(runs []bench.Run) []bench.Run {
	skip := circularSet(runs)
	if skip == nil {
		return runs
	}
	var out []bench.Run
	for _, r := range runs {
		if !skip[r.Problem.Name] {
			out = append(out, r)
		}
	}
	return out
}

// CircularNotes say which problems' targets are left out and why, in one
// note; none when no problem's are: for the notes under the tables and in
// report.html.
func CircularNotes(runs []bench.Run) []string {
	names := Circular(runs)
	if len(names) == 0 {
		return nil
	}
	which := "Targets left out"
	if len(bench.Problems(runs)) > len(names) {
		which += " for " + strings.Join(names, ", ")
	}
	return []string{fmt.Sprintf("%s (ECDFs, aRT, profiles, at f*): f* is only the best value reached, so the run that reached it solves every target "+
		"by construction; with fewer than %d starts per method (too few for a median's interval) that one run would weigh a fifth or more of its method's share.",
		which, MinBestSeenStarts)}
}
