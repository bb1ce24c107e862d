package results

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// Bounds on a record's parts, far above what any optbench or scipy run
// writes (a label of a method grid is under 200 bytes, a method has under
// 10 parameters, a problem under 10 metrics), so that a line cannot make
// its reader build what no run has.
const (
	maxName     = 1 << 10  // bytes of a run id, label, method, problem, engine, gradient, Hessian mode, key or value
	maxMessage  = 16 << 10 // bytes of a message, a cause or a warning
	maxLog      = 1 << 20  // bytes of a run's log (bbob's COCO lines: a few hundred lines of at most 40 values)
	maxParams   = 100
	maxMetrics  = 100
	maxWarnings = 100 // a method warns a few times a run at most
)

// check refuses, with ErrBadRecord, what no record of any problem may
// hold: an unknown status, negative counts, times that are not durations,
// names too long to be names, a message, cause or warning too long to be
// one, more parameters, metrics or warnings than any method or problem
// has, and iterates of different lengths.
func (rec *Record) check() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBadRecord}, args...)...)
	}
	for _, f := range []struct{ name, v string }{
		{"run_id", rec.RunID}, {"engine", rec.Engine}, {"problem", rec.Problem}, {"method", rec.Method}, {"label", rec.Label},
		{"gradient", rec.Gradient}, {"hessian", rec.Hessian}, {"status", rec.Status},
	} {
		if len(f.v) > maxName {
			return bad("%s is %d bytes long, at most %d", f.name, len(f.v), maxName)
		}
	}
	if len(rec.Message) > maxMessage {
		return bad("message is %d bytes long, at most %d", len(rec.Message), maxMessage)
	}
	if len(rec.Cause) > maxMessage {
		return bad("cause is %d bytes long, at most %d", len(rec.Cause), maxMessage)
	}
	if len(rec.Warnings) > maxWarnings {
		return bad("%d warnings, at most %d", len(rec.Warnings), maxWarnings)
	}
	for i, w := range rec.Warnings {
		if len(w) > maxMessage {
			return bad("warning %d is %d bytes long, at most %d", i, len(w), maxMessage)
		}
	}
	if _, err := solvers.ParseStatus(rec.Status); err != nil {
		return bad("status %s (valid: success, maxiter, maxfev, timeout, stalled, nan, error, interrupted, target)", quote(rec.Status))
	}
	if len(rec.Log) > maxLog {
		return bad("log is %d bytes long, at most %d", len(rec.Log), maxLog)
	}
	if rec.Budget > 0 && rec.Nfev > rec.Budget {
		return bad("nfev %d is past the run's budget of %d evaluations", rec.Nfev, rec.Budget)
	}
	if l := bytes.TrimSpace(rec.Log); len(l) > 0 && l[0] != '{' {
		// null, a number, a string: no observer writes one (bench/coco
		// checks the object itself when it writes COCO's files).
		return bad("log %s is not an object", quote(cutLog(l)))
	}
	if len(rec.Params) > maxParams {
		return bad("%d parameters, at most %d", len(rec.Params), maxParams)
	}
	for _, s := range rec.Params {
		if v, ok := s.Value.(string); len(s.Key) > maxName || ok && len(v) > maxName {
			return bad("parameter %s is too long", quote(s.Key))
		}
	}
	if len(rec.Metrics) > maxMetrics {
		return bad("%d metrics, at most %d", len(rec.Metrics), maxMetrics)
	}
	for _, m := range rec.Metrics {
		if len(m.Key) > maxName {
			return bad("metric %s is too long", quote(m.Key))
		}
	}
	for _, c := range []struct {
		name string
		v    int
	}{{"start", rec.Start}, {"nit", rec.Nit}, {"nfev", rec.Nfev}, {"njev", rec.Njev}, {"nhev", rec.Nhev}, {"budget", rec.Budget}, {"restarts", rec.Restarts}} {
		if c.v < 0 {
			return bad("%s %d is negative", c.name, c.v)
		}
	}
	if !duration(rec.TimeS) {
		return bad("time_s %v: want seconds from 0 to %.0f", float64(rec.TimeS), maxSeconds)
	}
	n := len(rec.X0)
	if n == 0 {
		n = len(rec.X)
	}
	if len(rec.X) != 0 && len(rec.X) != n {
		return bad("x has %d values and x0 %d", len(rec.X), len(rec.X0))
	}
	for i, p := range rec.Trace {
		switch {
		case p.Iter < 0 || p.Nfev < 0 || p.Njev < 0 || p.Nhev < 0:
			return bad("trace point %d has a negative count", i)
		case !duration(p.TimeS):
			return bad("trace point %d: time_s %v: want seconds from 0 to %.0f", i, float64(p.TimeS), maxSeconds)
		case len(p.X) != 0 && len(p.X) != n:
			return bad("trace point %d has an x of %d values, the run's x0 %d", i, len(p.X), n)
		}
	}
	return nil
}

// fits refuses, with ErrBadRecord, a record whose vectors are not of its
// problem's dimension (a record of a network of another shape, say):
// x0 has it (or is missing, in records older than x0), x and the trace's
// iterates have it or are empty.
func (rec *Record) fits(p *bench.Problem) error {
	for _, v := range []struct {
		name string
		n    int
	}{{"x0", len(rec.X0)}, {"x", len(rec.X)}} {
		if v.n != 0 && v.n != p.Dim {
			return fmt.Errorf("%w: %s has %d values, problem %s has dimension %d", ErrBadRecord, v.name, v.n, quote(p.Name), p.Dim)
		}
	}
	for i, tp := range rec.Trace {
		if len(tp.X) != 0 && len(tp.X) != p.Dim {
			return fmt.Errorf("%w: trace point %d has an x of %d values, problem %s has dimension %d", ErrBadRecord, i, len(tp.X), quote(p.Name), p.Dim)
		}
	}
	return nil
}

// duration says whether s seconds is a time.Duration (NaN, written null,
// is no time at all).
func duration(s Float) bool {
	return math.IsNaN(float64(s)) || s >= 0 && float64(s) <= maxSeconds
}

// quote is s as a Go string literal, cut to about maxQuote bytes: how an
// error names a value read from a file.
func quote(s string) string {
	if len(s) > maxQuote {
		cut := maxQuote
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}

// excerpt is an error message fit for one line of a terminal: every
// control character (C0, DEL, C1) and invalid byte escaped, and cut to
// about maxQuote+100 bytes (at most maxQuote of them a file's content: the
// rest is the message's own words).
func excerpt(s string) string {
	const most = maxQuote + 100
	var b strings.Builder
	for i := 0; i < len(s); {
		if b.Len() >= most {
			b.WriteString("…")
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// cutLog is the start of a log, for a message.
func cutLog(l []byte) string {
	if len(l) > 40 {
		return string(l[:40]) + "..."
	}
	return string(l)
}
