package main

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestMergedReportQuotesTheSweep: the report of a sweep's shards quotes
// the sweep's command, without -shard and -out, in its notes and in
// report.html, and says which version ran the sweep.
func TestMergedReportQuotesTheSweep(t *testing.T) {
	dir := t.TempDir()
	args := []string{"-methods", "GD,BFGS", "-starts", "2", "-maxiter", "5", "-format", "csv", "-out", filepath.Join(dir, "sharded")}
	for i := range 2 {
		if code, _, errOut := runCLI(t, append(args, "-shard", fmt.Sprintf("%d/2", i))...); code != 0 {
			t.Fatalf("-shard %d/2: exit %d: %s", i, code, errOut)
		}
	}
	merged := filepath.Join(dir, "merged")
	code, out, errOut := runCLI(t, "report", filepath.Join(dir, "sharded"), "-out", merged)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(filepath.Join(merged, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	sweep := regexp.MustCompile(`<dt>command</dt><dd>([^<]*)</dd>`).FindStringSubmatch(string(b))
	note := regexp.MustCompile(`The sweep: ([^.]*)\.`).FindStringSubmatch(strings.Join(strings.Fields(out), " "))
	for what, m := range map[string][]string{"report.html": sweep, "the notes": note} {
		if m == nil || !strings.Contains(m[1], "-methods GD,BFGS -starts 2 -maxiter 5") || strings.Contains(m[1], "-shard") || strings.Contains(m[1], "-out") {
			t.Errorf("%s quotes the sweep as %q", what, m)
		}
	}
	if !strings.Contains(string(b), "<dt>optbench</dt><dd>"+html.EscapeString(version())) {
		t.Error("report.html does not say which optbench ran the sweep")
	}
}
