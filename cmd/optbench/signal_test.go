//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// bigResultsFile writes a results file of 20,000 runs (8 MB) in dir:
// enough that report -out and diff of it take seconds, made in under one.
func bigResultsFile(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "results.jsonl")
	cmd := command(t, "-problems", "Beale", "-methods", "GD-fixed", "-starts", "20000", "-maxiter", "10", "-format", "json")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("making the results: %v: %s", err, stderr.String())
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSignalEndsEveryCommand: SIGINT or SIGTERM, sent while report, diff
// or gradcheck is busy (reading, analysing, drawing, differencing), ends
// it within a second with exit 130 and one line saying so. report, diff
// and gradcheck used to run on (gradcheck -points 100000000 for 10 minutes
// under timeout 20).
func TestSignalEndsEveryCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 20,000-run results file")
	}
	big := bigResultsFile(t, t.TempDir())
	b, err := os.ReadFile(big)
	if err != nil {
		t.Fatal(err)
	}
	big2 := filepath.Join(t.TempDir(), "results.jsonl") // diff refuses a set compared with itself
	if err := os.WriteFile(big2, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		sig  syscall.Signal
		args []string
	}{
		{"report", syscall.SIGINT, []string{"report", big, "-out", filepath.Join(t.TempDir(), "rep")}},
		{"diff", syscall.SIGTERM, []string{"diff", big, big2}},
		{"gradcheck", syscall.SIGINT, []string{"gradcheck", "-points", "100000", "-hidden", "20"}},
		{"gradcheck", syscall.SIGTERM, []string{"gradcheck", "-hessian", "-points", "100000"}},
	} {
		t.Run(tc.name+"/"+tc.sig.String(), func(t *testing.T) { signalled(t, tc.name, tc.sig, tc.args) })
	}
}

// signalled starts optbench with args, sends sig once it is under way,
// and checks that it ended within a second or so with status 130 and the
// one line "optbench NAME: interrupted".
func signalled(t *testing.T, name string, sig syscall.Signal, args []string) {
	cmd := command(t, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // under way: reading, analysing or checking
	sent := time.Now()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var err error
	select {
	case err = <-exited:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-exited
		t.Fatalf("%v: still running 5 s after %v", args, sig)
	}
	took := time.Since(sent)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Errorf("%s after %v: %v, want exit status 130; stderr %q", name, sig, err, stderr.String())
	}
	if took > 3*time.Second {
		t.Errorf("%s: ended %v after %v, want within a second (3 s allowed)", name, took, sig)
	}
	if want := "optbench " + name + ": interrupted\n"; !strings.HasSuffix(stderr.String(), want) || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("%s: stderr %q, want the one line %q", name, stderr.String(), want)
	}
}

// TestAwaitGrace: a command that does not look at the context (a figure
// being drawn) holds run no longer than the grace after the interrupt;
// one that ends within it is heard.
func TestAwaitGrace(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	deaf := make(chan error) // never sent on
	began := time.Now()
	if err := await(ctx, deaf, 50*time.Millisecond); !errors.Is(err, context.Canceled) {
		t.Errorf("a deaf command: %v, want context.Canceled", err)
	}
	if took := time.Since(began); took > 2*time.Second {
		t.Errorf("a deaf command held await %v", took)
	}
	prompt := make(chan error, 1)
	want := errors.New("stopped")
	prompt <- want
	if err := await(ctx, prompt, time.Hour); !errors.Is(err, want) {
		t.Errorf("a command that stops: %v, want its own error", err)
	}
}

// TestGradcheckPointsRefused: an absurd -points is refused at once, before
// a point is computed or a row kept.
func TestGradcheckPointsRefused(t *testing.T) {
	for _, points := range []string{"100000000", "100001", "9223372036854775807"} {
		code, out, errOut := runCLI(t, "gradcheck", "-points", points)
		if code != 2 || out != "" || !strings.Contains(errOut, "-points "+points+": want a whole number from 0 to 100000") {
			t.Errorf("-points %s: exit %d, stdout %q, stderr %q; want 2 and the limit", points, code, out, errOut)
		}
	}
}
