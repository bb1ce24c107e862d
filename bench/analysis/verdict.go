package analysis

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench/stats"
)

// Verdict is what a set of runs shows, per problem: on each of
// Settings.BestMeasures, the configurations (method configuration and
// gradient) of lowest median, those whose difference from it is not
// significant, and how many are significantly worse, by the rule the
// tables' "best at" marks follow (Pairing, Holm's correction over the
// comparisons with the best of one problem and measure, Settings.Alpha).
type Verdict struct {
	Problems []ProblemVerdict
	// Starts is the fewest starts any configuration has; MinP the smallest
	// p-value a test with that many can give (Wilcoxon's signed-rank on
	// paired starts). When MinP >= Alpha no difference can be significant,
	// and Significance is false: the ranking is by medians alone.
	// Comparisons is how many configurations of one problem are tested
	// against its best (the most of any problem): Holm's correction
	// multiplies the smallest p by it, so Significance also needs
	// Comparisons x MinP < Alpha.
	Starts       int
	Comparisons  int
	MinP, Alpha  float64
	Significance bool
}

// ProblemVerdict is the verdict on one problem: one MeasureVerdict per
// measure of Settings.BestMeasures, in their order.
type ProblemVerdict struct {
	Problem  string
	FName    string // what the value is called: "f", "train loss"
	Configs  int    // the configurations compared
	Measures []MeasureVerdict
}

// MeasureVerdict ranks a problem's configurations on one measure.
type MeasureVerdict struct {
	Measure Measure
	// Best are the configurations of lowest median (several when their
	// medians are equal; for the final value, the same minimum by
	// Settings.SameMinimum), Median that median in the
	// measure's unit (seconds for Time); +Inf when no configuration's
	// median run finished (a failed run's value ranks after every number).
	Best   []string
	Median float64
	// Tied are the other configurations not significantly different from
	// the first of Best; Worse counts those significantly worse.
	Tied  []string
	Worse int
	worse []string // their names, by median
	// AtBestF says whether one of Best is at the lowest f: its median
	// final value the same minimum as the lowest (Settings.SameMinimum),
	// or, when a test can tell, not significantly worse; true when the
	// settings rank no final value. FBest is the first configuration of
	// lowest median among those at the lowest f, FMedian its median: for a
	// measure of cost (time, evaluations) the answer that matters, since a
	// configuration that stops early far from the minimum can be cheapest.
	// For the final value, FBest is the first of Best.
	AtBestF bool
	FBest   string
	FMedian float64
}

// Verdict computes the verdict of the analysis (see Verdict).
func (a Analysis) Verdict() Verdict {
	st := a.Settings
	v := Verdict{Starts: a.LeastStarts(), Alpha: st.Alpha}
	if len(a.Groups) == 0 {
		v.Starts = 0
	}
	v.MinP = stats.MinWilcoxonP(v.Starts)
	v.Comparisons = a.Comparisons()
	v.Significance = v.MinP*float64(max(1, v.Comparisons)) < st.Alpha
	for _, members := range byProblem(a.Groups) {
		groups := make([]Group, len(members.Members))
		for j, gi := range members.Members {
			groups[j] = a.Groups[gi]
		}
		p := groups[0].Problem
		pv := ProblemVerdict{Problem: p.Name, FName: cmpOr(p.FName, "f"), Configs: len(groups)}
		names := configNames(groups)
		target := a.Refs[p.Name].FStar + st.MiddleDeltaF
		var atF []bool // by group: Best or Tied on F
		ranks := make([]rank, len(st.BestMeasures))
		ref := a.Refs[p.Name]
		sameF := func(m, b float64) bool { return m == b || st.SameMinimum(ref, m, b) }
		for i, m := range st.BestMeasures {
			ranks[i] = rankOn(groups, m, target, st.Alpha)
			if m.Key == F.Key {
				atF = ranks[i].atBest(v.Significance, sameF)
			}
		}
		for i, m := range st.BestMeasures {
			r := ranks[i]
			mv := MeasureVerdict{Measure: m, Median: r.medians[r.best], AtBestF: atF == nil}
			same := func(m, b float64) bool { return m == b }
			if m.Key == F.Key {
				same = sameF
			}
			order := make([]int, len(groups)) // by median: the tied listed best first
			for j := range order {
				order[j] = j
			}
			slices.SortStableFunc(order, func(x, y int) int { return cmpNaNLast(r.medians[x], r.medians[y]) })
			for _, j := range order {
				switch {
				case same(r.medians[j], r.medians[r.best]):
					mv.Best = append(mv.Best, names[j])
					mv.AtBestF = mv.AtBestF || atF[j] // atF nil: AtBestF is true already
				case r.worse[j]:
					mv.Worse++
					mv.worse = append(mv.worse, names[j])
				default:
					mv.Tied = append(mv.Tied, names[j])
				}
			}
			fb := r.best
			for j := range groups {
				if atF != nil && atF[j] && (!atF[fb] || r.medians[j] < r.medians[fb]) {
					fb = j
				}
			}
			mv.FBest, mv.FMedian = names[fb], r.medians[fb]
			pv.Measures = append(pv.Measures, mv)
		}
		v.Problems = append(v.Problems, pv)
	}
	return v
}

// rank is one problem's groups ranked on one measure: their medians, the
// best (the first of lowest median) and which are significantly worse.
type rank struct {
	medians []float64
	best    int
	worse   []bool
}

// atBest says which groups are at the best median: the same minimum by
// same, or, when a test can tell, not significantly worse.
func (r rank) atBest(significance bool, same func(m, b float64) bool) []bool {
	out := make([]bool, len(r.worse))
	for i, m := range r.medians {
		out[i] = same(m, r.medians[r.best]) || significance && !r.worse[i]
	}
	return out
}

// rankOn ranks groups (of one problem) on m, for markBest and the verdict: medians with
// a failed run's NaN ranked last, each other group tested against the
// best by the Pairing rule, Holm-corrected, significant below alpha.
func rankOn(groups []Group, m Measure, target, alpha float64) rank {
	r := rank{medians: make([]float64, len(groups)), worse: make([]bool, len(groups))}
	for j, g := range groups {
		r.medians[j] = stats.Median(worstIfNaN(m.values(g.Runs, target)))
		if r.medians[j] < r.medians[r.best] {
			r.best = j
		}
	}
	ps := make([]float64, len(groups))
	for j, g := range groups {
		ps[j] = math.NaN()
		if j != r.best {
			ps[j], _, _ = PairUp(groups[r.best], g).test(m, target)
		}
	}
	for j, p := range stats.HolmAdjust(ps) {
		r.worse[j] = j != r.best && p < alpha
	}
	return r
}

// configNames are the groups' names for people: the label, with the
// gradient in parentheses when the problem's groups differ in gradient.
func configNames(groups []Group) []string {
	grads := map[string]bool{}
	for _, g := range groups {
		grads[string(g.Gradient)] = true
	}
	out := make([]string, len(groups))
	for i, g := range groups {
		out[i] = g.Label
		if len(grads) > 1 {
			out[i] += " (" + string(g.Gradient) + ")"
		}
	}
	return out
}

// Sentences are the verdict in words, for the top of a report: what the
// statistics can say with these starts, then per problem one sentence
// per measure (one problem), or one line per problem for at most
// maxProblems problems, then, for several problems, how often each
// configuration is best over all of them.
func (v Verdict) Sentences(maxProblems int) []string {
	if len(v.Problems) == 0 {
		return nil
	}
	var out []string
	switch {
	case v.Starts <= 1:
		out = append(out, "One start per configuration: each median is a single run, and no difference can be called significant.")
	case !v.Significance && v.MinP < v.Alpha:
		out = append(out, fmt.Sprintf("With %d starts per configuration and %d configurations no difference can be significant after Holm's correction (the smallest p of %d paired starts is %.2g, times %d comparisons, is above alpha %g): the ranking is by medians alone.",
			v.Starts, v.Comparisons+1, v.Starts, v.MinP, v.Comparisons, v.Alpha))
	case !v.Significance:
		out = append(out, fmt.Sprintf("With %d starts per configuration no difference can be significant (the smallest p of %d paired starts is %.2g, alpha %g): the ranking is by medians alone.",
			v.Starts, v.Starts, v.MinP, v.Alpha))
	default:
		out = append(out, fmt.Sprintf("Medians over %d or more starts per configuration; \"not significantly different\": Wilcoxon signed-rank (Mann-Whitney U when the starts differ) against the best, Holm-corrected, alpha %g.", v.Starts, v.Alpha))
	}
	if len(v.Problems) == 1 {
		pv := v.Problems[0]
		for _, mv := range pv.Measures {
			out = append(out, upperFirst(v.measureSentence(pv, mv))+".")
		}
		return out
	}
	for i, pv := range v.Problems {
		if i == maxProblems {
			out = append(out, fmt.Sprintf("... and %d more problems: see the summary table.", len(v.Problems)-i))
			break
		}
		var parts []string
		for _, mv := range pv.Measures {
			parts = append(parts, v.measureShort(pv, mv))
		}
		out = append(out, pv.Problem+": "+strings.Join(parts, "; ")+".")
	}
	return append(out, v.aggregate()...)
}

// measureSentence is one measure's verdict: "lowest final f: A at 0.12;
// not significantly different: B, C; 4 significantly worse".
func (v Verdict) measureSentence(pv ProblemVerdict, mv MeasureVerdict) string {
	s := fmt.Sprintf("%s: %s at %s", measureWords(mv.Measure, pv.FName), listNames(mv.Best, 3), formatMedian(mv.Measure, mv.Median))
	if v.Significance {
		if len(mv.Tied) > 0 {
			s += "; not significantly different: " + listNames(mv.Tied, 3)
		}
		if mv.Worse > 0 {
			s += fmt.Sprintf("; %d significantly worse", mv.Worse)
		}
	}
	if !mv.AtBestF {
		those := "of those that are"
		if v.Significance {
			those = "of those at it or not significantly above it"
		}
		s += fmt.Sprintf("; but not at the lowest %s: %s, %s at %s", pv.FName, those, mv.FBest, formatMedian(mv.Measure, mv.FMedian))
	}
	return s
}

// measureShort is one measure's verdict in a problem's line: who is at
// the lowest f ("A, B at 0.12", or "9 of 12 configurations at 0" when
// more than 2 are),
// and for the other measures the best of those ("of those, fastest: A
// at 12 µs").
func (v Verdict) measureShort(pv ProblemVerdict, mv MeasureVerdict) string {
	if mv.Measure.Key == F.Key {
		who := strings.Join(mv.Best, ", ")
		rest := append(slices.Clone(mv.Tied), mv.worse...)
		switch {
		case len(mv.Best) > 2 && len(rest) > 0 && len(rest) <= 3:
			who = "all but " + strings.Join(rest, ", ")
		case len(mv.Best) > 2 && len(rest) == 0:
			who = fmt.Sprintf("all %d configurations", pv.Configs)
		case len(mv.Best) > 2:
			who = fmt.Sprintf("%d of %d configurations", len(mv.Best), pv.Configs)
		}
		s := fmt.Sprintf("lowest %s: %s at %s", pv.FName, who, formatMedian(mv.Measure, mv.Median))
		if v.Significance && len(mv.Tied) > 0 { // "those" below counts them too
			s += ", " + listNames(mv.Tied, 2) + " not significantly above"
		}
		return s
	}
	return fmt.Sprintf("of those, %s: %s at %s", measureWords(mv.Measure, pv.FName), mv.FBest, formatMedian(mv.Measure, mv.FMedian))
}

// aggregate says, over several problems, which configurations are most
// often of lowest median on each measure.
func (v Verdict) aggregate() []string {
	var parts []string
	for i, m := range v.Problems[0].Measures {
		count := map[string]int{}
		var order []string
		for _, pv := range v.Problems {
			if i >= len(pv.Measures) {
				continue
			}
			best := pv.Measures[i].Best
			if m.Measure.Key != F.Key {
				best = []string{pv.Measures[i].FBest}
			}
			for _, n := range best {
				if count[n] == 0 {
					order = append(order, n)
				}
				count[n]++
			}
		}
		slices.SortStableFunc(order, func(a, b string) int { return count[b] - count[a] })
		var top []string
		for _, n := range order[:min(3, len(order))] {
			top = append(top, fmt.Sprintf("%s (%d)", n, count[n]))
		}
		parts = append(parts, fmt.Sprintf("%s, %s", m.Measure.Name, strings.Join(top, ", ")))
	}
	return []string{fmt.Sprintf("Over the %d problems, most often at the lowest median f, and cheapest of those there (in how many problems): %s.", len(v.Problems), strings.Join(parts, "; "))}
}

// measureWords names the best on m: "lowest final f", "fastest",
// "fewest evaluations".
func measureWords(m Measure, fname string) string {
	switch m.Key {
	case F.Key:
		return "lowest final " + fname
	case Time.Key:
		return "fastest"
	case Evals.Key:
		return "fewest evaluations of f and gradients"
	}
	return "lowest " + m.Name
}

// formatMedian is a median as people read it: 4 significant digits,
// seconds with their unit, "no median run finished" for +Inf.
func formatMedian(m Measure, v float64) string {
	switch {
	case math.IsInf(v, 1) || math.IsNaN(v):
		return "no median run finished"
	case m.Key == Time.Key:
		return formatSeconds(v)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// formatSeconds is s seconds with 3 significant digits in s, ms or µs,
// as the tables print times.
func formatSeconds(s float64) string {
	for _, u := range []struct {
		name  string
		scale float64
	}{{"µs", 1e6}, {"ms", 1e3}} {
		// Rounded first, so that 999.96 µs is 1 ms, not 1000 µs.
		if v, _ := strconv.ParseFloat(strconv.FormatFloat(s*u.scale, 'g', 3, 64), 64); v < 1000 {
			return strconv.FormatFloat(v, 'f', -1, 64) + " " + u.name
		}
	}
	return strconv.FormatFloat(s, 'g', 3, 64) + " s"
}

// listNames is names joined with commas, at most n of them and then how
// many more.
func listNames(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
