package analysis

import (
	"math"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/stats"
)

// Diff compares two sides, each the runs of one method configuration on
// one problem over several starts, measure by measure.
type Diff struct {
	Problem, Gradient string
	A, B              string // the sides' labels
	Paired            bool   // the runs pair up by start (see Pairing)
	Pairs             int    // the starts both sides ran, when paired
	Measures          []MeasureDiff
}

// MeasureDiff is one measure of a Diff: both medians with their intervals,
// the change of B from A, and the test of the difference.
type MeasureDiff struct {
	Measure     Measure
	A, B        stats.Estimate // medians, with their intervals at Settings.Confidence
	NA, NB      int
	ChangePct   float64 // 100 (B - A) / |A|, of the medians
	Test        string  // "wilcoxon" (signed-rank, paired) or "mannwhitneyu"
	Exact       bool    // the test used its exact distribution
	P           float64 // two-sided p-value; NaN when there was nothing to test
	PAdjusted   float64 // P after Holm's correction over every measure of every Diff compared together
	MinP        float64 // the smallest p the test can give with these sizes
	Significant bool    // PAdjusted < alpha
}

// CompareSides compares side A with side B on every one of DiffMeasures:
// medians over each side's runs, and the test of the difference by the
// sides' Pairing. Significance is left to AdjustDiffs, which corrects for
// everything compared together.
func CompareSides(s Sides, st Settings) Diff {
	d := Diff{Problem: s.A.Problem.Name, Gradient: string(s.A.Gradient), A: s.A.Label, B: s.B.Label, Paired: s.Paired}
	if s.Paired {
		d.Pairs = len(s.Pairing.A)
	}
	target := s.FStar + st.MiddleDeltaF
	// The iterations to a target measured from a best-seen f* are
	// circular with few starts (MinBestSeenStarts): left out then.
	circular := math.IsNaN(s.A.Problem.FStar) && min(len(s.A.Runs), len(s.B.Runs)) < MinBestSeenStarts
	for _, m := range DiffMeasures(s.A.Problem) {
		if m.Key == IterToTarget.Key && circular {
			continue
		}
		va, vb := m.values(s.A.Runs, target), m.values(s.B.Runs, target)
		md := MeasureDiff{Measure: m, A: stats.MedianEstimate(va, st.Confidence), B: stats.MedianEstimate(vb, st.Confidence), NA: len(va), NB: len(vb)}
		switch {
		case !finite(md.A.V) || !finite(md.B.V):
			md.ChangePct = math.NaN() // a median that never reached the target
		case md.A.V == md.B.V:
			md.ChangePct = 0
		default:
			md.ChangePct = 100 * (md.B.V - md.A.V) / math.Abs(md.A.V)
		}
		md.Test = "mannwhitneyu"
		if s.Paired {
			md.Test = "wilcoxon"
		}
		md.P, md.Exact, md.MinP = s.test(m, target)
		d.Measures = append(d.Measures, md)
	}
	return d
}

// AdjustDiffs applies Holm's correction to the p-values of every measure of
// every diff together, and marks as significant those below alpha.
func AdjustDiffs(ds []Diff, alpha float64) {
	var ps []float64
	for _, d := range ds {
		for _, m := range d.Measures {
			ps = append(ps, m.P)
		}
	}
	adj := stats.HolmAdjust(ps)
	k := 0
	for i := range ds {
		for j := range ds[i].Measures {
			m := &ds[i].Measures[j]
			m.PAdjusted = adj[k]
			m.Significant = m.PAdjusted < alpha
			k++
		}
	}
}

// Compare is optbench diff as a function: the runs of a and of b paired
// into sides (Pair: by labelA and labelB when given, else label by
// label), each side compared on every measure (CompareSides), and the
// p-values corrected together (AdjustDiffs at st.Alpha). notes say which
// sides are compared unpaired, and why.
func Compare(a, b []bench.Run, labelA, labelB string, st Settings) (diffs []Diff, notes []string, err error) {
	sides, notes, err := Pair(a, b, labelA, labelB)
	if err != nil {
		return nil, nil, err
	}
	for _, s := range sides {
		diffs = append(diffs, CompareSides(s, st))
	}
	AdjustDiffs(diffs, st.Alpha)
	return diffs, notes, nil
}
