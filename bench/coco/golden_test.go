package coco

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// goldenOut keeps the folder Write makes from the golden replay, to hand it
// to cocopp: go test ./bench/coco -run TestGolden -args -golden-out DIR
// writes DIR/ES11 (DIR must exist, DIR/ES11 must not).
var goldenOut = flag.String("golden-out", "", "also write the golden replay's COCO folder into this folder")

// goldenRuns replays testdata/golden/evaluations.txt (written by the C
// experiment in testdata/cexp, see experiment.c for its format) through
// Recorders, one per problem, and returns the runs with their logs.
func goldenRuns(t *testing.T) []RunLog {
	t.Helper()
	f, err := os.Open("testdata/golden/evaluations.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var runs []RunLog
	var rec *Recorder
	done := func() {
		if rec != nil {
			if err := rec.Err(); err != nil {
				t.Fatal(err)
			}
			runs[len(runs)-1].Log = rec.Log()
		}
	}
	var x []float64
	s := bufio.NewScanner(f)
	for line := 1; s.Scan(); line++ {
		p := strings.Fields(s.Text())
		num := func(i int) float64 {
			v, err := strconv.ParseFloat(p[i], 64)
			if err != nil {
				t.Fatalf("evaluations.txt:%d: %v", line, err)
			}
			return v
		}
		switch p[0] {
		case "p":
			done()
			r := RunLog{Function: int(num(1)), Dim: int(num(2)), Instance: int(num(3)), FOpt: num(4)}
			runs = append(runs, r)
			rec = NewRecorder(r.Dim, r.FOpt)
			x = make([]float64, r.Dim)
		case "r":
			rec.Restart()
		case "e":
			for i := range x {
				x[i] = num(i + 2)
			}
			rec.Observe(x, num(1))
		default:
			t.Fatalf("evaluations.txt:%d: unknown line %q", line, s.Text())
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	done()
	return runs
}

// readTree returns the files under root by their slash-separated relative path.
func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGolden compares every file Write makes from the replayed evaluations
// with the file COCO's own bbob observer wrote, byte for byte, whatever the
// order of the runs and after a JSON round trip of the logs.
func TestGolden(t *testing.T) {
	want := readTree(t, "testdata/golden/exdata/golden")
	runs := goldenRuns(t)
	if len(runs) != 13 {
		t.Fatalf("%d runs in evaluations.txt, want 13", len(runs))
	}
	reversed := slices.Clone(runs)
	slices.Reverse(reversed)
	roundTrip := slices.Clone(runs)
	for i := range roundTrip {
		b, err := json.Marshal(roundTrip[i].Log)
		if err != nil {
			t.Fatal(err)
		}
		var l Log
		if err := json.Unmarshal(b, &l); err != nil {
			t.Fatal(err)
		}
		roundTrip[i].Log = &l
	}
	for _, tc := range []struct {
		name string
		runs []RunLog
	}{{"suite order", runs}, {"reversed", reversed}, {"json", roundTrip}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := Write(dir, "ES11", "golden test: (1+1)-ES, 2 restarts", tc.runs); err != nil {
				t.Fatal(err)
			}
			got := readTree(t, filepath.Join(dir, "ES11"))
			for name, w := range want {
				g, ok := got[name]
				if !ok {
					t.Errorf("%s: not written", name)
					continue
				}
				if !bytes.Equal(g, w) {
					t.Errorf("%s differs from COCO's:\n%s", name, firstDiff(g, w))
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("%s: written, COCO has no such file", name)
				}
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("%d entries in the output folder, want only ES11 (no temporary folder left)", len(entries))
			}
		})
	}
	if *goldenOut != "" {
		if err := Write(*goldenOut, "ES11", "golden test: (1+1)-ES, 2 restarts", reversed); err != nil {
			t.Fatal(err)
		}
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g := strings.Split(string(got), "\n")
	w := strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got  " + gl + "\n want " + wl
		}
	}
	return "(same lines)"
}
