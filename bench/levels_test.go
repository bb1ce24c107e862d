package bench_test

import (
	"math"
	"testing"

	"github.com/optbench/optbench/bench"
)

// TestCOCOLevels checks COCODeltaFs against COCOLevel and its ends, and
// that the levels are 10^(k/5) to the last ulp where math.Pow is not: the
// comparison with numpy's own values is bench/coco's TestCocoppLevel.
func TestCOCOLevels(t *testing.T) {
	d := bench.COCODeltaFs()
	if len(d) != 51 || d[0] != 100 || d[10] != 1 || d[50] != 1e-8 || d[25] != 1e-3 {
		t.Errorf("COCODeltaFs %v", d)
	}
	off := 0
	for i, v := range d {
		if v != bench.COCOLevel(10-i) {
			t.Errorf("COCODeltaFs[%d] = %v, COCOLevel(%d) = %v", i, v, 10-i, bench.COCOLevel(10-i))
		}
		if p := math.Pow(10, float64(10-i)/5); p != v {
			off++
			if math.Abs(p-v) > 2*math.Abs(math.Nextafter(v, 0)-v) {
				t.Errorf("level %d: %v, math.Pow %v: more than an ulp apart", 10-i, v, p)
			}
		}
	}
	t.Logf("math.Pow differs from cocopp's levels at %d of the 51 precisions", off)
	if bench.COCOLevel(500) != math.Pow(10, 100) {
		t.Errorf("COCOLevel beyond the table")
	}
}
