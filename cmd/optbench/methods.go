package main

import (
	"fmt"
	"io"

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
			uses += " and Hessian (exact, or differences of the gradient: -hessian)"
		}
		fmt.Fprintf(stdout, "%s: %s; uses %s\n", m.Name, m.Doc, uses)
		for _, ps := range m.Params {
			fmt.Fprintf(stdout, "  %-15s %-17s %s: %s\n", ps.Key, "="+ps.Default, ps.Values(), ps.Doc)
		}
	}
	return nil
}
