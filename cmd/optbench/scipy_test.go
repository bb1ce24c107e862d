package main

import (
	"encoding/csv"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// python3 is Debian's Python with scipy, or "" (the test is then skipped;
// .ci/run installs python3-scipy).
func python3(t *testing.T) string {
	t.Helper()
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import scipy, numpy").Run(); err != nil {
		t.Skip("no python3-scipy: apt-get install -y python3-scipy")
	}
	return py
}

// TestScipySideBySide runs scripts/scipy_minimize.py on a sweep and reports
// both engines in one table: scipy's BFGS from the same x0 ends where
// optbench's port of it does.
func TestScipySideBySide(t *testing.T) {
	py := python3(t)
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := runCLI(t, "-methods", "scipy:BFGS,L-BFGS,Nelder-Mead,Newton", "-starts", "2", "-maxiter", "30", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	cmd := exec.Command(py, filepath.Join("..", "..", "scripts", "scipy_minimize.py"), dir)
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "8 runs of scipy") {
		t.Fatalf("scipy_minimize.py: %v\n%s", err, out)
	}
	code, out, errOut := runCLI(t, "report", dir, filepath.Join(dir, "scipy.jsonl"), "-format", "csv")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, k := range rows[0] {
		col[k] = i
	}
	best := map[string]float64{}
	for _, r := range rows[1:] {
		best[r[col["label"]]], _ = strconv.ParseFloat(r[col["best_fun"]], 64)
	}
	for _, label := range []string{"scipy:BFGS", "L-BFGS", "Nelder-Mead", "Newton"} {
		if _, ok := best[label]; !ok {
			t.Errorf("no row %s in\n%s", label, out)
		}
	}
	var version string
	for label := range best {
		if v, ok := strings.CutSuffix(label, ": BFGS"); ok {
			version = v
		}
	}
	for _, m := range []string{"BFGS", "L-BFGS-B", "Nelder-Mead", "Newton-CG"} {
		if _, ok := best[version+": "+m]; !ok {
			t.Errorf("no row %q in\n%s", version+": "+m, out)
		}
	}
	if a, b := best["scipy:BFGS"], best[version+": BFGS"]; !(a > 0) || (a-b)/a > 1e-9 || (b-a)/a > 1e-9 {
		t.Errorf("after 30 iterations optbench's scipy:BFGS has %v, scipy's BFGS %v", a, b)
	}
	// What it cannot rebuild it refuses, naming it.
	mghDir := filepath.Join(t.TempDir(), "mgh")
	runCLI(t, "-problems", "Beale", "-methods", "BFGS", "-out", mghDir)
	b, err := exec.Command(py, filepath.Join("..", "..", "scripts", "scipy_minimize.py"), mghDir).CombinedOutput()
	if err == nil || !strings.Contains(string(b), "problem Beale: the mgh family is not rebuilt") {
		t.Errorf("an MGH sweep: %v\n%s", err, b)
	}
}
