package main

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// terminalWriter passes text to w with every control character but
// newline (C0, DEL, C1: what starts a terminal's escape sequences) and
// every bidirectional control (U+202E turns the rest of a line around)
// written as a \u escape, and every byte that is not UTF-8 as \xXX. report and
// diff print what results files and sweep.json hold (labels, messages,
// problem names, the sweep's command): an ESC[2J in a label must reach the
// terminal as text, not clear it. Tables, notes and skipped lines all pass
// here, and the command's error through terminalError. JSON output is
// unchanged (encoding/json escapes C0 itself; a C1 character becomes the
// same character's \u escape); CSV output holds the escapes instead.
type terminalWriter struct {
	w       io.Writer
	pending []byte // the start of a UTF-8 sequence cut by the end of a Write
	buf     []byte
}

func newTerminalWriter(w io.Writer) *terminalWriter { return &terminalWriter{w: w} }

// Write writes p escaped; it holds back at most 3 bytes of a character cut
// in two by the end of p, which Flush writes if nothing completes them.
func (t *terminalWriter) Write(p []byte) (int, error) {
	in := p
	if len(t.pending) > 0 {
		in = append(t.pending, p...)
		t.pending = nil
	}
	out := t.buf[:0]
	for i := 0; i < len(in); {
		c := in[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n' || c == '\t':
				out = append(out, c)
			case c < 0x20 || c == 0x7f:
				out = fmt.Appendf(out, `\u%04x`, c)
			default:
				out = append(out, c)
			}
			i++
			continue
		}
		if !utf8.FullRune(in[i:]) && len(in)-i < utf8.UTFMax {
			t.pending = append([]byte(nil), in[i:]...)
			break
		}
		r, size := utf8.DecodeRune(in[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = fmt.Appendf(out, `\x%02x`, c)
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r):
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, in[i:i+size]...)
		}
		i += size
	}
	t.buf = out
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes the bytes held back by the last Write, escaped: they never
// became a character.
func (t *terminalWriter) Flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	var out []byte
	for _, c := range t.pending {
		out = fmt.Appendf(out, `\x%02x`, c)
	}
	t.pending = nil
	_, err := t.w.Write(out)
	return err
}

// terminalError is err with its message escaped as terminalWriter escapes
// text; errors.Is and errors.As see err.
type terminalError struct{ err error }

func (e terminalError) Error() string {
	var b escapedText
	w := newTerminalWriter(&b)
	io.WriteString(w, e.err.Error())
	w.Flush()
	return string(b)
}

func (e terminalError) Unwrap() error { return e.err }

type escapedText []byte

func (b *escapedText) Write(p []byte) (int, error) { *b = append(*b, p...); return len(p), nil }

// forTerminal escapes report's and diff's output and error (see
// terminalWriter): it returns the writers to use and a function that
// flushes them and wraps the error.
func forTerminal(stdout, stderr io.Writer) (out, errOut *terminalWriter, done func(error) error) {
	out, errOut = newTerminalWriter(stdout), newTerminalWriter(stderr)
	return out, errOut, func(err error) error {
		out.Flush()
		errOut.Flush()
		if err == nil {
			return nil
		}
		return terminalError{err}
	}
}

// maxWord is the longest run of characters without a space that an error
// line shows whole: longer ones, a value given on the command line or read
// from a file, are cut in the middle. maxErrorLine bounds the line.
const (
	maxWord      = 200
	maxErrorLine = 2000
)

// errorLine is err's message fit for one line of a terminal: escaped as
// terminalWriter escapes text, every word longer than maxWord bytes cut to
// its first and last bytes with the number of bytes left out, and the
// whole cut at maxErrorLine bytes. Errors quote what they were given, and
// what they were given may be 100 kB.
func errorLine(err error) string {
	msg := terminalError{err}.Error()
	var b strings.Builder
	for i := 0; i < len(msg); {
		j := i
		for j < len(msg) && msg[j] != ' ' {
			j++
		}
		word := msg[i:j]
		if len(word) > maxWord {
			head, tail := cutAt(word, maxWord*2/3), word[len(cutAt(word, len(word)-maxWord/4)):]
			fmt.Fprintf(&b, "%s…(%d bytes)…%s", head, len(word)-len(head)-len(tail), tail)
		} else {
			b.WriteString(word)
		}
		if j < len(msg) {
			b.WriteByte(' ')
		}
		i = j + 1
	}
	line := b.String()
	if len(line) > maxErrorLine {
		line = cutAt(line, maxErrorLine) + "…"
	}
	return line
}

// cutAt is s cut to at most n bytes, not inside a UTF-8 sequence.
func cutAt(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
