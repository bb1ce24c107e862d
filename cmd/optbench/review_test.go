package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The red team's second pass over issue 22: what it still broke.

func TestReportOutDoesNotReplaceAnotherSweep(t *testing.T) {
	other := sweptCopy(t)              // sweepArgs, seed 1
	mine := sweptCopy(t, "-seed", "2") // another sweep
	before, err := os.ReadFile(filepath.Join(other, "results.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "report", mine, "-out", other, "-format", "csv")
	if code != 1 || !strings.Contains(errOut, "holds another sweep") || !strings.Contains(errOut, "seed") {
		t.Errorf("report into another sweep's folder: exit %d, stderr %q; want 1 naming the setting", code, errOut)
	}
	after, _ := os.ReadFile(filepath.Join(other, "results.jsonl"))
	if string(after) != string(before) {
		t.Errorf("the other sweep's results.jsonl changed")
	}
	// Results without a sweep.json are not replaced either.
	plain := t.TempDir()
	if err := os.WriteFile(filepath.Join(plain, "results.jsonl"), before, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, "report", mine, "-out", plain, "-format", "csv"); code != 1 || !strings.Contains(errOut, "without a sweep.json") {
		t.Errorf("report into a folder of plain results: exit %d, stderr %q", code, errOut)
	}
	// Nor is a report of more of the same sweep by one of fewer runs.
	fewer := sweptCopy(t, "-seed", "2")
	lines := strings.SplitAfter(string(readAll(t, filepath.Join(fewer, "results.jsonl"))), "\n")
	if err := os.WriteFile(filepath.Join(fewer, "results.jsonl"), []byte(lines[0]), 0o644); err != nil {
		t.Fatal(err)
	}
	full := readAll(t, filepath.Join(mine, "results.jsonl"))
	if code, _, errOut := runCLI(t, "report", fewer, "-out", mine, "-format", "csv"); code != 1 || !strings.Contains(errOut, "which the report would lose") {
		t.Errorf("report of fewer runs into a folder of more: exit %d, stderr %q", code, errOut)
	}
	if string(readAll(t, filepath.Join(mine, "results.jsonl"))) != string(full) {
		t.Errorf("the folder's results.jsonl changed")
	}
	// An earlier report of the same sweep is written again.
	merged := filepath.Join(t.TempDir(), "merged")
	for i := range 2 {
		if code, _, errOut := runCLI(t, "report", mine, "-out", merged, "-format", "csv"); code != 0 {
			t.Fatalf("report -out merged, time %d: exit %d: %s", i+1, code, errOut)
		}
	}
}

// TestStartsAtInfinity: a start too large to be finite stops the sweep
// before any run, naming the problem and the start, and writes nothing.
func TestStartsAtInfinity(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errOut := runCLI(t, "-methods", "BFGS", "-starts", "3", "-init-scale", "1e308", "-maxiter", "5", "-format", "csv", "-out", dir)
	if code != 2 || out != "" || !strings.Contains(errOut, `problem "classroom": start 1 is not finite`) {
		t.Errorf("exit %d, stderr %q; want 2 and the problem and start named", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "results.jsonl")); err == nil {
		t.Errorf("results.jsonl was written")
	}
}

// TestErrorLinesAreShort: whatever a flag, a path or a command name holds,
// the error line quotes at most a few hundred bytes of it, escaped.
func TestErrorLinesAreShort(t *testing.T) {
	long := strings.Repeat("x", 100000)
	for _, args := range [][]string{
		{"-methods", long}, {"-problems", long}, {"-shard", long}, {"-gradient", long},
		{"-format", long}, {"-trace", long}, {"-out", "/dev/null/" + long}, {"-data", long},
		{"-starts", long}, {"report", long}, {"methods", long}, {long},
		{"-methods", "\x1b[2J" + long}, {"-methods", "\u202e" + long},
	} {
		code, _, errOut := runCLI(t, args...)
		name := args[0]
		if len(name) > 20 {
			name = name[:20]
		}
		if code == 0 || len(errOut) > 600 || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s ...: exit %d, %d bytes of stderr in %d lines; want a failure in one line of at most 600 bytes",
				name, code, len(errOut), strings.Count(errOut, "\n"))
		}
		if strings.ContainsAny(errOut, "\x1b\u202e") {
			t.Errorf("%s ...: a control character reached stderr raw", name)
		}
	}
}

func TestSmallMessages(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-batch", "-1"}, 2, "leave -batch out"},
		{[]string{"-data", "testdata/../main.go"}, 1, ""}, // any refusal, one line
		{[]string{"COMPARE", "-methods", "NOPE"}, 2, `unknown method "NOPE"`},
	} {
		code, _, errOut := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

func readAll(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestResumeSaysTheFolderEscaped: the -out folder's name reaches the
// terminal escaped in what a resume says.
func TestResumeSaysTheFolderEscaped(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "esc\x1b[31m\u202edir")
	args := []string{"-problems", "Beale", "-methods", "BFGS", "-starts", "2", "-format", "csv", "-out", dir}
	if code, _, errOut := runCLI(t, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if err := os.WriteFile(filepath.Join(dir, "results.jsonl"), append(readAll(t, filepath.Join(dir, "results.jsonl")), "junk\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, args...)
	if code != 0 || !strings.Contains(errOut, `esc\u001b[31m\u202edir`) || strings.ContainsAny(errOut, "\x1b\u202e") {
		t.Errorf("exit %d, stderr %q; want the folder escaped", code, errOut)
	}
}
