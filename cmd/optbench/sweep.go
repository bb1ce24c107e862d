package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
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
	problems         []*bench.Problem
	specs            []bench.Spec // this shard's
	desc             bench.Description
	workers          int
	objectiveWorkers int
	format           string
	outDir           string
	starts           int
	seed             uint64
	stderr           io.Writer

	classNote string               // the class names of a data file, if it had names
	maxIter   func(bench.Spec) int // each run's iteration limit, for the progress bar
	about     []bench.KV           // what was run, for report.html
}

func (sw sweep) run(ctx context.Context, stdout io.Writer) error {
	var out *bench.Output
	var done []bench.Run
	todo := sw.specs
	if sw.outDir != "" {
		var warnings []error
		var err error
		if out, done, todo, warnings, err = bench.OpenSweep(sw.outDir, sw.desc, sw.specs); err != nil {
			return fmt.Errorf("-out: %w", err)
		}
		defer out.Close()
		for _, w := range warnings {
			fmt.Fprintf(sw.stderr, "optbench: %v; that run is done again\n", w)
		}
		if len(done) > 0 {
			fmt.Fprintf(sw.stderr, "optbench: resuming %s: %d of %d runs done, %d to go\n", sw.outDir, len(done), len(sw.specs), len(todo))
		}
	}
	// The bar counts iterations, so that a single long run shows progress
	// too: every run is budgeted its maxiter, and what a run did not use is
	// added when it ends.
	budget := 0
	for _, sp := range todo {
		budget += sw.maxIter(sp)
	}
	bar, visible := sw.progress(budget, len(todo))
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
	began := time.Now()
	runs := bench.ExecuteWith(ctx, todo, sw.workers, sw.objectiveWorkers, func(r bench.Run) {
		if out != nil {
			if err := out.Record(r); err != nil {
				errOnce.Do(func() { recordErr = err })
			}
		}
		if visible {
			bar.Describe(progressLabel(int(finished.Add(1)), len(todo)))
			_ = bar.Add(max(0, sw.maxIter(r.Spec)-r.Result.Nit))
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
	runs = sw.inOrder(append(done, runs...))

	if len(runs) == 0 {
		w := stdout
		if sw.format == "json" || sw.format == "csv" {
			w = sw.stderr // machine formats keep stdout parseable
		}
		fmt.Fprintln(w, "No run finished: nothing to summarize.")
		return ctx.Err()
	}
	a := bench.Analyze(runs)
	if err := sw.print(stdout, a, wall); err != nil {
		return err
	}
	if interrupted {
		return ctx.Err()
	}
	if out != nil {
		if err := sw.writeFiles(out, a, wall); err != nil {
			return fmt.Errorf("-out %s: %w", sw.outDir, err)
		}
	}
	return nil
}

// inOrder sorts runs into the sweep's order, whatever order they were read
// or finished in.
func (sw sweep) inOrder(runs []bench.Run) []bench.Run {
	index := map[string]int{}
	for i, sp := range sw.specs {
		index[sp.RunID()] = i
	}
	slices.SortStableFunc(runs, func(a, b bench.Run) int { return index[a.RunID()] - index[b.RunID()] })
	return runs
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
func (sw sweep) progress(n, runs int) (*progressbar.ProgressBar, bool) {
	f, ok := sw.stderr.(*os.File)
	visible := ok && term.IsTerminal(int(f.Fd()))
	return progressbar.NewOptions(n,
		progressbar.OptionSetWriter(sw.stderr),
		progressbar.OptionSetVisibility(visible),
		progressbar.OptionSetDescription(progressLabel(0, runs)),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	), visible
}

func (sw sweep) print(w io.Writer, a bench.Analysis, wall time.Duration) error {
	switch sw.format {
	case "json":
		if sw.classNote != "" {
			fmt.Fprintln(sw.stderr, sw.classNote)
		}
		return bench.WriteJSON(w, a.Runs)
	case "csv":
		if sw.classNote != "" {
			fmt.Fprintln(sw.stderr, sw.classNote)
		}
	}
	return a.Print(w, sw.format, sw.notes(a, wall))
}

// notes are what the tables need said: the problem and how long the sweep
// took, the class names of a data file, why runs failed, and the
// analysis's notes on f*, targets and minima.
func (sw sweep) notes(a bench.Analysis, wall time.Duration) []string {
	runs := a.Runs
	how := fmt.Sprintf("%s in %s on %s.", plural(len(runs), "run"), wall.Round(time.Millisecond),
		plural(min(sw.workers, max(len(runs), 1)), "worker"))
	var notes []string
	if len(sw.problems) == 1 {
		notes = append(notes, upper(sw.problems[0].Desc)+"; "+how)
	} else {
		notes = append(notes, fmt.Sprintf("%d problems; %s", len(sw.problems), how))
	}
	if sw.classNote != "" {
		notes = append(notes, sw.classNote)
	}
	notes = append(notes, failureNotes(runs, len(sw.problems) > 1)...)
	more := a.Notes()
	if len(more) > 0 {
		more[0] = fmt.Sprintf("%s, seed %d. %s", sw.startsNote(runs), sw.seed, more[0])
	}
	return append(notes, more...)
}

func (sw sweep) writeFiles(out *bench.Output, a bench.Analysis, wall time.Duration) error {
	title := "optbench: optimizers on " + plural(len(sw.problems), "problem")
	if len(sw.problems) == 1 {
		title = "optbench: optimizers on the " + sw.problems[0].Desc
	}
	rep, err := a.Report(title, sw.about, sw.notes(a, wall))
	if err != nil {
		return err
	}
	return out.WriteFiles(a.Runs, rep)
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

// failureNotes says why runs ended in error, one line per distinct cause
// (at most 5), so that a table's "error" is never left unexplained.
func failureNotes(runs []bench.Run, withProblem bool) []string {
	var notes []string
	seen := map[string]int{}
	for _, r := range runs {
		if r.Result.Status != solvers.Failed {
			continue
		}
		key := r.Problem.Name + " " + r.Label + " " + string(r.Gradient) + ": " + r.Result.Message
		if seen[key]++; seen[key] > 1 {
			continue
		}
		if len(notes) == 5 {
			notes = append(notes, "(more runs ended in error: see the message field of -format json)")
			break
		}
		where := r.Label + " " + string(r.Gradient)
		if withProblem {
			where = r.Problem.Name + ", " + where
		}
		notes = append(notes, fmt.Sprintf("Error in %s (start %d): %s", where, r.Start, oneLine(r.Result.Message)))
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
	switch {
	case sw.desc.Shard.Count > 1:
		most := 0
		for _, g := range bench.Groups(runs) {
			most = max(most, len(g.Runs))
		}
		return fmt.Sprintf("Shard %s of the sweep: %d to %d of its %d starts per row", sw.desc.Shard, least, most, sw.starts)
	case least < sw.starts:
		return fmt.Sprintf("%d to %d starts per row (the interrupt stopped the others)", least, sw.starts)
	}
	return fmt.Sprintf("%d starts per row", sw.starts)
}
