package coco

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRestartLinesBounded: a run that restarts more than MaxRestartLines
// times keeps the first MaxRestartLines .rdat lines and counts the rest,
// and its .rdat file says how many were left out.
func TestRestartLinesBounded(t *testing.T) {
	r := NewRecorder(2, 1)
	x := []float64{0.5, -0.5}
	const restarts = MaxRestartLines + 250
	for i := range restarts + 1 {
		if i > 0 {
			r.Restart()
		}
		r.Observe(x, 10-float64(i)/1000)
	}
	l := r.Log()
	if r.Err() != nil || l.Rdat.Len() != MaxRestartLines || l.RestartsLeftOut != 250 || l.Evaluations != restarts+1 {
		t.Fatalf("err %v, %d .rdat lines, %d left out, %d evaluations", r.Err(), l.Rdat.Len(), l.RestartsLeftOut, l.Evaluations)
	}
	dir := t.TempDir()
	if err := Write(dir, "A", "", []RunLog{{Function: 1, Dim: 2, Instance: 1, FOpt: 1, Log: l}}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "A", "data_f1", "bbobexp_f1_DIM2.rdat"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 1+MaxRestartLines+1 || lines[len(lines)-1] != "% 250 more restarts: optbench keeps the first 1000 lines" {
		t.Errorf(".rdat has %d lines, the last %q", len(lines), lines[len(lines)-1])
	}
	bad := *l
	bad.RestartsLeftOut = -1
	if err := Write(t.TempDir(), "A", "", []RunLog{{Function: 1, Dim: 2, Instance: 1, FOpt: 1, Log: &bad}}); err == nil {
		t.Errorf("a negative count of restarts left out was written")
	}
}
