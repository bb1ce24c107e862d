package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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

// scipyScript runs scripts/scipy_minimize.py on dir: its exit code and
// what it printed.
func scipyScript(t *testing.T, py, dir string) (int, string) {
	t.Helper()
	out, err := exec.Command(py, filepath.Join("..", "..", "scripts", "scipy_minimize.py"), dir).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	} else if err != nil {
		t.Fatalf("scipy_minimize.py: %v", err)
	}
	return 0, string(out)
}

// sideRecord is what the tests compare of a record of results.jsonl or
// scipy.jsonl.
type sideRecord struct {
	Engine, Problem, Method, Label, Gradient, Status, Message string
	Start                                                     int
	Fun                                                       *float64
	X                                                         []float64
	Nit, Nfev, Njev, Nhev                                     int
	Warnings                                                  []string
	Params                                                    map[string]any
}

// sideRecords reads a JSON-lines file of records, keyed by problem, label
// (scipy's without its engine) and start.
func sideRecords(t *testing.T, path string) map[string]sideRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]sideRecord{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var r sideRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out[r.Problem+"/"+r.Label+"/"+strconv.Itoa(r.Start)] = r
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// reportBest runs optbench report on dir and scipy.jsonl and returns each
// row's best_fun by "problem/label" (scipy's labels start with its
// engine, "scipy 1.10.1: ").
func reportBest(t *testing.T, dir string) (best map[string]float64, version string) {
	t.Helper()
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
	best = map[string]float64{}
	for _, r := range rows[1:] {
		label := r[col["label"]]
		if v, _, ok := strings.Cut(label, ": "); ok && strings.HasPrefix(v, "scipy ") {
			version = v
		}
		best[r[col["problem"]]+"/"+label], _ = strconv.ParseFloat(r[col["best_fun"]], 64)
	}
	return best, version
}

func relDiff(a, b float64) float64 {
	return math.Abs(a-b) / math.Max(math.Abs(a), math.Abs(b))
}

// TestScipySideBySide runs scripts/scipy_minimize.py on a sweep and reports
// both engines in one table: scipy's counterpart of each method from the
// same x0 ends where optbench's port of it does.
func TestScipySideBySide(t *testing.T) {
	py := python3(t)
	dir := filepath.Join(t.TempDir(), "out")
	methods := "scipy:BFGS,L-BFGS,Nelder-Mead,Newton,scipy:L-BFGS-B[maxcor=5],scipy:TNC,scipy:trust-krylov,scipy:Powell"
	if code, _, errOut := runCLI(t, "-methods", methods, "-starts", "2", "-maxiter", "30", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if code, out := scipyScript(t, py, dir); code != 0 || !strings.Contains(out, "16 runs of scipy") {
		t.Fatalf("scipy_minimize.py: exit %d\n%s", code, out)
	}
	best, version := reportBest(t, dir)
	if version == "" {
		t.Fatalf("no scipy row in %v", best)
	}
	// Both engines' rows. L-BFGS's counterpart gets optbench's 200n
	// iterations, which -maxiter 30 overrides: the same limits as
	// scipy:L-BFGS-B, so no limit in its label.
	for _, label := range []string{"scipy:BFGS", "L-BFGS", "Nelder-Mead", "Newton", "scipy:L-BFGS-B[maxcor=5]", "scipy:TNC", "scipy:trust-krylov", "scipy:Powell",
		version + ": BFGS", version + ": L-BFGS-B", version + ": Nelder-Mead", version + ": Newton-CG",
		version + ": L-BFGS-B[maxcor=5]", version + ": TNC", version + ": trust-krylov", version + ": Powell"} {
		if _, ok := best["classroom/"+label]; !ok {
			t.Errorf("no row %q in the report: %v", label, best)
		}
	}
	// The ports end where scipy does: from the first start, f within a
	// tolerance a little above what was measured (L-BFGS-B 1e-10, BFGS
	// 1e-9 after 30 iterations; TNC 5e-8 (5e-6 from the second start), trust-krylov 4e-6, Powell 2e-6:
	// the network's loss is numpy's here, not Go's, to about one ulp, and
	// the runs amplify it); best f over both starts too, but for
	// trust-krylov, whose second start drifts from 1e-12 at iteration 10
	// to 5e-3 at 30 (both runs repeat to the bit).
	ports, sp := sideRecords(t, filepath.Join(dir, "results.jsonl")), sideRecords(t, filepath.Join(dir, "scipy.jsonl"))
	for _, c := range []struct {
		port, scipy string
		tol         float64
		best        bool
	}{
		{"scipy:BFGS", "BFGS", 1e-8, true},
		{"scipy:L-BFGS-B[maxcor=5]", "L-BFGS-B[maxcor=5]", 1e-9, true},
		{"scipy:TNC", "TNC", 1e-5, true},
		{"scipy:trust-krylov", "trust-krylov", 1e-4, false},
		{"scipy:Powell", "Powell", 1e-4, true},
	} {
		p, s := ports["classroom/"+c.port+"/0"], sp["classroom/"+c.scipy+"/0"]
		if p.Fun == nil || s.Fun == nil || !(relDiff(*p.Fun, *s.Fun) <= c.tol) {
			t.Errorf("after 30 iterations from x0 optbench's %s has f %v, scipy's %s %v: more than %g apart", c.port, p.Fun, c.scipy, s.Fun, c.tol)
		}
		if a, b := best["classroom/"+c.port], best["classroom/"+version+": "+c.scipy]; c.best && (!(a > 0) || !(relDiff(a, b) <= c.tol)) {
			t.Errorf("after 30 iterations optbench's %s has best f %v, scipy's %s %v: more than %g apart", c.port, a, c.scipy, b, c.tol)
		}
	}
	// From the first start the counts are scipy's, and so is the message.
	for _, c := range [][2]string{{"scipy:L-BFGS-B[maxcor=5]", "L-BFGS-B[maxcor=5]"}, {"scipy:TNC", "TNC"}, {"scipy:trust-krylov", "trust-krylov"}} {
		p, s := ports["classroom/"+c[0]+"/0"], sp["classroom/"+c[1]+"/0"]
		if p.Nit != s.Nit || p.Nfev != s.Nfev || p.Njev != s.Njev || p.Nhev != s.Nhev || p.Message != s.Message {
			t.Errorf("%s from x0: nit %d nfev %d njev %d nhev %d %q; scipy's %s: %d %d %d %d %q",
				c[0], p.Nit, p.Nfev, p.Njev, p.Nhev, p.Message, c[1], s.Nit, s.Nfev, s.Njev, s.Nhev, s.Message)
		}
	}
	// A non-default parameter reaches scipy under scipy's name; the
	// limit scipy:TNC is given (-maxiter, TNC's maxfun in scipy 1.10) too.
	if s := sp["classroom/L-BFGS-B[maxcor=5]/0"]; s.Params["maxcor"] != 5.0 || s.Params["maxiter"] != 30.0 {
		t.Errorf("scipy's L-BFGS-B[maxcor=5] was given %v", s.Params)
	}
	if s := sp["classroom/TNC/0"]; s.Params["maxfun"] != 30.0 || len(s.Params) != 1 {
		t.Errorf("scipy's TNC was given %v, want maxfun 30 only", s.Params)
	}

	// A bounded sweep runs bounded in scipy too.
	bdir := filepath.Join(t.TempDir(), "bounded")
	if code, _, errOut := runCLI(t, "-bounds", "-3:3", "-methods", "scipy:L-BFGS-B,scipy:Nelder-Mead", "-starts", "2", "-maxiter", "30", "-out", bdir); code != 0 {
		t.Fatalf("-bounds: exit %d: %s", code, errOut)
	}
	if code, out := scipyScript(t, py, bdir); code != 0 || !strings.Contains(out, "4 runs of scipy") {
		t.Fatalf("scipy_minimize.py, bounded: exit %d\n%s", code, out)
	}
	bbest, _ := reportBest(t, bdir)
	ports, sp = sideRecords(t, filepath.Join(bdir, "results.jsonl")), sideRecords(t, filepath.Join(bdir, "scipy.jsonl"))
	atBound := false
	for _, c := range []struct {
		port, scipy string
		tol         float64
	}{{"scipy:L-BFGS-B", "L-BFGS-B", 1e-9}, {"scipy:Nelder-Mead", "Nelder-Mead", 1e-12}} {
		a, b := bbest["classroom/"+c.port], bbest["classroom/"+version+": "+c.scipy]
		if !(a > 0) || !(relDiff(a, b) <= c.tol) {
			t.Errorf("-bounds -3:3: optbench's %s has best f %v, scipy's %s %v: more than %g apart", c.port, a, c.scipy, b, c.tol)
		}
		p, s := ports["classroom/"+c.port+"/0"], sp["classroom/"+c.scipy+"/0"]
		if p.Nit != s.Nit || p.Nfev != s.Nfev {
			t.Errorf("-bounds -3:3: %s from x0: nit %d nfev %d; scipy's: %d %d", c.port, p.Nit, p.Nfev, s.Nit, s.Nfev)
		}
		for start := range 2 {
			for _, v := range sp["classroom/"+c.scipy+"/"+strconv.Itoa(start)].X {
				if v < -3 || v > 3 {
					t.Errorf("-bounds -3:3: scipy's %s ends at %v", c.scipy, v)
				}
				atBound = atBound || math.Abs(v) == 3
			}
		}
	}
	if !atBound {
		t.Error("-bounds -3:3: no scipy run ends on a bound: the test no longer shows the bounds reach scipy")
	}

	// A sweep bounded with a method scipy would run unbounded is refused,
	// naming it, and nothing is written.
	raw, err := os.ReadFile(filepath.Join(dir, "sweep.json"))
	if err != nil {
		t.Fatal(err)
	}
	var desc map[string]any
	if err := json.Unmarshal(raw, &desc); err != nil {
		t.Fatal(err)
	}
	desc["bounds"] = []any{[]any{-3, nil}}
	if raw, err = json.Marshal(desc); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sweep.json"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "scipy.jsonl"))
	code, out := scipyScript(t, py, dir)
	if code != 2 || !strings.Contains(out, "the sweep is bounded (classroom -3:inf), and scipy 1.10 runs BFGS, Newton-CG, trust-krylov without bounds") {
		t.Errorf("a bounded sweep with BFGS: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "scipy.jsonl")); err == nil {
		t.Error("a refused sweep wrote scipy.jsonl")
	}
}

// TestScipySideBySideMGH: on the MGH functions the script rebuilds in
// gonum's arithmetic, both engines see the same values to the bit, and
// the ports' counts are scipy's: nit, nfev, njev, nhev and the message,
// from the standard start (ExtendedRosenbrock without a Hessian: trust-krylov
// with scipy's hess='3-point'; Beale with gonum's).
func TestScipySideBySideMGH(t *testing.T) {
	py := python3(t)
	dir := filepath.Join(t.TempDir(), "mgh")
	if code, _, errOut := runCLI(t, "-problems", "ExtendedRosenbrock:2,ExtendedRosenbrock:5,Beale,Wood",
		"-methods", "scipy:L-BFGS-B,scipy:Powell,scipy:TNC,scipy:Nelder-Mead,scipy:trust-krylov", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// What it cannot rebuild it leaves out, naming it.
	code, out := scipyScript(t, py, dir)
	if code != 0 || !strings.Contains(out, "15 runs of scipy") {
		t.Fatalf("scipy_minimize.py: exit %d\n%s", code, out)
	}
	if !strings.Contains(out, "problem Wood: the MGH function Wood is not rebuilt by this script (it rebuilds ExtendedRosenbrock and Beale); its runs are left out") {
		t.Errorf("no line about Wood in\n%s", out)
	}
	ports, sp := sideRecords(t, filepath.Join(dir, "results.jsonl")), sideRecords(t, filepath.Join(dir, "scipy.jsonl"))
	for key, s := range sp {
		problem, rest, _ := strings.Cut(key, "/")
		p, ok := ports[problem+"/scipy:"+rest]
		if !ok {
			t.Errorf("scipy's %s has no port's run", key)
			continue
		}
		if p.Nit != s.Nit || p.Nfev != s.Nfev || p.Njev != s.Njev || p.Nhev != s.Nhev || p.Message != s.Message {
			t.Errorf("%s: nit %d nfev %d njev %d nhev %d %q; scipy's: %d %d %d %d %q",
				key, p.Nit, p.Nfev, p.Njev, p.Nhev, p.Message, s.Nit, s.Nfev, s.Njev, s.Nhev, s.Message)
		}
	}

	// Bounds that leave x0 (1, 1) outside: the same counts, and scipy's
	// OptimizeWarning in scipy's records as in the ports'.
	bdir := filepath.Join(t.TempDir(), "bounded")
	if code, _, errOut := runCLI(t, "-problems", "Beale", "-bounds", "2:4", "-methods", "scipy:L-BFGS-B,scipy:Powell,scipy:TNC,scipy:Nelder-Mead", "-out", bdir); code != 0 {
		t.Fatalf("-bounds 2:4: exit %d: %s", code, errOut)
	}
	if code, out := scipyScript(t, py, bdir); code != 0 || !strings.Contains(out, "4 runs of scipy") {
		t.Fatalf("scipy_minimize.py, bounded: exit %d\n%s", code, out)
	}
	ports, sp = sideRecords(t, filepath.Join(bdir, "results.jsonl")), sideRecords(t, filepath.Join(bdir, "scipy.jsonl"))
	for _, m := range []string{"L-BFGS-B", "Powell", "TNC", "Nelder-Mead"} {
		p, s := ports["Beale/scipy:"+m+"/0"], sp["Beale/"+m+"/0"]
		if p.Nit != s.Nit || p.Nfev != s.Nfev || p.Njev != s.Njev || p.Message != s.Message {
			t.Errorf("-bounds 2:4: %s: nit %d nfev %d njev %d %q; scipy's: %d %d %d %q", m, p.Nit, p.Nfev, p.Njev, p.Message, s.Nit, s.Nfev, s.Njev, s.Message)
		}
		for _, v := range s.X {
			if v < 2 || v > 4 {
				t.Errorf("-bounds 2:4: scipy's %s ends at %v", m, s.X)
			}
		}
		want := []string(nil) // scipy's L-BFGS-B and TNC clip x0 without a warning
		if m == "Powell" || m == "Nelder-Mead" {
			want = []string{"Initial guess is not within the specified bounds"}
		}
		if !slices.Equal(s.Warnings, want) || (want != nil && !slices.Equal(p.Warnings, want)) {
			t.Errorf("-bounds 2:4: %s warns %q, scipy's %q; want %q", m, p.Warnings, s.Warnings, want)
		}
	}
}

// TestScipySkips: the script names every method it skips and why (no
// scipy counterpart, or not in --methods) with its count of runs, and runs
// the others.
func TestScipySkips(t *testing.T) {
	py := python3(t)
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := runCLI(t, "-methods", "GD-fixed,BFGS,CG,Adam[lr=0.01]", "-maxiter", "10", "-starts", "2", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	script := filepath.Join("..", "..", "scripts", "scipy_minimize.py")
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{nil, []string{
			"GD-fixed: skipped, scipy.optimize.minimize has no plain gradient descent (fixed step or with a line search); its 2 runs left out",
			"Adam: skipped, a torch.optim rule: scipy.optimize.minimize has no stochastic-gradient methods; its 2 runs left out",
			"4 runs of scipy",
		}},
		{[]string{"--methods", "CG"}, []string{
			"GD-fixed: skipped",
			"skipped, not in --methods CG: BFGS (2 runs)",
			"2 runs of scipy",
		}},
	} {
		out, err := exec.Command(py, append([]string{script, dir}, tc.args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", tc.args, err, out)
		}
		for _, want := range tc.want {
			if !strings.Contains(string(out), "scipy_minimize.py: "+want) {
				t.Errorf("%v: no %q in\n%s", tc.args, want, out)
			}
		}
	}
}
