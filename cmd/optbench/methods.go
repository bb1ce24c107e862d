package main

import (
	"fmt"
	"io"

	"github.com/optbench/optbench/solvers"
)

const methodsUsage = `Usage: optbench methods [NAME ...]

Lists the methods -methods accepts (or the ones named), what each needs (and
whether it takes bounds), and its parameters with their defaults and valid values, for NAME[key=value,...].
Keys are compared ignoring case and '_' for '-' (lr_decay is lr-decay), and
each is given once per item. '|' separates the values of a grid,
NAME[key=v1|v2,...], which stands for every combination of its values; a
method list expands to at most 1000 configurations.
`

// methods prints the registered methods, or the named ones, and their
// parameters.
func methods(args []string, stdout io.Writer) error {
	fs := newFlagSet("methods")
	if err := fs.Parse(args); err != nil {
		return parse(fs, args, stdout, methodsUsage)
	}
	names := solvers.Methods()
	if fs.NArg() > 0 {
		names = nil
		for _, a := range fs.Args() {
			m, err := solvers.Default.Lookup(a)
			if err != nil {
				return usagef("%s", methodMessage(err, false))
			}
			names = append(names, m.Name)
		}
	}
	for i, name := range names {
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
		if m.Bounds {
			uses += "; takes bounds (-bounds)"
		}
		fmt.Fprintf(stdout, "%s: %s; uses %s\n", m.Name, m.Doc, uses)
		for _, ps := range m.Params {
			fmt.Fprintf(stdout, "  %-15s %-17s %s: %s\n", ps.Key, "="+ps.Default, ps.Values(), ps.Doc)
		}
	}
	return nil
}
