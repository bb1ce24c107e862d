package bench

import "github.com/optbench/optbench/solvers"

// Solver is a method configuration with its gradient mode: what a row of a
// table, a curve of a figure and a side of a diff stand for. It is
// comparable, and identifies the configuration within a sweep: its
// parameters are fixed by its Label (the method with the parameters that
// differ from their defaults).
type Solver struct {
	Method   string               // canonical name: "BFGS", "scipy:BFGS"
	Label    string               // Method, with its non-default parameters: BFGS[linesearch=more-thuente]
	Gradient solvers.GradientMode // analytic, 2-point, 3-point; none for a method that takes no gradient
}

// String is the label with the gradient mode: "BFGS (analytic)".
func (s Solver) String() string { return s.Label + " (" + string(s.Gradient) + ")" }

// SolversOf lists the solvers of runs in order of first appearance.
func SolversOf(runs []Run) []Solver {
	return Keys(runs, func(r Run) Solver { return r.Solver })
}

// Configs is solvers.Default.Config for each method name with no
// parameters set: a shorthand for sweeps of default methods.
func Configs(names ...string) ([]solvers.Config, error) {
	out := make([]solvers.Config, len(names))
	for i, n := range names {
		c, err := solvers.Default.Config(n, nil)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}
