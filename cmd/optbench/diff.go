package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/stats"
)

const diffUsage = `Usage: optbench diff A B [flags]
       optbench diff -a LABEL -b LABEL PATH... [flags]

Compares two result sets, or two method configurations inside one, the way
benchstat compares benchmarks: for each measure (the final value f, the
problem's metrics such as test_fun, the solver time, the evaluations, the
iterations and the iterations to f* + 1e-3), both medians with their 95 %
confidence intervals, the change of B from A, and the p-value of the test of
the difference: Wilcoxon's signed-rank test when the runs pair up by start
(the same problem and starting points on both sides), Mann-Whitney's U test
otherwise, both as scipy.stats 1.10 computes them by default. "~" marks a
change that is not significant at -alpha after Holm's correction for every
p-value printed; "(too few)" a comparison whose sizes cannot reach -alpha.

A and B are -out directories or results files; they are compared method by
method (the same label, gradient and problem on both sides), or, when each
holds one method, those two. -a and -b choose a label on each side (with one
PATH, both from it).

  optbench diff -a BFGS -b 'BFGS[linesearch=more-thuente]' out/
  optbench diff old/ new/ -format csv

Flags:
`

func diff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("diff")
	labelA := fs.String("a", "", "side A's method label (as the tables show it)")
	labelB := fs.String("b", "", "side B's method label")
	alpha := fs.Float64("alpha", stats.DefaultAlpha, "significance level, after Holm's correction")
	format := fs.String("format", "table", "output: table, markdown or csv")
	paths, err := parseWithArgs(fs, args, stdout, diffUsage)
	if err != nil {
		return err
	}
	if err := checkChoice("format", *format, []string{"table", "markdown", "csv"}); err != nil {
		return err
	}
	if !(*alpha > 0 && *alpha < 1) {
		return usagef("-alpha %v: want a level strictly between 0 and 1", *alpha)
	}
	var setA, setB resultSet
	switch {
	case len(paths) == 1 && *labelA != "" && *labelB != "":
		if setA, err = loadResults(ctx, paths, stderr); err != nil {
			return err
		}
		setB = setA
	case len(paths) == 2:
		if setA, err = loadResults(ctx, paths[:1], stderr); err != nil {
			return err
		}
		if setB, err = loadResults(ctx, paths[1:], stderr); err != nil {
			return err
		}
	default:
		return usagef("want two result sets (A B), or -a LABEL -b LABEL and one")
	}
	sides, notes, err := pairSides(setA.runs, setB.runs, *labelA, *labelB)
	if err != nil {
		return err
	}
	var diffs []bench.Diff
	for _, s := range sides {
		diffs = append(diffs, bench.CompareSides(s.a, s.b, s.paired, s.fstar))
	}
	bench.AdjustDiffs(diffs, *alpha)
	t := bench.DiffTable(diffs, *alpha)
	if *format == "csv" {
		return bench.WriteTable(stdout, t, "csv")
	}
	for _, d := range diffs {
		how := fmt.Sprintf("%d pairs of runs from the same starts", d.Pairs)
		if !d.Paired {
			how = "unpaired"
		}
		fmt.Fprintf(stdout, "A: %s, B: %s (%s)\n", d.A, d.B, how)
	}
	if err := bench.WriteTable(stdout, t, *format); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	tests := fmt.Sprintf("Medians ± the wider side of their 95 %% confidence intervals. change: B's median against A's, ~ when not significant at alpha %g "+
		"after Holm's correction for the %d p-values above (each p is multiplied by the number of p-values not smaller than it). "+
		"p: the two-sided p-value before correction, of Wilcoxon's signed-rank test on pairs from the same start, or Mann-Whitney's U test "+
		"when the sides do not pair up (scipy.stats 1.10's defaults).", *alpha, countMeasures(diffs))
	notes = append(notes, tests)
	for _, d := range diffs {
		if m := d.Measures[0]; m.MinP >= *alpha {
			notes = append(notes, fmt.Sprintf("Too few runs in %s vs %s: the smallest p the test can give is %.3g, not below alpha %g (need at least 6 pairs, or 4 runs a side unpaired).", d.A, d.B, m.MinP, *alpha))
		}
	}
	for _, n := range notes {
		fmt.Fprintln(stdout, bench.Wrap(n, 120))
	}
	return nil
}

func countMeasures(ds []bench.Diff) int {
	n := 0
	for _, d := range ds {
		n += len(d.Measures)
	}
	return n
}

// side is a pair of run lists to compare.
type side struct {
	a, b   []bench.Run
	paired bool
	fstar  float64
}

// pairSides groups the runs of both sets by (problem, label, gradient) and
// matches the groups of A with those of B: by label when -a/-b are given,
// else the same label on both sides, else the only group of each.
func pairSides(a, b []bench.Run, labelA, labelB string) ([]side, []string, error) {
	ga, gb := bench.Groups(a), bench.Groups(b)
	pick := func(gs []bench.Group, label, name string) ([]bench.Group, error) {
		if label == "" {
			return gs, nil
		}
		var out []bench.Group
		var labels []string
		for _, g := range gs {
			if g.Label == label {
				out = append(out, g)
			}
			if !slices.Contains(labels, g.Label) {
				labels = append(labels, g.Label)
			}
		}
		if len(out) == 0 {
			return nil, usagef("-%s %q: no such method in the results (there: %s)", name, label, strings.Join(labels, ", "))
		}
		return out, nil
	}
	ga, err := pick(ga, labelA, "a")
	if err != nil {
		return nil, nil, err
	}
	gb, err = pick(gb, labelB, "b")
	if err != nil {
		return nil, nil, err
	}
	type key struct{ problem, gradient, label string }
	k := func(g bench.Group, withLabel bool) key {
		kk := key{g.Problem.Name, string(g.Gradient), ""}
		if withLabel {
			kk.label = g.Label
		}
		return kk
	}
	byLabel := labelA == "" && labelB == ""
	var matched [][2]bench.Group
	for _, x := range ga {
		for _, y := range gb {
			if k(x, byLabel) == k(y, byLabel) {
				matched = append(matched, [2]bench.Group{x, y})
			}
		}
	}
	if len(matched) == 0 && len(ga) == 1 && len(gb) == 1 {
		matched = append(matched, [2]bench.Group{ga[0], gb[0]})
	}
	if len(matched) == 0 {
		return nil, nil, usagef("no method of A matches one of B (same label, gradient and problem): name them with -a and -b")
	}
	refs := bench.References(append(slices.Clone(a), b...))
	var out []side
	var notes []string
	for _, m := range matched {
		for i, g := range m {
			if len(g.Runs) < 2 {
				return nil, nil, fmt.Errorf("side %c (%s on %s, %s) has %d run: need at least 2", 'A'+i, g.Label, g.Problem.Name, g.Gradient, len(g.Runs))
			}
		}
		paired, why := pairable(m[0], m[1])
		if !paired {
			notes = append(notes, fmt.Sprintf("%s and %s are compared unpaired: %s.", m[0].Label, m[1].Label, why))
		}
		fstar := refs[m[0].Problem.Name].FStar
		if m[0].Problem.Name != m[1].Problem.Name {
			fstar = math.NaN()
		}
		out = append(out, side{a: m[0].Runs, b: m[1].Runs, paired: paired, fstar: fstar})
	}
	return out, notes, nil
}

// pairable says whether two groups' runs pair up by start: the same
// problem, and the same starting point for every start they share.
func pairable(a, b bench.Group) (bool, string) {
	if a.Problem.Name != b.Problem.Name {
		return false, fmt.Sprintf("different problems (%s and %s)", a.Problem.Name, b.Problem.Name)
	}
	x0 := map[int][]float64{}
	for _, r := range b.Runs {
		x0[r.Start] = r.X0
	}
	shared := 0
	for _, r := range a.Runs {
		y, ok := x0[r.Start]
		if !ok {
			continue
		}
		if r.Seed != 0 && len(y) > 0 && !slices.Equal(r.X0, y) {
			return false, fmt.Sprintf("start %d is another point on each side (different seeds?)", r.Start)
		}
		shared++
	}
	if shared < 2 {
		return false, "fewer than 2 starts in common"
	}
	return true, ""
}
