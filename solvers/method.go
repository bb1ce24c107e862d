package solvers

import (
	"fmt"
	"strings"

	"gonum.org/v1/gonum/optimize"
)

// method describes one way to minimize: its canonical name, what it needs
// and how to build a fresh gonum Method for one run.
type method struct {
	name      string
	gradient  bool // uses the gradient
	hessian   bool // uses the Hessian
	converger func(o Options) optimize.Converger
	build     func(o Options) optimize.Method
	// run, when set, replaces gonum for this method.
	run func(ev *evaluator, x0 []float64, o Options, rec *traceRecorder) outcome
}

// outcome is where a run ended, before it is turned into a Result.
type outcome struct {
	x, grad []float64
	f       float64
	nit     int
	status  Status
	err     error // the cause of a failure, if any
}

// methods in the order tables list them.
var methods = []method{gdFixed, gd, cg, bfgs, lbfgs, newton, nelderMead}

// Methods lists the canonical method names.
func Methods() []string {
	names := make([]string, len(methods))
	for i, m := range methods {
		names[i] = m.name
	}
	return names
}

// CanonicalMethod returns the canonical spelling of a method name given in
// any case, with or without '-' and '_'.
func CanonicalMethod(name string) (string, error) {
	m, err := lookup(name)
	return m.name, err
}

// UsesGradient reports whether the named method uses the gradient.
func UsesGradient(name string) bool {
	m, err := lookup(name)
	return err == nil && m.gradient
}

func lookup(name string) (method, error) {
	key := normalize(name)
	for _, m := range methods {
		if normalize(m.name) == key {
			return m, nil
		}
	}
	return method{}, fmt.Errorf("solvers: unknown method %q (valid: %s)", name, strings.Join(Methods(), ", "))
}

func normalize(name string) string {
	return strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(name))
}

// gtol gives gonum's GradStopThreshold for Options.Gtol: a negative Gtol
// turns the test off (NaN, for gonum), since gonum reads 0 as 1e-12.
func gtol(o Options) float64 {
	if o.Gtol < 0 {
		return nan
	}
	return o.Gtol
}

// neverConverge keeps gonum's default function-convergence test (100
// iterations without a 1e-10 improvement) from ending gradient runs: they
// end on Gtol, a limit or a failure, as in scipy.
func neverConverge(Options) optimize.Converger { return optimize.NeverTerminate{} }
