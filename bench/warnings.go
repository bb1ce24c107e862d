package bench

import (
	"fmt"
	"strings"

	"github.com/optbench/optbench/solvers"
	"github.com/optbench/optbench/solvers/core"
)

// maxWarningNotes bounds the lines WarningNotes writes: past it, one line
// says where the rest are.
const maxWarningNotes = 10

// WarningNotes say, once per configuration (solver) and warning, what the
// methods warned of in runs (Result.Warnings, scipy's OptimizeWarning:
// "Initial guess is not within the specified bounds" when a start outside
// the bounds was clipped), with the number of its runs that warned: a
// sweep of a thousand starts says it in one line, not a thousand. In the
// order runs first warned; nil when none did. withProblem names the
// problem too (a sweep of several problems), as a warning depends on it.
func WarningNotes(runs []Run, withProblem bool) []string {
	type key struct {
		where, warning string
	}
	total := map[string]int{} // runs by where
	count := map[key]int{}
	var order []key
	for _, r := range runs {
		where := r.Label + " " + string(r.Gradient)
		if withProblem && r.Problem != nil {
			where = r.Problem.Name + ", " + where
		}
		total[where]++
		for i, w := range r.Result.Warnings {
			if containsBefore(r.Result.Warnings, i) {
				continue // a run counts once per warning
			}
			k := key{where, w}
			if count[k] == 0 {
				order = append(order, k)
			}
			count[k]++
		}
	}
	var notes []string
	for i, k := range order {
		if i == maxWarningNotes {
			notes = append(notes, fmt.Sprintf("(%d more warnings: see the warnings field of -format json or results.jsonl)", len(order)-i))
			break
		}
		notes = append(notes, fmt.Sprintf("Warning in %s, %d of %d runs: %s", k.where, count[k], total[k.where], oneLine(k.warning)))
	}
	return notes
}

// containsBefore says whether ws[i] is among ws[:i].
func containsBefore(ws []string, i int) bool {
	for _, w := range ws[:i] {
		if w == ws[i] {
			return true
		}
	}
	return false
}

// maxBoundsNoted is how many intervals of the sweep's own bounds a note
// prints.
const maxBoundsNoted = 8

// BoundsNotes say how the sweep's runs are bounded: the sweep's own
// bounds, or each box the problems' families gave and the problems it
// bounds, and which problems have starts outside their bounds (their
// methods start from them as scipy does: clipped into the box, but for
// Powell, which starts from x0 itself; Nelder-Mead and Powell warn of it). nil when no run is bounded. A problem whose box
// does not fit it (see CheckBounds) is left out.
func (s *Sweep) BoundsNotes() []string {
	var notes []string
	switch {
	case len(s.Bounds) > 0 && !s.Bounds.Bounded():
		return []string{fmt.Sprintf("Bounds %s: none; every problem runs unbounded.", s.Bounds)}
	case len(s.Bounds) == 1:
		notes = append(notes, fmt.Sprintf("Bounds %s on every coordinate of every problem.", s.Bounds))
	case len(s.Bounds) > maxBoundsNoted:
		// 4096 intervals print as 20 kB: sweep.json has them.
		notes = append(notes, fmt.Sprintf("Bounds %s, ... (%d intervals, one per coordinate: sweep.json has them all).", s.Bounds[:maxBoundsNoted], len(s.Bounds)))
	case len(s.Bounds) > 1:
		notes = append(notes, fmt.Sprintf("Bounds %s, one per coordinate.", s.Bounds))
	default:
		var boxes []string
		byBox := map[string][]string{}
		for _, p := range s.Problems {
			if b := p.Bounds.String(); p.Bounds.Bounded() {
				if byBox[b] == nil {
					boxes = append(boxes, b)
				}
				byBox[b] = append(byBox[b], p.Name)
			}
		}
		for _, b := range boxes {
			notes = append(notes, fmt.Sprintf("Bounds of the problems' own: %s for %s.", b, strings.Join(byBox[b], ", ")))
		}
	}
	var outside []string
	for _, p := range s.Problems {
		b, err := s.BoundsFor(p)
		if err != nil || b == nil || p.Start == nil {
			continue
		}
		x0s, err := s.starts(p)
		if err != nil {
			continue
		}
		n := 0
		for _, x0 := range x0s {
			if !inside(b, x0) {
				n++
			}
		}
		if n > 0 {
			outside = append(outside, fmt.Sprintf("%s %d of %d", p.Name, n, len(x0s)))
		}
	}
	if len(outside) > 0 {
		tnc := ""
		for _, sv := range s.Solvers {
			if sv.Method == "scipy:TNC" && sv.Gradient != solvers.Analytic {
				// scipy's TNC differentiates at x0 before tnc clips it.
				tnc = "; scipy:TNC with finite differences fails there, as scipy's raises"
				break
			}
		}
		notes = append(notes, fmt.Sprintf("Starts outside the bounds, which the methods clip into them as scipy does (Powell starts from them, as scipy's%s): %s.", tnc, strings.Join(outside, ", ")))
	}
	return notes
}

// inside says whether x lies in b.
func inside(b *core.Bounds, x []float64) bool {
	for i, v := range x {
		if v < b.Lower[i] || v > b.Upper[i] {
			return false
		}
	}
	return true
}

// oneLine is s on one line of at most 300 characters: a warning is the
// method's text.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}
