package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/results"
	"github.com/optbench/optbench/bench/stats"
	"github.com/optbench/optbench/bench/table"
	"github.com/optbench/optbench/solvers/core"
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

func diff(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	tout, terr, done := forTerminal(stdout, stderr)
	defer func() { err = done(err) }()
	stdout, stderr = tout, terr
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
	var setA, setB *results.Set
	switch {
	case len(paths) == 1 && *labelA != "" && *labelB != "":
		if setA, err = load(ctx, wholeLoad, paths, stderr); err != nil {
			return err
		}
		setB = setA
	case len(paths) == 2:
		// Two sets in memory at once: each gets half the bytes a report
		// may hold, so that the diff stays under 2 GiB.
		half := wholeLoad
		half.Bytes /= 2
		if sameResults(paths[0], paths[1]) {
			half = wholeLoad
		}
		if setA, err = load(ctx, half, paths[:1], stderr); err != nil {
			return err
		}
		if sameResults(paths[0], paths[1]) {
			setB = setA // read once: the runs of a large file take its memory twice otherwise
		} else if setB, err = load(ctx, half, paths[1:], stderr); err != nil {
			return err
		}
	default:
		return usagef("want two result sets (A B), or -a LABEL -b LABEL and one")
	}
	st := analysis.DefaultSettings()
	st.Alpha = *alpha
	diffs, notes, err := analysis.Compare(setA.Runs, setB.Runs, *labelA, *labelB, st)
	if err != nil {
		return err
	}
	if setB != setA {
		notes = append(notes, boundsDiffer(setA.Description, setB.Description)...)
	}
	t := table.DiffTable(diffs, st.Alpha)
	if *format == "csv" {
		return table.WriteTable(stdout, t, "csv")
	}
	for _, d := range diffs {
		how := fmt.Sprintf("%d pairs of runs from the same starts", d.Pairs)
		if !d.Paired {
			how = "unpaired"
		}
		fmt.Fprintf(stdout, "A: %s, B: %s (%s)\n", d.A, d.B, how)
	}
	if err := table.WriteTable(stdout, t, *format); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	for _, n := range append(notes, table.DiffNotes(diffs, st)...) {
		fmt.Fprintln(stdout, table.Wrap(n, 120))
	}
	return nil
}

// boundsDiffer is the note of two sweeps run with other bounds (-bounds,
// or a problem's own): their runs minimized other problems, which the
// p-values do not know.
func boundsDiffer(a, b results.Description) []string {
	say := func(d results.Description) string {
		if len(d.Bounds) > 0 {
			return "-bounds " + d.Bounds.String()
		}
		var own []string
		for _, p := range d.Problems {
			if len(p.Bounds) > 0 {
				own = append(own, p.Name+" "+p.Bounds.String())
			}
		}
		if len(own) > 0 {
			return "the problems' own bounds (" + strings.Join(own, ", ") + ")"
		}
		return "no bounds"
	}
	if sa, sb := say(a), say(b); sa != sb && !sameBounds(a, b) {
		return []string{fmt.Sprintf("A and B ran with other bounds: A with %s, B with %s; they minimized other problems, whatever the tests say.", cut(sa), cut(sb))}
	}
	return nil
}

// sameBounds says whether every problem the two sweeps share (by name)
// ran in the same box, coordinate for coordinate: -bounds -5:5 and -5:5
// written once per coordinate are the same bounds.
func sameBounds(a, b results.Description) bool {
	boxOf := func(d results.Description, p results.ProblemRef) (*core.Bounds, error) {
		if len(d.Bounds) > 0 {
			return d.Bounds.For(p.Dim)
		}
		return p.Bounds.For(p.Dim)
	}
	for _, pa := range a.Problems {
		for _, pb := range b.Problems {
			if pa.Name != pb.Name || pa.Dim != pb.Dim {
				continue
			}
			ba, errA := boxOf(a, pa)
			bb, errB := boxOf(b, pb)
			switch {
			case errA != nil || errB != nil:
				return false
			case (ba == nil) != (bb == nil):
				return false
			case ba != nil && (!slices.Equal(ba.Lower, bb.Lower) || !slices.Equal(ba.Upper, bb.Upper)):
				return false
			}
		}
	}
	return true
}

// cut shortens s to at most 200 bytes and an ellipsis for a note (a box
// of 4096 intervals is 20 kB).
func cut(s string) string {
	if len(s) <= 200 {
		return s
	}
	return cutAt(s, 200) + "..."
}

// sameResults says whether paths a and b name the same results files.
func sameResults(a, b string) bool {
	sa, err := results.Sources(a)
	if err != nil {
		return false
	}
	sb, err := results.Sources(b)
	if err != nil || len(sa) != len(sb) {
		return false
	}
	for i := range sa {
		fa, err := os.Stat(sa[i].Path)
		if err != nil {
			return false
		}
		fb, err := os.Stat(sb[i].Path)
		if err != nil || !os.SameFile(fa, fb) {
			return false
		}
	}
	return true
}
