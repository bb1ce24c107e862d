package torch

import "github.com/optbench/optbench/solvers/core"

// registry holds this family's methods alone: its tests need no other.
var registry = core.MustRegistry(Methods()...)

// minimize is core.Minimize with the family's registry unless o names one.
func minimize(p core.Problem, x0 []float64, o core.Options) (core.Result, error) {
	if o.Registry == nil {
		o.Registry = registry
	}
	return core.Minimize(p, x0, o)
}
