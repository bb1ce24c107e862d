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
//	optbench version             the module version and VCS revision
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
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/optbench/optbench/bench"
)

// usagef is a mistake in the command line: exit status 2.
func usagef(format string, args ...any) error { return bench.Usagef(format, args...) }

// errHelp: -h was asked for and the usage was printed.
var errHelp = errors.New("help")

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		// Collect before the process passes the limit (the sweep's size
		// guard keeps what is live under it), rather than at twice the
		// live heap, Go's default; GOMEMLIMIT overrides it.
		debug.SetMemoryLimit(bench.MemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// interruptGrace is how long a command has, after SIGINT or SIGTERM, to
// stop by itself before run returns 130 regardless. compare uses it to
// record the runs under way as interrupted and print the tables of those
// that finished (its solvers check the context at every evaluation, so
// that takes milliseconds); a command busy with something that does not
// look at the context (an analysis, a figure) cannot hold the process
// longer. Nothing is left half-written by the abrupt end: results.jsonl
// grows by whole lines, one write each, and every other file is written
// to a temporary file renamed into place only when complete
// (results.WriteAtomic).
const interruptGrace = 500 * time.Millisecond

// run executes one command line and returns the exit status: 0 success, 1
// failure, 2 usage error, 130 interrupted. When ctx is done (SIGINT or
// SIGTERM) before the command ends, the status is 130 within
// interruptGrace, whatever the command is doing.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "compare"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	} else if len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprint(stdout, topUsage)
		return 0
	}
	if c := strings.ToLower(cmd); slices.Contains(commands, c) {
		cmd = c // in any case, as flag values are
	}
	prefix := "optbench " + cmd // what every line it prints starts with
	if !slices.Contains(commands, cmd) {
		prefix = "optbench" // the error quotes it, escaped and cut
	}
	done := make(chan error, 1) // buffered: a command cut short may end later, unread
	go func() { done <- dispatch(ctx, cmd, args, stdout, stderr) }()
	err := await(ctx, done, interruptGrace)
	var ue *bench.UsageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s: %s\n", prefix, errorLine(err))
		return 2
	case (ctx.Err() != nil && !errors.Is(err, errHelp)) || errors.Is(err, context.Canceled):
		// Interrupted before the command ended: whatever it returned
		// (nil, or an error the interrupt caused), its work is cut short.
		fmt.Fprintf(stderr, "%s: interrupted\n", prefix)
		return 130
	case err == nil, errors.Is(err, errHelp):
		return 0
	}
	fmt.Fprintf(stderr, "%s: %s\n", prefix, errorLine(err))
	return 1
}

// await is the error the command sends on done, or ctx's error when ctx
// is done and the command has not ended grace later.
func await(ctx context.Context, done <-chan error, grace time.Duration) error {
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return ctx.Err()
	}
}

// commands are optbench's commands, as dispatch knows them.
var commands = []string{"compare", "report", "diff", "gradcheck", "methods", "version", "help"}

// dispatch runs command cmd with its arguments.
func dispatch(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) error {
	switch cmd {
	case "compare":
		return compare(ctx, args, stdout, stderr)
	case "report":
		return reportCommand(ctx, args, stdout, stderr)
	case "diff":
		return diff(ctx, args, stdout, stderr)
	case "gradcheck":
		return gradcheck(ctx, args, stdout)
	case "methods":
		return methods(args, stdout)
	case "version":
		return versionCommand(args, stdout)
	case "help":
		fmt.Fprint(stdout, topUsage)
		return nil
	}
	return usagef("unknown command %q (valid: compare, report, diff, gradcheck, methods, version)", cmd)
}

const topUsage = `optbench compares numerical optimizers on the classroom neural network, the
Moré-Garbow-Hillstrom test functions and COCO's bbob suite (-problems), as scipy's minimize() users
and the optimization literature do.

Usage:
  optbench [compare] [flags]   run methods x gradient modes and print a table
  optbench report PATH...      print and write the tables of saved results (shards, resumed sweeps)
  optbench diff A B            compare two result sets, or two methods (-a, -b), with p-values
  optbench gradcheck [flags]   check the analytic gradient against central differences
  optbench methods [NAME ...]  list the methods and their parameters
  optbench version             print the module version and VCS revision it was built from
                               (also -version; sweep.json and report.html record the same)

compare is the default: "optbench -starts 20" is "optbench compare -starts 20".
Run "optbench CMD -h" for a command's flags (optbench compare -h, ...).
`
