package objective

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxLineBytes bounds one line of a CSV file (a quoted field's line breaks
// start new lines): a longer one is refused before it is read whole.
const MaxLineBytes = 1 << 20

// textReader passes a file's bytes through while checking that they are
// text: UTF-8 with no NUL byte and no line longer than MaxLineBytes. It
// stops at the first bad byte, with an error naming its line and column,
// and at a cancelled context, so a huge or binary file is refused after
// the bytes that show it, not read whole. A leading byte order mark is
// dropped.
type textReader struct {
	r    *bufio.Reader
	ctx  context.Context
	name string

	started bool
	line    int // 1-based line of the next byte
	col     int // bytes of the current line so far
	carry   [utf8.UTFMax]byte
	ncarry  int // bytes of an incomplete rune at the end of the last chunk
	scratch []byte
	err     error
	bytesIn int64
}

func newTextReader(ctx context.Context, r io.Reader, name string) *textReader {
	return &textReader{r: bufio.NewReaderSize(r, 64<<10), ctx: ctx, name: name, line: 1}
}

func (t *textReader) Read(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	if err := t.ctx.Err(); err != nil {
		t.err = err
		return 0, err
	}
	if !t.started {
		t.started = true
		if bom, _ := t.r.Peek(3); string(bom) == "\ufeff" {
			t.r.Discard(3)
		}
	}
	n, err := t.r.Read(p)
	t.bytesIn += int64(n)
	if good, cerr := t.check(p[:n], err == io.EOF); cerr != nil {
		// Deliver the bytes before the fault first, so that the reader
		// meets faults in file order whatever the sizes of the reads.
		t.err = cerr
		if good > 0 {
			return good, nil
		}
		return 0, cerr
	}
	if err != nil {
		t.err = err
	}
	return n, err
}

// check validates chunk, which follows the carried bytes of an incomplete
// rune; at the end of the file an incomplete rune is bad. On a fault it
// returns how many bytes of chunk come before it.
func (t *textReader) check(chunk []byte, atEOF bool) (int, error) {
	buf := chunk
	carried := t.ncarry
	if t.ncarry > 0 {
		t.scratch = append(append(t.scratch[:0], t.carry[:t.ncarry]...), chunk...)
		buf = t.scratch
		t.col -= t.ncarry // counted again below
		t.ncarry = 0
	}
	at := func(i int) int { return max(0, i-carried) }
	for i := 0; i < len(buf); {
		c := buf[i]
		if c < utf8.RuneSelf {
			switch c {
			case 0:
				return at(i), t.bad(c)
			case '\n':
				t.line, t.col = t.line+1, 0
			default:
				t.col++
			}
			i++
		} else {
			if !utf8.FullRune(buf[i:]) && !atEOF {
				t.ncarry = copy(t.carry[:], buf[i:])
				t.col += t.ncarry
				return len(chunk), nil
			}
			r, size := utf8.DecodeRune(buf[i:])
			if r == utf8.RuneError && size == 1 {
				return at(i), t.bad(c)
			}
			t.col += size
			i += size
		}
		if t.col > MaxLineBytes {
			return at(i), fmt.Errorf("%s:%d: line longer than %d bytes: not a CSV file of samples", t.name, t.line, MaxLineBytes)
		}
	}
	return len(chunk), nil
}

func (t *textReader) bad(c byte) error {
	return fmt.Errorf("%s:%d:%d: not a text file (byte 0x%02x is not UTF-8 text)", t.name, t.line, t.col+1, c)
}

// quoteTrimmer drops the spaces and tabs between a quoted field's closing
// quote and the comma or line end that follows, which encoding/csv refuses
// and Python's csv module and pandas accept: "x0" , "x1" ,class reads as
// x0,x1,class. Anything else passes unchanged, for encoding/csv to judge.
type quoteTrimmer struct {
	in  *bufio.Reader
	out []byte // transformed bytes not yet delivered
	buf []byte
	err error

	inQuote    bool // inside a quoted field
	quoteSeen  bool // inside a quoted field, a '"' that may close it or be doubled
	afterClose bool // right after a closing quote
	fieldStart bool // only spaces since the last comma or line end
	spaces     []byte
}

func newQuoteTrimmer(r io.Reader) *quoteTrimmer {
	return &quoteTrimmer{in: bufio.NewReaderSize(r, 64<<10), fieldStart: true}
}

func (q *quoteTrimmer) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(q.out) > 0 {
			k := copy(p[n:], q.out)
			q.out = q.out[k:]
			n += k
			continue
		}
		q.out = q.buf[:0]
		if q.err != nil {
			break
		}
		c, err := q.in.ReadByte()
		if err != nil {
			q.err = err
			if q.quoteSeen {
				q.out = append(q.out, '"')
			}
			q.buf = q.out
			continue
		}
		q.process(c)
		q.buf = q.out
	}
	if n == 0 && q.err != nil {
		return 0, q.err
	}
	return n, nil
}

func (q *quoteTrimmer) process(c byte) {
	if q.quoteSeen {
		q.quoteSeen = false
		if c == '"' { // a doubled quote: still inside
			q.out = append(q.out, '"', '"')
			return
		}
		q.inQuote, q.afterClose = false, true
		q.out = append(q.out, '"')
	}
	if q.afterClose {
		if c == ' ' || c == '\t' {
			q.spaces = append(q.spaces, c)
			return
		}
		q.afterClose = false
		if c != ',' && c != '\n' && c != '\r' {
			q.out = append(q.out, q.spaces...)
		}
		q.spaces = q.spaces[:0]
	}
	if q.inQuote {
		if c == '"' {
			q.quoteSeen = true
			return
		}
		q.out = append(q.out, c)
		return
	}
	switch {
	case c == '"' && q.fieldStart:
		q.inQuote, q.fieldStart = true, false
	case c == ',' || c == '\n':
		q.fieldStart = true
	case c == ' ' || c == '\t' || c == '\r':
	default:
		q.fieldStart = false
	}
	q.out = append(q.out, c)
}

// maxQuoted is about the most bytes of a file's content one error message
// quotes.
const maxQuoted = 200

// shown is a value from a file as an error message shows it: quoted, with
// control bytes escaped, and cut to 40 characters and 100 bytes of quoted
// text with an ellipsis, so the message stays one short line whatever the
// file holds.
func shown(s string) string {
	const most, bytes = 40, maxQuoted / 2
	cut, n := 0, 0
	for cut < len(s) && n < most {
		_, size := utf8.DecodeRuneInString(s[cut:])
		if len(strconv.Quote(s[:cut+size])) > bytes {
			break
		}
		cut += size
		n++
	}
	if cut < len(s) {
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}

// hidden stands for a value of a file whose content messages do not
// show (CSVOptions.HideContent).
func hidden(s string) string {
	return fmt.Sprintf("(%d bytes, not shown)", len(s))
}

// quoted is a column name as show shows it, quoted when it is shown.
func quoted(show func(string) string, s string) string {
	if v := show(s); strings.HasPrefix(v, `"`) || strings.HasPrefix(v, "(") {
		return v
	}
	return strconv.Quote(s)
}

// column is a column name as messages show it: as it is when it is short
// plain text, otherwise as shown.
func column(s string) string {
	if utf8.RuneCountInString(s) <= 40 && !strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return s
	}
	return shown(s)
}
