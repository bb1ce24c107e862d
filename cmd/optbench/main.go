// Command optbench compares numerical optimizers on the mean cross-entropy
// of the classroom two-layer network, in the manner of scipy's minimize,
// and on the Moré-Garbow-Hillstrom functions, with COCO's runtime
// distributions and performance and data profiles.
//
//	optbench [compare] [flags]   run methods x gradient modes, print a table
//	optbench report PATH...      the tables and files of saved results
//	optbench diff A B            two result sets or methods, with p-values
//	optbench gradcheck [flags]   analytic vs central-difference gradient
//	optbench methods [NAME ...]  the methods and their parameters
//
// Run "optbench compare -h" or "optbench gradcheck -h" for the flags.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/optbench/optbench/bench"
)

// usagef is a mistake in the command line: exit status 2.
func usagef(format string, args ...any) error { return bench.Usagef(format, args...) }

// errHelp: -h was asked for and the usage was printed.
var errHelp = errors.New("help")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the exit status: 0 success, 1
// failure, 2 usage error, 130 interrupted.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "compare"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	} else if len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprint(stdout, topUsage)
		return 0
	}
	var err error
	switch cmd {
	case "compare":
		err = compare(ctx, args, stdout, stderr)
	case "report":
		err = reportCommand(ctx, args, stdout, stderr)
	case "diff":
		err = diff(ctx, args, stdout, stderr)
	case "gradcheck":
		err = gradcheck(ctx, args, stdout)
	case "methods":
		err = methods(args, stdout)
	case "help":
		fmt.Fprint(stdout, topUsage)
		return 0
	default:
		err = usagef("unknown command %q (valid: compare, report, diff, gradcheck, methods)", cmd)
	}
	var ue *bench.UsageError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "optbench %s: %v\n", cmd, err)
		return 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "optbench %s: interrupted\n", cmd)
		return 130
	}
	fmt.Fprintf(stderr, "optbench %s: %v\n", cmd, err)
	return 1
}

const topUsage = `optbench compares numerical optimizers on the classroom neural network and on the
Moré-Garbow-Hillstrom test functions (-problems), as scipy's minimize() users and the optimization
literature do.

Usage:
  optbench [compare] [flags]   run methods x gradient modes and print a table
  optbench report PATH...      print and write the tables of saved results (shards, resumed sweeps)
  optbench diff A B            compare two result sets, or two methods (-a, -b), with p-values
  optbench gradcheck [flags]   check the analytic gradient against central differences
  optbench methods [NAME ...]  list the methods and their parameters

compare is the default: "optbench -starts 20" is "optbench compare -starts 20".
Run "optbench CMD -h" for a command's flags (optbench compare -h, ...).
`

// version is optbench's module version and VCS revision, as built.
func version() string {
	v := "devel"
	if bi, ok := debug.ReadBuildInfo(); ok {
		v = bi.Main.Path + " " + bi.Main.Version
		for _, kv := range bi.Settings {
			if kv.Key == "vcs.revision" {
				v += " " + kv.Value
			}
		}
	}
	return v
}
