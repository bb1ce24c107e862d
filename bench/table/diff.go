package table

import (
	"fmt"
	"math"

	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/stats"
)

// DiffTable is the diffs as one table, benchstat-style: for people, per
// measure, both medians ± their intervals, the change ("~" when not
// significant) and the p-value with the test and sizes; for machines the
// columns metric, a_median, b_median, change_pct, p_value, test,
// significant, then p_adjusted, the intervals, the sizes and the sides.
func DiffTable(ds []analysis.Diff, alpha float64) Table {
	t := Table{Title: "Differences", Columns: []Column{
		{Name: "problem", Key: "", Kind: Text},
		{Name: "metric", Key: "metric", Kind: Text},
		{Name: "A", Key: "a_median", Kind: Sig},
		{Name: "B", Key: "b_median", Kind: Sig},
		{Name: "change", Kind: Text},
		{Key: "change_pct", Kind: Sig},
		{Name: "p", Kind: Text},
		{Key: "p_value", Kind: Sig},
		{Key: "test", Kind: Text},
		{Key: "significant", Kind: Text},
		{Key: "p_adjusted", Kind: Sig},
		{Key: "a_lo", Kind: Sig}, {Key: "a_hi", Kind: Sig}, {Key: "b_lo", Kind: Sig}, {Key: "b_hi", Kind: Sig},
		{Key: "n_a", Kind: Int}, {Key: "n_b", Kind: Int},
		{Key: "problem", Kind: Text}, {Key: "gradient", Kind: Text}, {Key: "a_label", Kind: Text}, {Key: "b_label", Kind: Text},
	}}
	for _, d := range ds {
		for i, m := range d.Measures {
			change := "~"
			if m.Significant {
				change = fmt.Sprintf("%+.2f%%", m.ChangePct)
				if math.IsInf(m.ChangePct, 0) || math.IsNaN(m.ChangePct) {
					change = "changed"
				}
			}
			n := fmt.Sprintf("n=%d+%d", m.NA, m.NB)
			if d.Paired {
				n = fmt.Sprintf("n=%d pairs", d.Pairs)
			}
			p := fmt.Sprintf("p=%.3g %s", m.P, n)
			if m.MinP >= alpha && !m.Significant {
				p += " (too few)"
			}
			problem := ""
			if i == 0 {
				problem = d.Problem + " " + d.Gradient
			}
			secs := m.Measure.Key == analysis.Time.Key
			t.Add(problem, m.Measure.Key, diffCell{m.A, secs}, diffCell{m.B, secs}, change, m.ChangePct, p, m.P, m.Test,
				fmt.Sprint(m.Significant), m.PAdjusted, m.A.Lo, m.A.Hi, m.B.Lo, m.B.Hi, m.NA, m.NB, d.Problem, d.Gradient, d.A, d.B)
		}
	}
	return t
}

// diffCell is a median that people read as "0.1244 ±3%" (or "3.31ms ±4%"
// for a time, "8.7e-16 [8.1e-17, 4.6e-14]" near zero: see formatInterval)
// and machines as the bare number: the table carries the
// bounds in columns of their own.
type diffCell struct {
	stats.Estimate
	seconds bool
}

func (c diffCell) String() string {
	if c.seconds {
		return formatSeconds(c.V) + formatInterval(Seconds, c.Estimate)
	}
	return formatSig(c.V, 4) + formatInterval(Sig, c.Estimate)
}

// DiffNotes explain a diff table: the intervals, the change and its test,
// and which comparisons had too few runs to reach st.Alpha.
func DiffNotes(ds []analysis.Diff, st analysis.Settings) []string {
	n := 0
	for _, d := range ds {
		n += len(d.Measures)
	}
	notes := []string{fmt.Sprintf("Medians ± the wider side of their %s confidence intervals, relative to the median ([lo, hi] when that side exceeds the median's magnitude). change: B's median against A's, ~ when not significant at alpha %g "+
		"after Holm's correction for the %d p-values above (each p is multiplied by the number of p-values not smaller than it). "+
		"p: the two-sided p-value before correction, of Wilcoxon's signed-rank test on pairs from the same start, or Mann-Whitney's U test "+
		"when the sides do not pair up (scipy.stats 1.10's defaults).", analysis.Percent(st.Confidence), st.Alpha, n)}
	for _, d := range ds {
		if m := d.Measures[0]; m.MinP >= st.Alpha {
			notes = append(notes, fmt.Sprintf("Too few runs in %s vs %s: the smallest p the test can give is %.3g, not below alpha %g (need at least 6 pairs, or 4 runs a side unpaired).", d.A, d.B, m.MinP, st.Alpha))
		}
	}
	return notes
}
