package results

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeTrace decodes b, one JSON value, into *t exactly as
// json.Unmarshal(b, t) does, but with a scanner of its own: a report
// decodes millions of trace points, and encoding/json spends most of its
// time on them in reflection. A trace of more than most points is an
// error, found before more than most are decoded.
//
// For every valid JSON value b the outcome is encoding/json's:
//
//   - null sets *t to nil and [] to an empty slice; anything else but an
//     array is an error;
//   - a point is an object, or null, which leaves the point as it was;
//     anything else is an error;
//   - a key names a field as encoding/json matches it: unescaped, then
//     case-folded with its rule (foldKey), so "ITER" is iter and "time_ſ"
//     time_s; a repeated key's last value wins; other keys are skipped,
//     whatever their values;
//   - an int field takes a JSON number that is an integer in an int's
//     range (not 1.0, 1e2 or "1"), a Float field what Float.UnmarshalJSON
//     takes (a number in float64's range, or null as NaN), and x null (as
//     nil) or an array of Floats; null leaves an int field as it was;
//   - like encoding/json, it decodes into the slice it is given, up to its
//     capacity, and into each point's x: a field a point leaves out keeps
//     the value it had.
//
// The one difference is in the error, not in whether there is one: where
// encoding/json keeps going after a value of the wrong type and reports
// the first at the end, decodeTrace stops at the first error of any kind.
// An invalid b is an error (not necessarily encoding/json's) and never a
// panic.
func decodeTrace(t *[]TraceRecord, b []byte, most int) error {
	d := traceDecoder{b: b, point: -1}
	d.space()
	switch d.peek() {
	case 'n':
		if err := d.literal("null"); err != nil {
			return err
		}
		*t = nil
		return d.end()
	case '[':
		d.off++
	default:
		v, err := d.value()
		if err != nil {
			return err
		}
		return fmt.Errorf("a trace is a JSON array of points, not %s", snippet(v))
	}
	s := *t
	// Every point optbench writes is an object: their number is that of
	// the {, which costs little to count, and the slice is allocated once.
	// A point may be null too (a zero point, as encoding/json makes it):
	// those are counted in, so that a trace of nulls is not grown point
	// by point to most (an over-count is cut at most).
	if n := min(bytes.Count(b, []byte{'{'})+bytes.Count(b, []byte("null")), most); n > cap(s) {
		s = grow(s, n)
	}
	i := 0
	for d.space(); d.peek() != ']'; i++ {
		if i > 0 {
			if err := d.expect(','); err != nil {
				return err
			}
			d.space()
		}
		switch {
		case i == most:
			return fmt.Errorf("a trace of more than %d points", most)
		case i == cap(s):
			s = grow(s, min(2*i+4, most))
		}
		if i >= len(s) {
			s = s[:i+1]
		}
		d.point = i
		if err := d.record(&s[i]); err != nil {
			return err
		}
		d.point = -1
		d.space()
	}
	d.off++ // the ]
	if i == 0 {
		s = []TraceRecord{}
	}
	*t = s[:i]
	return d.end()
}

// grow is s with room for n points. As encoding/json grows a slice it
// decodes into, the points past its length are copied too: they are
// decoded into as they are.
func grow(s []TraceRecord, n int) []TraceRecord {
	grown := make([]TraceRecord, n)
	copy(grown, s[:cap(s)])
	return grown[:len(s)]
}

// traceDecoder reads a trace from its JSON, b, from off on.
type traceDecoder struct {
	b     []byte
	off   int
	point int // the index of the point being read, for messages; -1 outside one
}

// errorf is an error of the trace, at the point being read if any.
func (d *traceDecoder) errorf(format string, args ...any) error {
	if d.point >= 0 {
		return fmt.Errorf("trace point %d: %s", d.point, fmt.Sprintf(format, args...))
	}
	return fmt.Errorf(format, args...)
}

// peek is the byte at off, 0 at the end.
func (d *traceDecoder) peek() byte {
	if d.off < len(d.b) {
		return d.b[d.off]
	}
	return 0
}

// space moves past white space.
func (d *traceDecoder) space() {
	for d.off < len(d.b) {
		switch d.b[d.off] {
		case ' ', '\t', '\n', '\r':
			d.off++
		default:
			return
		}
	}
}

// expect moves past c, which must be at off.
func (d *traceDecoder) expect(c byte) error {
	if d.peek() != c {
		return d.unexpected(fmt.Sprintf("%q", c))
	}
	d.off++
	return nil
}

// unexpected is the error of finding something other than want at off.
func (d *traceDecoder) unexpected(want string) error {
	if d.off >= len(d.b) {
		return d.errorf("the JSON ends where %s was due", want)
	}
	return d.errorf("%q where %s was due", d.b[d.off], want)
}

// end checks that nothing but white space follows the trace.
func (d *traceDecoder) end() error {
	d.space()
	if d.off < len(d.b) {
		return fmt.Errorf("%s after the trace", snippet(d.b[d.off:]))
	}
	return nil
}

// record decodes the point at off, an object or null, into p.
func (d *traceDecoder) record(p *TraceRecord) error {
	switch d.peek() {
	case '{':
		d.off++
	case 'n':
		return d.literal("null") // leaves p as it was
	default:
		v, err := d.value()
		if err != nil {
			return err
		}
		return d.errorf("not an object: %s", snippet(v))
	}
	for i := 0; ; i++ {
		d.space()
		if d.peek() == '}' {
			break
		}
		if i > 0 {
			if err := d.expect(','); err != nil {
				return err
			}
			d.space()
		}
		var buf [len("GRAD_NORM")]byte
		key, err := d.key(&buf)
		if err != nil {
			return err
		}
		d.space()
		if err := d.expect(':'); err != nil {
			return err
		}
		d.space()
		switch string(key) {
		case "ITER":
			err = d.int(&p.Iter, "iter")
		case "TIME_S":
			err = d.float(&p.TimeS, "time_s")
		case "FUN":
			err = d.float(&p.Fun, "fun")
		case "GRAD_NORM":
			err = d.float(&p.GradNorm, "grad_norm")
		case "NFEV":
			err = d.int(&p.Nfev, "nfev")
		case "NJEV":
			err = d.int(&p.Njev, "njev")
		case "NHEV":
			err = d.int(&p.Nhev, "nhev")
		case "X":
			err = d.floats(&p.X)
		default:
			_, err = d.value()
		}
		if err != nil {
			return err
		}
	}
	d.off++ // the }
	return nil
}

// key reads the object key at off, folded as encoding/json folds a key to
// find its field (see foldKey), into buf. It returns nil for a key that
// names no field of TraceRecord: one that folds to more than len(buf)
// bytes or to a rune outside ASCII.
func (d *traceDecoder) key(buf *[len("GRAD_NORM")]byte) ([]byte, error) {
	if d.peek() != '"' {
		return nil, d.unexpected("a key")
	}
	// The keys optbench writes are ASCII, without escapes: those are
	// folded as they are read.
	n := 0
	for i := d.off + 1; i < len(d.b); i++ {
		c := d.b[i]
		switch {
		case c == '"':
			d.off = i + 1
			if n > len(buf) {
				return nil, nil
			}
			return buf[:n], nil
		case c == '\\' || c >= utf8.RuneSelf:
			return d.escapedKey(buf)
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		if n < len(buf) {
			buf[n] = c
		}
		n++
	}
	return d.escapedKey(buf)
}

// escapedKey is key for a key with escapes or runes outside ASCII.
func (d *traceDecoder) escapedKey(buf *[len("GRAD_NORM")]byte) ([]byte, error) {
	start := d.off
	if err := d.skipString(); err != nil {
		return nil, err
	}
	s := d.b[start+1 : d.off-1]
	n := 0
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		switch {
		case r == '\\':
			r, size = unescape(s[i:])
		case r >= utf8.RuneSelf:
			r, size = utf8.DecodeRune(s[i:])
		}
		i += size
		r = foldKey(r)
		if r >= utf8.RuneSelf || n == len(buf) {
			return nil, nil
		}
		buf[n] = byte(r)
		n++
	}
	return buf[:n], nil
}

// foldKey is r as encoding/json folds a key's runes before it compares
// the key with its fields' names (foldName in encoding/json's fold.go):
// an ASCII letter upper-cased, any other ASCII rune as it is, and a rune
// outside ASCII the least rune of its Unicode case-folding orbit. So
// U+017F (ſ) folds to S and U+212A (the Kelvin sign) to K.
func foldKey(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		return r
	}
	for {
		next := unicode.SimpleFold(r)
		if next <= r {
			return next
		}
		r = next
	}
}

// unescape is the rune of the escape sequence that s begins with and the
// sequence's length, as encoding/json unquotes it: a \u escape of a
// surrogate is a rune with the \u escape of its pair after it, or U+FFFD
// alone. An invalid sequence is U+FFFD.
func unescape(s []byte) (rune, int) {
	if len(s) < 2 {
		return utf8.RuneError, len(s)
	}
	switch c := s[1]; c {
	case '"', '\\', '/', '\'':
		return rune(c), 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r := hex4(s)
		if r < 0 {
			return utf8.RuneError, 2
		}
		if !utf16.IsSurrogate(r) {
			return r, 6
		}
		if pair := utf16.DecodeRune(r, hex4(s[6:])); pair != unicode.ReplacementChar {
			return pair, 12
		}
		return unicode.ReplacementChar, 6
	}
	return utf8.RuneError, 2
}

// hex4 is the rune of the \uXXXX escape s begins with, -1 if it does not.
func hex4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// int decodes the value at off into the int field named name: an
// integer in an int's range, or null, which leaves it as it was.
func (d *traceDecoder) int(v *int, name string) error {
	if n, ok := d.shortInt(); ok {
		*v = n
		return nil
	}
	raw, err := d.value()
	if err != nil {
		return err
	}
	switch c := raw[0]; {
	case c == 'n':
		return nil
	case c == '-' || '0' <= c && c <= '9':
		if n, ok := parseInt(raw); ok {
			*v = n
			return nil
		}
	}
	return d.errorf("%q is not an integer: %s", name, snippet(raw))
}

// shortInt reads the integer at off if it is one of at most intDigits
// digits, as optbench writes its counts, and says whether it was.
func (d *traceDecoder) shortInt() (int, bool) {
	b, i := d.b, d.off
	neg := i < len(b) && b[i] == '-'
	if neg {
		i++
	}
	start := i
	n := 0
	for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
		n = 10*n + int(b[i]-'0')
	}
	if digits := i - start; digits == 0 || digits > intDigits || digits > 1 && b[start] == '0' {
		return 0, false
	}
	if i < len(b) && (b[i] == '.' || b[i] == 'e' || b[i] == 'E') {
		return 0, false
	}
	d.off = i
	if neg {
		n = -n
	}
	return n, true
}

// intDigits is the number of decimal digits that any number of fits an
// int: 9 for a 32-bit int, 18 for a 64-bit one.
const intDigits = 9 * strconv.IntSize / 32

// parseInt is strconv.ParseInt(string(s), 10, strconv.IntSize) for the
// JSON number s, as encoding/json decodes an int, reading a short integer
// directly.
func parseInt(s []byte) (int, bool) {
	digits := s
	if s[0] == '-' {
		digits = s[1:]
	}
	if len(digits) == 0 || len(digits) > intDigits {
		n, err := strconv.ParseInt(string(s), 10, strconv.IntSize)
		return int(n), err == nil
	}
	n := 0
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = 10*n + int(c-'0')
	}
	if s[0] == '-' {
		n = -n
	}
	return n, true
}

// float decodes the value at off into the Float field named name, with
// Float.UnmarshalJSON as encoding/json does.
func (d *traceDecoder) float(v *Float, name string) error {
	raw, err := d.value()
	if err != nil {
		return err
	}
	if c := raw[0]; c != 'n' && c != '-' && (c < '0' || c > '9') {
		return d.errorf("%q is not a number: %s", name, snippet(raw))
	}
	if err := v.UnmarshalJSON(raw); err != nil {
		return d.errorf("%q is out of float64's range: %s", name, snippet(raw))
	}
	return nil
}

// floats decodes the value at off into a point's x: null as nil, or an
// array of Floats, decoded into xs's own array when it has room.
func (d *traceDecoder) floats(xs *[]Float) error {
	switch d.peek() {
	case 'n':
		if err := d.literal("null"); err != nil {
			return err
		}
		*xs = nil
		return nil
	case '[':
		d.off++
	default:
		v, err := d.value()
		if err != nil {
			return err
		}
		return d.errorf(`"x" is not an array: %s`, snippet(v))
	}
	d.space()
	if d.peek() == ']' {
		d.off++
		*xs = []Float{}
		return nil
	}
	s := (*xs)[:0]
	if n := floatsHint(d.b[d.off:]); n > cap(s) {
		s = make([]Float, 0, n)
	}
	for i := 0; ; i++ {
		raw, err := d.value()
		if err != nil {
			return err
		}
		if c := raw[0]; c != 'n' && c != '-' && (c < '0' || c > '9') {
			return d.errorf(`"x"[%d] is not a number: %s`, i, snippet(raw))
		}
		s = append(s, 0)
		if err := s[i].UnmarshalJSON(raw); err != nil {
			return d.errorf(`"x"[%d] is out of float64's range: %s`, i, snippet(raw))
		}
		d.space()
		if d.peek() == ']' {
			break
		}
		if err := d.expect(','); err != nil {
			return err
		}
		d.space()
	}
	d.off++ // the ]
	*xs = s
	return nil
}

// floatsHint is the number of elements of the array of numbers whose
// opening bracket b follows: its commas before the first ], plus one.
func floatsHint(b []byte) int {
	if end := bytes.IndexByte(b, ']'); end >= 0 {
		b = b[:end]
	}
	return bytes.Count(b, []byte{','}) + 1
}

// snippet is the start of the JSON text v for a message: at most 40
// bytes, what is not printable escaped (excerpt).
func snippet(v []byte) string {
	const most = 40
	if len(v) > most {
		return excerpt(string(v[:most])) + "…"
	}
	return excerpt(string(v))
}

// value moves past the JSON value at off and returns its bytes, whose
// first says what it is: '{', '[', '"', 't', 'f', 'n', or for a number '-'
// or a digit. Of an object or array only the brackets and strings are
// checked, not what is between them.
func (d *traceDecoder) value() ([]byte, error) {
	start := d.off
	var err error
	switch c := d.peek(); {
	case c == '"':
		err = d.skipString()
	case c == '{' || c == '[':
		err = d.skipNested()
	case c == 't':
		err = d.literal("true")
	case c == 'f':
		err = d.literal("false")
	case c == 'n':
		err = d.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		err = d.skipNumber()
	default:
		err = d.unexpected("a value")
	}
	if err != nil {
		return nil, err
	}
	return d.b[start:d.off], nil
}

// literal moves past word, which must be at off.
func (d *traceDecoder) literal(word string) error {
	if !bytes.HasPrefix(d.b[d.off:], []byte(word)) {
		return d.unexpected(word)
	}
	d.off += len(word)
	return nil
}

// skipString moves past the string at off.
func (d *traceDecoder) skipString() error {
	for i := d.off + 1; i < len(d.b); i++ {
		switch c := d.b[i]; {
		case c == '"':
			d.off = i + 1
			return nil
		case c == '\\':
			i++
		case c < ' ':
			d.off = i
			return d.unexpected("a string's character")
		}
	}
	d.off = len(d.b)
	return d.unexpected(`a string's closing '"'`)
}

// skipNested moves past the object or array at off, minding only its
// strings and the depth of its brackets.
func (d *traceDecoder) skipNested() error {
	depth := 0
	for d.off < len(d.b) {
		switch d.b[d.off] {
		case '"':
			if err := d.skipString(); err != nil {
				return err
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				d.off++
				return nil
			}
		}
		d.off++
	}
	return d.unexpected("a closing bracket")
}

// skipNumber moves past the number at off, which must have JSON's syntax:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *traceDecoder) skipNumber() error {
	b, i := d.b, d.off
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = skipDigits(b, i+1)
	default:
		d.off = i
		return d.unexpected("a digit")
	}
	if i < len(b) && b[i] == '.' {
		if i = skipDigits(b, i+1); b[i-1] == '.' {
			d.off = i
			return d.unexpected("a digit")
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := skipDigits(b, i)
		if j == i {
			d.off = i
			return d.unexpected("a digit")
		}
		i = j
	}
	d.off = i
	return nil
}

// skipDigits is the index of the first byte from i on that is not a
// decimal digit.
func skipDigits(b []byte, i int) int {
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i
}
