package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// sweep is a validated compare command: what to run and where the results
// go.
type sweep struct {
	setup   bench.Setup
	specs   []bench.Spec
	workers int
	format  string
	outDir  string
	starts  int
	seed    uint64
	target  float64 // NaN: the default target
	stderr  io.Writer

	classNote string     // the class names of a data file, if it had names
	maxIter   int        // the iteration limit of every run, for the progress bar
	about     []bench.KV // what was run, for report.html
}

func (sw sweep) run(ctx context.Context, stdout io.Writer) error {
	var out *bench.Output
	if sw.outDir != "" {
		var err error
		if out, err = bench.CreateOutput(sw.outDir); err != nil {
			return fmt.Errorf("-out: %w", err)
		}
		defer out.Close()
	}
	// The bar counts iterations, so that a single long run shows progress
	// too: every run is budgeted maxIter, and what a run did not use is
	// added when it ends.
	bar, visible := sw.progress(len(sw.specs) * sw.maxIter)
	if visible {
		for i := range sw.specs {
			sw.specs[i].Options.Callback = func(p solvers.TracePoint) {
				if p.Iter > 0 {
					_ = bar.Add(1)
				}
			}
		}
	}
	var recordErr error
	var errOnce sync.Once
	var finished atomic.Int64
	began := time.Now()
	runs := bench.Execute(ctx, sw.setup, sw.specs, sw.workers, func(r bench.Run) {
		if out != nil {
			if err := out.Record(r); err != nil {
				errOnce.Do(func() { recordErr = err })
			}
		}
		if visible {
			bar.Describe(progressLabel(int(finished.Add(1)), len(sw.specs)))
			_ = bar.Add(max(0, sw.maxIter-r.Result.Nit))
		}
	})
	wall := time.Since(began)
	_ = bar.Exit()
	_ = bar.Clear() // nothing printed next may land on the bar's line
	if recordErr != nil {
		return fmt.Errorf("writing results.jsonl: %w", recordErr)
	}
	interrupted := ctx.Err() != nil
	if interrupted {
		// What finished is on disk already; summarize it without the runs
		// the interrupt cut short.
		finished := runs[:0:0]
		for _, r := range runs {
			if r.Result.Status != solvers.Interrupted {
				finished = append(finished, r)
			}
		}
		runs = finished
	}

	if len(runs) == 0 {
		w := stdout
		if sw.format == "json" || sw.format == "csv" {
			w = sw.stderr // machine formats keep stdout parseable
		}
		fmt.Fprintln(w, "No run finished: nothing to summarize.")
		return ctx.Err()
	}
	target := sw.target
	if math.IsNaN(target) {
		target = bench.DefaultTarget(runs)
	}
	tables := sw.tables(runs, target)
	if err := sw.print(stdout, runs, tables, wall, target); err != nil {
		return err
	}
	if interrupted {
		return ctx.Err()
	}
	if out != nil {
		if err := sw.writeFiles(out, runs, target, wall); err != nil {
			return fmt.Errorf("-out %s: %w", sw.outDir, err)
		}
	}
	return nil
}

// progressLabel is the bar's label: runs finished of all, and what the bar
// and its [elapsed:left] estimate count.
func progressLabel(done, total int) string {
	return fmt.Sprintf("runs %d/%d done, bar: iterations [elapsed:left]", done, total)
}

// progress is a bar with ETA on stderr when stderr is a terminal, and a
// silent one otherwise. It counts work, not runs: every run is budgeted
// maxIter iterations, each iteration it takes adds one, and what it leaves
// unused is added when it ends, so a single long run moves the bar too. The
// time left is the time so far times the budget left over the budget done;
// runs that end early make it optimistic, long ones that come last make it
// grow again.
func (sw sweep) progress(n int) (*progressbar.ProgressBar, bool) {
	f, ok := sw.stderr.(*os.File)
	visible := ok && term.IsTerminal(int(f.Fd()))
	return progressbar.NewOptions(n,
		progressbar.OptionSetWriter(sw.stderr),
		progressbar.OptionSetVisibility(visible),
		progressbar.OptionSetDescription(progressLabel(0, len(sw.specs))),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	), visible
}

// tables are what the sweep prints: the runs for a single start, the
// summary and convergence tables for several.
func (sw sweep) tables(runs []bench.Run, target float64) []bench.Table {
	if sw.starts == 1 {
		// CSV has the start column, as runs.csv does; the text table needs
		// none for one start.
		return []bench.Table{bench.RunsTable(runs, sw.format == "csv")}
	}
	sums := bench.Summarize(runs, target)
	return []bench.Table{bench.SummaryTable(sums), bench.ConvergenceTable(bench.ConvergenceRows(runs, sums))}
}

func (sw sweep) print(w io.Writer, runs []bench.Run, tables []bench.Table, wall time.Duration, target float64) error {
	switch sw.format {
	case "json", "csv":
		if sw.classNote != "" {
			fmt.Fprintln(sw.stderr, sw.classNote)
		}
		if sw.format == "json" {
			return bench.WriteJSON(w, runs)
		}
		return bench.WriteTable(w, tables[0], "csv")
	}
	for i, t := range tables {
		if i > 0 || len(tables) > 1 {
			if i > 0 {
				fmt.Fprintln(w)
			}
			if sw.format == "markdown" {
				fmt.Fprintf(w, "### %s\n\n", t.Title)
			} else {
				fmt.Fprintf(w, "%s\n", t.Title)
			}
		}
		if err := bench.WriteTable(w, t, sw.format); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	for _, note := range sw.notes(runs, wall, target) {
		fmt.Fprintln(w, note)
	}
	return nil
}

func (sw sweep) notes(runs []bench.Run, wall time.Duration, target float64) []string {
	s := sw.setup
	notes := []string{fmt.Sprintf("%v network, %d parameters, %d training and %d test samples; %s in %s on %s.",
		s.Net, s.Net.NumParams(), s.Train.Len(), s.Test.Len(), plural(len(runs), "run"), wall.Round(time.Millisecond),
		plural(min(sw.workers, max(len(runs), 1)), "worker"))}
	if sw.classNote != "" {
		notes = append(notes, sw.classNote)
	}
	notes = append(notes, failureNotes(runs)...)
	if sw.starts > 1 {
		how := "the best final loss + 1e-6*max(1,|best|)"
		if !math.IsNaN(sw.target) {
			how = "set by -target"
		}
		notes = append(notes,
			fmt.Sprintf("%s, seed %d. Target: training loss <= %.6g (%s).", sw.startsNote(runs), sw.seed, target, how),
			fmt.Sprintf("Minima: distinct final losses of the successful runs (within %g relative); at best: ends within that of the best loss.", bench.MinimaTol))
	}
	return notes
}

func (sw sweep) writeFiles(out *bench.Output, runs []bench.Run, target float64, wall time.Duration) error {
	figs, err := bench.Figures(runs, sw.setup)
	if err != nil {
		return err
	}
	rep := bench.Report{
		Title:   "optbench: optimizers on the cross-entropy of a " + sw.setup.Net.String() + " network",
		Setup:   sw.about,
		Notes:   sw.notes(runs, wall, target),
		Tables:  []bench.Table{bench.RunsTable(runs, true)},
		Figures: figs,
	}
	names := []string{"runs.csv"}
	if sw.starts > 1 {
		sums := bench.Summarize(runs, target)
		rep.Tables, rep.After = []bench.Table{bench.SummaryTable(sums), bench.ConvergenceTable(bench.ConvergenceRows(runs, sums))}, rep.Tables
		names = []string{"summary.csv", "convergence.csv", "runs.csv"}
	}
	return out.WriteFiles(runs, rep, names)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// failureNotes says why runs ended in error, one line per distinct cause
// (at most 5), so that a table's "error" is never left unexplained.
func failureNotes(runs []bench.Run) []string {
	var notes []string
	seen := map[string]int{}
	for _, r := range runs {
		if r.Result.Status != solvers.Failed {
			continue
		}
		key := r.Label + " " + string(r.Gradient) + ": " + r.Result.Message
		if seen[key]++; seen[key] > 1 {
			continue
		}
		if len(notes) == 5 {
			notes = append(notes, "(more runs ended in error: see the message field of -format json)")
			break
		}
		notes = append(notes, fmt.Sprintf("Error in %s (start %d): %s", r.Label+" "+string(r.Gradient), r.Start, oneLine(r.Result.Message)))
	}
	return notes
}

// oneLine cuts a message to one line of at most 300 characters.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}

// startsNote says how many starts each row holds: all of them, or, after an
// interrupt, fewer in some rows.
func (sw sweep) startsNote(runs []bench.Run) string {
	least := sw.starts
	for _, g := range bench.Groups(runs) {
		least = min(least, len(g.Runs))
	}
	if least < sw.starts {
		return fmt.Sprintf("%d to %d starts per row (the interrupt stopped the others)", least, sw.starts)
	}
	return fmt.Sprintf("%d starts per row", sw.starts)
}
