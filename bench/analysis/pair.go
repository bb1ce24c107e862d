package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/optbench/optbench/bench"
)

// Sides are two groups of runs to compare: one method configuration
// each, on one problem (or, when asked, two).
type Sides struct {
	A, B   []bench.Run
	Paired bool    // the runs pair up by start: the same problem and starting points
	FStar  float64 // the problem's f*, for iter_to_target; NaN across problems
}

// Pair groups the runs of both sets by (problem, label, gradient) and
// matches the groups of A with those of B: by label when -a/-b are given,
// else the same label on both sides, else the only group of each.
func Pair(a, b []bench.Run, labelA, labelB string) ([]Sides, []string, error) {
	ga, gb := Groups(a), Groups(b)
	pick := func(gs []Group, label, name string) ([]Group, error) {
		if label == "" {
			return gs, nil
		}
		var out []Group
		var labels []string
		for _, g := range gs {
			if g.Label == label {
				out = append(out, g)
			}
			if !slices.Contains(labels, g.Label) {
				labels = append(labels, g.Label)
			}
		}
		if len(out) == 0 {
			return nil, bench.Usagef("-%s %q: no such method in the results (there: %s)", name, label, strings.Join(labels, ", "))
		}
		return out, nil
	}
	ga, err := pick(ga, labelA, "a")
	if err != nil {
		return nil, nil, err
	}
	gb, err = pick(gb, labelB, "b")
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
	var matched [][2]Group
	for _, x := range ga {
		for _, y := range gb {
			if k(x, byLabel) == k(y, byLabel) {
				matched = append(matched, [2]Group{x, y})
			}
		}
	}
	if len(matched) == 0 && len(ga) == 1 && len(gb) == 1 {
		matched = append(matched, [2]Group{ga[0], gb[0]})
	}
	if len(matched) == 0 {
		return nil, nil, bench.Usagef("no method of A matches one of B (same label, gradient and problem): name them with -a and -b")
	}
	refs := References(append(slices.Clone(a), b...))
	var out []Sides
	var notes []string
	for _, m := range matched {
		for i, g := range m {
			if len(g.Runs) < 2 {
				return nil, nil, fmt.Errorf("side %c (%s on %s, %s) has %d run: need at least 2", 'A'+i, g.Label, g.Problem.Name, g.Gradient, len(g.Runs))
			}
		}
		paired, why := pairable(m[0], m[1])
		if !paired {
			notes = append(notes, fmt.Sprintf("%s and %s are compared unpaired: %s.", m[0].Label, m[1].Label, why))
		}
		fstar := refs[m[0].Problem.Name].FStar
		if m[0].Problem.Name != m[1].Problem.Name {
			fstar = math.NaN()
		}
		out = append(out, Sides{A: m[0].Runs, B: m[1].Runs, Paired: paired, FStar: fstar})
	}
	return out, notes, nil
}

// pairable says whether two groups' runs pair up by start: the same
// problem, and the same starting point for every start they share.
func pairable(a, b Group) (bool, string) {
	if a.Problem.Name != b.Problem.Name {
		return false, fmt.Sprintf("different problems (%s and %s)", a.Problem.Name, b.Problem.Name)
	}
	x0 := map[int][]float64{}
	for _, r := range b.Runs {
		x0[r.Start] = r.X0
	}
	shared := 0
	for _, r := range a.Runs {
		y, ok := x0[r.Start]
		if !ok {
			continue
		}
		if r.Seed != 0 && len(y) > 0 && !slices.Equal(r.X0, y) {
			return false, fmt.Sprintf("start %d is another point on each side (different seeds?)", r.Start)
		}
		shared++
	}
	if shared < 2 {
		return false, "fewer than 2 starts in common"
	}
	return true, ""
}
