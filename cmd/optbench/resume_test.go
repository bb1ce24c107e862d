package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/optbench/optbench/bench/results"
)

// sweepArgs is a small sweep with a grid, several gradients and starts, on
// an MGH function: what the storage tests resume, refuse and report.
var sweepArgs = []string{"-problems", "Beale", "-methods", "BFGS[linesearch=bisection|more-thuente],GD-fixed,Nelder-Mead", "-gradient", "analytic,2-point",
	"-starts", "3", "-maxiter", "40", "-format", "csv"}

func sweepTo(t *testing.T, out string, more ...string) string {
	t.Helper()
	code, stdout, errOut := runCLI(t, append(append(slices.Clone(sweepArgs), "-out", out), more...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	return stdout + errOut
}

// swept caches the -out directories of sweepTo(t, dir), by arguments:
// the tests that only read, damage or refuse a finished sweep share one
// run of it (writing the figures is most of a sweep's time).
var swept struct {
	sync.Mutex
	dirs map[string]string // by the arguments: the directory, never handed out
	root string
}

// sweptCopy is a copy of a finished sweep's -out directory, for the test
// to change as it likes, and what the sweep printed.
func sweptCopy(t *testing.T, more ...string) (dir string) {
	t.Helper()
	swept.Lock()
	defer swept.Unlock()
	key := strings.Join(more, "\x00")
	src, ok := swept.dirs[key]
	if !ok {
		if swept.root == "" {
			root, err := os.MkdirTemp("", "optbench-swept-")
			if err != nil {
				t.Fatal(err)
			}
			swept.root, swept.dirs = root, map[string]string{}
		}
		src = filepath.Join(swept.root, strconv.Itoa(len(swept.dirs)))
		sweepTo(t, src, more...)
		swept.dirs[key] = src
	}
	dir = filepath.Join(t.TempDir(), "out")
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// sorted is results.jsonl without times, sorted.
func sorted(t *testing.T, path string) []string {
	lines := resultsWithoutTimes(t, path)
	slices.Sort(lines)
	return lines
}

// TestResume: a sweep killed in the middle of writing a line, and with a
// run lost, is completed by the same command, which says what it found:
// every run is there once, and as the uninterrupted sweep has it.
// (results.TestOpenResumes tests the damage in detail.)
func TestResume(t *testing.T) {
	cut := sweptCopy(t)
	path := filepath.Join(cut, "results.jsonl")
	want := sorted(t, path)
	if len(want) != 21 {
		t.Fatalf("%d runs, want 21", len(want))
	}
	b, _ := os.ReadFile(path)
	lines := strings.SplitAfter(string(b), "\n")
	// Drop run 3, garble run 5, and cut the last line short, as SIGKILL
	// in the middle of a write would.
	last := lines[len(lines)-2]
	damaged := strings.Join(lines[:3], "") + strings.Join(lines[4:5], "") + "{not json\n" + strings.Join(lines[6:len(lines)-2], "") + last[:len(last)/2]
	os.WriteFile(path, []byte(damaged), 0o644)
	msg := sweepTo(t, cut)
	for _, w := range []string{"results.jsonl:5: not a run's record", "results.jsonl:20: the last line is cut short", "resuming " + cut + ": 18 of 21 runs done, 3 to go"} {
		if !strings.Contains(msg, w) {
			t.Errorf("no %q in\n%s", w, msg)
		}
	}
	if got := sorted(t, path); !slices.Equal(got, want) {
		t.Errorf("resumed results differ from the whole sweep's:\n%d lines\n%d lines", len(got), len(want))
	}
	// Once complete, the same command runs nothing and changes no result.
	msg = sweepTo(t, cut)
	if !strings.Contains(msg, "21 of 21 runs done, 0 to go") {
		t.Errorf("a complete sweep again: %s", msg)
	}
	if got := sorted(t, path); !slices.Equal(got, want) {
		t.Error("a complete sweep changed when run again")
	}
}

// dirHash is every file's name, size and content hash under dir.
func dirHash(t *testing.T, dir string) string {
	var b strings.Builder
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			c, _ := os.ReadFile(path)
			fmt.Fprintf(&b, "%s %x\n", path, sha256.Sum256(c))
		}
		return nil
	})
	return b.String()
}

// TestAnotherSweepIsRefused: a different sweep into the same directory
// exits 1 naming what differs, and changes nothing there.
func TestAnotherSweepIsRefused(t *testing.T) {
	out := sweptCopy(t)
	before := dirHash(t, out)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-seed", "2"}, "its seed: 1; this sweep's: 2"},
		{[]string{"-maxiter", "41"}, "its maxiter: 40; this sweep's: 41"},
		{[]string{"-trace", "all"}, `its trace: "log"; this sweep's: "all"`},
		{[]string{"-starts", "2"}, "its starts: 3; this sweep's: 2. A resume keeps every finished run, and cannot shrink a sweep"},
		{[]string{"-starts", "4", "-seed", "2"}, "its seed: 1; this sweep's: 2"},
		{[]string{"-shard", "1/2"}, ""}, // another directory: shard-1-of-2
	} {
		args := append(append(slices.Clone(sweepArgs), "-out", out), tc.args...)
		code, _, errOut := runCLI(t, args...)
		if tc.want == "" {
			continue
		}
		if code != 1 || !strings.Contains(errOut, "holds another sweep") || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want 1 and %q", tc.args, code, errOut, tc.want)
		}
	}
	os.RemoveAll(filepath.Join(out, "shard-1-of-2"))
	if dirHash(t, out) != before {
		t.Error("a refused sweep changed the directory")
	}
	// Results an older optbench left, with no sweep.json, are not taken for
	// this sweep's either.
	os.Remove(filepath.Join(out, "sweep.json"))
	if code, _, errOut := runCLI(t, append(slices.Clone(sweepArgs), "-out", out)...); code != 1 || !strings.Contains(errOut, "has no sweep.json beside it") {
		t.Errorf("results without sweep.json: exit %d, %q", code, errOut)
	}
}

// TestBadShards: shard specs that name no shard are usage errors.
func TestBadShards(t *testing.T) {
	for _, bad := range []string{"3/3", "-1/2", "a/b", "1/0", "1"} {
		if code, _, errOut := runCLI(t, "-methods", "GD", "-shard", bad); code != 2 || !strings.Contains(errOut, "-shard") {
			t.Errorf("-shard %s: exit %d, %q; want 2", bad, code, errOut)
		}
	}
}

// withoutTimes drops the time columns of a CSV table.
func withoutTimes(t *testing.T, table string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(table)).ReadAll()
	if err != nil {
		t.Fatalf("%v in\n%s", err, table)
	}
	var keep []int
	for i, k := range rows[0] {
		if !strings.Contains(k, "time") {
			keep = append(keep, i)
		}
	}
	var out [][]string
	for _, r := range rows {
		var row []string
		for _, i := range keep {
			row = append(row, r[i])
		}
		out = append(out, row)
	}
	return out
}

// shardArgs is a sweep of the classroom network, whose family draws
// figures of its own (weights, boundary) that a report of its shards must
// draw too.
var shardArgs = []string{"-methods", "BFGS,Nelder-Mead", "-starts", "3", "-maxiter", "20", "-format", "csv"}

// TestReportOfShards: each shard runs its share of the sweep into its
// own directory; the report of the shards has the sweep's tables but for
// the times, and writes every file, the network's figures included, with
// the merged results and the whole sweep's sweep.json; and it reads its
// merged directory as it read the shards. (results.TestLoadMergesShards
// and bench.TestShardsPartitionTheSweep test the merge and the shares in
// detail.)
func TestReportOfShards(t *testing.T) {
	dir := t.TempDir()
	code, whole, errOut := runCLI(t, shardArgs...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	code, wholeJSON, _ := runCLI(t, append(slices.Clone(shardArgs), "-format", "json")...)
	var wantIDs []string
	for l := range strings.Lines(wholeJSON) {
		var rec struct {
			RunID string `json:"run_id"`
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil || code != 0 {
			t.Fatalf("exit %d, %v: %s", code, err, l)
		}
		wantIDs = append(wantIDs, rec.RunID)
	}
	slices.Sort(wantIDs)
	if len(wantIDs) != 6 {
		t.Fatalf("%d runs, want 6", len(wantIDs))
	}
	var union, unionIDs []string
	for i := range 2 {
		code, _, errOut := runCLI(t, append(slices.Clone(shardArgs), "-out", filepath.Join(dir, "sharded"), "-shard", fmt.Sprintf("%d/2", i))...)
		if code != 0 {
			t.Fatalf("-shard %d/2: exit %d: %s", i, code, errOut)
		}
		lines := sorted(t, filepath.Join(dir, "sharded", fmt.Sprintf("shard-%d-of-2", i), "results.jsonl"))
		if len(lines) != 3 {
			t.Errorf("shard %d has %d runs, want 3", i, len(lines))
		}
		union = append(union, lines...)
		for _, l := range lines {
			var rec struct {
				RunID string `json:"run_id"`
			}
			json.Unmarshal([]byte(l), &rec)
			unionIDs = append(unionIDs, rec.RunID)
		}
	}
	slices.Sort(union)
	slices.Sort(unionIDs)
	if !slices.Equal(unionIDs, wantIDs) {
		t.Errorf("the shards' runs %v are not the sweep's %v", unionIDs, wantIDs)
	}
	merged := filepath.Join(dir, "merged")
	code, got, errOut := runCLI(t, "report", filepath.Join(dir, "sharded"), "-format", "csv", "-out", merged)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if w, g := withoutTimes(t, whole), withoutTimes(t, got); !slices.EqualFunc(w, g, slices.Equal) {
		t.Errorf("report of the shards:\n%v\nthe sweep:\n%v", g, w)
	}
	if have := sorted(t, filepath.Join(merged, "results.jsonl")); !slices.Equal(union, have) {
		t.Errorf("merged results.jsonl has %d runs, the shards %d, or they differ", len(have), len(union))
	}
	for _, name := range []string{"sweep.json", "summary.csv", "ecdf.csv", "report.html", "loss_vs_iter.svg", "weights.png", "boundary.png"} {
		if _, err := os.Stat(filepath.Join(merged, name)); err != nil {
			t.Error(err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(merged, "sweep.json")); !strings.Contains(string(b), `"shard": {
    "index": 0,
    "count": 0
  }`) {
		t.Errorf("merged sweep.json is not the whole sweep's:\n%s", b)
	}
	// The report reads the merged directory as it read the shards.
	if code, again, _ := runCLI(t, "report", merged, "-format", "csv"); code != 0 || !slices.EqualFunc(withoutTimes(t, again), withoutTimes(t, got), slices.Equal) {
		t.Errorf("report of the merged results: exit %d\n%s", code, again)
	}
}

// TestReportRefusesMixedSweeps: results of two sweeps are not merged, a
// corrupt line is reported with its file and line and the rest is read,
// and the report is not written over its inputs. (results.TestLoad* test
// the settings and lines in detail.)
func TestReportRefusesMixedSweeps(t *testing.T) {
	a, b := sweptCopy(t), sweptCopy(t)
	// b is the same runs described as a sweep of seed 7.
	desc := filepath.Join(b, "sweep.json")
	raw, _ := os.ReadFile(desc)
	if !strings.Contains(string(raw), `"seed": 1,`) {
		t.Fatalf("sweep.json has no seed 1:\n%s", raw)
	}
	os.WriteFile(desc, []byte(strings.Replace(string(raw), `"seed": 1,`, `"seed": 7,`, 1)), 0o644)
	if code, _, errOut := runCLI(t, "report", a, b); code != 1 || !strings.Contains(errOut, "different sweeps: seed 1 and 7") {
		t.Errorf("two sweeps: exit %d, %q", code, errOut)
	}
	path := filepath.Join(a, "results.jsonl")
	raw, _ = os.ReadFile(path)
	lines := strings.SplitAfter(string(raw), "\n")
	os.WriteFile(path, []byte(lines[0]+"garbage\n"+strings.Join(lines[1:], "")), 0o644)
	code, out, errOut := runCLI(t, "report", path, "-format", "csv")
	if code != 0 || !strings.Contains(errOut, "results.jsonl:2: not a run's record") || len(withoutTimes(t, out)) != 1+7 {
		t.Errorf("a corrupt line: exit %d, %q\n%s", code, errOut, out)
	}
	if code, _, errOut := runCLI(t, "report", a, "-out", a); code != 2 || !strings.Contains(errOut, "an input") {
		t.Errorf("-out an input: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "report", filepath.Join(t.TempDir(), "none")); code != 1 || !strings.Contains(errOut, "no such file") {
		t.Errorf("a missing path: exit %d, %q", code, errOut)
	}
	if code, _, _ := runCLI(t, "report"); code != 2 {
		t.Errorf("no path: exit %d", code)
	}
}

// TestResumeOldGtol: a folder whose sweep recorded gtol 1e-5 (what every
// sweep without -gtol recorded before the methods took their own
// defaults) is refused without -gtol, with the hint that resumes it.
func TestResumeOldGtol(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	args := []string{"-problems", "Beale", "-methods", "BFGS", "-starts", "2", "-out", dir}
	if code, _, stderr := runCLI(t, append(args, "-gtol", "1e-5")...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, _, stderr := runCLI(t, args...)
	if code == 0 || !strings.Contains(stderr, "add -gtol 1e-5 to resume it") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, append(args, "-gtol", "1e-5")...); code != 0 {
		t.Errorf("with -gtol 1e-5: exit %d: %s", code, stderr)
	}
}

// TestResumeGrowsStarts: a sweep run again with more -starts runs only the
// new starts, keeps the finished runs' lines as they were, and ends as the
// larger sweep run at once would, run for run (times aside).
func TestResumeGrowsStarts(t *testing.T) {
	base := t.TempDir()
	grown, whole := filepath.Join(base, "grown"), filepath.Join(base, "whole")
	args := []string{"-methods", "BFGS,CG", "-maxiter", "30", "-format", "json"}
	sweep := func(out, starts string) (string, string) {
		code, stdout, errOut := runCLI(t, append(slices.Clone(args), "-starts", starts, "-out", out)...)
		if code != 0 {
			t.Fatalf("-starts %s -out %s: exit %d: %s", starts, out, code, errOut)
		}
		return stdout, errOut
	}
	sweep(grown, "2")
	before, err := os.ReadFile(filepath.Join(grown, "results.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	got, errOut := sweep(grown, "4")
	for _, want := range []string{
		"optbench: sweep grown from 2 to 4 starts: the runs of the 2 new starts are to do, the finished runs of the first 2 kept",
		"optbench: resuming " + grown + ": 4 of 8 runs done, 4 to go",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q, want %q", errOut, want)
		}
	}
	after, err := os.ReadFile(filepath.Join(grown, "results.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(after, before) || bytes.Count(after, []byte("\n")) != 8 {
		t.Errorf("results.jsonl: the 4 old lines not kept as they were, or not 8 lines:\n%s", after)
	}
	want, _ := sweep(whole, "4")
	if g, w := linesWithoutTimes(t, "grown", got), linesWithoutTimes(t, "whole", want); !slices.Equal(g, w) {
		t.Errorf("the grown sweep differs from the sweep run at once:\n%q\n%q", g, w)
	}
	if d, _, err := results.ReadDescription(grown); err != nil || d.Starts != 4 {
		t.Errorf("sweep.json: %d starts (%v), want 4", d.Starts, err)
	}
}
