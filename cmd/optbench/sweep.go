package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/gobench"
	"github.com/optbench/optbench/bench/report"
	"github.com/optbench/optbench/bench/results"
	"github.com/optbench/optbench/bench/table"
	"github.com/optbench/optbench/solvers"
)

// sweepRun is a validated compare command: the sweep, and where its
// results go.
type sweepRun struct {
	sw               *bench.Sweep
	desc             results.Description
	workers          int
	objectiveWorkers int // 0: the CPUs divided by the runs at once
	format           string
	outDir           string // "" for none
	stderr           io.Writer
}

func (c *sweepRun) run(ctx context.Context, stdout io.Writer) error {
	var out *results.Output
	res := results.Resume{}
	var err error
	if c.outDir != "" {
		if out, res, err = results.Open(c.outDir, c.desc, c.sw, report.Manifest()); err != nil {
			return fmt.Errorf("-out: %w", err)
		}
		defer out.Close()
		// The folder's name, and what its files held, reach the
		// terminal escaped (the progress bar's writer stays raw).
		tw := newTerminalWriter(c.stderr)
		sayResume(tw, res)
		if len(res.Done) > 0 {
			fmt.Fprintf(tw, "optbench: resuming %s: %d of %d runs done, %d to go\n", c.outDir, len(res.Done), len(res.Done)+len(res.Todo), len(res.Todo))
		}
		tw.Flush()
	} else if res.Todo, err = c.sw.Specs(); err != nil {
		return err
	}
	runs, wall, err := c.execute(ctx, out, res.Todo)
	sayFull(c.sw.TraceStore, c.stderr)
	if err != nil {
		return err
	}
	runs = append(res.Done, runs...)
	c.sw.Order(runs)
	if len(runs) == 0 {
		w := stdout
		if machineFormat(c.format) {
			w = c.stderr // machine formats keep stdout parseable
		}
		fmt.Fprintln(w, "No run finished: nothing to summarize.")
		return ctx.Err()
	}
	a := analysis.Analyze(runs)
	if err := c.sw.TraceStore.Err(); err != nil {
		return err // the analysis read traces that were lost
	}
	if err := c.print(stdout, a, wall); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if out != nil {
		if err := c.writeFiles(out, a, wall); err != nil {
			return fmt.Errorf("-out %s: %w", c.outDir, err)
		}
	}
	return c.sw.TraceStore.Err()
}

// execute runs todo with a progress bar, recording each run in out as it
// finishes. After an interrupt it returns the runs that finished.
func (c *sweepRun) execute(ctx context.Context, out *results.Output, todo []bench.Spec) ([]bench.Run, time.Duration, error) {
	// The bar counts iterations, so that a single long run shows progress
	// too: every run is budgeted the most iterations its method may take,
	// and what a run did not use is added when it ends.
	bar, visible := c.progress(progressBudget(c.sw, todo), len(todo))
	if visible {
		for i := range todo {
			todo[i].Options.Callback = func(p solvers.TracePoint) {
				if p.Iter > 0 {
					_ = bar.Add(1)
				}
			}
		}
	}
	var recordErr error
	var errOnce sync.Once
	var finished atomic.Int64
	objectiveWorkers := c.objectiveWorkers
	if objectiveWorkers == 0 {
		objectiveWorkers = bench.SplitWorkers(runtime.NumCPU(), c.workers, len(todo))
	}
	began := time.Now()
	runs := bench.ExecuteWith(ctx, todo, c.workers, objectiveWorkers, func(r bench.Run) {
		if out != nil {
			if err := out.Record(r); err != nil {
				errOnce.Do(func() { recordErr = err })
			}
		}
		if visible {
			bar.Describe(progressLabel(int(finished.Add(1)), len(todo)))
			_ = bar.Add(max(0, c.sw.MaxIter(r.Problem, r.Solver)-r.Result.Nit))
		}
	})
	wall := time.Since(began)
	_ = bar.Exit()
	_ = bar.Clear() // nothing printed next may land on the bar's line
	if recordErr != nil {
		return nil, wall, fmt.Errorf("writing results.jsonl: %w", recordErr)
	}
	if ctx.Err() != nil {
		// What finished is on disk already; summarize it without the runs
		// the interrupt cut short.
		runs = slices.DeleteFunc(runs, func(r bench.Run) bool { return r.Result.Status == solvers.Interrupted })
	}
	return runs, wall, nil
}

// print writes the tables (or the runs as JSON lines, or as Go's
// benchmark lines) and their notes.
func (c *sweepRun) print(w io.Writer, a analysis.Analysis, wall time.Duration) error {
	if machineFormat(c.format) {
		// The problems' notes, why runs ended in error (a machine format's
		// line may not say), the bounds and the warnings.
		notes := append(report.ProblemNotes(c.sw.Problems), analysis.FailureNotes(a.Runs, len(c.sw.Problems) > 1)...)
		for _, n := range append(notes, c.boundsNotes(a)...) {
			fmt.Fprintln(c.stderr, n)
		}
		switch c.format {
		case "json":
			return results.WriteJSON(w, a.Runs)
		case "gobench":
			return gobench.Write(w, c.desc, a.Runs)
		}
	}
	return table.Print(w, a, c.format, c.notes(a, wall))
}

func (c *sweepRun) notes(a analysis.Analysis, wall time.Duration) []string {
	return append(report.Notes(c.sw, a, wall, c.workers), c.boundsNotes(a)...)
}

// boundsNotes say how the runs were bounded, how they ran under COCO's
// protocol and whose reference data the tables show (Sweep.ProtocolNotes),
// and what their methods warned of, once per configuration and warning
// (see bench.WarningNotes).
func (c *sweepRun) boundsNotes(a analysis.Analysis) []string {
	notes := append(c.sw.BoundsNotes(), c.sw.ProtocolNotes()...)
	return append(notes, bench.WarningNotes(a.Runs, len(c.sw.Problems) > 1)...)
}

func (c *sweepRun) writeFiles(out *results.Output, a analysis.Analysis, wall time.Duration) error {
	// COCO's files (bbob) are written while the report is drawn: both only
	// read the runs, and each takes seconds on COCO's default suite.
	cocoErr := make(chan error, 1)
	go func() { cocoErr <- writeCOCO(out.Dir, a.Runs, c.sw.Shard.Count > 1, c.stderr) }()
	rep, err := report.New(a, report.Title("optbench: optimizers on", c.sw.Problems), report.Setup(c.sw, c.desc.Command, version()), c.notes(a, wall))
	if err == nil {
		err = report.WriteFiles(out.Dir, a.Runs, rep)
	}
	if cerr := <-cocoErr; err == nil {
		err = cerr
	}
	return err
}

// maxWarnings is how many unreadable lines of results.jsonl a resume
// names one by one; the rest are counted.
const maxWarnings = 5

// sayResume says on stderr what Open found that it could not read (the
// first few lines, then a count) and what it did with the lines it did not
// take (Resume.Notes: set aside or dropped, by kind). Which runs are done
// again is the "resuming" line's count: a line that cannot be read is no
// run's.
func sayResume(w io.Writer, res results.Resume) {
	more := 0 // past the first maxWarnings
	for i, warning := range res.Warnings {
		var m *results.MoreErrors
		switch {
		case errors.As(warning, &m):
			more += m.Count // only counted by ReadResults
		case i >= maxWarnings:
			more++
		default:
			fmt.Fprintf(w, "optbench: %v\n", warning)
		}
	}
	if more > 0 {
		fmt.Fprintf(w, "optbench: and %d more lines or records that could not be read\n", more)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(w, "optbench: %s\n", n)
	}
}

// sayWriting says on stderr, one line each, which of the set's
// directories a sweep is still writing: the runs read are those finished
// so far.
func sayWriting(w io.Writer, set *results.Set) {
	seen := map[string]bool{}
	for _, s := range set.Sources {
		if seen[s.Dir] {
			continue
		}
		seen[s.Dir] = true
		if h := results.Held(s.Dir); h != nil {
			fmt.Fprintf(w, "optbench: %s\n", h.Writing())
		}
	}
}
