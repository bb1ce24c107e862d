package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProfiles checks -cpuprofile and -memprofile: both written whole (a
// gzipped profile, as runtime/pprof writes it) and no temporary file left;
// a bad name refused, leaving nothing.
func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.out"), filepath.Join(dir, "mem.out")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-problems", "Beale", "-methods", "BFGS,Nelder-Mead", "-starts", "20", "-cpuprofile", cpu, "-memprofile", mem}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, name := range []string{cpu, mem} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) < 100 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("%s: %d bytes, not a gzipped profile", name, len(b))
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("the directory holds %d files, want the 2 profiles", len(entries))
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-cpuprofile", filepath.Join(dir, "missing", "cpu.out")}, 1, "-cpuprofile"},
		{[]string{"-memprofile", filepath.Join(dir, "missing", "mem.out")}, 1, "-memprofile"},
		{[]string{"-cpuprofile", dir}, 2, "a directory"},
		{[]string{"-cpuprofile", cpu, "-memprofile", cpu}, 2, "one file"},
		{[]string{"-cpuprofile", filepath.Join(dir, "bad.out"), "-problems", "Bael"}, 2, "unknown problem"},
	} {
		stderr.Reset()
		args := append([]string{"-problems", "Beale", "-methods", "BFGS"}, tc.args...)
		if code := run(context.Background(), args, &stdout, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%q: exit %d (%s), want %d saying %q", tc.args, code, strings.TrimSpace(stderr.String()), tc.code, tc.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("after the failures the directory holds %d files, want the 2 profiles", len(entries))
	}
}

// TestReportProfiles checks report's -cpuprofile and -memprofile: both
// written whole, and none kept when the report fails.
func TestReportProfiles(t *testing.T) {
	out, dir := filepath.Join(t.TempDir(), "out"), t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-problems", "Beale", "-methods", "BFGS", "-starts", "5", "-format", "csv", "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr.String())
	}
	cpu, mem := filepath.Join(dir, "cpu.out"), filepath.Join(dir, "mem.out")
	if code := run(context.Background(), []string{"report", out, "-cpuprofile", cpu, "-memprofile", mem}, &stdout, &stderr); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr.String())
	}
	for _, name := range []string{cpu, mem} {
		if b, err := os.ReadFile(name); err != nil || len(b) < 100 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("%s: %d bytes (%v), not a gzipped profile", name, len(b), err)
		}
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"report", out, "-cpuprofile", filepath.Join(dir, "x.out"), "-memprofile", filepath.Join(dir, "x.out")}, 2, "one file"},
		{[]string{"report", filepath.Join(dir, "missing"), "-cpuprofile", filepath.Join(dir, "failed.out")}, 1, "missing"},
	} {
		stderr.Reset()
		if code := run(context.Background(), tc.args, &stdout, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%q: exit %d (%s), want %d saying %q", tc.args, code, strings.TrimSpace(stderr.String()), tc.code, tc.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("the directory holds %d files, want the 2 profiles", len(entries))
	}
}

// TestProfilesNeverReplaceResults: a profile named as an input of report,
// or as a file that -out writes (compare's and report's), is refused, and
// the file is left as it was.
func TestProfilesNeverReplaceResults(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-problems", "Beale", "-methods", "BFGS", "-starts", "3", "-format", "csv", "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr.String())
	}
	results := filepath.Join(out, "results.jsonl")
	before, err := os.ReadFile(results)
	if err != nil {
		t.Fatal(err)
	}
	rep := filepath.Join(t.TempDir(), "rep")
	for _, args := range [][]string{
		{"report", out, "-cpuprofile", results},
		{"report", results, "-memprofile", filepath.Join(out, "sweep.json")},
		{"report", out, "-out", rep, "-cpuprofile", filepath.Join(rep, "summary.csv")},
		{"-problems", "Beale", "-methods", "BFGS", "-starts", "3", "-format", "csv", "-out", out, "-cpuprofile", results},
		{"-problems", "Beale", "-methods", "BFGS", "-starts", "3", "-format", "csv", "-out", out, "-memprofile", filepath.Join(out, "..", "out", "trace.csv")},
	} {
		stderr.Reset()
		if code := run(context.Background(), args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "name another file") {
			t.Errorf("%q: exit %d (%s), want 2 and a refusal", args, code, strings.TrimSpace(stderr.String()))
		}
	}
	if after, err := os.ReadFile(results); err != nil || !bytes.Equal(after, before) {
		t.Errorf("results.jsonl changed: %v", err)
	}
}
