package results

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestOldPowellSweepResumes: a sweep written when scipy's Powell was
// labelled "Powell" resumes as scipy:Powell: its finished runs are read
// back under the new label and not run again.
func TestOldPowellSweepResumes(t *testing.T) {
	dir := t.TempDir()
	sw := benchtest.Sweep(t, []*bench.Problem{benchtest.Rosenbrock()}, benchtest.Configs(t, "Powell", "BFGS"), []solvers.GradientMode{solvers.Analytic}, 2, 1, solvers.Options{MaxIter: 50})
	d, err := Describe(sw)
	if err != nil {
		t.Fatal(err)
	}
	out, res, err := Open(dir, d, sw, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range bench.Execute(t.Context(), res.Todo, 1, nil) {
		if err := out.Record(r); err != nil {
			t.Fatal(err)
		}
	}
	out.Close()
	// Write both files as the optbench of before the rename did.
	for _, name := range []string{"sweep.json", "results.jsonl"} {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		old := strings.ReplaceAll(string(b), "scipy:Powell", "Powell")
		if old == string(b) {
			t.Fatalf("%s does not name scipy:Powell", name)
		}
		if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, res, err = Open(dir, d, sw, nil)
	if err != nil {
		t.Fatalf("the old sweep is refused: %v", err)
	}
	defer out.Close()
	if len(res.Todo) != 0 || len(res.Done) != 4 {
		t.Fatalf("resumed with %d done and %d to do, want 4 and 0", len(res.Done), len(res.Todo))
	}
	if r := res.Done[0]; r.Label != "scipy:Powell" || r.Method != "scipy:Powell" || r.RunID() != "Rosenbrock/scipy:Powell/none/0" {
		t.Errorf("first run read back as %s %s %s", r.Method, r.Label, r.RunID())
	}
}

// TestOtherEnginesKeepTheirNames: "Newton-CG" in scipy's own records is
// scipy's method, not optbench's alias of scipy:Newton-CG.
func TestOtherEnginesKeepTheirNames(t *testing.T) {
	in := `{"run_id":"p/Newton-CG/analytic/0","engine":"scipy 1.10.1","problem":"p","method":"Newton-CG","label":"Newton-CG","status":"success"}
{"run_id":"p/Powell/none/0","engine":"optbench","problem":"p","method":"Powell","label":"Powell","status":"success"}
`
	res, err := ReadResults(strings.NewReader(in), "x.jsonl")
	if err != nil || len(res.Records) != 2 {
		t.Fatalf("%d records, %v %v", len(res.Records), res.Bad, err)
	}
	if r := res.Records[0]; r.Method != "Newton-CG" || r.RunID != "p/Newton-CG/analytic/0" {
		t.Errorf("scipy's record read as %s %s", r.Method, r.RunID)
	}
	if r := res.Records[1]; r.Method != "scipy:Powell" || r.Label != "scipy:Powell" || r.RunID != "p/scipy:Powell/none/0" {
		t.Errorf("optbench's old record read as %s %s %s", r.Method, r.Label, r.RunID)
	}
}

// TestLoadOfNoRunsSaysWhy: when no line reads, Load's error comes with the
// set, whose Skipped names every line and why.
func TestLoadOfNoRunsSaysWhy(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "results.jsonl"), []byte("null\n{\"run_id\":\"x\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Load(t.Context(), dir)
	if !errors.Is(err, ErrNoRuns) || set == nil || len(set.Skipped) != 2 || !strings.Contains(set.Skipped[0].Error(), "results.jsonl:1: not a run's record") {
		t.Fatalf("Load: %v, set %+v", err, set)
	}
}
