package analysis

import "github.com/optbench/optbench/bench"

// Group is the runs of one problem and solver, over all starts.
type Group struct {
	Problem *bench.Problem
	bench.Solver
	Runs []bench.Run
}

// groupKey is what Groups groups runs by.
type groupKey struct {
	problem string
	solver  bench.Solver
}

// Groups splits runs by problem and solver, in order of first appearance.
func Groups(runs []bench.Run) []Group {
	var out []Group
	for _, g := range bench.GroupBy(runs, func(r bench.Run) groupKey { return groupKey{r.Problem.Name, r.Solver} }) {
		out = append(out, Group{Problem: g.Members[0].Problem, Solver: g.Key.solver, Runs: g.Members})
	}
	return out
}

// byProblem splits groups by problem, in order of first appearance.
func byProblem(groups []Group) []bench.Group[string, int] {
	idx := make([]int, len(groups))
	for i := range idx {
		idx[i] = i
	}
	return bench.GroupBy(idx, func(i int) string { return groups[i].Problem.Name })
}
