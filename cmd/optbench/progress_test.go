package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestCounterLine: the counter line is redrawn in place (a carriage
// return, never a newline), fits the terminal less one column whatever
// its label, erases what is left of a longer line, waits throttle between
// redraws but for a new label, and Clear leaves a blank line.
func TestCounterLine(t *testing.T) {
	for _, width := range []int{60, 30, 12, 1} {
		var out bytes.Buffer
		clock := time.Unix(0, 0)
		c := newCounterLine(&out, width, 1000, progressLabel(0, 40))
		c.now = func() time.Time { return clock }
		c.began = clock

		_ = c.Add(1) // the first draws at once
		clock = clock.Add(10 * time.Millisecond)
		_ = c.Add(1) // within throttle: not drawn
		if n := strings.Count(out.String(), "\r"); n != 1 {
			t.Errorf("width %d: %d redraws within the throttle, want 1: %q", width, n, out.String())
		}
		c.Describe(progressLabel(12, 40)) // a new label: drawn
		clock = clock.Add(time.Second)
		_ = c.Add(498) // half the budget in 1.01 s: about 1 s left
		c.Describe(strings.Repeat("long label ", 10))
		c.Describe(progressLabel(40, 40)) // shorter again
		text := out.String()
		if strings.Contains(text, "\n") {
			t.Errorf("width %d: a newline in %q", width, text)
		}
		draws := strings.Split(text, "\r")[1:]
		if len(draws) != 5 {
			t.Errorf("width %d: %d draws, want 5: %q", width, len(draws), text)
		}
		for _, d := range draws {
			if n := utf8.RuneCountInString(d); n > max(width-1, 1) {
				t.Errorf("width %d: a line of %d columns: %q", width, n, d)
			}
		}
		if width == 60 {
			if want := "runs 12/40  50% [1s:1s]"; draws[2] != want {
				t.Errorf("width 60: line %q, want %q", draws[2], want)
			}
			if last, prev := draws[4], draws[3]; len(last) != len(prev) || !strings.HasPrefix(last, "runs 40/40  50% [1s:1s]") || strings.TrimRight(last, " ") != "runs 40/40  50% [1s:1s]" {
				t.Errorf("width 60: a shorter line %q does not cover %q", last, prev)
			}
		}
		out.Reset()
		if err := c.Clear(); err != nil || strings.ReplaceAll(out.String(), " ", "") != "\r\r" || len(out.String()) != 2+min(max(width-1, 1), len("runs 40/40  50% [1s:1s]")) {
			t.Errorf("width %d: Clear wrote %q (%v)", width, out.String(), err)
		}
	}
}

// TestProgressHiddenOffTerminal: with stderr not a terminal the meter
// shows nothing, legend included.
func TestProgressHiddenOffTerminal(t *testing.T) {
	var errOut bytes.Buffer
	c := &sweepRun{stderr: &errOut}
	m, visible := c.progress(100, 4)
	_ = m.Add(50)
	m.Describe(progressLabel(2, 4))
	_ = m.Exit()
	_ = m.Clear()
	if visible || errOut.Len() != 0 {
		t.Errorf("visible %v, wrote %q", visible, errOut.String())
	}
	if legend := progressLegend(4); strings.Count(legend, "\n") != 1 || !strings.Contains(legend, "[elapsed:left]") || !strings.Contains(legend, "iterations") {
		t.Errorf("legend %q", legend)
	}
}
