//go:build unix

package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/optbench/optbench/bench/results"
)

// holdLock takes dir's lock as a running sweep holds it, from this
// process, until release.
func holdLock(t *testing.T, dir string) (release func()) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, results.LockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	f.WriteString(strconv.Itoa(os.Getpid()) + " " + host + "\n")
	return func() {
		os.Remove(f.Name())
		f.Close()
	}
}

// TestTwoProcessesOnOneFolder: a sweep still running holds its -out
// folder: the same command started on it (a requeued job) exits 1 at once
// naming the folder and the holder's pid, report says the sweep is still
// being written, and once the holder is killed (kill -9, its lock file
// left behind) the folder is free again.
func TestTwoProcessesOnOneFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	long := []string{"-methods", "GD-fixed[alpha=0.001]", "-gtol", "0", "-maxiter", "10000000", "-trace", "none", "-time-limit", "60s", "-j", "1", "-out", dir}
	first := command(t, long...)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { first.Process.Kill(); first.Wait() })
	pid := strconv.Itoa(first.Process.Pid)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		b, _ := os.ReadFile(filepath.Join(dir, results.LockFile))
		if strings.HasPrefix(string(b), pid+" ") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first sweep did not take the lock: %q", b)
		}
	}
	began := time.Now()
	code, _, errOut := runCLI(t, long...)
	if code != 1 || !strings.Contains(errOut, "-out: "+dir+" is being written by another optbench (pid "+pid) {
		t.Errorf("the second process: exit %d, %q; want 1 naming %s and pid %s", code, errOut, dir, pid)
	}
	if d := time.Since(began); d > 5*time.Second {
		t.Errorf("the second process took %v to give up", d)
	}
	code, _, errOut = runCLI(t, "report", dir)
	if !strings.Contains(errOut, "optbench: "+dir+" is still being written (its sweep.lock is held by pid "+pid) || strings.Count(errOut, "still being written") != 1 {
		t.Errorf("report of a folder being written: exit %d, %q", code, errOut)
	}
	first.Process.Kill()
	first.Wait()
	if _, err := os.Stat(filepath.Join(dir, results.LockFile)); err != nil {
		t.Fatalf("the killed sweep left no lock file (%v): the test tests nothing", err)
	}
	// Another sweep is refused for what it is, not for the dead lock.
	code, _, errOut = runCLI(t, "-methods", "GD", "-maxiter", "5", "-out", dir)
	if code != 1 || !strings.Contains(errOut, "holds another sweep") {
		t.Errorf("after the holder's death: exit %d, %q; want the folder taken and refused as another sweep's", code, errOut)
	}
	if _, _, errOut = runCLI(t, "report", dir); strings.Contains(errOut, "being written") {
		t.Errorf("report after the holder's death: %q", errOut)
	}
}

// TestResumeRaceIsRefused is the race without its timing: a
// finished sweep's folder, held by a process (this one) as while it still
// appends, is not resumed by a second: it exits 1 and the folder, its
// results.jsonl above all, is left byte for byte; report of it reads it
// and says it is being written.
func TestResumeRaceIsRefused(t *testing.T) {
	dir := sweptCopy(t)
	release := holdLock(t, dir)
	defer release()
	before := dirHash(t, dir)
	code, _, errOut := runCLI(t, append(slices.Clone(sweepArgs), "-out", dir)...)
	if code != 1 || !strings.Contains(errOut, dir+" is being written by another optbench (pid "+strconv.Itoa(os.Getpid())) {
		t.Errorf("exit %d, %q", code, errOut)
	}
	if dirHash(t, dir) != before {
		t.Error("the refused resume changed the folder")
	}
	code, out, errOut := runCLI(t, "report", dir, "-format", "csv")
	if code != 0 || len(withoutTimes(t, out)) != 1+7 || !strings.Contains(errOut, "still being written") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("report of a locked folder: exit %d, %q\n%s", code, errOut, out)
	}
	release()
	if _, _, errOut := runCLI(t, "report", dir); strings.Contains(errOut, "being written") {
		t.Errorf("report of a folder no longer locked: %q", errOut)
	}
}

// TestResumeSetsAsideWhatDoesNotMatch: results of a seed-2 sweep copied
// into the seed-1 folder are not taken for its runs: every run is done
// again, and the copied lines are moved to results.aside.jsonl and named.
func TestResumeSetsAsideWhatDoesNotMatch(t *testing.T) {
	one, two := sweptCopy(t), sweptCopy(t, "-seed", "2")
	want := sorted(t, filepath.Join(one, "results.jsonl"))
	copied, err := os.ReadFile(filepath.Join(two, "results.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(one, "results.jsonl"), copied, 0o644)
	msg := sweepTo(t, one)
	aside := filepath.Join(one, results.AsideFile)
	if !strings.Contains(msg, "optbench: 21 records that do not match this sweep's run of the same id (first: run ") ||
		!strings.Contains(msg, `seed 2, this sweep's 1) moved to `+aside) || strings.Contains(msg, "resuming") {
		t.Errorf("stderr:\n%s", msg)
	}
	if got := sorted(t, filepath.Join(one, "results.jsonl")); !slices.Equal(got, want) {
		t.Error("the runs done again are not the seed-1 sweep's")
	}
	if b, _ := os.ReadFile(aside); string(b) != string(copied) {
		t.Errorf("%s does not hold the seed-2 lines as they were", aside)
	}
}

// TestResumeSaysWhatHappens: unreadable lines are named, the first five
// then a count, with what became of them (set aside), and no run is said
// to be done again for a line that is no run; the temporary files a killed
// sweep left are removed; a read-only results.jsonl is refused, not
// replaced.
func TestResumeSaysWhatHappens(t *testing.T) {
	dir := sweptCopy(t)
	path := filepath.Join(dir, "results.jsonl")
	want := sorted(t, path)
	b, _ := os.ReadFile(path)
	junk := strings.Repeat("junk\n", 12)
	os.WriteFile(path, []byte(junk+string(b)), 0o644)
	for _, name := range []string{".trace.csv.12345.tmp", ".sweep.json.1.tmp"} {
		os.WriteFile(filepath.Join(dir, name), []byte("half"), 0o600)
	}
	msg := sweepTo(t, dir)
	for _, w := range []string{"results.jsonl:1: not a run's record", "results.jsonl:5: not a run's record", "optbench: and 7 more lines or records that could not be read\n",
		"optbench: 12 lines that could not be read moved to " + filepath.Join(dir, results.AsideFile) + "\n",
		"optbench: removed 2 temporary files that a killed optbench left in " + dir + "\n", "resuming " + dir + ": 21 of 21 runs done, 0 to go"} {
		if !strings.Contains(msg, w) {
			t.Errorf("no %q in\n%s", w, msg)
		}
	}
	if strings.Contains(msg, "results.jsonl:6:") || strings.Contains(msg, "done again") {
		t.Errorf("more than 5 lines named, or a run said done again:\n%s", msg)
	}
	if got := sorted(t, path); !slices.Equal(got, want) {
		t.Error("the results changed")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, results.AsideFile)); string(b) != junk {
		t.Errorf("set aside: %q", b)
	}
	for _, name := range []string{".trace.csv.12345.tmp", ".sweep.json.1.tmp"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s is still there", name)
		}
	}
	os.Chmod(path, 0o444)
	before := dirHash(t, dir)
	code, _, errOut := runCLI(t, append(slices.Clone(sweepArgs), "-out", dir)...)
	if code != 1 || !strings.Contains(errOut, path+" is read-only (mode -r--r--r--)") {
		t.Errorf("a read-only results.jsonl: exit %d, %q", code, errOut)
	}
	if fi, _ := os.Stat(path); dirHash(t, dir) != before || fi.Mode().Perm() != 0o444 {
		t.Error("a read-only results.jsonl was changed")
	}
	// Results without sweep.json: what is known, not a guess.
	os.Chmod(path, 0o644)
	os.Remove(filepath.Join(dir, "sweep.json"))
	if code, _, errOut := runCLI(t, append(slices.Clone(sweepArgs), "-out", dir)...); code != 1 || strings.Contains(errOut, "older optbench") || !strings.Contains(errOut, "nothing says which sweep wrote it") {
		t.Errorf("results without sweep.json: exit %d, %q", code, errOut)
	}
}
