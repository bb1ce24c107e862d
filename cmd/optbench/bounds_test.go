package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/results"
	"github.com/optbench/optbench/solvers"
)

// TestBoundsBadInput: every -bounds the sweep cannot run exits 2 with one
// line that names the flag and what is wrong, before anything runs (the
// -out directory is not even made).
func TestBoundsBadInput(t *testing.T) {
	can := strings.Join(bench.BoundedMethods(solvers.Default), ", ")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"lo > hi", []string{"-bounds", "5:1"}, "-bounds: 5:1 has lower 5 > upper 1"},
		{"lo > hi, one coordinate", []string{"-problems", "Beale", "-bounds", "0:1,3:2"}, "-bounds: 3:2 (coordinate 1) has lower 3 > upper 2"},
		{"NaN", []string{"-bounds", "nan:1"}, "-bounds: NaN:1 is NaN"},
		{"NaN upper", []string{"-bounds=0:NaN"}, "-bounds: 0:NaN is NaN"},
		{"no finite value", []string{"-bounds", "inf:inf"}, "-bounds: inf:inf leaves no finite value"},
		{"malformed", []string{"-bounds", "-5..5"}, `-bounds: "-5..5": want LO:HI, e.g. -5:5, 0:inf or :1`},
		{"three sides", []string{"-bounds", "0:1:2"}, `-bounds: "0:1:2": want LO:HI`},
		{"not a number", []string{"-bounds", "0:five"}, `-bounds: "0:five": upper bound "five" is not a number`},
		{"empty", []string{"-bounds="}, "-bounds: empty: want LO:HI, or LO:HI,LO:HI,... one per coordinate"},
		{"empty item", []string{"-bounds", "0:1,"}, `-bounds: "" (coordinate 1): want LO:HI`},
		{"count", []string{"-problems", "Beale", "-methods", "scipy:Nelder-Mead", "-bounds", "0:1,0:1,0:1"},
			"-bounds: 3 intervals for problem Beale of dimension 2: give one LO:HI for every coordinate, or 2"},
		{"count of a second problem", []string{"-problems", "Beale,Box3D", "-methods", "scipy:Nelder-Mead", "-bounds", "0:1,0:1"},
			"-bounds: 2 intervals for problem Box3D of dimension 3: give one LO:HI for every coordinate, or 3"},
		{"count of the network", []string{"-methods", "scipy:Nelder-Mead", "-bounds", "0:1,0:1"},
			"-bounds: 2 intervals for problem classroom of dimension 15"},
		{"method", []string{"-problems", "Beale", "-methods", "BFGS,scipy:Nelder-Mead,Newton", "-bounds", "-5:5"},
			"-bounds: BFGS, Newton cannot honour bounds; the methods that can: " + can},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, stdout, stderr := runCLI(t, append(tc.args, "-out", out)...)
			if code != 2 || stdout != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want 2", code, stdout, stderr)
			}
			if want := "optbench compare: " + tc.want; !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr %q\nwant one line starting %q", stderr, want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("-out was made: %v", err)
			}
		})
	}
}

// TestBoundsDefaultMethods: -bounds without -methods runs the methods that
// take bounds, each once, where the default list would be refused; a box
// that bounds nothing takes any method.
func TestBoundsDefaultMethods(t *testing.T) {
	code, stdout, stderr := runCLI(t, "-problems", "Beale", "-bounds", "-5:5", "-maxiter", "20", "-format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := csvRows(t, stdout)
	var methods []string
	for _, row := range r[1:] {
		methods = append(methods, row[slices.Index(r[0], "method")])
	}
	if want := bench.BoundedMethods(solvers.Default); !slices.Equal(methods, want) {
		t.Errorf("methods %v, want %v", methods, want)
	}
	// -gradient alone keeps them (it used to bring back every method,
	// and the gonum ones refused the bounds).
	code, stdout, stderr = runCLI(t, "-problems", "Beale", "-bounds", "-5:5", "-gradient", "2-point", "-maxiter", "20", "-format", "csv")
	if code != 0 {
		t.Fatalf("-gradient 2-point: exit %d: %s", code, stderr)
	}
	r = csvRows(t, stdout)
	methods = methods[:0]
	for _, row := range r[1:] {
		methods = append(methods, row[slices.Index(r[0], "method")])
	}
	if want := bench.BoundedMethods(solvers.Default); !slices.Equal(methods, want) {
		t.Errorf("-gradient 2-point: methods %v, want %v", methods, want)
	}
	code, stdout, stderr = runCLI(t, "-problems", "Beale", "-methods", "BFGS", "-bounds=-inf:inf")
	if code != 0 || !strings.Contains(flat(stdout), "Bounds -inf:inf: none; every problem runs unbounded.") {
		t.Errorf("exit %d, stderr %q:\n%s", code, stderr, stdout)
	}
}

// csvRows is the CSV table of -format csv.
func csvRows(t *testing.T, s string) [][]string {
	t.Helper()
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		rows = append(rows, strings.Split(line, ","))
	}
	if len(rows) < 2 {
		t.Fatalf("no rows in %q", s)
	}
	return rows
}

// TestBoundedSweep: a bounded sweep of scipy:Nelder-Mead on an MGH
// problem records its bounds in sweep.json and each run's warnings in
// results.jsonl (those the method gives for the run, on its own), says so
// after the table once per configuration, resumes with the same bounds,
// and refuses its directory to other bounds, or none, without a change.
func TestBoundedSweep(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	args := []string{"-problems", "ExtendedRosenbrock:2", "-methods", "scipy:Nelder-Mead", "-starts", "4", "-bounds", "0:2", "-out", dir}
	code, stdout, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	notes := flat(stdout)
	if !strings.Contains(notes, "Bounds 0:2 on every coordinate of every problem.") ||
		!strings.Contains(notes, "Starts outside the bounds, which the methods clip into them as scipy does (Powell starts from them, as scipy's): ExtendedRosenbrock:2 ") {
		t.Errorf("no bounds notes in\n%s", stdout)
	}
	d, ok, err := results.ReadDescription(dir)
	if err != nil || !ok {
		t.Fatalf("sweep.json: %v, %v", ok, err)
	}
	if !slices.Equal(d.Bounds, bench.Uniform(0, 2)) || d.Problems[0].Bounds != nil {
		t.Errorf("sweep.json: bounds %v, problem's %v", d.Bounds, d.Problems[0].Bounds)
	}
	// Each record's warnings are those of its run done again on its own.
	sw, warnings := d.Sweep(context.Background())
	if len(warnings) != 0 {
		t.Fatal(warnings)
	}
	specs, err := sw.Specs()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	warned := 0
	for _, r := range bench.Execute(context.Background(), specs, 1, nil) {
		if r.Bounds == nil || r.Bounds.Lower[0] != 0 || r.Bounds.Upper[1] != 2 {
			t.Fatalf("%s: bounds %v", r.RunID(), r.Bounds)
		}
		want[r.RunID()] = r.Result.Warnings
		if len(r.Result.Warnings) > 0 {
			warned++
		}
	}
	records := readRecords(t, filepath.Join(dir, "results.jsonl"))
	if len(records) != 4 {
		t.Fatalf("%d records", len(records))
	}
	for _, rec := range records {
		if !slices.Equal(rec.Warnings, want[rec.RunID]) {
			t.Errorf("%s: warnings %q, want %q", rec.RunID, rec.Warnings, want[rec.RunID])
		}
	}
	// A method that warns is said to, once for its configuration.
	if n := strings.Count(notes, "Warning in "); warned > 0 && n != 1 || warned == 0 && n != 0 {
		t.Errorf("%d runs warned, %d warning notes in\n%s", warned, n, stdout)
	}
	// The same sweep resumes: nothing to do.
	before := readFile(t, filepath.Join(dir, "results.jsonl"))
	code, _, stderr = runCLI(t, args...)
	if code != 0 || !strings.Contains(stderr, "4 of 4 runs done, 0 to go") {
		t.Errorf("resume: exit %d, %q", code, stderr)
	}
	// Other bounds, or none, are another sweep: refused, nothing reused or
	// changed.
	for _, other := range [][]string{{"-bounds", "0:1"}, {"-bounds", "0:2,0:1"}, nil} {
		a := slices.Clone(args[:len(args)-4])
		a = append(append(a, "-out", dir), other...)
		code, _, stderr := runCLI(t, a...)
		if code != 1 || !strings.Contains(stderr, "holds another sweep: its bounds: [[0,2]]; this sweep's: ") {
			t.Errorf("%v: exit %d, %q", other, code, stderr)
		}
	}
	if readFile(t, filepath.Join(dir, "results.jsonl")) != before {
		t.Error("results.jsonl changed")
	}
	// report says it again from the files.
	code, stdout, stderr = runCLI(t, "report", dir)
	if code != 0 || !strings.Contains(flat(stdout), "Bounds 0:2 on every coordinate of every problem.") {
		t.Errorf("report: exit %d, %s:\n%s", code, stderr, stdout)
	}
}

// TestUnboundedSweepFiles: a sweep without -bounds writes no bounds in
// sweep.json and no warnings or cause in a run that has none, as before
// bounds existed.
func TestUnboundedSweepFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCLI(t, "-problems", "Beale", "-methods", "BFGS,scipy:Nelder-Mead", "-out", dir, "-format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"sweep.json", "results.jsonl"} {
		text := readFile(t, filepath.Join(dir, name))
		for _, key := range []string{`"bounds"`, `"warnings"`, `"cause"`} {
			if strings.Contains(text, key) {
				t.Errorf("%s has %s", name, key)
			}
		}
	}
}

// readRecords are the records of a results file.
func readRecords(t *testing.T, path string) []results.Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []results.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var rec results.Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// readFile is the text of path.
func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMethodsMarkBounds: optbench methods says of exactly the methods
// that take bounds that they do.
func TestMethodsMarkBounds(t *testing.T) {
	code, stdout, stderr := runCLI(t, "methods")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var marked []string
	for _, line := range strings.Split(stdout, "\n") {
		if name, _, ok := strings.Cut(line, ": "); ok && !strings.HasPrefix(line, " ") && strings.HasSuffix(line, "; takes bounds (-bounds)") {
			marked = append(marked, name)
		}
	}
	if want := bench.BoundedMethods(solvers.Default); len(want) == 0 || !slices.Equal(marked, want) {
		t.Errorf("marked %v, want %v", marked, want)
	}
}

// TestDiffSaysBoundsDiffer: diff of a bounded and an unbounded sweep says
// that they minimized other problems; of two with the same bounds, nothing.
func TestDiffSaysBoundsDiffer(t *testing.T) {
	tmp := t.TempDir()
	a, b, c := filepath.Join(tmp, "a"), filepath.Join(tmp, "b"), filepath.Join(tmp, "c")
	for _, run := range [][]string{
		{"-problems", "Beale", "-methods", "scipy:L-BFGS-B", "-starts", "3", "-bounds", "-1:3", "-out", a},
		{"-problems", "Beale", "-methods", "scipy:L-BFGS-B", "-starts", "3", "-out", b},
		{"-problems", "Beale", "-methods", "scipy:L-BFGS-B", "-starts", "3", "-bounds", "-1:3.0", "-out", c},
	} {
		if code, _, stderr := runCLI(t, run...); code != 0 {
			t.Fatalf("%v: exit %d: %s", run, code, stderr)
		}
	}
	if code, _, stderr := runCLI(t, "diff", a, b); code != 1 || !strings.Contains(stderr, "ran with other settings: bounds [[-1,3]] in A, null in B;") {
		t.Errorf("other bounds without -force: exit %d, %q; want 1 naming the bounds", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "diff", "-force", a, b)
	if code != 0 || !strings.Contains(flat(stdout), "A and B ran with other bounds: A with -bounds -1:3, B with no bounds") {
		t.Errorf("exit %d, stderr %q:\n%s", code, stderr, stdout)
	}
	if code, stdout, _ = runCLI(t, "diff", a, c); code != 0 || strings.Contains(stdout, "other bounds") {
		t.Errorf("same bounds: exit %d:\n%s", code, stdout)
	}
	// The same box, one interval per coordinate (Beale has 2).
	d := filepath.Join(tmp, "d")
	if code, _, stderr := runCLI(t, "-problems", "Beale", "-methods", "scipy:L-BFGS-B", "-starts", "3", "-bounds", "-1:3,-1:3", "-out", d); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, stdout, _ = runCLI(t, "diff", a, d); code != 0 || strings.Contains(stdout, "other bounds") {
		t.Errorf("the same box per coordinate: exit %d:\n%s", code, stdout)
	}
}
