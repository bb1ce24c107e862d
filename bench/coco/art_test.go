package coco

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
)

// cocoppART is testdata/golden/cocopp_art.json, cocopp's aRT of the golden
// data (scripts/coco/cocopp_art.py).
type cocoppART struct {
	Targets  []float64 `json:"targets"`
	DataSets []struct {
		Function  int        `json:"function"`
		Dim       int        `json:"dim"`
		Runs      int        `json:"runs"`
		ART       []*float64 `json:"art"`
		Successes []int      `json:"successes"`
	} `json:"data_sets"`
}

// TestCocoppART compares CocoppART on the golden runs (replayed from the
// experiment's evaluations) with what cocopp computed from COCO's own files,
// all 7 data sets x 51 targets.
func TestCocoppART(t *testing.T) {
	b, err := os.ReadFile("testdata/golden/cocopp_art.json")
	if err != nil {
		t.Fatal(err)
	}
	var want cocoppART
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	runs := goldenRuns(t)
	if len(want.DataSets) != 7 || len(want.Targets) != 51 {
		t.Fatalf("%d data sets, %d targets in cocopp_art.json, want 7 and 51", len(want.DataSets), len(want.Targets))
	}
	compared := 0
	for _, ds := range want.DataSets {
		var group []RunLog
		for _, r := range runs {
			if r.Function == ds.Function && r.Dim == ds.Dim {
				group = append(group, r)
			}
		}
		if len(group) != ds.Runs {
			t.Errorf("f%d %dD: %d runs, cocopp read %d", ds.Function, ds.Dim, len(group), ds.Runs)
			continue
		}
		art, succ, err := CocoppART(group, want.Targets)
		if err != nil {
			t.Fatal(err)
		}
		for i, target := range want.Targets {
			if succ[i] != ds.Successes[i] {
				t.Errorf("f%d %dD, target %g: %d successes, cocopp %d", ds.Function, ds.Dim, target, succ[i], ds.Successes[i])
			}
			switch w := ds.ART[i]; {
			case w == nil && !math.IsInf(art[i], 1):
				t.Errorf("f%d %dD, target %g: aRT %g, cocopp none (no success)", ds.Function, ds.Dim, target, art[i])
			case w != nil && math.Abs(art[i]-*w) > 1e-12**w:
				t.Errorf("f%d %dD, target %g: aRT %g, cocopp %s", ds.Function, ds.Dim, target, art[i], fmtART(w))
			}
			compared++
		}
	}
	if compared != 7*51 {
		t.Errorf("compared %d aRTs, want %d", compared, 7*51)
	}
}

func fmtART(p *float64) string {
	if p == nil {
		return "none (no success)"
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}
