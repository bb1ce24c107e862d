package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/optbench/optbench/solvers"
)

const methodsUsage = `Usage: optbench methods

Lists the methods -methods accepts, what each needs, and its parameters with
their defaults and valid values, for NAME[key=value,...].
`

// methods prints every registered method and its parameters.
func methods(args []string, stdout io.Writer) error {
	fs := newFlagSet("methods")
	if err := parse(fs, args, stdout, methodsUsage); err != nil {
		return err
	}
	for i, name := range solvers.Methods() {
		m, _ := solvers.Default.Lookup(name)
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		uses := "no gradient"
		if m.Gradient {
			uses = "gradient"
		}
		if m.Hessian {
			uses += ", Hessian (finite differences of the gradient)"
		}
		fmt.Fprintf(stdout, "%s: %s; uses %s\n", m.Name, m.Doc, uses)
		for _, ps := range m.Params {
			values := strings.Join(ps.Choices, "|")
			if values == "" {
				values = paramRange(ps)
			}
			fmt.Fprintf(stdout, "  %-13s %-17s %s: %s\n", ps.Key, "="+ps.Default, values, ps.Doc)
		}
	}
	return nil
}

func paramRange(ps solvers.ParamSpec) string {
	lo, hi := "[", "]"
	if ps.MinOpen {
		lo = "("
	}
	if ps.MaxOpen {
		hi = ")"
	}
	upper := "inf)"
	if ps.Max != 0 {
		upper = fmt.Sprint(ps.Max) + hi
	}
	kind := "number"
	if ps.Int {
		kind = "integer"
	}
	return fmt.Sprintf("%s in %s%v, %s", kind, lo, ps.Min, upper)
}
