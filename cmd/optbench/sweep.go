package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
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
		for _, w := range res.Warnings {
			fmt.Fprintf(c.stderr, "optbench: %v; that run is done again\n", w)
		}
		if len(res.Done) > 0 {
			fmt.Fprintf(c.stderr, "optbench: resuming %s: %d of %d runs done, %d to go\n", c.outDir, len(res.Done), len(res.Done)+len(res.Todo), len(res.Todo))
		}
	} else if res.Todo, err = c.sw.Specs(); err != nil {
		return err
	}
	runs, wall, err := c.execute(ctx, out, res.Todo)
	if err != nil {
		return err
	}
	runs = append(res.Done, runs...)
	c.sw.Order(runs)
	if len(runs) == 0 {
		w := stdout
		if c.format == "json" || c.format == "csv" {
			w = c.stderr // machine formats keep stdout parseable
		}
		fmt.Fprintln(w, "No run finished: nothing to summarize.")
		return ctx.Err()
	}
	a := analysis.Analyze(runs)
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
	return nil
}

// execute runs todo with a progress bar, recording each run in out as it
// finishes. After an interrupt it returns the runs that finished.
func (c *sweepRun) execute(ctx context.Context, out *results.Output, todo []bench.Spec) ([]bench.Run, time.Duration, error) {
	// The bar counts iterations, so that a single long run shows progress
	// too: every run is budgeted its maxiter, and what a run did not use is
	// added when it ends.
	budget := 0
	for _, sp := range todo {
		budget += maxIterations(c.sw.Options, sp.Problem)
	}
	bar, visible := c.progress(budget, len(todo))
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
			_ = bar.Add(max(0, maxIterations(c.sw.Options, r.Problem)-r.Result.Nit))
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

// progressLabel is the bar's label: runs finished of all, and what the bar
// and its [elapsed:left] estimate count.
func progressLabel(done, total int) string {
	return fmt.Sprintf("runs %d/%d done, bar: iterations [elapsed:left]", done, total)
}

// progress is a bar with ETA on stderr when stderr is a terminal, and a
// silent one otherwise. It counts work, not runs: every run is budgeted
// its maxiter iterations, each iteration it takes adds one, and what it
// leaves unused is added when it ends, so a single long run moves the bar
// too. The time left is the time so far times the budget left over the
// budget done; runs that end early make it optimistic, long ones that come
// last make it grow again.
func (c *sweepRun) progress(n, runs int) (*progressbar.ProgressBar, bool) {
	f, ok := c.stderr.(*os.File)
	visible := ok && term.IsTerminal(int(f.Fd()))
	return progressbar.NewOptions(n,
		progressbar.OptionSetWriter(c.stderr),
		progressbar.OptionSetVisibility(visible),
		progressbar.OptionSetDescription(progressLabel(0, runs)),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	), visible
}

// print writes the tables (or the runs as JSON lines) and their notes.
func (c *sweepRun) print(w io.Writer, a analysis.Analysis, wall time.Duration) error {
	switch c.format {
	case "json", "csv":
		for _, n := range c.problemNotes() {
			fmt.Fprintln(c.stderr, n)
		}
		if c.format == "json" {
			return results.WriteJSON(w, a.Runs)
		}
	}
	return table.Print(w, a, c.format, c.notes(a, wall))
}

// problemNotes are the lines the problems' families add (the class names
// of a data file).
func (c *sweepRun) problemNotes() []string {
	var notes []string
	for _, p := range c.sw.Problems {
		if p.Note != "" {
			notes = append(notes, p.Note)
		}
	}
	return notes
}

// notes are what the tables need said: the problem and how long the sweep
// took, the problems' own notes, why runs failed, and the analysis's notes
// on f*, targets and minima.
func (c *sweepRun) notes(a analysis.Analysis, wall time.Duration) []string {
	runs, problems := a.Runs, c.sw.Problems
	how := fmt.Sprintf("%s in %s on %s.", plural(len(runs), "run"), wall.Round(time.Millisecond),
		plural(min(c.workers, max(len(runs), 1)), "worker"))
	var notes []string
	if len(problems) == 1 {
		notes = append(notes, upper(problems[0].Desc)+"; "+how)
	} else {
		notes = append(notes, fmt.Sprintf("%d problems; %s", len(problems), how))
	}
	notes = append(notes, c.problemNotes()...)
	notes = append(notes, analysis.FailureNotes(runs, len(problems) > 1)...)
	more := a.Notes()
	if len(more) > 0 {
		more[0] = fmt.Sprintf("%s, seed %d. %s", c.startsNote(a), c.sw.Seed, more[0])
	}
	return append(notes, more...)
}

func (c *sweepRun) writeFiles(out *results.Output, a analysis.Analysis, wall time.Duration) error {
	title := "optbench: optimizers on " + plural(len(c.sw.Problems), "problem")
	if len(c.sw.Problems) == 1 {
		title = "optbench: optimizers on the " + c.sw.Problems[0].Desc
	}
	rep, err := report.New(a, title, report.Setup(c.sw, c.desc.Command, version()), c.notes(a, wall))
	if err != nil {
		return err
	}
	return report.WriteFiles(out.Dir, a.Runs, rep)
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// startsNote says how many starts each row holds: all of them, or, after an
// interrupt or in a shard, fewer in some rows.
func (c *sweepRun) startsNote(a analysis.Analysis) string {
	starts, least, most := c.sw.Starts, a.LeastStarts(), a.MostStarts()
	switch {
	case c.sw.Shard.Count > 1:
		return fmt.Sprintf("Shard %s of the sweep: %d to %d of its %d starts per row", c.sw.Shard, least, most, starts)
	case least < starts:
		return fmt.Sprintf("%d to %d starts per row (the interrupt stopped the others)", least, starts)
	}
	return fmt.Sprintf("%d starts per row", starts)
}
