package analysis

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

func TestReachAndCheckpoints(t *testing.T) {
	r := benchtest.FakeRun(benchtest.Fake, "A", solvers.Success, 1, 0.5, 0.25, 0.2)
	if e, d, ok := Reach(r, 0.3); !ok || d != 3*time.Millisecond || e != 5 {
		t.Errorf("Reach(0.3) = %v, %v, %v; want 5, 3ms", e, d, ok)
	}
	if _, _, ok := Reach(r, 0.1); ok {
		t.Errorf("Reach(0.1) reached, want never")
	}
	for _, tc := range []struct {
		k    int
		want float64
	}{{0, 1}, {1, 0.5}, {2, 0.25}, {1000, 0.2}} {
		if got := FAtIter(r, tc.k); got != tc.want {
			t.Errorf("FAtIter(%d) = %v, want %v", tc.k, got, tc.want)
		}
	}
	for _, tc := range []struct {
		d    time.Duration
		want float64
	}{{time.Millisecond, 1}, {2500 * time.Microsecond, 0.5}, {time.Second, 0.2}} {
		if got := FAtTime(r, tc.d); got != tc.want {
			t.Errorf("FAtTime(%v) = %v, want %v", tc.d, got, tc.want)
		}
	}
	if got := FAtTime(r, time.Microsecond); !math.IsNaN(got) {
		t.Errorf("FAtTime before x0 was known = %v, want NaN", got)
	}
}

func TestSummarize(t *testing.T) {
	runs := []bench.Run{
		benchtest.FakeRun(benchtest.Fake, "slow", solvers.MaxIter, 1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3),
		benchtest.FakeRun(benchtest.Fake, "slow", solvers.MaxIter, 1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.30001),
		benchtest.FakeRun(benchtest.Fake, "fast", solvers.Success, 1, 0.3),
		benchtest.FakeRun(benchtest.Fake, "fast", solvers.Success, 1, 0.6),
		benchtest.FakeRun(benchtest.Fake, "fast", solvers.Success, 1, 0.3),
	}
	refs := References(runs)
	if ref := refs["fake"]; ref.FStar != 0.3 || ref.Known {
		t.Fatalf("reference %+v, want the best reached, 0.3", ref)
	}
	sums := Summarize(runs, refs, DefaultSettings())
	if len(sums) != 2 || sums[0].Label != "fast" {
		t.Fatalf("summaries %+v, want fast first", sums)
	}
	fast, slow := sums[0], sums[1]
	if fast.Success.V != 1 || fast.Minima != 2 || fast.AtFStar.V != 2.0/3 {
		t.Errorf("fast: %+v", fast)
	}
	// 0.6 reaches the 13 targets 0.3 + Δf with Δf >= 10^-0.4; the others
	// all 51. aRT to 0.301: 3 evaluations each for the two that reach it,
	// and all 3 of the one that does not, over 2.
	if fast.Targets != 115.0/153 || fast.ART != 4.5 {
		t.Errorf("fast: targets %v, aRT %v; want 115/153 and 4.5", fast.Targets, fast.ART)
	}
	// 0.30001 misses the 15 targets below 0.3 + 1e-5.
	if slow.Success.V != 0 || slow.Minima != 0 || slow.ART != 15 || slow.Targets != 87.0/102 {
		t.Errorf("slow: %+v", slow)
	}
	if slow.BestF != 0.3 || slow.WorstF != 0.30001 || slow.Nit.V != 7 {
		t.Errorf("slow: %+v", slow)
	}
	conv := ConvergenceRows(runs, sums, DefaultSettings())
	if conv[0].Label != "fast" || conv[0].AtIter[0] != 0.3 || conv[0].AtEnd != 0.3 || math.Abs(conv[1].AtIter[1]-0.300005) > 1e-15 {
		t.Errorf("convergence rows %+v", conv)
	}
}

// TestBestAt: a method better on every one of 8 starts is the only one
// marked best at f; with 3 starts no difference can be significant and
// both are marked; the intervals are those of MedianCI and Wilson.
func TestBestAt(t *testing.T) {
	mk := func(starts int) []bench.Run {
		var runs []bench.Run
		for k := range starts {
			a := benchtest.FakeRun(benchtest.Fake, "A", solvers.Success, 1, 0.1+0.01*float64(k))
			b := benchtest.FakeRun(benchtest.Fake, "B", solvers.MaxIter, 1, 0.2+0.01*float64(k))
			a.Start, b.Start = k, k
			runs = append(runs, a, b)
		}
		return runs
	}
	runs := mk(8)
	sums := Summarize(runs, References(runs), DefaultSettings())
	if !slices.Equal(names(sums[0].BestAt), []string{"f", "time", "evals"}) || slices.Contains(names(sums[1].BestAt), "f") {
		t.Errorf("8 starts: A best at %v, B at %v; want B not at f", sums[0].BestAt, sums[1].BestAt)
	}
	if e := sums[0].F; e.V != 0.135 || e.Lo != 0.1 || e.Hi != 0.17 {
		t.Errorf("A's median f %+v, want 0.135 in [0.1, 0.17] (the extremes of 8)", e)
	}
	if e := sums[1].Success; e.V != 0 || e.Lo != 0 || math.Abs(e.Hi-0.3244) > 1e-4 {
		t.Errorf("B's success %+v, want 0 in [0, 0.3244]", e)
	}
	runs = mk(3)
	sums = Summarize(runs, References(runs), DefaultSettings())
	if !slices.Contains(names(sums[1].BestAt), "f") || !math.IsInf(sums[1].F.Hi, 1) {
		t.Errorf("3 starts: B best at %v, interval %+v; want f and ±∞", names(sums[1].BestAt), sums[1].F)
	}
}

func names(ms []Measure) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}
