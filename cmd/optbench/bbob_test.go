package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBBOBSweep runs a small bbob sweep under COCO's protocol with -out:
// the pooled aRT table with best 2009 on stdout, the budget in sweep.json,
// COCO's folder per method configuration, and optbench report writing it
// again from results.jsonl.
func TestBBOBSweep(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "-problems", "bbob:f1,8:d2,3:i1-2", "-methods", "BFGS,Nelder-Mead", "-budget", "200", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Average runtime (aRT)", "best 2009", "f8 d3", "BFGS         2-point", "COCO's experiment protocol: each run had a budget of 200 x n", "3-clause BSD"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "python3 -m cocopp "+filepath.Join(out, "coco", "BFGS_2-point")) {
		t.Errorf("stderr %q: want the cocopp hint", stderr)
	}
	var d struct {
		Limits struct{ Budget float64 } `json:"limits"`
	}
	b, err := os.ReadFile(filepath.Join(out, "sweep.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &d); err != nil || d.Limits.Budget != 200 {
		t.Errorf("sweep.json budget %v (%v): want 200", d.Limits.Budget, err)
	}
	for _, f := range []string{"BFGS_2-point/bbobexp_f1.info", "BFGS_2-point/data_f8/bbobexp_f8_DIM3.dat", "Nelder-Mead/data_f1/bbobexp_f1_DIM2.tdat"} {
		if _, err := os.Stat(filepath.Join(out, "coco", f)); err != nil {
			t.Errorf("COCO file: %v", err)
		}
	}
	info, _ := os.ReadFile(filepath.Join(out, "coco", "BFGS_2-point", "bbobexp_f1.info"))
	if !strings.Contains(string(info), "DIM = 2") || !strings.Contains(string(info), "algId = 'BFGS_2-point'") {
		t.Errorf("bbobexp_f1.info:\n%s", info)
	}
	again := filepath.Join(dir, "again")
	code, _, stderr = runCLI(t, "report", out, "-out", again)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	info2, err := os.ReadFile(filepath.Join(again, "coco", "BFGS_2-point", "bbobexp_f1.info"))
	if err != nil || string(info2) != string(info) {
		t.Errorf("report's COCO folder differs from the sweep's (%v):\n%s\n%s", err, info2, info)
	}
}

func TestBBOBUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-problems", "bbob:f25"}, `-problems: bbob:f25: part "f25": functions 25 is outside 1..24`},
		{[]string{"-problems", "bbob:d2,3:q1"}, `part "q1": want f (functions), d (dimensions) or i (instances)`},
		{[]string{"-problems", "bbob:d1"}, `dimensions 1 is outside 2..40`},
		{[]string{"-problems", "bbob:i0"}, `instances 0 is outside`},
		{[]string{"-budget", "-1"}, "-budget -1: want a finite number >= 0"},
		{[]string{"-budget", "NaN"}, "-budget NaN: want a finite number"},
		{[]string{"-budget", "1e13"}, "-budget 1e+13: want at most 1e+12"},
		{[]string{"-budget", "10", "-batch", "4"}, "-budget counts evaluations of the whole objective"},
	} {
		code, out, errOut := runCLI(t, tc.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestBBOBAnalyticGradient: -gradient analytic runs the functions that have
// one and makes the others (f7's steps) error runs that say why, while the
// sweep goes on.
func TestBBOBAnalyticGradient(t *testing.T) {
	code, stdout, stderr := runCLI(t, "-problems", "bbob:f1,7:d2:i1", "-methods", "BFGS", "-gradient", "analytic", "-budget", "50", "-format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d runs, want 2:\n%s", len(lines), stdout)
	}
	var f1, f7 struct {
		Status, Cause string
		Nfev, Njev    int
	}
	_ = json.Unmarshal([]byte(lines[0]), &f1)
	_ = json.Unmarshal([]byte(lines[1]), &f7)
	if f1.Status != "target" || f1.Njev == 0 || f1.Nfev > 100 {
		t.Errorf("f1 with its gradient: %+v, want target, gradients counted apart", f1)
	}
	if f7.Status != "error" || !strings.Contains(f7.Cause, "gradient") {
		t.Errorf("f7 without a gradient: %+v, want an error run naming the gradient", f7)
	}
}

// TestBBOBEditedLog: a run whose COCO log was edited by hand (evaluations
// that are not the run's) is left out of DIR/coco with a line naming it;
// the other runs are written and the report succeeds.
func TestBBOBEditedLog(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCLI(t, "-problems", "bbob:f1:d2:i1-2", "-methods", "BFGS", "-budget", "50", "-out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	path := filepath.Join(out, "results.jsonl")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	i := strings.Index(lines[0], `"log":{"evaluations":`)
	if i < 0 {
		t.Fatalf("no log in %s", lines[0])
	}
	j := i + len(`"log":{"evaluations":`)
	k := j + strings.IndexByte(lines[0][j:], ',')
	var first struct {
		RunID string `json:"run_id"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	lines[0] = lines[0][:j] + "1000000000000000" + lines[0][k:]
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(dir, "again")
	code, _, stderr := runCLI(t, "report", out, "-out", again)
	if code != 0 || !strings.Contains(stderr, first.RunID+": its log has 1000000000000000 evaluations") || !strings.Contains(stderr, "(left out)") {
		t.Fatalf("exit %d, stderr %q: want the edited run named and left out", code, stderr)
	}
	info, err := os.ReadFile(filepath.Join(again, "coco", "BFGS_2-point", "bbobexp_f1.info"))
	kept := "dat, 2:"
	if strings.Contains(first.RunID, "_i02_") {
		kept = "dat, 1:"
	}
	if err != nil || !strings.Contains(string(info), kept) || strings.Count(string(info), "|") != 1 {
		t.Errorf("bbobexp_f1.info (%v): want the other instance only (%q):\n%s", err, kept, info)
	}
}

// TestBBOBWithoutBudget: -budget 0 runs the bbob problems as plain runs
// and says that they are not COCO's protocol, and writes no COCO data.
func TestBBOBWithoutBudget(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI(t, "-problems", "bbob:f1:d2:i1-2", "-methods", "BFGS", "-budget", "0", "-out", out)
	if code != 0 || !strings.Contains(stdout, "ran without COCO's protocol (-budget 0)") || strings.Contains(stderr, "COCO's data") {
		t.Errorf("exit %d, stderr %q:\n%s", code, stderr, stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "coco")); err == nil {
		t.Errorf("DIR/coco written without the protocol")
	}
}
