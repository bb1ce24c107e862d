//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/optbench/optbench/solvers"
)

// The reproductions of the hostile-input issue, one test each, at the
// command line where the promise is the command line's.

func TestDataThatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "f")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{fifo, "not a regular file (a named pipe)"},
		{"/dev/zero", "not a regular file (a device)"},
		{dir, "not a regular file (a directory)"},
	} {
		done := make(chan struct{})
		var code int
		var errOut string
		go func() {
			code, _, errOut = runCLI(t, "-data", tc.path)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("-data %s: still reading after 10 s", tc.path)
		}
		if code != 1 || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("-data %s: exit %d, stderr %q; want 1 and %q", tc.path, code, errOut, tc.want)
		}
	}
}

func TestDataReadIsInterrupted(t *testing.T) {
	// A large valid file: the read must stop when the context does.
	path := filepath.Join(t.TempDir(), "big.csv")
	var b bytes.Buffer
	b.WriteString("x0,x1,class\n")
	for i := range 400000 {
		b.WriteString("0.5,-1.25,")
		b.WriteByte(byte('0' + i%3))
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"-data", path}, &out, &errb); code != 130 {
		t.Errorf("cancelled while reading: exit %d, stderr %q; want 130", code, errb.String())
	}
}

func TestHugeL2EndsEveryRun(t *testing.T) {
	code, out, errOut := runCLI(t, "-methods", "all", "-l2", "1e300", "-maxiter", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	table, _, _ := strings.Cut(out, "\n\n")
	if n := strings.Count(table, "\n"); n != len(solvers.Methods()) {
		t.Errorf("%d rows, want one per method:\n%s", n, out)
	}
}

func TestSizesAreCheckedFirst(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-starts", "1000000000"}, "-starts 1000000000: want a whole number from 1 to 1000000"},
		{[]string{"-starts", "300000", "-methods", "GD-fixed,BFGS"}, "600000 runs"},
		{[]string{"-starts", "250000", "-methods", "GD-fixed", "-trace", "all"}, "GiB of traces (-trace all) in a temporary file"},
		{[]string{"-hidden", "100000000"}, "-hidden 100000000: want a whole number from 1 to 10000"},
		{[]string{"-hidden", "9223372036854775807"}, "want a whole number from 1 to 10000"},
		{[]string{"-synthetic", "1000000000000"}, "-synthetic 1000000000000 with 2 features: 2e+12 values"},
		{[]string{"-synthetic", "4611686018427387904", "-features", "4"}, "1.84e+19 values"},
		{[]string{"-test-frac", "0.3"}, "-test-frac: the classroom set has its own train/test split"},
	} {
		code, out, errOut := runCLI(t, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) || out != "" || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	// A dense method on a network too large for it is that run's error,
	// explained under the table; the other runs go on.
	code, out, _ := runCLI(t, "-synthetic", "100", "-features", "5000", "-methods", "BFGS,L-BFGS", "-maxiter", "2")
	if code != 0 || !strings.Contains(out, "Error in BFGS analytic (start 0): solvers: problem too large for the method: BFGS keeps 10011 x 10011 matrices") ||
		!strings.Contains(out, "L-BFGS") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestTinyRunsStillDrawEveryFile(t *testing.T) {
	for _, args := range [][]string{{"-maxiter", "1"}, {"-time-limit", "1ns", "-starts", "2"}} {
		dir := t.TempDir()
		code, _, errOut := runCLI(t, append(args, "-out", dir)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		for _, name := range []string{"loss_vs_iter.png", "loss_vs_time.svg", "report.html", "trace.csv"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				t.Errorf("%v: %v", args, err)
			}
		}
	}
}

func TestOutDoesNotFollowLinks(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim.txt")
	os.WriteFile(victim, []byte("precious"), 0o644)
	os.Symlink(victim, filepath.Join(dir, "results.jsonl"))
	os.Symlink(victim, filepath.Join(dir, "trace.csv"))
	if code, _, errOut := runCLI(t, "-methods", "GD", "-maxiter", "3", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Errorf("a link's target was overwritten: %q", b)
	}
}

func TestGradcheckNonFiniteFails(t *testing.T) {
	code, _, errOut := runCLI(t, "gradcheck", "-l2", "1e308")
	if code != 1 || !strings.Contains(errOut, "is not finite") {
		t.Errorf("exit %d, stderr %q; want 1", code, errOut)
	}
}

func TestDuplicateMethodsCollapse(t *testing.T) {
	code, out, _ := runCLI(t, "-methods", "BFGS,bfgs,b_f_g_s", "-starts", "3", "-maxiter", "5")
	if code != 0 || strings.Count(out, "\nBFGS ") != 2 || !strings.Contains(out, "BFGS    analytic       3") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// TestTargetNeverReachedIsInfInCSV: an average runtime to a target no run
// reached is infinite, "inf" in CSV as in COCO's files, and "-" for people.
func TestTargetNeverReachedIsInfInCSV(t *testing.T) {
	code, out, _ := runCLI(t, "-methods", "GD,BFGS", "-starts", "6", "-maxiter", "3", "-format", "csv")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, k := range rows[0] {
		col[k] = i
	}
	for _, row := range rows[1:] {
		// Three iterations of GD end far above 1e-3 of the best, which a
		// BFGS run defines.
		if v := row[col["art_1e-3_evals"]]; row[col["label"]] == "GD" && v != "inf" {
			t.Errorf("%s: art_1e-3_evals = %q for a target never reached, want inf", row[col["label"]], v)
		}
	}
	_, text, _ := runCLI(t, "-methods", "GD,BFGS", "-starts", "6", "-maxiter", "3")
	if !strings.Contains(text, "aRT 1e-3") || strings.Contains(text, "inf") {
		t.Errorf("text table:\n%s", text)
	}
}

func TestInterruptBeforeAnyRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"-methods", "GD", "-starts", "3"}, &out, &errb)
	if code != 130 || !strings.Contains(out.String(), "No run finished") || strings.Contains(out.String(), "NaN") {
		t.Errorf("exit %d, stdout %q", code, out.String())
	}
	out.Reset()
	errb.Reset()
	code = run(ctx, []string{"-methods", "GD", "-starts", "3", "-format", "json"}, &out, &errb)
	if code != 130 || out.Len() != 0 || !strings.Contains(errb.String(), "No run finished") {
		t.Errorf("json: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}

// TestGradcheckSteps: the error against h falls then rises (truncation,
// then rounding), with its bottom where the theory puts it.
func TestGradcheckSteps(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCLI(t, "gradcheck", "-steps", "-format", "csv", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 13 || strings.Join(rows[0], ",") != "h,forward_rel_err,central_rel_err" {
		t.Fatalf("CSV %q %v", rows, err)
	}
	argmin := func(col int) float64 {
		best, at := math.Inf(1), 0.0
		for _, r := range rows[1:] {
			h, _ := strconv.ParseFloat(r[0], 64)
			e, _ := strconv.ParseFloat(r[col], 64)
			if e < best {
				best, at = e, h
			}
		}
		return at
	}
	if h := argmin(1); h < 1e-9 || h > 1e-6 {
		t.Errorf("forward differences best at h = %g, want near sqrt(eps) ~ 1e-8", h)
	}
	if h := argmin(2); h < 1e-7 || h > 1e-4 {
		t.Errorf("central differences best at h = %g, want near eps^(1/3) ~ 6e-6", h)
	}
	for _, name := range []string{"gradcheck_steps.png", "gradcheck_steps.svg"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	if code, _, _ := runCLI(t, "gradcheck", "-out", dir); code != 2 {
		t.Errorf("-out without -steps: exit %d, want 2", code)
	}
}

func TestGradcheckHessian(t *testing.T) {
	code, out, errOut := runCLI(t, "gradcheck", "-hessian", "-format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 7 || strings.Join(rows[0], ",") != "point,h_abs_err,h_rel_err,hv_abs_err,hv_rel_err" {
		t.Fatalf("CSV %q %v", rows, err)
	}
	for _, r := range rows[1:] {
		for _, c := range []int{2, 4} {
			if e, _ := strconv.ParseFloat(r[c], 64); !(e < 1e-8) {
				t.Errorf("%s: relative error %s", r[0], r[c])
			}
		}
	}
	if code, _, errOut := runCLI(t, "gradcheck", "-hessian", "-l2", "1e308"); code != 1 || !strings.Contains(errOut, "not finite") {
		t.Errorf("-l2 1e308: exit %d, %q", code, errOut)
	}
}
