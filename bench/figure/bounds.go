package figure

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
)

// The limits that keep every figure's size, and its PNG and SVG files,
// independent of the number of runs and of method configurations: a
// method grid of thousands of configurations (GD-fixed[alpha=1|...|8000]
// drew a 3.5 GB image) or a sweep of thousands of starts draws a figure as
// large as a sweep of a few. Up to these limits, nothing is left out, so
// the figures of an ordinary sweep are unchanged.
const (
	// MaxSeries is the most configurations (method label and gradient
	// mode) a figure draws, each with its curve, legend entry, column or
	// panel: 12, as many as the series colours tell apart. Past it a
	// figure draws the MaxSeries best (Shown) and names how many more
	// there are (More).
	MaxSeries = 12
	// maxLabel is the most characters of a label in a legend or on an
	// axis; a longer one is cut with "…".
	maxLabel = 64
	// maxPointsPerSeries is the most starts final_loss draws as points for
	// one configuration: evenly spaced in rank, the lowest and highest
	// among them; its box plot summarises them all.
	maxPointsPerSeries = 400
	// stepLevels: a step line (ECDF, profile) keeps a point where its
	// fraction reaches the next 1/stepLevels, and the last, so it has at
	// most about stepLevels points however many runs it counts; the line
	// drawn is off by less than 1/stepLevels of the axis.
	stepLevels = 1000
	// maxPanels is the most panels of a grid figure (the profiles' one
	// per tolerance); more are named in the caption.
	maxPanels = 6
)

// Shown picks, of n series, the at most MaxSeries with the lowest score
// (the best: NaN counts as +Inf, ties go to the earlier), and returns
// their indices in their original order. With n <= MaxSeries, all of them.
func Shown(n int, score func(i int) float64) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if n <= MaxSeries {
		return idx
	}
	s := make([]float64, n)
	for i := range s {
		if s[i] = score(i); math.IsNaN(s[i]) {
			s[i] = math.Inf(1)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(s[a], s[b]) })
	idx = idx[:MaxSeries]
	slices.Sort(idx)
	return idx
}

// More says how many of n configurations a figure that shows shown of
// them leaves out, "and 7,988 more configurations", or "" for none.
func More(n, shown int) string {
	switch hidden := n - shown; {
	case hidden <= 0:
		return ""
	case hidden == 1:
		return "and 1 more configuration"
	default:
		return "and " + Thousands(hidden) + " more configurations"
	}
}

// addMore adds to leg, under its entries, text lines saying how many of n
// configurations it does not show, and returns them (for the legend's
// width); none when it shows them all. Two short lines keep the legend
// no wider than its labels.
func addMore(leg *plot.Legend, n, shown int) []string {
	if n <= shown {
		return nil
	}
	lines := []string{"and " + Thousands(n-shown) + " more", "(see the tables)"}
	for _, l := range lines {
		leg.Add(l)
	}
	return lines
}

// Thousands is n with commas between groups of three digits: 7,988.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// Cut is label cut to at most maxLabel characters, ending with "…" when
// cut, so that one long label cannot widen a legend or an axis without
// bound.
func Cut(label string) string {
	r := []rune(label)
	if len(r) <= maxLabel {
		return label
	}
	return string(r[:maxLabel-1]) + "…"
}

// thinSteps is a step function's points (x ascending, fraction not
// decreasing) with at most about stepLevels + 1 of them: the first point
// at each new 1/stepLevels of fraction, and the last. Functions of fewer
// points come back as they are.
func thinSteps(x, fraction []float64) ([]float64, []float64) {
	if len(x) <= stepLevels {
		return x, fraction
	}
	var tx, tf []float64
	level := math.Inf(-1)
	for j := range x {
		l := math.Floor(fraction[j] * stepLevels)
		if l > level || j == len(x)-1 {
			tx, tf = append(tx, x[j]), append(tf, fraction[j])
			level = l
		}
	}
	return tx, tf
}

// byRank is, of the indices 0..n-1 of values sorted by less, at most k,
// evenly spaced in rank with the first and the last; all of them when n
// <= k.
func byRank(n, k int, less func(a, b int) int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if n <= k {
		return idx
	}
	slices.SortStableFunc(idx, less)
	out := make([]int, 0, k)
	for j := range k {
		out = append(out, idx[j*(n-1)/(k-1)])
	}
	slices.Sort(out)
	return out
}
