package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/optbench/optbench/bench"
)

// meter is what a sweep's progress is shown on: a bar on a wide terminal
// (progressbar's), a counter line on a narrow one (counterLine), or
// nothing when stderr is not a terminal.
type meter interface {
	Add(n int) error   // n more iterations done
	Describe(s string) // the runs finished (progressLabel)
	Exit() error       // the sweep ended
	Clear() error      // erase the line, so that what follows starts clean
}

// narrowColumns is the widest terminal that gets a counter line rather
// than a bar: the bar's line (the runs, the bar, its counts and times)
// needs about 70 columns, and progressbar shrinks the bar to nothing on
// a narrower terminal while the rest of the line still wraps, so that
// each redraw leaves a line behind.
const narrowColumns = 60

// progressBudget is the iterations the progress meter counts for todo:
// each run's bench.Sweep.MaxIter, its method's own limit (its maxiter, or
// scipy's: Powell's 1000n, L-BFGS-B's 15000, TNC's maxfun). The sum does
// not overflow: MaxIter is at most math.MaxInt / bench.MaxRuns.
func progressBudget(sw *bench.Sweep, todo []bench.Spec) int {
	budget := 0
	for _, sp := range todo {
		budget += sw.MaxIter(sp.Problem, sp.Solver)
	}
	return budget
}

// progressLabel is the meter's label: the runs finished of all.
func progressLabel(done, total int) string {
	return fmt.Sprintf("runs %d/%d", done, total)
}

// progressLegend is said once, on its own line, before the meter: what
// it counts, so that the line redrawn stays short.
func progressLegend(runs int) string {
	return fmt.Sprintf("optbench: %d runs; progress in iterations, each run budgeted its method's limit; [elapsed:left]\n", runs)
}

// progress is the meter of a sweep of runs runs and a budget of n
// iterations on stderr: a bar with the time left when stderr is a
// terminal wider than narrowColumns, a counter line on a narrower one,
// and a silent bar otherwise; visible says whether anything is shown. It
// counts work, not runs: every run is budgeted the iterations its method
// may take (bench.Sweep.MaxIter), each iteration it takes adds one, and
// what it leaves unused is added when it ends, so a single long run moves
// the meter too. The time left is the time so far times the budget left
// over the budget done; runs that end early make it optimistic, long ones
// that come last make it grow again.
func (c *sweepRun) progress(n, runs int) (m meter, visible bool) {
	f, ok := c.stderr.(*os.File)
	visible = ok && term.IsTerminal(int(f.Fd()))
	if visible {
		fmt.Fprint(c.stderr, progressLegend(runs))
		if width, _, err := term.GetSize(int(f.Fd())); err == nil && width <= narrowColumns {
			return newCounterLine(c.stderr, width, n, progressLabel(0, runs)), true
		}
	}
	return progressbar.NewOptions(n,
		progressbar.OptionSetWriter(c.stderr),
		progressbar.OptionSetVisibility(visible),
		progressbar.OptionSetDescription(progressLabel(0, runs)),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	), visible
}

// counterLine is the progress of a sweep as one line of text that fits a
// narrow terminal, "runs 3/10 42% [12s:17s]", redrawn in place at most
// every throttle (and whenever its label changes), cut to the terminal's
// width less one column so that it never wraps. It is safe for
// concurrent use, as the runs' callbacks need.
type counterLine struct {
	mu       sync.Mutex
	w        io.Writer
	width    int // the terminal's columns
	total    int // iterations budgeted
	done     int
	label    string
	began    time.Time
	last     time.Time // of the last redraw
	drawn    int       // the columns of the last line drawn
	throttle time.Duration
	now      func() time.Time
}

func newCounterLine(w io.Writer, width, total int, label string) *counterLine {
	c := &counterLine{w: w, width: width, total: total, label: label, throttle: 100 * time.Millisecond, now: time.Now}
	c.began = c.now()
	return c
}

// Add counts n more iterations, redrawing the line when throttle has
// passed since the last redraw.
func (c *counterLine) Add(n int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done += n
	return c.draw(false)
}

// Describe sets the label and redraws the line.
func (c *counterLine) Describe(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.label = s
	_ = c.draw(true) // progress is shown as it can be: a failed write stops nothing
}

// Exit draws nothing more: the line stays until Clear.
func (c *counterLine) Exit() error { return nil }

// Clear erases the line and leaves the cursor at its start.
func (c *counterLine) Clear() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.drawn == 0 {
		return nil
	}
	_, err := fmt.Fprintf(c.w, "\r%s\r", strings.Repeat(" ", c.drawn))
	c.drawn = 0
	return err
}

// line is the text of the counter: the label, the share of the budget
// done and the times, elapsed and left (estimated as progress does).
func (c *counterLine) line() string {
	elapsed := c.now().Sub(c.began)
	pct := 100.0
	if c.total > 0 {
		// Down, so that 100 % means done, never 99.6 % of the way.
		pct = math.Floor(100 * float64(min(c.done, c.total)) / float64(c.total))
	}
	left := "?"
	if c.done > 0 && c.total >= c.done {
		left = (time.Duration(float64(elapsed) * float64(c.total-c.done) / float64(c.done))).Round(time.Second).String()
	}
	return fmt.Sprintf("%s %3.0f%% [%s:%s]", c.label, pct, elapsed.Round(time.Second), left)
}

// draw writes the line over the last, padded with spaces over what is
// left of a longer one; unless force, not within throttle of the last.
func (c *counterLine) draw(force bool) error {
	t := c.now()
	if !force && !c.last.IsZero() && t.Sub(c.last) < c.throttle {
		return nil
	}
	c.last = t
	s := c.line()
	if limit := max(c.width-1, 1); utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit])
	}
	cols := utf8.RuneCountInString(s)
	pad := strings.Repeat(" ", max(c.drawn-cols, 0))
	c.drawn = cols
	_, err := fmt.Fprintf(c.w, "\r%s%s", s, pad)
	return err
}
