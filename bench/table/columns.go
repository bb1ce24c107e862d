package table

import (
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench"
)

// The columns of a solver, which every table of groups begins with.
var (
	colProblem  = Column{Name: "problem", Key: "problem", Kind: Text, Doc: "the objective minimized, by name (a function of variable dimension with its dimension: ExtendedRosenbrock:10)"}
	colMethod   = Column{Key: "method", Kind: Text}
	colLabel    = Column{Name: "method", Key: "label", Kind: Text, Doc: "the method with the parameters that differ from its defaults, e.g. BFGS[linesearch=more-thuente]; \"optbench methods\" lists them all"}
	colGradient = Column{Name: "gradient", Key: "gradient", Kind: Text, Doc: "analytic, or 2-point or 3-point finite differences; none for Nelder-Mead"}
)

// solverFields are the problem (for people only when there are several),
// method, label and gradient columns of rows of T.
func solverFields[T any](problems int, of func(T) (*bench.Problem, bench.Solver)) []field[T] {
	return []field[T]{
		{forPeople(colProblem, problems > 1), func(x T) any { p, _ := of(x); return p.Name }},
		{colMethod, func(x T) any { _, s := of(x); return s.Method }},
		{colLabel, func(x T) any { _, s := of(x); return s.Label }},
		{colGradient, func(x T) any { _, s := of(x); return string(s.Gradient) }},
	}
}

// metrics are the extra metrics of the runs' problems, each key once, in
// order of first appearance.
func metrics(runs []bench.Run) []bench.Metric {
	var all []bench.Metric
	for _, p := range bench.Problems(runs) {
		all = append(all, p.Metrics...)
	}
	var out []bench.Metric
	for _, g := range bench.GroupBy(all, func(m bench.Metric) string { return m.Key }) {
		out = append(out, g.Members[0])
	}
	return out
}

// MetricColumn is the column of a problem's metric: a share as a
// percentage, any other value with 4 significant digits.
func MetricColumn(m bench.Metric) Column {
	c := Column{Name: m.Name, Key: m.Key, Kind: Sig, Doc: m.Doc}
	if m.Share {
		c.Kind = Percent
	}
	return c
}

// fName names the value columns after the problems' FName when they all
// share one.
func fName(runs []bench.Run) string {
	ps := bench.Problems(runs)
	name := "f"
	if len(ps) > 0 {
		name = ps[0].ValueName()
	}
	for _, p := range ps {
		if p.ValueName() != name {
			return "f"
		}
	}
	return name
}

// fDoc explains the value column: the problems' FDoc when they share one.
func fDoc(runs []bench.Run) string {
	doc := "the value minimized, at the end"
	ps := bench.Problems(runs)
	for i, p := range ps {
		if p.FDoc == "" || (i > 0 && p.FDoc != ps[0].FDoc) {
			return doc
		}
	}
	if len(ps) == 0 {
		return doc
	}
	return doc + ": " + ps[0].FDoc
}

// Exp is a power of ten as keys and headers name it: 0.001 is "1e-3", 10
// is "1e1".
func Exp(v float64) string {
	return strings.NewReplacer("e-0", "e-", "e+0", "e", "e+", "e").Replace(strconv.FormatFloat(v, 'e', -1, 64))
}
