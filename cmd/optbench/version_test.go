package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench/results"
)

// TestVersionOf: the line names the module, its version, the revision
// (with its time and whether the checkout was modified) and Go's version,
// and says so when the build recorded no revision.
func TestVersionOf(t *testing.T) {
	main := debug.Module{Path: "github.com/optbench/optbench", Version: "v1.2.3"}
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build information", nil, false, "devel, no build information"},
		{"release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: main, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-01-02T03:04:05Z"}, {Key: "vcs.modified", Value: "false"}}},
			true, "github.com/optbench/optbench v1.2.3, revision abc123 of 2026-01-02T03:04:05Z, go1.26.8"},
		{"modified checkout", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: main.Path, Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: "true"}}},
			true, "github.com/optbench/optbench (devel), revision abc123, modified, go1.26.8"},
		{"built without VCS", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: main.Path}},
			true, "github.com/optbench/optbench (devel), no VCS revision recorded (built with -buildvcs=false or outside a git checkout), go1.26.8"},
	} {
		if got := versionOf(tc.bi, tc.ok); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestVersionCommand: optbench version, -version and compare -version
// print the same line and exit 0, and a sweep with -out records that line
// in sweep.json and report.html.
func TestVersionCommand(t *testing.T) {
	want := "optbench " + version() + "\n"
	for _, args := range [][]string{{"version"}, {"-version"}, {"compare", "-version"}, {"VERSION"}} {
		code, out, errOut := runCLI(t, args...)
		if code != 0 || out != want || errOut != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 0 and %q", args, code, out, errOut, want)
		}
	}
	if code, _, errOut := runCLI(t, "version", "extra"); code != 2 || !strings.Contains(errOut, `unexpected argument "extra"`) {
		t.Errorf("version extra: exit %d, %q", code, errOut)
	}
	if code, out, _ := runCLI(t, "help"); code != 0 || !strings.Contains(out, "optbench version") {
		t.Errorf("help does not list version:\n%s", out)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := runCLI(t, "-methods", "BFGS", "-maxiter", "5", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	d, ok, err := results.ReadDescription(dir)
	if err != nil || !ok || d.Optbench != version() {
		t.Errorf("sweep.json's optbench %q (%v, %v), want %q", d.Optbench, ok, err, version())
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil || !strings.Contains(string(html), version()) {
		t.Errorf("report.html does not show %q (%v)", version(), err)
	}
}
