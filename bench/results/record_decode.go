package results

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/optbench/optbench/solvers"
)

// decodeRecordFast decodes the line b into *rec, which must be a zero
// Record, the way decodeRecordJSON does, and says whether it did: a report
// reads hundreds of thousands of lines, and encoding/json spends most of
// their time on checking, skipping and reflection. It reads the lines
// optbench writes (AppendJSON) with the scanner of decodeTrace, and
// declines, with false, every line it cannot be sure of: one that is not
// JSON, a key other than a field's exact name or one given twice, a value
// of another type than its field's, a null other than a Float's (or than
// one that encoding/json or decodeTrace reads itself: the warnings, a
// trace point's x), and a line that encoding/json would refuse. On false,
// *rec holds whatever was decoded so far: the caller decodes the line
// again with encoding/json, which gives the exact error or record.
//
// On true, *rec is what decodeRecordJSON makes of b, and it returns no
// error: what the fast path does not read itself (an escaped string,
// parameters, metrics and warnings of unusual form, the log) it hands to
// encoding/json or checks with json.Valid, so that no byte of the line
// goes unchecked.
func decodeRecordFast(b []byte, rec *Record) bool {
	d := traceDecoder{b: b, point: -1}
	// decodeRecordJSON calls a line that begins with anything but these
	// and { not a JSON object, a line feed included.
	for d.off < len(b) && (b[d.off] == ' ' || b[d.off] == '\t' || b[d.off] == '\r') {
		d.off++
	}
	if d.peek() != '{' {
		return false
	}
	d.off++
	d.space()
	if d.peek() == '}' {
		d.off++
		return d.atEnd()
	}
	var seen uint64
	for {
		key, ok := d.plainKey()
		if !ok {
			return false
		}
		d.space()
		if d.peek() != ':' {
			return false
		}
		d.off++
		d.space()
		bit, ok := d.recordField(rec, key)
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		d.space()
		switch d.peek() {
		case ',':
			d.off++
			d.space()
		case '}':
			d.off++
			return d.atEnd()
		default:
			return false
		}
	}
}

// recordField decodes the value at off into the field of rec whose JSON
// name is key, and returns the field's bit, for finding a key given twice,
// and whether it could.
func (d *traceDecoder) recordField(rec *Record, key []byte) (uint64, bool) {
	switch string(key) {
	case "run_id":
		return 1 << 0, d.plainString(&rec.RunID)
	case "engine":
		return 1 << 1, d.plainString(&rec.Engine)
	case "problem":
		return 1 << 2, d.plainString(&rec.Problem)
	case "f_star":
		return 1 << 3, d.float(&rec.FStar, "f_star") == nil
	case "method":
		return 1 << 4, d.plainString(&rec.Method)
	case "label":
		return 1 << 5, d.plainString(&rec.Label)
	case "params":
		return 1 << 6, d.params(&rec.Params)
	case "gradient":
		return 1 << 7, d.plainString(&rec.Gradient)
	case "hessian":
		return 1 << 8, d.plainString(&rec.Hessian)
	case "start":
		return 1 << 9, d.plainInt(&rec.Start)
	case "seed":
		return 1 << 10, d.plainUint(&rec.Seed)
	case "x0":
		return 1 << 11, d.floatArray(&rec.X0)
	case "status":
		return 1 << 12, d.plainString(&rec.Status)
	case "success":
		return 1 << 13, d.plainBool(&rec.Success)
	case "message":
		return 1 << 14, d.plainString(&rec.Message)
	case "cause":
		return 1 << 15, d.plainString(&rec.Cause)
	case "warnings":
		return 1 << 16, d.warnings(&rec.Warnings)
	case "panicked":
		return 1 << 17, d.plainBool(&rec.Panicked)
	case "x":
		return 1 << 18, d.floatArray(&rec.X)
	case "fun":
		return 1 << 19, d.float(&rec.Fun, "fun") == nil
	case "metrics":
		return 1 << 20, d.metrics(&rec.Metrics)
	case "grad_norm":
		return 1 << 21, d.float(&rec.GradNorm, "grad_norm") == nil
	case "nit":
		return 1 << 22, d.plainInt(&rec.Nit)
	case "nfev":
		return 1 << 23, d.plainInt(&rec.Nfev)
	case "njev":
		return 1 << 24, d.plainInt(&rec.Njev)
	case "nhev":
		return 1 << 25, d.plainInt(&rec.Nhev)
	case "time_s":
		return 1 << 26, d.float(&rec.TimeS, "time_s") == nil
	case "budget":
		return 1 << 27, d.plainInt(&rec.Budget)
	case "restarts":
		return 1 << 28, d.plainInt(&rec.Restarts)
	case "log":
		return 1 << 29, d.log(&rec.Log)
	case "trace":
		return 1 << 30, d.trace(&rec.Trace)
	}
	return 0, false
}

// atEnd moves past white space and says whether that is the end of b.
func (d *traceDecoder) atEnd() bool {
	d.space()
	return d.off == len(d.b)
}

// plainKey reads the key at off, and says whether it is one encoding/json
// takes as it is: ASCII, without escapes or control characters. Its bytes
// are b's own.
func (d *traceDecoder) plainKey() ([]byte, bool) {
	if d.peek() != '"' {
		return nil, false
	}
	for i := d.off + 1; i < len(d.b); i++ {
		switch c := d.b[i]; {
		case c == '"':
			key := d.b[d.off+1 : i]
			d.off = i + 1
			return key, true
		case c == '\\' || c < ' ' || c >= utf8.RuneSelf:
			return nil, false
		}
	}
	return nil, false
}

// plainString decodes the string at off into *s. A string without escapes
// or control characters, in valid UTF-8, is taken as it is, as
// encoding/json takes it; any other is decoded by encoding/json itself.
func (d *traceDecoder) plainString(s *string) bool {
	if d.peek() != '"' {
		return false
	}
	ascii := true
	for i := d.off + 1; i < len(d.b); i++ {
		switch c := d.b[i]; {
		case c == '"':
			text := d.b[d.off+1 : i]
			if !ascii && !utf8.Valid(text) {
				return d.escapedString(s)
			}
			*s = string(text)
			d.off = i + 1
			return true
		case c == '\\' || c < ' ':
			return d.escapedString(s)
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return false
}

// escapedString decodes the string at off, one with escapes or invalid
// UTF-8, with encoding/json: exact by construction, and rare.
func (d *traceDecoder) escapedString(s *string) bool {
	raw, err := d.value()
	return err == nil && json.Unmarshal(raw, s) == nil
}

// plainInt decodes the integer at off into *v if it is one of at most
// intDigits digits (shortInt): encoding/json refuses what is not an
// integer, 1.0 and 1e2 included, and the rest is declined.
func (d *traceDecoder) plainInt(v *int) bool {
	n, ok := d.shortInt()
	if ok {
		*v = n
	}
	return ok
}

// plainUint decodes the number at off into *v if it is digits alone, as
// encoding/json decodes a uint64 with strconv.ParseUint.
func (d *traceDecoder) plainUint(v *uint64) bool {
	i := skipDigits(d.b, d.off)
	digits := d.b[d.off:i]
	switch {
	case len(digits) == 0, len(digits) > 1 && digits[0] == '0':
		return false
	case i < len(d.b) && (d.b[i] == '.' || d.b[i] == 'e' || d.b[i] == 'E'):
		return false
	}
	n, err := strconv.ParseUint(string(digits), 10, 64)
	if err != nil {
		return false
	}
	*v = n
	d.off = i
	return true
}

// plainBool decodes true or false at off into *v.
func (d *traceDecoder) plainBool(v *bool) bool {
	switch d.peek() {
	case 't':
		*v = true
		return d.literal("true") == nil
	case 'f':
		*v = false
		return d.literal("false") == nil
	}
	return false
}

// floatArray decodes the array of Floats at off into *xs, with the
// scanner's floats; a null (nil) is declined.
func (d *traceDecoder) floatArray(xs *[]Float) bool {
	return d.peek() == '[' && d.floats(xs) == nil
}

// params decodes the parameters at off into *p as decodeRecordJSON does:
// an object of plain keys and numbers or plain strings directly, any
// other value counted (elements) and handed to encoding/json.
func (d *traceDecoder) params(p *solvers.Params) bool {
	start := d.off
	if d.plainParams(p) {
		return true
	}
	*p = nil
	d.off = start
	raw, err := d.value()
	if err != nil || elements(raw) > maxParams {
		return false
	}
	return json.Unmarshal(raw, p) == nil
}

// plainParams decodes the object at off into *p as
// solvers.Params.UnmarshalJSON does, if its keys are plain strings
// (plainKey's, and not more than maxParams of them) and its values
// numbers or strings, and says whether it could.
func (d *traceDecoder) plainParams(p *solvers.Params) bool {
	out := solvers.Params{}
	ok := d.plainObject(maxParams, func(key []byte) bool {
		var v any
		switch c := d.peek(); {
		case c == '"':
			var s string
			if !d.plainString(&s) {
				return false
			}
			v = s
		case c == '-' || '0' <= c && c <= '9':
			start := d.off
			if d.skipNumber() != nil {
				return false
			}
			// json.Number.Float64, as UnmarshalJSON reads a number.
			f, err := strconv.ParseFloat(string(d.b[start:d.off]), 64)
			if err != nil {
				return false
			}
			v = f
		default:
			return false
		}
		out = append(out, solvers.Setting{Key: string(key), Value: v})
		return true
	})
	if ok {
		*p = out
	}
	return ok
}

// metrics decodes the metrics at off into *m as MetricValues.UnmarshalJSON
// does: an object of plain keys and numbers or nulls directly, any other
// value with encoding/json.
func (d *traceDecoder) metrics(m *MetricValues) bool {
	start := d.off
	if d.plainMetrics(m) {
		return true
	}
	*m = nil
	d.off = start
	raw, err := d.value()
	return err == nil && json.Unmarshal(raw, m) == nil
}

// plainMetrics decodes the object at off into *m if its keys are plain
// strings (at most maxMetrics of them) and its values numbers or nulls
// (Floats), and says whether it could.
func (d *traceDecoder) plainMetrics(m *MetricValues) bool {
	out := MetricValues{}
	ok := d.plainObject(maxMetrics, func(key []byte) bool {
		if c := d.peek(); c != 'n' && c != '-' && (c < '0' || c > '9') {
			return false
		}
		var v Float
		if d.float(&v, "metric") != nil {
			return false
		}
		out = append(out, MetricValue{string(key), float64(v)})
		return true
	})
	if ok {
		*m = out
	}
	return ok
}

// plainObject reads the object at off, at most most members whose keys
// are plain (plainKey), calling member with each key and off at its value,
// and says whether it could and every member could.
func (d *traceDecoder) plainObject(most int, member func(key []byte) bool) bool {
	if d.peek() != '{' {
		return false
	}
	d.off++
	d.space()
	if d.peek() == '}' {
		d.off++
		return true
	}
	for n := 1; n <= most; n++ {
		key, ok := d.plainKey()
		if !ok {
			return false
		}
		d.space()
		if d.peek() != ':' {
			return false
		}
		d.off++
		d.space()
		if !member(key) {
			return false
		}
		d.space()
		switch d.peek() {
		case ',':
			d.off++
			d.space()
		case '}':
			d.off++
			return true
		default:
			return false
		}
	}
	return false
}

// warnings decodes the warnings at off into *w as decodeRecordJSON does:
// counted, then with encoding/json (they are rare).
func (d *traceDecoder) warnings(w *[]string) bool {
	raw, err := d.value()
	if err != nil || elements(raw) > maxWarnings {
		return false
	}
	return json.Unmarshal(raw, w) == nil
}

// log copies the object at off into *l as encoding/json copies a
// json.RawMessage, if it is valid JSON in the line; anything but an
// object, which Record.check refuses, is declined.
func (d *traceDecoder) log(l *json.RawMessage) bool {
	if d.peek() != '{' {
		return false
	}
	raw, err := d.value()
	if err != nil || !json.Valid(raw) {
		return false
	}
	// encoding/json refuses JSON nested more than 10,000 deep, and the
	// log is one deeper in the line than on its own: one nested that
	// deep, or close, is declined.
	if bytes.Count(raw, []byte{'{'})+bytes.Count(raw, []byte{'['}) >= 10000 {
		return false
	}
	*l = append(json.RawMessage(nil), raw...)
	return true
}

// trace decodes the trace at off into *t as TraceRecords.UnmarshalJSON
// does, if its points have nothing but TraceRecord's exact keys, each
// once (plainTrace), and says whether it could. decodeTrace, which
// UnmarshalJSON calls, skips what it does not know without checking it
// (unknown keys, their values, escapes in keys), since encoding/json has
// checked the trace before: a trace with any of those is declined, as is
// a null one.
func (d *traceDecoder) trace(t *TraceRecords) bool {
	start := d.off
	// UnmarshalJSON's bound on the points of a trace of its length.
	return d.plainTrace(t) && len(*t) <= (d.off-start)/minTracePoint
}

// plainTrace decodes the array of points at off into *t, if every point is
// an object of plainPoint's, and says whether it could. It declines a
// trace of more points than the bytes left in b over minTracePoint, a
// bound on UnmarshalJSON's, before it allocates them.
func (d *traceDecoder) plainTrace(t *TraceRecords) bool {
	if d.peek() != '[' {
		return false
	}
	most := (len(d.b) - d.off) / minTracePoint
	d.off++
	d.space()
	if d.peek() == ']' {
		d.off++
		*t = TraceRecords{}
		return true
	}
	// Each point is an object: their number is that of the {, or fewer
	// when more values follow the trace (optbench writes it last).
	n := bytes.Count(d.b[d.off:], []byte{'{'})
	if n > most {
		return false
	}
	s := make(TraceRecords, 0, n)
	for {
		if len(s) == most {
			return false
		}
		s = append(s, TraceRecord{})
		if !d.plainPoint(&s[len(s)-1]) {
			return false
		}
		d.space()
		switch d.peek() {
		case ',':
			d.off++
			d.space()
		case ']':
			d.off++
			*t = s
			return true
		default:
			return false
		}
	}
}

// traceFields is the number of TraceRecord's fields: the most keys a point
// has when none is given twice.
const traceFields = 8

// plainPoint decodes the trace point at off into p, a zero point, if it
// is an object whose keys are TraceRecord's exact names, each once, with
// values of their fields' types, and says whether it could.
func (d *traceDecoder) plainPoint(p *TraceRecord) bool {
	var seen uint8
	return d.plainObject(traceFields, func(key []byte) bool {
		var bit uint8
		var ok bool
		switch string(key) {
		case "iter":
			bit, ok = 1<<0, d.plainInt(&p.Iter)
		case "time_s":
			bit, ok = 1<<1, d.float(&p.TimeS, "time_s") == nil
		case "fun":
			bit, ok = 1<<2, d.float(&p.Fun, "fun") == nil
		case "grad_norm":
			bit, ok = 1<<3, d.float(&p.GradNorm, "grad_norm") == nil
		case "nfev":
			bit, ok = 1<<4, d.plainInt(&p.Nfev)
		case "njev":
			bit, ok = 1<<5, d.plainInt(&p.Njev)
		case "nhev":
			bit, ok = 1<<6, d.plainInt(&p.Nhev)
		case "x":
			bit, ok = 1<<7, d.floatArray(&p.X)
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
}
