package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// group is a group of runs of solver on p from the given starts, with x0
// (k) and seed as given.
func group(p *bench.Problem, solver string, seed uint64, starts ...int) Group {
	g := Group{Problem: p, Solver: bench.Solver{Method: solver, Label: solver, Gradient: solvers.Analytic}}
	for _, k := range starts {
		r := benchtest.FakeRun(p, solver, solvers.Success, 1, 0.5)
		r.Start, r.Seed, r.X0 = k, seed, []float64{float64(k) + float64(seed)}
		g.Runs = append(g.Runs, r)
	}
	return g
}

// TestPairUp: the one rule by which best-at and diff compare two groups.
func TestPairUp(t *testing.T) {
	p, q := &bench.Problem{Name: "p", Dim: 1}, &bench.Problem{Name: "q", Dim: 1}
	for _, tc := range []struct {
		name   string
		a, b   Group
		paired bool
		pairs  int
		why    string
	}{
		{"same starts", group(p, "A", 1, 0, 1, 2), group(p, "B", 1, 0, 1, 2), true, 3, ""},
		{"the starts both ran", group(p, "A", 1, 0, 1, 2, 3), group(p, "B", 1, 3, 1), true, 2, ""},
		{"one start in common", group(p, "A", 1, 0, 1), group(p, "B", 1, 1, 2), false, 0, "fewer than 2 starts in common"},
		{"other seeds", group(p, "A", 1, 0, 1), group(p, "B", 2, 0, 1), false, 0, "another point on each side"},
		{"other problems", group(p, "A", 1, 0, 1), group(q, "B", 1, 0, 1), false, 0, "different problems (p and q)"},
	} {
		pr := PairUp(tc.a, tc.b)
		if pr.Paired != tc.paired || !strings.Contains(pr.Why, tc.why) {
			t.Errorf("%s: paired %v (%q), want %v (%q)", tc.name, pr.Paired, pr.Why, tc.paired, tc.why)
			continue
		}
		if tc.paired {
			if len(pr.A) != tc.pairs || len(pr.B) != tc.pairs {
				t.Errorf("%s: %d and %d runs paired, want %d", tc.name, len(pr.A), len(pr.B), tc.pairs)
			}
			for i := range pr.A {
				if pr.A[i].Start != pr.B[i].Start {
					t.Errorf("%s: pair %d is of starts %d and %d", tc.name, i, pr.A[i].Start, pr.B[i].Start)
				}
			}
		} else if len(pr.A) != len(tc.a.Runs) || len(pr.B) != len(tc.b.Runs) {
			t.Errorf("%s: unpaired sides are not all the runs", tc.name)
		}
	}
}

// TestSettingsAreUsed: an analysis with other settings measures with them
// and says so in its notes.
func TestSettingsAreUsed(t *testing.T) {
	var runs []bench.Run
	for k := range 6 {
		r := benchtest.FakeRun(benchtest.Fake, "A", solvers.Success, 10, 1, 0.01)
		r.Start = k
		runs = append(runs, r)
	}
	st := DefaultSettings()
	st.DeltaFs, st.MiddleDeltaF, st.ProfileTaus, st.MinimaTol, st.Alpha = []float64{1, 0.1}, 1, []float64{0.5}, 0.5, 0.01
	a := AnalyzeWith(runs, st)
	if e := a.ECDFs[0]; e.Triples != 6*2 {
		t.Errorf("ECDF of %d triples, want 12 (6 starts x 2 targets)", e.Triples)
	}
	if len(a.Profiles) != 2 || a.Profiles[0].Tau != 0.5 {
		t.Errorf("profiles %d at τ %v, want 2 at 0.5", len(a.Profiles), a.Profiles[0].Tau)
	}
	if s := a.Summaries[0]; s.ART != 3 || s.Targets != 1 {
		t.Errorf("aRT to f* + 1: %v, targets %v; want 3 evaluations, all reached", s.ART, s.Targets)
	}
	notes := strings.Join(a.Notes(), " ")
	for _, want := range []string{"f* + Δf for 2 Δf from 1 to 0.1;", "alpha 0.01", "within 0.5 relative"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q: %s", want, notes)
		}
	}
	if strings.Contains(notes, "(COCO's)") {
		t.Errorf("other targets are called COCO's: %s", notes)
	}
	if d := DefaultSettings(); !strings.Contains(d.TargetsDoc(), "51 Δf from 100 to 1e-8 (COCO's)") || math.Abs(d.DeltaFs[10]-1) != 0 {
		t.Errorf("default targets: %s", d.TargetsDoc())
	}
}

// TestPairByScipyNames: -a and -b take a method as the registry does
// (scipy's own names, any case), parameters as written.
func TestPairByScipyNames(t *testing.T) {
	p := &bench.Problem{Name: "p", Dim: 1}
	a := group(p, "scipy:Powell", 1, 0, 1, 2)
	b := group(p, "Nelder-Mead", 1, 0, 1, 2)
	b.Runs[0].Label, b.Runs[1].Label, b.Runs[2].Label = "Nelder-Mead[adaptive=true]", "Nelder-Mead[adaptive=true]", "Nelder-Mead[adaptive=true]"
	runs := append(append([]bench.Run(nil), a.Runs...), b.Runs...)
	sides, _, err := Pair(runs, runs, "powell", "nelder-mead[adaptive=true]")
	if err != nil || len(sides) != 1 || sides[0].A.Label != "scipy:Powell" || sides[0].B.Label != "Nelder-Mead[adaptive=true]" || !sides[0].Paired {
		t.Fatalf("Pair by scipy's names: %+v, %v", sides, err)
	}
	if _, _, err := Pair(runs, runs, "Powel", ""); err == nil || !strings.Contains(err.Error(), `"Powel": no such method in the results (there: scipy:Powell, Nelder-Mead[adaptive=true])`) {
		t.Errorf("an unknown label: %v", err)
	}
}

// TestPairMatchesInOrderOfA: Pair matches groups by key (label, gradient,
// problem) in A's order, whatever B's order, and the -a/-b form matches
// every labelled group of A with every one of B of the same problem and
// gradient; a grid of 2,000 configurations on each side pairs up one to
// one (issue 22: matching used to compare every group of A with every
// group of B).
func TestPairMatchesInOrderOfA(t *testing.T) {
	p, q := &bench.Problem{Name: "p", Dim: 1}, &bench.Problem{Name: "q", Dim: 1}
	runsOf := func(gs ...Group) []bench.Run {
		var out []bench.Run
		for _, g := range gs {
			out = append(out, g.Runs...)
		}
		return out
	}
	const n = 2000
	var ga, gb []Group
	for i := range n {
		label := fmt.Sprintf("GD-fixed[alpha=%d]", i+1)
		ga = append(ga, group(p, label, 1, 0, 1))
		gb = append(gb, group(p, label, 1, 0, 1))
	}
	// B in reverse order, with a problem A does not have.
	var rb []Group
	for i := range gb {
		rb = append(rb, gb[len(gb)-1-i])
	}
	rb = append(rb, group(q, ga[0].Label, 1, 0, 1))
	sides, _, err := Pair(runsOf(ga...), runsOf(rb...), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(sides) != n {
		t.Fatalf("%d sides, want %d", len(sides), n)
	}
	for i, s := range sides {
		if s.A.Label != ga[i].Label || s.B.Label != ga[i].Label || s.B.Problem.Name != "p" {
			t.Fatalf("side %d is %s on %s against %s on %s, want %s against itself on p", i, s.A.Label, s.A.Problem.Name, s.B.Label, s.B.Problem.Name, ga[i].Label)
		}
	}

	// -a X -b Y: every group of X against every group of Y of the same
	// problem and gradient, in A's then B's order.
	x1, x2 := group(p, "X", 1, 0, 1), group(q, "X", 1, 0, 1)
	y1, y2 := group(q, "Y", 1, 0, 1), group(p, "Y", 1, 0, 1)
	sides, _, err = Pair(runsOf(x1, x2), runsOf(y1, y2), "X", "Y")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range sides {
		got = append(got, s.A.Label+"@"+s.A.Problem.Name+"-"+s.B.Label+"@"+s.B.Problem.Name)
	}
	if want := "X@p-Y@p X@q-Y@q"; strings.Join(got, " ") != want {
		t.Errorf("sides %q, want %q", strings.Join(got, " "), want)
	}
}

// TestPairUpRepeatedStarts: each run of A pairs with the last run of B
// from its start, whatever the order, and the sides of one sweep (the
// same starts, each once, in order) pair as they are, without a copy.
func TestPairUpRepeatedStarts(t *testing.T) {
	p := &bench.Problem{Name: "p", Dim: 1}
	a, b := group(p, "A", 1, 0, 1, 0, 1), group(p, "B", 1, 0, 1, 0, 1)
	for i := range b.Runs {
		b.Runs[i].Result.Nit = i // which run of B each pair took
	}
	pr := PairUp(a, b)
	var got []int
	for _, r := range pr.B {
		got = append(got, r.Result.Nit)
	}
	if !pr.Paired || !slices.Equal(got, []int{2, 3, 2, 3}) {
		t.Errorf("paired %v with B's runs %v, want 2 3 2 3 (the last of each start)", pr.Paired, got)
	}
	a, b = group(p, "A", 1, 0, 1, 2), group(p, "B", 1, 0, 1, 2)
	if pr := PairUp(a, b); !pr.Paired || &pr.A[0] != &a.Runs[0] || &pr.B[2] != &b.Runs[2] {
		t.Error("the sides of one sweep: copied, not paired as they are")
	}
}
