package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
PATH, both from it, and both are needed). Each comparison is a block headed by
its sides: the labels, and the paths they come from.

Two sweeps are compared only when they ran under the same settings but for
their methods: the same problems (and data), starts, seed, limits (maxiter,
maxfev, gtol, time limit, finite-difference step, epochs, budget), Hessian and
trace modes, and bounds, as their sweep.json files say. Otherwise diff names
every setting that differs, with both values, and exits 1; -force compares
them anyway, with those settings printed as a warning: a change then may be
the settings', not the methods'.

  optbench diff -a BFGS -b 'BFGS[linesearch=more-thuente]' out/
  optbench diff old/ new/ -format csv
  optbench diff -force maxiter100/ default/

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
	force := fs.Bool("force", false, "compare two sweeps run with other settings (named in a warning) rather than refuse")
	if len(args) == 0 {
		fmt.Fprint(stderr, diffUsage)
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		return usagef("want two result sets (A B), or -a LABEL -b LABEL and one")
	}
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
	if err := checkSides(paths, *labelA, *labelB); err != nil {
		return err
	}
	var setA, setB *results.Set
	nameA, nameB := *labelA, *labelB // the sides' names: their labels, or their paths
	store := newTraceStore(stderr)
	defer store.Close()
	defer func() { err = firstError(err, store.Err()) }() // traces read were lost
	defer sayFull(store, stderr)
	whole := wholeLoad
	whole.TraceStore = store
	switch len(paths) {
	case 1:
		if setA, err = load(ctx, whole, paths, stderr); err != nil {
			return err
		}
		setB = setA
	case 2:
		nameA, nameB = paths[0], paths[1]
		// Two sets in memory at once: each gets half the bytes a report
		// may hold, so that the diff stays under 2 GiB.
		half := whole
		half.Bytes /= 2
		if sameResults(paths[0], paths[1]) {
			half = whole
		}
		if setA, err = load(ctx, half, paths[:1], stderr); err != nil {
			return err
		}
		if sameResults(paths[0], paths[1]) {
			setB = setA // read once: the runs of a large file take its memory twice otherwise
		} else if setB, err = load(ctx, half, paths[1:], stderr); err != nil {
			return err
		}
	}
	if setB != setA && setA.Sweep != nil && setB.Sweep != nil {
		if ds := settingsDiffer(setA.Description, setB.Description); len(ds) > 0 {
			what := fmt.Sprintf("A (%s) and B (%s) ran with other settings: %s", nameA, nameB, sayDifferences(ds))
			if !*force {
				return fmt.Errorf("%s; a change may be theirs, not the methods': give -force to compare them anyway", what)
			}
			fmt.Fprintf(stderr, "optbench diff: warning: %s; compared anyway (-force): a change may be theirs, not the methods'\n", what)
		}
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
	if *format == "csv" {
		return table.WriteTable(stdout, table.DiffTable(diffs, st.Alpha), "csv")
	}
	for i, d := range diffs {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintln(stdout, blockHeader(d, len(paths) == 2, nameA, nameB))
		if err := table.WriteTable(stdout, table.DiffTable(diffs[i:i+1], st.Alpha), *format); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout)
	for _, n := range append(notes, table.DiffNotes(diffs, st)...) {
		fmt.Fprintln(stdout, table.Wrap(n, 120))
	}
	return nil
}

// checkSides refuses a command line that does not name two sides: two
// paths, or one with both -a and -b, and not one label twice (a method
// compared with itself tells nothing).
func checkSides(paths []string, labelA, labelB string) error {
	switch {
	case len(paths) == 0:
		return usagef("no result set given: want two (A B), or -a LABEL -b LABEL and one (see -h)")
	case len(paths) > 2:
		return usagef("%d result sets given: want two (A B), or -a LABEL -b LABEL and one (see -h)", len(paths))
	case len(paths) == 1 && labelA == "" && labelB == "":
		return usagef("one result set given (%s): want a second (A B), or -a LABEL -b LABEL to compare two methods inside it", paths[0])
	case len(paths) == 1 && labelB == "":
		return usagef("-b is missing: with one result set, -a %s is compared with the method -b names, not with itself", labelA)
	case len(paths) == 1 && labelA == "":
		return usagef("-a is missing: with one result set, -b %s is compared with the method -a names, not with itself", labelB)
	case len(paths) == 1 && labelA == labelB:
		return usagef("-a and -b are both %s: name two methods to compare", labelA)
	case len(paths) == 2 && labelA == labelB && samePath(paths[0], paths[1]):
		return usagef("A and B are both %s: a result set compared with itself tells nothing (give two, or -a and -b)", paths[0])
	}
	return nil
}

// blockHeader is the line over a comparison's table: its sides, named by
// their labels and, for two result sets, the paths they come from, and
// how their runs pair up.
func blockHeader(d analysis.Diff, twoSets bool, nameA, nameB string) string {
	how := fmt.Sprintf("%d pairs of runs from the same starts", d.Pairs)
	if !d.Paired {
		how = "unpaired"
	}
	a, b := d.A, d.B
	if twoSets {
		a, b = d.A+" in "+nameA, d.B+" in "+nameB
	}
	return fmt.Sprintf("A: %s, B: %s (%s)", a, b, how)
}

// settingsDiffer are the settings in which two sweeps compared by diff
// differ, but for their methods (what diff compares) and for bounds
// written otherwise but the same box (see sameBounds).
func settingsDiffer(a, b results.Description) []results.Difference {
	same := sameBounds(a, b)
	var out []results.Difference
	for _, d := range a.Differences(b) {
		if d.Solvers || same && (d.Setting == "bounds" || strings.HasSuffix(d.Setting, "'s bounds")) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// sayDifferences is ds as "maxiter 100 in A, 0 in B; seed ...".
func sayDifferences(ds []results.Difference) string {
	value := func(setting, v string) string {
		if v == "0" && (setting == "maxiter" || setting == "maxfev") {
			return "0 (the method's default)"
		}
		return v
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%s %s in A, %s in B", d.Setting, value(d.Setting, d.A), value(d.Setting, d.B))
	}
	return strings.Join(parts, "; ")
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

// samePath says whether a and b name one result set: one file, or a
// directory and its results.jsonl.
func samePath(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, errA := os.Stat(resultsFile(a))
	sb, errB := os.Stat(resultsFile(b))
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// resultsFile is the results file a path names: a directory's
// results.jsonl, or the path itself.
func resultsFile(path string) string {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return filepath.Join(path, "results.jsonl")
	}
	return path
}
