package main

import (
	"encoding/csv"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench/results"
	"github.com/optbench/optbench/bench/stats"
)

// TestDiff compares two line searches of BFGS inside one sweep: the runs
// pair up by start, the p-value of the final value is the signed-rank
// test's on the pairs, and the CSV has the columns first.
func TestDiff(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := runCLI(t, "-methods", "BFGS[linesearch=bisection|more-thuente]", "-starts", "8", "-maxiter", "60", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	code, out, errOut := runCLI(t, "diff", "-a", "BFGS", "-b", "BFGS[linesearch=more-thuente]", dir, "-format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(rows[0][:7], ","); h != "metric,a_median,b_median,change_pct,p_value,test,significant" {
		t.Errorf("CSV header %s", h)
	}
	var metrics []string
	for _, r := range rows[1:] {
		metrics = append(metrics, r[0])
	}
	if got := strings.Join(metrics, ","); got != "fun,test_fun,train_acc,test_acc,time_s,evals,nit,iter_to_target" {
		t.Errorf("metrics %s", got)
	}
	// The final values, by start, from the results file.
	set, err := results.Load(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	x, y := make([]float64, 8), make([]float64, 8)
	for _, r := range set.Runs {
		if r.Label == "BFGS" {
			x[r.Start] = r.Result.Fun
		} else {
			y[r.Start] = r.Result.Fun
		}
	}
	want, _, _ := stats.WilcoxonSignedRank(x, y)
	if got, _ := strconv.ParseFloat(rows[1][4], 64); rows[1][5] != "wilcoxon" || got != want {
		t.Errorf("fun: p %s by %s, want %v by wilcoxon", rows[1][4], rows[1][5], want)
	}
	code, text, _ := runCLI(t, "diff", "-a", "BFGS", "-b", "BFGS[linesearch=more-thuente]", dir)
	if code != 0 || !strings.Contains(text, "(8 pairs of runs from the same starts)") || !strings.Contains(flat(text), "Holm's correction for the 8 p-values") {
		t.Errorf("text:\n%s", text)
	}
}

// TestDiffRefusals: too few runs on a side is an error naming the side;
// an unknown label a usage error; different seeds are compared unpaired,
// said so; and too few starts to reach alpha are flagged.
func TestDiffRefusals(t *testing.T) {
	base := t.TempDir()
	one, three, other := filepath.Join(base, "one"), filepath.Join(base, "three"), filepath.Join(base, "other")
	runCLI(t, "-methods", "BFGS,CG", "-maxiter", "20", "-out", one)
	runCLI(t, "-methods", "BFGS,CG", "-starts", "3", "-maxiter", "20", "-out", three)
	runCLI(t, "-methods", "BFGS,CG", "-starts", "3", "-maxiter", "20", "-seed", "5", "-out", other)
	if code, _, errOut := runCLI(t, "diff", "-a", "BFGS", "-b", "CG", one); code != 1 || !strings.Contains(errOut, "side A (BFGS on classroom, analytic) has 1 run: need at least 2") {
		t.Errorf("one run a side: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "diff", "-a", "BFGS", "-b", "LBFGS", three); code != 2 || !strings.Contains(errOut, `-b "LBFGS": no such method in the results (there: BFGS, CG)`) {
		t.Errorf("unknown label: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "diff", three, other); code != 1 || !strings.Contains(errOut, "ran with other settings: seed 1 in A, 5 in B;") || !strings.Contains(errOut, "give -force") {
		t.Errorf("different seeds without -force: exit %d, %q; want 1 naming the seed", code, errOut)
	}
	code, out, errOut := runCLI(t, "diff", "-force", three, other)
	if !strings.Contains(errOut, "warning: A ("+three+") and B ("+other+") ran with other settings: seed 1 in A, 5 in B;") {
		t.Errorf("different seeds with -force: stderr %q, want the warning", errOut)
	}
	if code != 0 || !strings.Contains(flat(out), "compared unpaired: start 1 is another point on each side") || !strings.Contains(out, "(too few)") ||
		!strings.Contains(flat(out), "Too few runs in BFGS vs BFGS") {
		t.Errorf("different seeds:\n%s", out)
	}
}

// TestMiniBatchSweep: -batch runs the first-order methods on mini-batches,
// the same numbers whatever -j, and refuses what cannot step on them.
func TestMiniBatchSweep(t *testing.T) {
	var got [][]string
	for _, j := range []string{"1", "2"} {
		code, out, errOut := runCLI(t, "-batch", "16", "-epochs", "20", "-methods", "Adam[lr=0.01],RMSprop,GD-fixed", "-starts", "3", "-j", j, "-format", "json")
		if code != 0 {
			t.Fatalf("-j %s: exit %d: %s", j, code, errOut)
		}
		got = append(got, linesWithoutTimes(t, "-j "+j, out))
	}
	if len(got[0]) != 9 || !slices.Equal(got[0], got[1]) {
		t.Errorf("-j 1 and -j 2 differ, or not 9 runs (%d)", len(got[0]))
	}
	if !strings.Contains(got[0][0], `"nit":140`) || !strings.Contains(got[0][0], `"message":"20 epochs done."`) {
		t.Errorf("a run of 20 epochs of 7 batches: %.300s", got[0][0])
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-batch", "16", "-methods", "BFGS,Adam"}, "-batch: BFGS cannot step on mini-batches"},
		{[]string{"-batch", "0"}, "-batch 0"},
		{[]string{"-epochs", "5"}, "-epochs applies to mini-batches"},
		{[]string{"-batch", "16", "-gradient", "3-point", "-methods", "Adam"}, "-batch takes the analytic gradient only"},
		{[]string{"-batch", "16", "-problems", "Wood"}, "-batch applies to the classroom problem"},
	} {
		if code, _, errOut := runCLI(t, tc.args...); code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestDiffSettings: diff names every setting in which two sweeps differ
// (not their methods, which it compares) and refuses them, exit 1, unless
// -force; shards of one sweep and sweeps of other methods are compared.
func TestDiffSettings(t *testing.T) {
	base := t.TempDir()
	dir := func(name string, args ...string) string {
		out := filepath.Join(base, name)
		args = append([]string{"-maxiter", "30", "-starts", "2", "-out", out}, args...)
		if code, _, errOut := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		return out
	}
	a := dir("a", "-methods", "BFGS")
	other := dir("other", "-methods", "BFGS", "-maxiter", "20", "-gtol", "1e-3", "-seed", "3", "-starts", "3")
	cg := dir("cg", "-methods", "CG")
	wood := dir("wood", "-methods", "BFGS", "-problems", "classroom,Wood")
	for _, tc := range []struct {
		name, b string
		code    int
		want    string
	}{
		{"every setting", other, 1, "ran with other settings: starts 2 in A, 3 in B; seed 1 in A, 3 in B; maxiter 30 in A, 20 in B; gtol 0 in A, 0.001 in B; classroom's seed 1 in A, 3 in B;"},
		{"problems", wood, 1, `ran with other settings: problems ["classroom"] in A, ["classroom","Wood"] in B;`},
		{"other methods only", cg, 0, ""},
	} {
		code, out, errOut := runCLI(t, "diff", a, tc.b)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d, %q; want %d and %q\n%s", tc.name, code, errOut, tc.code, tc.want, out)
		}
		if tc.code == 0 {
			continue
		}
		code, out, errOut = runCLI(t, "diff", "-force", a, tc.b)
		if code != 0 || !strings.Contains(errOut, "warning: "+tc.want[:strings.Index(tc.want, "ran with")]) || !strings.Contains(errOut, "compared anyway (-force)") || !strings.Contains(out, "A: BFGS in "+a+", B: BFGS in "+tc.b) {
			t.Errorf("%s with -force: exit %d, stderr %q\n%s", tc.name, code, errOut, out)
		}
	}
}

// TestDiffBlocks: two result sets of two methods each make two blocks,
// each headed by its sides' labels and paths.
func TestDiffBlocks(t *testing.T) {
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	for _, out := range []string{a, b} {
		if code, _, errOut := runCLI(t, "-methods", "BFGS,CG", "-maxiter", "20", "-starts", "2", "-out", out); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	}
	code, out, errOut := runCLI(t, "diff", a, b)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var headers []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "A: ") {
			headers = append(headers, line)
		}
	}
	want := []string{
		"A: BFGS in " + a + ", B: BFGS in " + b + " (2 pairs of runs from the same starts)",
		"A: CG in " + a + ", B: CG in " + b + " (2 pairs of runs from the same starts)",
	}
	if !slices.Equal(headers, want) {
		t.Errorf("block headers %q, want %q", headers, want)
	}
	if i, j := strings.Index(out, want[0]), strings.Index(out, want[1]); i < 0 || j < i || strings.Count(out[i:j], "  nit ") != 1 {
		t.Errorf("the first block is not BFGS's table alone:\n%s", out)
	}
}

// TestDiffUsage: with no argument diff prints its whole usage; -a without
// -b (or -b without -a, or one label twice) on one result set, or one set
// alone, is a usage error saying what is missing; all exit 2.
func TestDiffUsage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := runCLI(t, "-methods", "BFGS,CG", "-maxiter", "10", "-starts", "2", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	code, out, errOut := runCLI(t, "diff")
	if code != 2 || out != "" || !strings.HasPrefix(errOut, "Usage: optbench diff A B") || !strings.Contains(errOut, "-force") || !strings.Contains(errOut, "Flags:") {
		t.Errorf("no argument: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-a", "BFGS", dir}, "-b is missing: with one result set, -a BFGS is compared with the method -b names, not with itself"},
		{[]string{"-b", "CG", dir}, "-a is missing"},
		{[]string{"-a", "BFGS", "-b", "BFGS", dir}, "-a and -b are both BFGS"},
		{[]string{dir, dir + "/"}, "a result set compared with itself tells nothing"},
		{[]string{dir, filepath.Join(dir, "results.jsonl")}, "a result set compared with itself tells nothing"},
		{[]string{dir}, "one result set given (" + dir + "): want a second"},
		{[]string{dir, dir, dir}, "3 result sets given"},
		{[]string{"-format", "csv"}, "no result set given"},
	} {
		code, _, errOut := runCLI(t, append([]string{"diff"}, tc.args...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}
