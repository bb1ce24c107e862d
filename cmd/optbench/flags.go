package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// newFlagSet returns a flag set that reports errors instead of exiting and
// prints nothing by itself.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses args, printing the usage to stdout for -h and turning a
// parse error into a one-line usage error.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer, usage string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return errHelp
		}
		return usagef("%v (see -h)", err)
	}
	foldChoices(fs)
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (see -h)", fs.Arg(0))
	}
	return nil
}

// parseWithArgs is parse for a command that takes positional arguments,
// before, between or after its flags; it returns them.
func parseWithArgs(fs *flag.FlagSet, args []string, stdout io.Writer, usage string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, usage)
				fs.SetOutput(stdout)
				fs.PrintDefaults()
				return nil, errHelp
			}
			return nil, usagef("%v (see -h)", err)
		}
		if fs.NArg() == 0 {
			foldChoices(fs)
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// choiceFlags are the flags whose value is one or a list of names from a
// fixed list, every one lower-case: -format, -gradient, -hessian, -trace.
// One rule holds for every flag value that names something of optbench's:
// any case is taken, as -problems, -methods (and their parameters' names)
// and -shard auto take it. Paths, column names (-label) and labels as the
// tables show them are the user's own and are taken as given.
var choiceFlags = []string{"format", "gradient", "hessian", "trace"}

// foldChoices lower-cases the values of fs's string choiceFlags once it is
// parsed, so that every check and use after sees one spelling.
func foldChoices(fs *flag.FlagSet) {
	for _, name := range choiceFlags {
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if g, ok := f.Value.(flag.Getter); ok {
			if v, isString := g.Get().(string); isString {
				_ = f.Value.Set(strings.ToLower(v)) // a string flag takes any string
			}
		}
	}
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// set reports whether the flag was given on the command line.
func set(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

// checkFloat rejects NaN, infinities and values below lo (or at lo when
// strict).
func checkFloat(name string, v, lo float64, strict bool) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || (strict && v == lo) {
		rel := ">="
		if strict {
			rel = ">"
		}
		return usagef("-%s %v: want a finite number %s %v", name, v, rel, lo)
	}
	return nil
}

func checkInt(name string, v, lo int) error {
	if v < lo {
		return usagef("-%s %d: want a whole number >= %d", name, v, lo)
	}
	return nil
}

func checkChoice(name, v string, valid []string) error {
	if !slices.Contains(valid, v) {
		return usagef("-%s %q: unknown value (valid: %s)", name, v, strings.Join(valid, ", "))
	}
	return nil
}

func checkRange(name string, v, lo, hi int) error {
	if v < lo || v > hi {
		return usagef("-%s %d: want a whole number from %d to %d", name, v, lo, hi)
	}
	return nil
}
