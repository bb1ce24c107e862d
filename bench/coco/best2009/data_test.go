package best2009

import (
	"fmt"
	"strings"
	"testing"
)

// TestEmbeddedData: the embedded file parses, covers every function and
// dimension, and keeps the source, commit and licence in its header.
func TestEmbeddedData(t *testing.T) {
	tab, err := load()
	if err != nil {
		t.Fatal(err)
	}
	for fn := 1; fn <= Functions; fn++ {
		for _, dim := range dimensions {
			if r := tab.runs[key{fn, dim}]; r == nil || len(r.level) == 0 {
				t.Errorf("no run for f%d in %d-D", fn, dim)
			}
		}
	}
	for _, want := range []string{
		"numbbo/coco-postprocess commit 2b13ce76f2f8d96180ae16f41b173d403ff94afe",
		"best2009-bbob.tar.gz",
		"NumBBO/CoCO team",
		"3-clause BSD License",
		"Redistributions in binary form must reproduce the above",
		"scripts/coco/best2009_export.py",
	} {
		if !strings.Contains(source, want) {
			t.Errorf("best2009.txt's header lacks %q", want)
		}
	}
	for _, want := range []string{"NumBBO/CoCO", "BSD", "coco-postprocess"} {
		if !strings.Contains(Notice, want) {
			t.Errorf("Notice lacks %q", want)
		}
	}
}

// TestParseRejects: a corrupt data file is an error naming the line, not a
// table with holes.
func TestParseRejects(t *testing.T) {
	// a valid file of two levels and 143 of the 144 lines; each case adds
	// the last (f1 in 2-D) or corrupts the file one way
	var full strings.Builder
	full.WriteString("# header\nlevel 0 1.0\nlevel -1 0.630957344480193\n")
	for fn := 1; fn <= Functions; fn++ {
		for _, dim := range dimensions {
			if fn == 1 && dim == 2 {
				continue
			}
			fmt.Fprintf(&full, "%d %d 0:1:15/15\n", fn, dim)
		}
	}
	rest := full.String()
	if _, err := parse(rest + "1 2 0:1:15/15 -1:7:3/15\n"); err != nil {
		t.Fatalf("the valid file is rejected: %v", err)
	}
	for _, c := range []struct{ name, line string }{
		{"missing line", ""},
		{"level rises", "1 2 -1:1:15/15 0:7:3/15\n"},
		{"evaluations fall", "1 2 0:9:15/15 -1:7:3/15\n"},
		{"undeclared level", "1 2 0:1:15/15 -2:7:3/15\n"},
		{"more successes than runs", "1 2 0:1:16/15\n"},
		{"no evaluations", "1 2 0:0:15/15\n"},
		{"not a row", "1 2 0:1\n"},
		{"function 25", "25 2 0:1:15/15\n1 2 0:1:15/15\n"},
		{"dimension 4", "1 4 0:1:15/15\n1 2 0:1:15/15\n"},
		{"line twice", "1 2 0:1:15/15\n1 2 0:1:15/15\n"},
		{"no rows", "1 2\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := parse(rest + c.line); err == nil {
				t.Errorf("parse accepts %q", c.line)
			}
		})
	}
	for _, c := range []struct{ name, text string }{
		{"bad level", strings.Replace(rest, "level -1 0.630957344480193", "level -1 0.7", 1)},
		{"level without value", strings.Replace(rest, "level -1 0.630957344480193", "level -1", 1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := parse(c.text + "1 2 0:1:15/15\n"); err == nil {
				t.Errorf("parse accepts %s", c.name)
			}
		})
	}
}

// TestDimensionsIsACopy: a caller changing the slice changes nothing here.
func TestDimensionsIsACopy(t *testing.T) {
	d := Dimensions()
	if len(d) != 6 || d[0] != 2 || d[5] != 40 {
		t.Fatalf("Dimensions() = %v", d)
	}
	d[0] = 4
	if HasData(1, 4) || !HasData(1, 2) || Dimensions()[0] != 2 {
		t.Error("changing Dimensions()'s result changed the data")
	}
}
