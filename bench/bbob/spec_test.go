package bbob

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseSuite(t *testing.T) {
	def := DefaultSuite()
	if def.Size() != 24*5*15 {
		t.Fatalf("default suite has %d problems, want 1800", def.Size())
	}
	for _, tc := range []struct {
		item string
		ok   bool
		want string // the suite, or a part of the error
	}{
		{"bbob", true, fmt.Sprint(def)},
		{"BBOB", true, fmt.Sprint(def)},
		{"mgh", false, ""},
		{"bbobx", false, ""},
		{"bbob:f1-24:d2,5,10:i1-15", true, fmt.Sprint(Suite{Functions: def.Functions, Dimensions: []int{2, 5, 10}, Instances: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}})},
		{"bbob:f8", true, fmt.Sprint(Suite{Functions: []int{8}, Dimensions: def.Dimensions, Instances: def.Instances})},
		{"bbob:i3,1,1-2:d40:f24,1", true, fmt.Sprint(Suite{Functions: []int{1, 24}, Dimensions: []int{40}, Instances: []int{1, 2, 3}})},
		{"bbob:f0", true, `part "f0": functions 0 is outside 1..24`},
		{"bbob:f25", true, `functions 25 is outside 1..24`},
		{"bbob:d1", true, `part "d1": dimensions 1 is outside 2..40`},
		{"bbob:d41", true, `dimensions 41 is outside 2..40`},
		{"bbob:i0", true, `instances 0 is outside 1..1000000000`},
		{"bbob:f5-1", true, `range "5-1" goes down`},
		{"bbob:fx", true, `"x" is not a whole number`},
		{"bbob:f", true, `functions list is empty`},
		{"bbob:f1,,2", true, `functions list "1,,2" has an empty item`},
		{"bbob:x1", true, `part "x1": want f (functions), d (dimensions) or i (instances)`},
		{"bbob:f1::d2", true, `an empty part`},
		{"bbob:f1:f2", true, `functions are given twice`},
		{"bbob:i1-1000000", true, `list names more than 100000`},
		{"bbob:i1000000001", true, `instances 1000000001 is outside 1..1000000000`},
		{"bbob:d2-40:i1-5000", true, `problems, at most 100000`},
	} {
		s, ok, err := ParseSuite(tc.item)
		if ok != tc.ok {
			t.Errorf("%s: ok %v, want %v", tc.item, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		got := fmt.Sprint(s)
		if err != nil {
			got = err.Error()
			if !strings.HasPrefix(got, tc.item+":") {
				t.Errorf("%s: error %q does not name the item", tc.item, got)
			}
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: got %s, want %s", tc.item, got, tc.want)
		}
	}
}
