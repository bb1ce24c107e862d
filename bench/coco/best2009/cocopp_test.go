package best2009

import (
	"encoding/json"
	"math"
	"os"
	"testing"
)

// cocopp is testdata/cocopp.json: what cocopp itself computes from its
// best-2009 data (scripts/coco/best2009_dump.py says how and why).
type cocopp struct {
	Source       string    `json:"source"`
	ECDFTargets  []float64 `json:"ecdf_targets"`
	TableTargets []float64 `json:"table_targets"`
	OffGrid      []float64 `json:"off_grid_targets"`
	SuccTarget   float64   `json:"succ_target"`
	ART          []struct {
		F     int        `json:"f"`
		Dim   int        `json:"dim"`
		ECDF  []*float64 `json:"ecdf"`     // aRT at ECDFTargets, nil for +Inf
		Table []*float64 `json:"table"`    // aRT at TableTargets, nil for +Inf
		Off   []*float64 `json:"off_grid"` // aRT at OffGrid, nil for +Inf
		Succ  [][2]int   `json:"succ"`     // successes, runs at TableTargets then SuccTarget
	} `json:"art"`
	ECDF []struct {
		Dim       int       `json:"dim"`
		Functions []int     `json:"functions"`
		Budgets   []float64 `json:"budgets"`
		Fractions []float64 `json:"fractions"`
		XLimit    float64   `json:"xlimit"`
	} `json:"ecdf"`
}

func readCocopp(t *testing.T) cocopp {
	t.Helper()
	b, err := os.ReadFile("testdata/cocopp.json")
	if err != nil {
		t.Fatal(err)
	}
	var c cocopp
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("testdata/cocopp.json: %v", err)
	}
	if len(c.ECDFTargets) != 51 || len(c.TableTargets) == 0 || len(c.ART) != Functions*len(dimensions) || len(c.ECDF) == 0 {
		t.Fatalf("testdata/cocopp.json is incomplete: %d ECDF targets, %d table targets, %d aRT entries, %d ECDF cases",
			len(c.ECDFTargets), len(c.TableTargets), len(c.ART), len(c.ECDF))
	}
	return c
}

// optbenchDeltaFs are COCO's 51 targets as optbench's analysis computes
// them (bench/analysis.DefaultSettings), which differ from numpy's in the
// last bits: ART must read both as cocopp reads its own.
func optbenchDeltaFs() []float64 {
	d := make([]float64, 51)
	for i := range d {
		d[i] = math.Pow(10, float64(20-2*i)/10)
	}
	return d
}

func value(p *float64) float64 {
	if p == nil {
		return math.Inf(1)
	}
	return *p
}

// TestARTIsCocopps compares every aRT cocopp's tables and ECDFs read from
// best 2009 (BestAlgSet.detERT) with ART, at cocopp's own target floats,
// at optbench's, and at targets between COCO's levels.
func TestARTIsCocopps(t *testing.T) {
	c := readCocopp(t)
	ours := optbenchDeltaFs()
	var compared, inf int
	for _, e := range c.ART {
		check := func(what string, deltaF float64, want *float64) {
			t.Helper()
			got, ok := ART(e.F, e.Dim, deltaF)
			if !ok || got != value(want) {
				t.Errorf("f%d %d-D, %s Δf %v: ART = %v, %v; cocopp %v", e.F, e.Dim, what, deltaF, got, ok, value(want))
			}
			compared++
			if want == nil {
				inf++
			}
		}
		if len(e.ECDF) != len(c.ECDFTargets) || len(e.Table) != len(c.TableTargets) || len(e.Off) != len(c.OffGrid) || len(c.OffGrid) == 0 {
			t.Fatalf("f%d %d-D: %d, %d and %d aRTs for %d, %d and %d targets", e.F, e.Dim,
				len(e.ECDF), len(e.Table), len(e.Off), len(c.ECDFTargets), len(c.TableTargets), len(c.OffGrid))
		}
		for i, want := range e.ECDF {
			check("cocopp's ECDF", c.ECDFTargets[i], want)
			check("optbench's", ours[i], want)
		}
		for i, want := range e.Table {
			check("cocopp's table", c.TableTargets[i], want)
		}
		for i, want := range e.Off {
			check("off-grid", c.OffGrid[i], want)
		}
	}
	// the data must exercise both answers, or the comparison proves little
	if inf == 0 || inf == compared {
		t.Errorf("%d of %d aRTs are +Inf: the test data do not cover both cases", inf, compared)
	}
}

// TestSuccessesAreCocopps compares cocopp's success counts of best 2009
// (BestAlgSet.get_success_ratio) at its table's targets and at its success
// target 1e-8 with Successes.
func TestSuccessesAreCocopps(t *testing.T) {
	c := readCocopp(t)
	targets := append(append([]float64{}, c.TableTargets...), c.SuccTarget)
	unreached := 0
	for _, e := range c.ART {
		if len(e.Succ) != len(targets) {
			t.Fatalf("f%d %d-D: %d success counts for %d targets", e.F, e.Dim, len(e.Succ), len(targets))
		}
		for i, want := range e.Succ {
			s, r, ok := Successes(e.F, e.Dim, targets[i])
			if !ok || s != want[0] || r != want[1] {
				t.Errorf("f%d %d-D, Δf %v: Successes = %d/%d, %v; cocopp %d/%d", e.F, e.Dim, targets[i], s, r, ok, want[0], want[1])
			}
			if want[0] == 0 {
				unreached++
			}
		}
	}
	if unreached == 0 {
		t.Error("no target best 2009 missed: the unreached case is untested")
	}
}

// TestECDFIsCocopps compares the best-2009 line cocopp's pprldmany draws
// (captured from its plotdata) with ECDF, point by point and exactly, with
// cocopp's target floats and with optbench's.
func TestECDFIsCocopps(t *testing.T) {
	c := readCocopp(t)
	if c.ECDF[0].XLimit != XLimit {
		t.Errorf("cocopp draws to %v, XLimit is %v", c.ECDF[0].XLimit, XLimit)
	}
	for _, e := range c.ECDF {
		for _, targets := range [][]float64{c.ECDFTargets, optbenchDeltaFs()} {
			b, f := ECDF(e.Dim, e.Functions, targets)
			if len(b) != len(e.Budgets) || len(f) != len(e.Fractions) {
				t.Errorf("%d-D f%v: %d budgets, %d fractions; cocopp %d", e.Dim, e.Functions, len(b), len(f), len(e.Budgets))
				continue
			}
			for i := range b {
				if b[i] != e.Budgets[i] || f[i] != e.Fractions[i] {
					t.Errorf("%d-D f%v point %d: (%v, %v); cocopp (%v, %v)", e.Dim, e.Functions, i, b[i], f[i], e.Budgets[i], e.Fractions[i])
				}
			}
		}
	}
}
