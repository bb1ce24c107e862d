package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/stats"
	"github.com/optbench/optbench/solvers"
)

// Pairing is the one rule by which two groups' runs are compared, for the
// "best at" marks and for diffs alike: paired by start, with Wilcoxon's
// signed-rank test, when they ran the same problem from the same starting
// points and share at least 2 starts; unpaired, with Mann-Whitney's U test
// on all their runs, otherwise.
type Pairing struct {
	A, B   []bench.Run // paired: the runs of the shared starts, B[i] from A[i]'s start, in A's order
	Paired bool
	Why    string // why the runs do not pair up, when they do not
}

// PairUp applies the rule to groups a and b.
func PairUp(a, b Group) Pairing {
	if a.Problem.Name != b.Problem.Name {
		return Pairing{A: a.Runs, B: b.Runs, Why: fmt.Sprintf("different problems (%s and %s)", a.Problem.Name, b.Problem.Name)}
	}
	// The sides of one sweep have the same starts, each once, in the same
	// (increasing) order: they pair up as they are, with no copy of their
	// runs (hundreds of bytes each, for every pair of groups and every
	// measure the verdict tests). Others pair each run of a with the last
	// of b from its start.
	aligned := len(a.Runs) == len(b.Runs)
	for i := 0; aligned && i < len(a.Runs); i++ {
		aligned = a.Runs[i].Start == b.Runs[i].Start && (i == 0 || a.Runs[i].Start > a.Runs[i-1].Start)
	}
	var pa, pb []bench.Run
	if aligned {
		pa, pb = a.Runs, b.Runs
	} else {
		at := make(map[int]int, len(b.Runs)) // the index in b.Runs of each start: its last
		for i := range b.Runs {
			at[b.Runs[i].Start] = i
		}
		for i := range a.Runs {
			if j, ok := at[a.Runs[i].Start]; ok {
				pa, pb = append(pa, a.Runs[i]), append(pb, b.Runs[j])
			}
		}
	}
	for i := range pa {
		if r, rb := &pa[i], &pb[i]; r.Seed != 0 && len(rb.X0) > 0 && !slices.EqualFunc(r.X0, rb.X0, samePoint) {
			return Pairing{A: a.Runs, B: b.Runs, Why: fmt.Sprintf("start %d is another point on each side (different seeds?)", r.Start)}
		}
	}
	if len(pa) < 2 {
		return Pairing{A: a.Runs, B: b.Runs, Why: "fewer than 2 starts in common"}
	}
	return Pairing{A: pa, B: pb, Paired: true}
}

// test is the two-sided p-value of the difference in measure m between
// the pairing's sides, with target the runs' middle target, whether the
// test was exact, and the smallest p it can give with these sizes. A
// failed run's NaN counts as worse than any value; a pair both of whose
// values are equal (failed alike, or neither reached a target) as no
// difference. A test that cannot be made (every pair equal) gives 1.
func (p Pairing) test(m Measure, target float64) (pv float64, exact bool, minP float64) {
	x, y := worstIfNaN(m.values(p.A, target)), worstIfNaN(m.values(p.B, target))
	var err error
	if p.Paired {
		for i := range x {
			if x[i] == y[i] {
				x[i], y[i] = 0, 0
			}
		}
		pv, exact, err = stats.WilcoxonSignedRank(x, y)
		minP = stats.MinWilcoxonP(len(x))
	} else {
		pv, exact, err = stats.MannWhitneyU(x, y)
		minP = stats.MinMannWhitneyP(len(x), len(y))
	}
	if err != nil {
		return 1, exact, minP
	}
	return pv, exact, minP
}

// Sides are two groups of runs to compare, measure by measure.
type Sides struct {
	A, B Group
	Pairing
	FStar float64 // the problem's f*, for iter_to_target; NaN across problems
}

// Pair groups the runs of both sets by problem and solver and matches the
// groups of A with those of B: the groups labelled labelA and labelB when
// given, else the groups of the same label, gradient and problem on both
// sides, else the only group of each. It says in notes which pairs are
// compared unpaired, and why.
func Pair(a, b []bench.Run, labelA, labelB string) (sides []Sides, notes []string, err error) {
	ga, err := pick(Groups(a), labelA, "a")
	if err != nil {
		return nil, nil, err
	}
	gb, err := pick(Groups(b), labelB, "b")
	if err != nil {
		return nil, nil, err
	}
	type key struct{ problem, gradient, label string }
	k := func(g Group, withLabel bool) key {
		kk := key{g.Problem.Name, string(g.Gradient), ""}
		if withLabel {
			kk.label = g.Label
		}
		return kk
	}
	byLabel := labelA == "" && labelB == ""
	// B's groups by key, in B's order: matching them costs O(groups +
	// matches), not O(groups of A x groups of B), and gives the pairs in
	// the same order as the scan of every pair would.
	ofB := map[key][]Group{}
	for _, y := range gb {
		ofB[k(y, byLabel)] = append(ofB[k(y, byLabel)], y)
	}
	var matched [][2]Group
	for _, x := range ga {
		for _, y := range ofB[k(x, byLabel)] {
			matched = append(matched, [2]Group{x, y})
		}
	}
	if len(matched) == 0 && len(ga) == 1 && len(gb) == 1 {
		matched = append(matched, [2]Group{ga[0], gb[0]})
	}
	if len(matched) == 0 {
		return nil, nil, bench.Usagef("no method of A matches one of B (same label, gradient and problem): name them with -a and -b")
	}
	refs := References(append(slices.Clone(a), b...))
	for _, m := range matched {
		for i, g := range m {
			if len(g.Runs) < 2 {
				return nil, nil, fmt.Errorf("side %c (%s on %s, %s) has %d run: need at least 2", 'A'+i, g.Label, g.Problem.Name, g.Gradient, len(g.Runs))
			}
		}
		s := Sides{A: m[0], B: m[1], Pairing: PairUp(m[0], m[1]), FStar: refs[m[0].Problem.Name].FStar}
		if !s.Paired {
			notes = append(notes, fmt.Sprintf("%s and %s are compared unpaired: %s.", m[0].Label, m[1].Label, s.Why))
		}
		if m[0].Problem.Name != m[1].Problem.Name {
			s.FStar = math.NaN()
		}
		sides = append(sides, s)
	}
	return sides, notes, nil
}

// pick is the groups labelled label, or all of them for "". A label's
// method may be named as the registry takes it (scipy's own names, any
// case: "powell[xtol=0.001]" picks scipy:Powell[xtol=0.001]).
func pick(gs []Group, label, flag string) ([]Group, error) {
	if label == "" {
		return gs, nil
	}
	want := canonicalLabel(label)
	var out []Group
	for _, g := range gs {
		if g.Label == label || g.Label == want {
			out = append(out, g)
		}
	}
	if len(out) == 0 {
		labels := bench.Keys(gs, func(g Group) string { return g.Label })
		return nil, bench.Usagef("-%s %q: no such method in the results (there: %s)", flag, label, strings.Join(labels, ", "))
	}
	return out, nil
}

// canonicalLabel is label with its method's canonical name: the method
// part (before '[') looked up in solvers.Default, the parameters as given.
func canonicalLabel(label string) string {
	name, params, _ := strings.Cut(label, "[")
	m, err := solvers.Default.Lookup(name)
	if err != nil {
		return label
	}
	if params == "" {
		return m.Name
	}
	return m.Name + "[" + params
}

// samePoint says whether two coordinates of starts are the same, a start
// read back from results included: a coordinate too large to be finite
// is written as null and read as NaN on both sides.
func samePoint(a, b float64) bool { return a == b || a != a && b != b }
