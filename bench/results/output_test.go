//go:build unix

package results

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
)

// TestCreateOutputIsNotFooled: links and named pipes planted in the
// directory are removed, not followed, and an earlier sweep's files go.
func TestCreateOutputIsNotFooled(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim.txt")
	if err := os.WriteFile(victim, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(dir, "results.jsonl")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "trace.csv"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"summary.csv", "loss_vs_iter.png"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mine := filepath.Join(dir, "notes.txt")
	os.WriteFile(mine, []byte("mine"), 0o644)

	out, err := CreateOutput(dir, []string{"results.jsonl", "sweep.json", "trace.csv", "summary.csv", "loss_vs_iter.png", "report.html"})
	if err != nil {
		t.Fatal(err)
	}
	if err := out.Record(bench.Run{Spec: bench.Spec{Problem: benchtest.Fake, Solver: bench.Solver{Method: "BFGS", Label: "BFGS", Gradient: "analytic"}}}); err != nil {
		t.Fatal(err)
	}
	out.Close()
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Errorf("the link's target was written: %q", b)
	}
	fi, err := os.Lstat(filepath.Join(dir, "results.jsonl"))
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
		t.Errorf("results.jsonl is not a new regular file: %v %v", fi, err)
	}
	for _, name := range []string{"trace.csv", "summary.csv", "loss_vs_iter.png"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s of the earlier sweep is still there", name)
		}
	}
	if b, _ := os.ReadFile(mine); string(b) != "mine" {
		t.Errorf("a file that is not the sweep's was touched")
	}
	if err := os.Mkdir(filepath.Join(dir, "report.html"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := CreateOutput(dir, []string{"results.jsonl", "sweep.json", "trace.csv", "summary.csv", "loss_vs_iter.png", "report.html"}); err == nil {
		t.Errorf("a directory named report.html was accepted")
	}
}
