package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportOfAnotherNetworkShape: a results line of a -hidden 5 sweep
// (33 parameters) in a default sweep's folder (a 2-2-3 network, 15) made
// report panic drawing the figures. It is named by file:line and skipped,
// and the run it claims is read from the sweep's own line.
func TestReportOfAnotherNetworkShape(t *testing.T) {
	base := t.TempDir()
	dir, hidden := filepath.Join(base, "default"), filepath.Join(base, "hidden5")
	for _, args := range [][]string{{"-out", dir}, {"-out", hidden, "-hidden", "5"}} {
		if code, _, errOut := runCLI(t, append([]string{"-methods", "BFGS", "-maxiter", "20"}, args...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	own, _ := os.ReadFile(filepath.Join(dir, "results.jsonl"))
	other, _ := os.ReadFile(filepath.Join(hidden, "results.jsonl"))
	path := filepath.Join(dir, "results.jsonl")
	if err := os.WriteFile(path, append(other, own...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "report", dir, "-out", filepath.Join(base, "report"))
	want := path + `:1: run "classroom/BFGS/analytic/0": a record that does not fit: x0 has 33 values, problem "classroom" has dimension 15`
	if code != 0 || !strings.Contains(errOut, want) || strings.Contains(errOut, "panic") || !strings.Contains(out, "1 run from") {
		t.Errorf("exit %d, stderr %q, stdout\n%s\nwant exit 0 and %q", code, errOut, out, want)
	}
}

// hostileRecord is a record of a run that failed, with an escape sequence
// (clear the screen) in its label and message and a C1 CSI in its message.
const hostileRecord = `{"run_id":"p/BFGS\u001b[2J/analytic/0","engine":"optbench","problem":"p","method":"BFGS","label":"BFGS\u001b[2J","gradient":"analytic",` +
	`"status":"error","message":"boom\u001b[2J\u009b31m","x0":[1,2],"x":[],"fun":null,"trace":[]}`

// noRawControls fails t if text holds a control character but a newline
// or a tab.
func noRawControls(t *testing.T, what, text string) {
	t.Helper()
	for _, r := range text {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f {
			t.Errorf("%s holds %U raw:\n%q", what, r, text)
			return
		}
	}
}

// TestReportEscapesControlCharacters: what results files and paths hold
// reaches the terminal escaped, in the table, the notes, the skipped lines
// and the error.
func TestReportEscapesControlCharacters(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "results.jsonl")
	bad := "\x1b]0;owned\x07\x1b[2J not a record\n"
	if err := os.WriteFile(path, []byte(hostileRecord+"\n"+bad), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"table", "csv", "markdown"} {
		code, out, errOut := runCLI(t, "report", path, "-format", format)
		if code != 0 || !strings.Contains(out, `BFGS\u001b[2J`) {
			t.Errorf("-format %s: exit %d, stderr %q, stdout\n%s", format, code, errOut, out)
		}
		if format == "table" && !strings.Contains(flat(out), `boom\u001b[2J\u009b31m`) {
			t.Errorf("the message is not in the notes:\n%s", out)
		}
		noRawControls(t, "stdout", out)
		noRawControls(t, "stderr", errOut)
		if !strings.Contains(errOut, path+":2: not a run's record") {
			t.Errorf("stderr %q", errOut)
		}
	}
	code, out, _ := runCLI(t, "report", path, "-format", "json")
	if code != 0 || !strings.Contains(out, `"label":"BFGS\u001b[2J"`) || !strings.Contains(out, `boom\u001b[2J\u009b31m`) {
		t.Errorf("-format json: exit %d\n%s", code, out)
	}
	noRawControls(t, "JSON", out)
	code, _, errOut := runCLI(t, "report", filepath.Join(dir, "a\x1b[2J"))
	if code != 1 || !strings.Contains(errOut, `a\u001b[2J`) {
		t.Errorf("a path with an escape: exit %d, %q", code, errOut)
	}
	noRawControls(t, "the error", errOut)
	if code, _, errOut := runCLI(t, "diff", path, filepath.Join(dir, "b\x1b[2J")); code != 1 || !strings.Contains(errOut, `b\u001b[2J`) {
		t.Errorf("diff, a path with an escape: exit %d, %q", code, errOut)
	} else {
		noRawControls(t, "diff's error", errOut)
	}
}

// TestReportSaysTheFirstBadLines: ten million junk lines printed ten
// million errors; the first few are said, and how many more.
func TestReportSaysTheFirstBadLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.jsonl")
	good := strings.ReplaceAll(hostileRecord, `\u001b[2J`, "")
	if err := os.WriteFile(path, []byte(strings.Repeat("junk\n", 1000)+good+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "report", path)
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != 0 || len(lines) != 11 || !strings.HasPrefix(lines[0], "optbench: "+path+":1: not a run's record") ||
		!strings.Contains(lines[10], path+": and 990 more lines or runs that could not be read") {
		t.Errorf("exit %d, stderr:\n%s\nstdout:\n%s", code, errOut, out)
	}
}

// TestReportOfHostileTraces: a trace of empty objects (the red team's 120
// MB line of forty million {} took 7.6 GB before it crashed) is refused
// before it is decoded, and a file that holds no record is said to be no
// results file.
func TestReportOfHostileTraces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "results.jsonl")
	line := strings.Replace(hostileRecord, `"trace":[]`, `"trace":[`+strings.Repeat("{},", 1<<20)+"{}]", 1)
	if err := os.WriteFile(path, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "report", path)
	if code != 1 || !strings.Contains(errOut, "a trace of 1048577 points in 3145732 bytes") || !strings.Contains(errOut, path+" is not a results file") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	csv := filepath.Join(dir, "data.csv")
	os.WriteFile(csv, []byte("x,y,label\n1,2,a\n"), 0o644)
	if code, _, errOut := runCLI(t, "report", csv); code != 1 || !strings.Contains(errOut, csv+" is not a results file (none of its lines is a run's record)") {
		t.Errorf("a CSV file: exit %d, stderr %q", code, errOut)
	}
}
