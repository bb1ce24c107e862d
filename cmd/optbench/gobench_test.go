package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"
)

// readGobench reads out with benchfmt, failing on a syntax error and on a
// line that is none of the lines -format gobench writes (unit metadata,
// the "# optbench:" line, configuration, results): stdout holds nothing
// else.
func readGobench(t *testing.T, out string) []*benchfmt.Result {
	t.Helper()
	config := regexp.MustCompile(`^[a-z_]+: \S`)
	for i, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(l, "Unit ") && !strings.HasPrefix(l, "# optbench: ") && !config.MatchString(l) && !strings.HasPrefix(l, "BenchmarkRun/") {
			t.Errorf("stdout line %d is not Go's benchmark format: %q", i+1, l)
		}
	}
	var rs []*benchfmt.Result
	r := benchfmt.NewReader(strings.NewReader(out), "stdout")
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.Result:
			rs = append(rs, rec.Clone())
		case *benchfmt.SyntaxError:
			t.Errorf("syntax error: %v", rec)
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestGobenchFormat: compare -format gobench prints on stdout a benchmark
// result per run that benchfmt reads, named so that benchstat's /label
// and /gradient read the configuration, with the sweep's settings as
// configuration, and its notes (the bounds, the methods' warnings) on
// stderr; report of its -out prints the same lines but for the times, and
// its notes but the tables' on stderr; diff and gradcheck, whose tables are not runs,
// refuse -format gobench.
func TestGobenchFormat(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sweep")
	code, out, errOut := runCLI(t, "-problems", "Beale", "-methods", "scipy:L-BFGS-B,scipy:Nelder-Mead", "-starts", "3", "-bounds=-1:1", "-format", "gobench", "-out", dir)
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, errOut)
	}
	rs := readGobench(t, out)
	if len(rs) != 6 {
		t.Fatalf("%d results of 6 runs:\n%s", len(rs), out)
	}
	var pp benchproc.ProjectionParser
	proj, err := pp.Parse("/problem,/label,/gradient", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Beale scipy:L-BFGS-B analytic", "Beale scipy:Nelder-Mead none"}
	for i, r := range rs {
		key := proj.Project(r)
		var got []string
		for _, f := range proj.FlattenedFields() {
			got = append(got, key.Get(f))
		}
		if g, w := strings.Join(got, " "), want[i/3]; g != w {
			t.Errorf("result %d: /problem /label /gradient = %s, want %s", i, g, w)
		}
		for _, unit := range []string{"sec/op", "f", "Δf", "evals", "nit"} {
			if _, ok := r.Value(unit); !ok {
				t.Errorf("result %d (%s) has no %s", i, r.Name, unit)
			}
		}
		if got := r.GetConfig("starts") + " " + r.GetConfig("bounds"); got != "3 [[-1,1]]" {
			t.Errorf("result %d: starts and bounds %q, want 3 [[-1,1]]", i, got)
		}
	}
	for _, note := range []string{"Bounds -1:1 on every coordinate", "Warning in scipy:Nelder-Mead none"} {
		if !strings.Contains(errOut, note) {
			t.Errorf("stderr has no %q:\n%s", note, errOut)
		}
	}

	code, again, errOut := runCLI(t, "report", dir, "-format", "gobench")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	readGobench(t, again)
	times := regexp.MustCompile(` 1 \d+ ns/op `)
	if a, b := times.ReplaceAllString(out, " 1 T ns/op "), times.ReplaceAllString(again, " 1 T ns/op "); a != b {
		t.Errorf("report -format gobench prints\n%s\nwhere compare printed\n%s", b, a)
	}
	for _, note := range []string{"6 runs from " + dir, "Bounds -1:1 on every coordinate", "Warning in scipy:Nelder-Mead none"} {
		if !strings.Contains(flat(errOut), note) {
			t.Errorf("report's stderr has no %q:\n%s", note, errOut)
		}
	}
	if strings.Contains(errOut, "Intervals:") {
		t.Errorf("report's stderr has the notes on the tables, which it does not print:\n%s", errOut)
	}

	// A run that ended in error is a sample like any other: stderr says
	// why, the line cannot.
	code, out, errOut = runCLI(t, "-problems", "Beale", "-methods", "scipy:dogleg", "-format", "gobench")
	if code != 0 || len(readGobench(t, out)) != 1 || !strings.Contains(errOut, "Error in scipy:dogleg") {
		t.Errorf("a run in error: exit %d, stdout\n%s\nstderr\n%s\nwant its line, and why on stderr", code, out, errOut)
	}

	for _, args := range [][]string{{"diff", "-format", "gobench", dir, dir}, {"gradcheck", "-format", "gobench"}} {
		code, _, errOut := runCLI(t, args...)
		if code != 2 || !strings.Contains(errOut, `-format "gobench": unknown value (valid: table, markdown, csv)`) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and the valid formats", strings.Join(args, " "), code, errOut)
		}
	}
}
