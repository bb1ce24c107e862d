package analysis

import (
	"math"
	"slices"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/bench/stats"
)

func TestDeltaFs(t *testing.T) {
	DeltaFs := DefaultSettings().DeltaFs
	if len(DeltaFs) != 51 || DeltaFs[0] != 100 || DeltaFs[10] != 1 || DeltaFs[50] != 1e-8 || math.Abs(DeltaFs[1]/math.Pow(10, 1.8)-1) > 1e-15 {
		t.Errorf("DeltaFs %v", DeltaFs)
	}
}

// TestECDFAndART on a run worked by hand: f* = 0 is known, the dimension 2,
// and the values 99, 0.99, 1e-9 after 1, 5 and 9 evaluations reach the
// target Δf = 100 at once, the 10 of Δf in [1, 10^1.8] after 5 and the 40
// below after 9.
func TestECDFAndART(t *testing.T) {
	p := &bench.Problem{Name: "p", Dim: 2, FStar: 0}
	runs := []bench.Run{benchtest.Trace(p, "A", []float64{99, 0.99, 1e-9}, []int{1, 5, 9})}
	refs := References(runs)
	if !refs["p"].Known || refs["p"].FStar != 0 {
		t.Fatalf("reference %+v", refs["p"])
	}
	var ev ECDF
	for _, e := range ECDFs(runs, refs, DefaultSettings().DeltaFs) {
		if e.CostKind == CostEvals {
			ev = e
		}
	}
	if !slices.Equal(ev.Budgets, []float64{0.5, 2.5, 4.5}) || !slices.Equal(ev.Fraction, []float64{1.0 / 51, 11.0 / 51, 1}) || ev.Triples != 51 {
		t.Errorf("ECDF budgets %v fractions %v over %d", ev.Budgets, ev.Fraction, ev.Triples)
	}
	if ev.At(0.4) != 0 || ev.At(2.5) != 11.0/51 || ev.At(3) != 11.0/51 || ev.At(100) != 1 {
		t.Errorf("ECDF.At: %v %v %v %v", ev.At(0.4), ev.At(2.5), ev.At(3), ev.At(100))
	}
	// A second run that stops at 1.5 after 7 evaluations: to Δf = 1 the
	// average runtime is (5 + 7) / 1, and so is it to Δf = 1e-8, (9 + 7) / 1.
	runs = append(runs, benchtest.Trace(p, "A", []float64{2, 1.5}, []int{1, 7}))
	arts := ARTs(runs, refs, DefaultSettings().DeltaFs)
	for _, tc := range []struct {
		i    int
		want float64
	}{{0, 1}, {10, 12}, {50, 16}} {
		if a := arts[tc.i]; a.DeltaF != DefaultSettings().DeltaFs[tc.i] || a.Evals != tc.want {
			t.Errorf("aRT to Δf %g: %v evaluations (%d of %d reached), want %v", DefaultSettings().DeltaFs[tc.i], a.Evals, a.Reached, a.Runs, tc.want)
		}
	}
	never := benchtest.Trace(p, "B", []float64{5}, []int{1})
	if a := ARTs([]bench.Run{never}, refs, DefaultSettings().DeltaFs)[50]; !math.IsInf(a.Evals, 1) || a.Reached != 0 {
		t.Errorf("aRT of a solver that never reaches the target: %+v", a)
	}
}

// TestProfilesByHand: two solvers, three problems of dimensions 1, 2 and 3,
// one start each, all from f(x0) = 1, at tau = 0.1.
//
//	P1: A 1 -> 0.05 (2 evals); B 1 -> 0.5 -> 0 (3, 5).     f_L = 0:    solved at <= 0.1: A 2, B 5
//	P2: A 1 -> 0.2 -> 0.08 (4, 8); B 1 -> 0.01 (2).        f_L = 0.01: solved at <= 0.109: A 8, B 2
//	P3: A 1 -> 0 (10); B 1 -> 0.9 (3).                     f_L = 0:    A 10, B never
//
// Performance ratios: A 1, 4, 1; B 2.5, 1, -. Data profile costs per n+1:
// A 1, 8/3, 2.5; B 2.5, 2/3, -.
func TestProfilesByHand(t *testing.T) {
	// f* is known (0, below every value of P2 too) so that one start is
	// enough (MinBestSeenStarts); the profiles measure from f_L all the same.
	p1, p2, p3 := &bench.Problem{Name: "P1", Dim: 1, FStar: 0}, &bench.Problem{Name: "P2", Dim: 2, FStar: 0}, &bench.Problem{Name: "P3", Dim: 3, FStar: 0}
	runs := []bench.Run{
		benchtest.Trace(p1, "A", []float64{1, 0.05}, []int{1, 2}),
		benchtest.Trace(p1, "B", []float64{1, 0.5, 0}, []int{1, 3, 5}),
		benchtest.Trace(p2, "A", []float64{1, 0.2, 0.08}, []int{1, 4, 8}),
		benchtest.Trace(p2, "B", []float64{1, 0.01}, []int{1, 2}),
		benchtest.Trace(p3, "A", []float64{1, 0}, []int{1, 10}),
		benchtest.Trace(p3, "B", []float64{1, 0.9}, []int{1, 3}),
	}
	want := map[string]struct{ x, frac []float64 }{
		"performance A": {[]float64{1, 4}, []float64{2.0 / 3, 1}},
		"performance B": {[]float64{1, 2.5}, []float64{1.0 / 3, 2.0 / 3}},
		"data A":        {[]float64{1, 2.5, 8.0 / 3}, []float64{1.0 / 3, 2.0 / 3, 1}},
		"data B":        {[]float64{2.0 / 3, 2.5}, []float64{1.0 / 3, 2.0 / 3}},
	}
	seen := 0
	for _, pr := range Profiles(runs, DefaultSettings().ProfileTaus) {
		if pr.Tau != 0.1 {
			continue
		}
		w, ok := want[pr.Kind+" "+pr.Label]
		if !ok {
			t.Errorf("unexpected profile %s %s", pr.Kind, pr.Label)
			continue
		}
		seen++
		if !slices.Equal(pr.X, w.x) || !slices.Equal(pr.Fraction, w.frac) || pr.Instances != 3 {
			t.Errorf("%s profile of %s: x %v fractions %v (of %d), want %v %v", pr.Kind, pr.Label, pr.X, pr.Fraction, pr.Instances, w.x, w.frac)
		}
	}
	if seen != 4 {
		t.Errorf("%d profiles at tau 0.1, want 4", seen)
	}
	// At tau = 1e-3 the thresholds are 0.001, 0.01099 and 0.001: only B on
	// P1 (5) and P2 (2), and A on P3 (10) get there.
	for _, pr := range Profiles(runs, DefaultSettings().ProfileTaus) {
		if pr.Tau == 1e-3 && pr.Kind == "performance" {
			if got := pr.At(1e9); (pr.Label == "A" && got != 1.0/3) || (pr.Label == "B" && got != 2.0/3) {
				t.Errorf("tau 1e-3: %s solves %v", pr.Label, got)
			}
		}
	}
}

// TestCompareSidesWithFailures: a failed run (f NaN) pairs as worse than
// any finite value, and two failures as no difference, so the test still
// runs.
func TestCompareSidesWithFailures(t *testing.T) {
	p := &bench.Problem{Name: "p", Dim: 1, FStar: math.NaN()}
	sides := func(bothFail bool) ([]bench.Run, []bench.Run) {
		var a, b []bench.Run
		for k := range 8 {
			ra := benchtest.Trace(p, "A", []float64{1, 0.1 + 0.01*float64(k)}, []int{1, 2})
			rb := benchtest.Trace(p, "B", []float64{1, 0.5 + 0.013*float64(k)}, []int{1, 2})
			if k == 0 {
				ra.Result.Fun = math.NaN() // A's one failure: its worst run
			}
			if k == 1 && bothFail {
				ra.Result.Fun, rb.Result.Fun = math.NaN(), math.NaN()
			}
			ra.Start, rb.Start = k, k
			a, b = append(a, ra), append(b, rb)
		}
		return a, b
	}
	// B worse on 7 pairs, A on the one it failed, by the largest margin:
	// the exact p of r+ = 8 of 36, not the 2/2^8 of ignoring that pair.
	a, b := sides(false)
	x, y := make([]float64, 8), make([]float64, 8)
	for k := range 8 {
		x[k], y[k] = a[k].Result.Fun, b[k].Result.Fun
	}
	x[0] = math.Inf(1)
	want, _, _ := stats.WilcoxonSignedRank(x, y)
	if f := CompareSides(pair(a, b), DefaultSettings()).Measures[0]; f.Measure.Key != "fun" || f.P != want || f.P == 2.0/256 || !f.Exact {
		t.Errorf("one failure: p %v (exact %v), want %v", f.P, f.Exact, want)
	}
	// A pair failed on both sides is a zero difference: scipy drops it and
	// takes the normal approximation.
	a, b = sides(true)
	for k := range 8 {
		x[k], y[k] = a[k].Result.Fun, b[k].Result.Fun
	}
	x[0] = math.Inf(1)
	x[1], y[1] = 0, 0
	want, _, _ = stats.WilcoxonSignedRank(x, y)
	if f := CompareSides(pair(a, b), DefaultSettings()).Measures[0]; f.P != want || f.Exact {
		t.Errorf("a double failure: p %v (exact %v), want %v by the approximation", f.P, f.Exact, want)
	}
}

// pair is the sides of a and b, paired by start, with f* 0.
func pair(a, b []bench.Run) Sides {
	ga, gb := Groups(a)[0], Groups(b)[0]
	s := Sides{A: ga, B: gb, Pairing: PairUp(ga, gb)}
	if !s.Paired {
		panic("the sides do not pair up: " + s.Why)
	}
	return s
}
