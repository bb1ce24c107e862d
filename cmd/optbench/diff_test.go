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
	code, out, _ := runCLI(t, "diff", three, other)
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
