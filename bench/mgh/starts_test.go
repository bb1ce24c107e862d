package mgh_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/mgh"
	"github.com/optbench/optbench/solvers"
)

// paperX0 is the standard point x0 of each function as Moré, Garbow and
// Hillstrom (1981) give it, at the dimension of the problem named
// (ExtendedPowellSingular's is the paper's (3, -1, 0, 1), not gonum's).
var paperX0 = []struct {
	problem string
	x0      []float64
}{
	{"Beale", []float64{1, 1}},
	{"BiggsEXP6", []float64{1, 2, 1, 1, 1, 1}},
	{"Box3D", []float64{0, 10, 20}},
	{"BrownAndDennis", []float64{25, 5, -5, -1}},
	{"BrownBadlyScaled", []float64{1, 1}},
	{"ExtendedPowellSingular", []float64{3, -1, 0, 1}},
	{"ExtendedPowellSingular:8", []float64{3, -1, 0, 1, 3, -1, 0, 1}},
	{"ExtendedRosenbrock", []float64{-1.2, 1}},
	{"ExtendedRosenbrock:6", []float64{-1.2, 1, -1.2, 1, -1.2, 1}},
	{"Gaussian", []float64{0.4, 1, 0}},
	{"GulfResearchAndDevelopment", []float64{5, 2.5, 0.15}},
	{"HelicalValley", []float64{-1, 0, 0}},
	{"PenaltyI", []float64{1, 2, 3, 4}},
	{"PenaltyI:6", []float64{1, 2, 3, 4, 5, 6}},
	{"PenaltyII", []float64{0.5, 0.5, 0.5, 0.5}},
	{"PenaltyII:10", []float64{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5}},
	{"PowellBadlyScaled", []float64{0, 1}},
	{"Trigonometric", []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}},
	{"Trigonometric:4", []float64{0.25, 0.25, 0.25, 0.25}},
	{"VariablyDimensioned", []float64{0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0}},
	{"VariablyDimensioned:4", []float64{0.75, 0.5, 0.25, 0}},
	{"Watson", []float64{0, 0, 0, 0, 0, 0}},
	{"Watson:9", []float64{0, 0, 0, 0, 0, 0, 0, 0, 0}},
	{"Wood", []float64{-3, -1, -3, -1}},
}

// near is a == b to rounding: the set computes 1 - i/n and 1/n, the table
// has their decimal values.
func near(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Abs(x-y) <= 1e-15*max(1, math.Abs(y)) })
}

// TestPaperStarts: starts 0, 1 and 2 of every function are the paper's x0,
// 10 x0 and 100 x0; Watson's, whose x0 = 0, are 0, ones and 10 ones.
func TestPaperStarts(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range paperX0 {
		p, err := mgh.Parse(tc.problem)
		if err != nil {
			t.Fatal(err)
		}
		name, _, _ := strings.Cut(tc.problem, ":")
		covered[name] = true
		zero := !slices.ContainsFunc(tc.x0, func(v float64) bool { return v != 0 })
		for k, scale := range []float64{1, 10, 100} {
			want := make([]float64, len(tc.x0))
			for i, v := range tc.x0 {
				want[i] = scale * v
				if zero && k > 0 {
					want[i] = scale / 10
				}
			}
			for _, seed := range []uint64{1, 2} {
				if got := p.Start(k, seed); !near(got, want) {
					t.Errorf("%s start %d, seed %d = %v, want %v", tc.problem, k, seed, got, want)
				}
			}
		}
	}
	for _, name := range mgh.Names() {
		if !covered[name] {
			t.Errorf("%s: no x0 in the test's table", name)
		}
	}
}

// largest is each variable-dimension function at the largest dimension it
// takes.
var largest = []string{
	fmt.Sprint("ExtendedPowellSingular:", solvers.MaxDenseParams),
	fmt.Sprint("ExtendedRosenbrock:", solvers.MaxDenseParams),
	fmt.Sprint("PenaltyI:", solvers.MaxDenseParams),
	"PenaltyII:3000",
	fmt.Sprint("Trigonometric:", solvers.MaxDenseParams),
	fmt.Sprint("VariablyDimensioned:", solvers.MaxDenseParams),
	"Watson:31",
}

// lastStart is the last start the random-start tests make.
const lastStart = 2000

// TestRandomStarts: starts 3 to 2000 of every function, at the paper's
// dimension and at the largest its dimension may be, are finite, lie in
// the documented box around x0 (a coordinate with |x0_i| >= 1 keeps its
// sign and is not 0), cover that box, and have a finite f; and so do
// starts 0 to 2. With -short (and -race, 20 times slower) the largest
// dimensions take starts 3 to 500.
func TestRandomStarts(t *testing.T) {
	problems := mgh.All()
	for _, name := range largest {
		p, err := mgh.Parse(name)
		if err != nil {
			t.Fatal(err)
		}
		problems = append(problems, p)
	}
	for _, p := range problems {
		last := lastStart
		if testing.Short() && p.Dim > 1000 {
			last = 500
		}
		sp, _, err := p.New(1)
		if err != nil {
			t.Fatal(err)
		}
		x0 := p.Start(0, 1)
		lo, hi := 1.0, -1.0 // the extremes of u_0 = (x_0 - x0_0) / max(|x0_0|, 1)
		for k := range last + 1 {
			x := p.Start(k, 1)
			if len(x) != p.Dim {
				t.Fatalf("%s start %d: %d values, want %d", p.Name, k, len(x), p.Dim)
			}
			if f := sp.Func(x); math.IsNaN(f) || math.IsInf(f, 0) {
				t.Fatalf("%s start %d: f = %v", p.Name, k, f)
			}
			if k < 3 {
				continue
			}
			for i, v := range x {
				s := max(math.Abs(x0[i]), 1)
				u := (v - x0[i]) / s
				if math.IsNaN(v) || !(math.Abs(u) < 1) {
					t.Fatalf("%s start %d: x[%d] = %v, not within %v of x0's %v", p.Name, k, i, v, s, x0[i])
				}
				if math.Abs(x0[i]) >= 1 && !(v*x0[i] > 0) {
					t.Fatalf("%s start %d: x[%d] = %v has not the sign of x0's %v", p.Name, k, i, v, x0[i])
				}
				if i == 0 {
					lo, hi = min(lo, u), max(hi, u)
				}
			}
		}
		// 498 uniform draws all miss [-1, -0.95) with probability
		// 0.975^498 < 4e-6 (1998: < 1e-21), and the draws are the same at
		// every run: a scale off by 5 % fails here.
		if lo > -0.95 || hi < 0.95 {
			t.Errorf("%s: x_0 of starts 3-%d spans %v to %v times max(|x0_0|, 1) around x0, want nearly -1 to 1", p.Name, last, lo, hi)
		}
	}
}

// TestRandomStartsReproducible: start k of a sweep seeded with seed is the
// same point however many starts are made and in whatever order, from a
// problem made again, and differs from other starts and other seeds.
func TestRandomStartsReproducible(t *testing.T) {
	for _, name := range []string{"Beale", "Watson:31", "Box3D", "ExtendedRosenbrock:100"} {
		a, errA := mgh.Parse(name)
		b, errB := mgh.Parse(name)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		var forward [][]float64
		for k := range lastStart + 1 {
			forward = append(forward, a.Start(k, 7))
		}
		for k := lastStart; k >= 0; k-- {
			b.Start(k, 8) // another sweep's starts in between change nothing
			if got := b.Start(k, 7); !slices.Equal(got, forward[k]) {
				t.Fatalf("%s start %d, seed 7: %v made backwards, %v forwards", name, k, got, forward[k])
			}
		}
		for k := 3; k <= lastStart; k++ {
			if slices.Equal(forward[k], forward[k-1]) {
				t.Fatalf("%s: starts %d and %d are the same point %v", name, k-1, k, forward[k])
			}
			if other := a.Start(k, 8); slices.Equal(other, forward[k]) {
				t.Fatalf("%s start %d: seeds 7 and 8 give the same point %v", name, k, other)
			}
		}
		if got := a.Start(lastStart, 7); !slices.Equal(got, forward[lastStart]) {
			t.Errorf("%s: start %d changed when made again: %v, then %v", name, lastStart, forward[lastStart], got)
		}
	}
}

// TestGulfNote: GulfResearchAndDevelopment's start 1 is its minimizer and
// its start 2 has a gradient of 0, and its Note says so; no other problem
// of the set has a Note, and all share one StartDoc, so reports list the
// set's starts on one line.
func TestGulfNote(t *testing.T) {
	for _, p := range mgh.All() {
		if p.StartDoc != mgh.All()[0].StartDoc || !strings.Contains(p.StartDoc, "100 x0") {
			t.Errorf("%s: StartDoc %q", p.Name, p.StartDoc)
		}
		if p.Name != "GulfResearchAndDevelopment" {
			if p.Note != "" {
				t.Errorf("%s: Note %q", p.Name, p.Note)
			}
			continue
		}
		sp, _, err := p.New(1)
		if err != nil {
			t.Fatal(err)
		}
		if x := p.Start(1, 1); !(sp.Func(x)-p.FStar <= 1e-20) {
			t.Errorf("Gulf: f(start 1 = %v) = %v, f* = %v", x, sp.Func(x), p.FStar)
		}
		g := make([]float64, p.Dim)
		sp.Grad(g, p.Start(2, 1))
		if slices.ContainsFunc(g, func(v float64) bool { return v != 0 }) {
			t.Errorf("Gulf: gradient at start 2 = %v, want 0", g)
		}
		for _, want := range []string{"GulfResearchAndDevelopment", "start 1", "(50, 25, 1.5)", "minimizer", "start 2", "gradient exactly 0"} {
			if !strings.Contains(p.Note, want) {
				t.Errorf("Gulf's Note %q does not say %q", p.Note, want)
			}
		}
	}
}

// TestStartsInASweep: a sweep of Beale with 400 starts, the issue's, has
// the paper's first three and no start beyond 2 max(|x0_i|, 1) = 2.
func TestStartsInASweep(t *testing.T) {
	beale, _ := mgh.Parse("Beale")
	cs, err := bench.Configs("BFGS")
	if err != nil {
		t.Fatal(err)
	}
	sw, err := bench.NewSweep([]*bench.Problem{beale}, 400, 1, solvers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.Add(cs, solvers.Analytic); err != nil {
		t.Fatal(err)
	}
	specs, err := sw.Specs()
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) != 400 {
		t.Fatalf("%d specs, want 400", len(specs))
	}
	for _, s := range specs {
		want := map[int][]float64{0: {1, 1}, 1: {10, 10}, 2: {100, 100}}[s.Start]
		if want != nil && !slices.Equal(s.X0, want) || want == nil && slices.ContainsFunc(s.X0, func(v float64) bool { return !(v > 0 && v < 2) }) {
			t.Errorf("start %d: x0 = %v", s.Start, s.X0)
		}
	}
}
