//go:build unix

package results

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLockRefusesASecondWriter: while one Open holds a directory, a second
// Open or CreateOutput of it fails at once with a *LockedError naming the
// directory and the holder's pid and host, before it reads or changes
// anything; Held names the holder; Close lets go and removes the lock file,
// and the directory opens again.
func TestLockRefusesASecondWriter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	sw := testSweep(t, nil)
	out, _, err := Open(dir, describe(t, sw), sw, nil)
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	// Damage a second Open would repair, and another sweep's description:
	// neither is looked at.
	writeFile(t, filepath.Join(dir, ".sweep.json.123.tmp"), "half")
	before := dirHash(t, dir)
	other := testSweep(t, nil)
	other.Seed = 2
	began := time.Now()
	for _, open := range []func() error{
		func() error { _, _, err := Open(dir, describe(t, other), other, nil); return err },
		func() error { _, err := CreateOutput(dir, []string{"results.jsonl"}); return err },
	} {
		err := open()
		var le *LockedError
		if !errors.As(err, &le) || le.Dir != dir || le.PID != os.Getpid() || le.Host != host {
			t.Fatalf("a second writer: %v (%+v); want a *LockedError of %s, pid %d on %s", err, le, dir, os.Getpid(), host)
		}
		if msg := err.Error(); !strings.Contains(msg, dir) || !strings.Contains(msg, "pid "+strconv.Itoa(os.Getpid())) {
			t.Errorf("the message does not name the directory and the pid: %s", msg)
		}
	}
	if d := time.Since(began); d > 2*time.Second {
		t.Errorf("the refusals took %v", d)
	}
	if dirHash(t, dir) != before {
		t.Error("a refused writer changed the directory")
	}
	if h := Held(dir); h == nil || h.PID != os.Getpid() || !strings.Contains(h.Writing(), "still being written") {
		t.Errorf("Held: %+v; want this process", h)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(dir, LockFile)); !os.IsNotExist(err) {
		t.Errorf("the lock file is still there after Close: %v", err)
	}
	if h := Held(dir); h != nil {
		t.Errorf("Held after Close: %+v", h)
	}
	out, _, err = Open(dir, describe(t, sw), sw, nil)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	out.Close()
}

// TestStaleLockFileDoesNotBlock: a lock file that a killed process left
// (its pid in it, no lock held) blocks nothing: Open takes the lock and
// writes its own pid; whatever the file says is never shown raw.
func TestStaleLockFileDoesNotBlock(t *testing.T) {
	for _, content := range []string{"999999999 deadhost\n", "", "\x1b]0;pwned\x07 \x1b[2J\n", strings.Repeat("9", 5000)} {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, LockFile), content)
		if h := Held(dir); h != nil {
			t.Errorf("%q: Held says %+v", content, h)
		}
		sw := testSweep(t, nil)
		out, _, err := Open(dir, describe(t, sw), sw, nil)
		if err != nil {
			t.Fatalf("%q: %v", content, err)
		}
		f, err := os.Open(filepath.Join(dir, LockFile))
		if err != nil {
			t.Fatal(err)
		}
		if pid, _ := readHolder(f); pid != os.Getpid() {
			t.Errorf("%q: the lock file names pid %d, want %d", content, pid, os.Getpid())
		}
		f.Close()
		out.Close()
	}
	// A holder's line that is not a pid and a host name is not believed.
	f, _ := os.CreateTemp(t.TempDir(), "lock")
	f.WriteString("42 \x1b[31mred\n")
	if pid, host := readHolder(f); pid != 42 || host != "" {
		t.Errorf("readHolder: %d %q; want 42 and no host", pid, host)
	}
	f.Close()
}

// TestLockFileIsNotFollowed: a link or a named pipe planted at the lock
// file's name is refused, never followed or waited on.
func TestLockFileIsNotFollowed(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	writeFile(t, victim, "precious")
	if err := os.Symlink(victim, filepath.Join(dir, LockFile)); err != nil {
		t.Fatal(err)
	}
	sw := testSweep(t, nil)
	if _, _, err := Open(dir, describe(t, sw), sw, nil); err == nil || !strings.Contains(err.Error(), "is a link") {
		t.Errorf("a link at %s: %v", LockFile, err)
	}
	if readFile(t, victim) != "precious" {
		t.Error("the link's target was written")
	}
	dir = t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, LockFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Open(dir, describe(t, sw), sw, nil); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a named pipe at %s: %v", LockFile, err)
	}
	if h := Held(dir); h != nil {
		t.Errorf("Held of a named pipe: %+v", h)
	}
}
