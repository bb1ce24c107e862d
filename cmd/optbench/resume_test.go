package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sweepArgs is a small sweep with a grid, several gradients and starts.
var sweepArgs = []string{"-methods", "BFGS[linesearch=bisection|more-thuente],GD-fixed,Nelder-Mead", "-gradient", "analytic,2-point",
	"-starts", "3", "-maxiter", "40", "-format", "csv"}

func sweepTo(t *testing.T, out string, more ...string) string {
	t.Helper()
	code, stdout, errOut := runCLI(t, append(append(slices.Clone(sweepArgs), "-out", out), more...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	return stdout + errOut
}

// sorted is results.jsonl without times, sorted.
func sorted(t *testing.T, path string) []string {
	lines := resultsWithoutTimes(t, path)
	slices.Sort(lines)
	return lines
}

// TestResume: a sweep killed in the middle of writing a line, and with a
// run lost, is completed by the same command: every run is there once, and
// as the uninterrupted sweep has it.
func TestResume(t *testing.T) {
	whole, cut := filepath.Join(t.TempDir(), "whole"), filepath.Join(t.TempDir(), "cut")
	sweepTo(t, whole)
	sweepTo(t, cut)
	want := sorted(t, filepath.Join(whole, "results.jsonl"))
	if len(want) != 21 {
		t.Fatalf("%d runs, want 21", len(want))
	}
	path := filepath.Join(cut, "results.jsonl")
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
	out := filepath.Join(t.TempDir(), "out")
	sweepTo(t, out)
	before := dirHash(t, out)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-seed", "2"}, "seed: 2, not 1"},
		{[]string{"-maxiter", "41"}, `limits: {"maxiter":41,`},
		{[]string{"-trace", "all"}, `trace: "all", not "log"`},
		{[]string{"-starts", "4"}, "starts: 4, not 3"},
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

// TestShardsMakeTheSweep: the union of the shards' results is the
// unsharded sweep, run for run, and each shard has its share of every
// method.
func TestShardsMakeTheSweep(t *testing.T) {
	dir := t.TempDir()
	sweepTo(t, filepath.Join(dir, "whole"))
	var union []string
	for i := range 3 {
		sweepTo(t, filepath.Join(dir, "sharded"), "-shard", fmt.Sprintf("%d/3", i))
		lines := sorted(t, filepath.Join(dir, "sharded", fmt.Sprintf("shard-%d-of-3", i), "results.jsonl"))
		if len(lines) != 7 {
			t.Errorf("shard %d has %d runs, want 7", i, len(lines))
		}
		union = append(union, lines...)
	}
	slices.Sort(union)
	if want := sorted(t, filepath.Join(dir, "whole", "results.jsonl")); !slices.Equal(union, want) {
		t.Errorf("the shards' union (%d runs) is not the sweep (%d)", len(union), len(want))
	}
	for _, bad := range []string{"3/3", "-1/2", "a/b", "1/0", "1"} {
		if code, _, errOut := runCLI(t, "-methods", "GD", "-shard", bad); code != 2 || !strings.Contains(errOut, "-shard") {
			t.Errorf("-shard %s: exit %d, %q; want 2", bad, code, errOut)
		}
	}
}

func TestShardFromEnv(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"}, "2/4"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1"}, "2/3"},
		{map[string]string{"JOB_COMPLETION_INDEX": "0", "OPTBENCH_SHARDS": "5"}, "0/5"},
		{map[string]string{"JOB_COMPLETION_INDEX": "0"}, "error: OPTBENCH_SHARDS"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4"}, "error: the index i must be from 0 to 3"},
		{map[string]string{}, "error: neither SLURM_ARRAY_TASK_ID"},
	} {
		s, err := shardFromEnv(func(k string) string { return tc.env[k] })
		got := s.String()
		if err != nil {
			got = "error: " + err.Error()
		}
		if !strings.HasPrefix(got, tc.want) && !strings.Contains(got, strings.TrimPrefix(tc.want, "error: ")) {
			t.Errorf("%v: %s, want %s", tc.env, got, tc.want)
		}
	}
}
