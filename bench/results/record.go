package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// Float is a float64 that encodes to JSON as null when it is NaN or
// infinite, so no JSON field is ever NaN.
type Float float64

// MarshalJSON writes the shortest decimal that parses back to the same
// float64, or null.
func (f Float) MarshalJSON() ([]byte, error) {
	return appendFloat(nil, float64(f)), nil
}

// UnmarshalJSON reads a number, or null as NaN.
func (f *Float) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = Float(math.NaN())
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("not a number: %.40s", b)
	}
	*f = Float(v)
	return nil
}

// Record is the JSON form of a run: one line of -format json and of
// results.jsonl. Field names are stable.
type Record struct {
	RunID    string         `json:"run_id"` // problem/label/gradient/start: the same in every sweep of one description
	Engine   string         `json:"engine"` // "optbench", or the library that ran it ("scipy 1.10.1")
	Problem  string         `json:"problem"`
	FStar    Float          `json:"f_star"` // the problem's known minimum; null when unknown
	Method   string         `json:"method"`
	Label    string         `json:"label"`
	Params   solvers.Params `json:"params"`
	Gradient string         `json:"gradient"`
	Hessian  string         `json:"hessian"`
	Start    int            `json:"start"`
	Seed     uint64         `json:"seed"`
	X0       []Float        `json:"x0"`
	Status   string         `json:"status"`
	Success  bool           `json:"success"`
	Message  string         `json:"message"`
	// Cause is the error behind a failure or a stall (Result.Cause),
	// Warnings what the method warned of (Result.Warnings: "Initial guess
	// is not within the specified bounds"), in order: both left out when
	// empty.
	Cause    string   `json:"cause,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	// Panicked says the run ended in a panic of the method or the
	// problem (Result.Panicked): a bug, not the method's verdict. Left out
	// when false.
	Panicked bool         `json:"panicked,omitempty"`
	X        []Float      `json:"x"`
	Fun      Float        `json:"fun"`
	Metrics  MetricValues `json:"metrics"`
	GradNorm Float        `json:"grad_norm"`
	Nit      int          `json:"nit"`
	Nfev     int          `json:"nfev"`
	Njev     int          `json:"njev"`
	Nhev     int          `json:"nhev"`
	TimeS    Float        `json:"time_s"`
	// Budget, Restarts and Log are a run's under a budget (COCO's
	// protocol): its budget in evaluations of f, its restarts, and what its
	// problem's observer kept (bbob's COCO logger lines); left out
	// otherwise.
	Budget   int             `json:"budget,omitempty"`
	Restarts int             `json:"restarts,omitempty"`
	Log      json.RawMessage `json:"log,omitempty"`
	Trace    TraceRecords    `json:"trace"`

	span [2]int64 // the bytes of its line in the file ReadResults read it from
	line int      // its line's number in that file, from 1
}

// Line is the number of the record's line in the file ReadResults read it
// from (from 1; 0 for a record not read from a file), for naming it in a
// message as file:line.
func (rec Record) Line() int { return rec.line }

// TraceRecord is one iteration of a run's trace.
type TraceRecord struct {
	Iter     int     `json:"iter"`
	TimeS    Float   `json:"time_s"`
	Fun      Float   `json:"fun"`
	GradNorm Float   `json:"grad_norm"`
	Nfev     int     `json:"nfev"`
	Njev     int     `json:"njev"`
	Nhev     int     `json:"nhev"`
	X        []Float `json:"x,omitempty"` // the iterate, when the run kept it (start 0 of a sweep with -out)
}

// TraceRecords are a run's trace, as results.jsonl holds it.
type TraceRecords []TraceRecord

// minTracePoint is the fewest bytes a trace point is read from. Every
// optbench (and scripts/scipy_minimize.py) writes all of iter, time_s, fun,
// grad_norm, nfev, njev (and nhev since sweep.json) in each: at least 60
// bytes. A point costs 80 bytes decoded and 80 more as a run's TracePoint,
// so the bound keeps a trace's memory within about 3 times its bytes,
// where forty million {} (3 bytes each) would have cost 170 times theirs.
const minTracePoint = 50

// UnmarshalJSON reads a trace, refusing one whose points are fewer than
// minTracePoint bytes on average, and decoding no more points than its
// bytes allow before it does. It decodes as json.Unmarshal into a
// []TraceRecord does, to the same result, but without reflection
// (decodeTrace): the traces are most of a report's reading. Its points
// are counted (elements) only when decoding fails, for the error: counting
// them costs more than half as much as decoding them.
func (t *TraceRecords) UnmarshalJSON(b []byte) error {
	err := decodeTrace((*[]TraceRecord)(t), b, len(b)/minTracePoint)
	if err == nil {
		return nil
	}
	if n := elements(b); n > 0 && len(b) < n*minTracePoint {
		return fmt.Errorf("a trace of %d points in %d bytes: each point is an object with iter, time_s, fun, grad_norm, nfev, njev and nhev", n, len(b))
	}
	return err
}

// elements is the number of elements of the JSON array or members of the
// JSON object b (valid JSON, as encoding/json hands it on), 0 if b is
// neither: its commas outside strings and nested values, plus one.
func elements(b []byte) int {
	b = bytes.TrimSpace(b)
	if len(b) < 2 || b[0] != '[' && b[0] != '{' {
		return 0
	}
	n, depth, inString, empty := 1, 0, false, true
	for i := 1; i < len(b)-1; i++ {
		c := b[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString, empty = true, false
		case c == '[' || c == '{':
			depth++
			empty = false
		case c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			n++
		case c > ' ':
			empty = false
		}
	}
	if empty {
		return 0
	}
	return n
}

// MetricValues are a run's problem metrics, in the problem's order: a JSON
// object keyed by each metric's Column.Key.
type MetricValues []MetricValue

// MetricValue is one metric of a run.
type MetricValue struct {
	Key   string
	Value float64
}

// MarshalJSON writes the metrics as one object, in order.
func (m MetricValues) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, v := range m {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(v.Key)
		b = appendFloat(append(append(b, k...), ':'), v.Value)
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads the metrics object in its order.
func (m *MetricValues) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("metrics: want an object")
	}
	out := MetricValues{}
	for dec.More() {
		if len(out) == maxMetrics {
			return fmt.Errorf("metrics: more than %d", maxMetrics)
		}
		k, err := dec.Token()
		if err != nil {
			return err
		}
		var v Float
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("metrics: %v: %w", k, err)
		}
		out = append(out, MetricValue{k.(string), float64(v)})
	}
	*m = out
	return nil
}

func runMetrics(r bench.Run) MetricValues {
	if r.Problem == nil {
		return MetricValues{}
	}
	out := make(MetricValues, len(r.Problem.Metrics))
	for i, m := range r.Problem.Metrics {
		out[i] = MetricValue{m.Key, math.NaN()}
		if i < len(r.Metrics) {
			out[i].Value = r.Metrics[i]
		}
	}
	return out
}

// NewRecord converts a run to its JSON form.
func NewRecord(r bench.Run) Record {
	res := r.Result
	rec := Record{
		RunID: r.RunID(), Engine: engine(r),
		Problem: problemName(r), FStar: Float(fStar(r)),
		Method: r.Method, Label: r.BaseLabel(), Params: runParams(r), Gradient: string(r.Gradient), Hessian: runHessian(r), Start: r.Start, Seed: r.Seed,
		Status: res.Status.String(), Success: res.Success, Message: res.Message,
		Cause: res.Cause, Warnings: res.Warnings, Panicked: res.Panicked,
		X:   floats(res.X),
		Fun: Float(res.Fun), Metrics: runMetrics(r),
		GradNorm: Float(r.GradNorm),
		X0:       floats(r.X0),
		Nit:      res.Nit, Nfev: res.Nfev, Njev: res.Njev, Nhev: res.Nhev,
		TimeS:  Float(res.Runtime.Seconds()),
		Budget: r.Budget, Restarts: r.Restarts, Log: r.Log,
	}
	rec.Trace = make(TraceRecords, r.TraceLen())
	i := 0
	for p := range r.TraceRows() {
		rec.Trace[i] = TraceRecord{Iter: p.Iter, TimeS: Float(p.Time.Seconds()), Fun: Float(p.Fun), GradNorm: Float(p.GradNorm), Nfev: p.Nfev, Njev: p.Njev, Nhev: p.Nhev}
		if len(p.X) > 0 {
			rec.Trace[i].X = floats(p.X)
		}
		i++
	}
	return rec
}

// problemName is the run's problem's name, "" for a run without one.
func problemName(r bench.Run) string {
	if r.Problem == nil {
		return ""
	}
	return r.Problem.Name
}

// fStar is the run's problem's known minimum, NaN when unknown.
func fStar(r bench.Run) float64 {
	if r.Problem == nil {
		return math.NaN()
	}
	return r.Problem.FStar
}

// runParams is the run's full parameter set: the Result's, or for a run
// that failed before it started, the spec's resolved.
func runParams(r bench.Run) solvers.Params {
	if r.Result.Params != nil {
		return r.Result.Params
	}
	if m, err := r.Registry().Lookup(r.Method); err == nil {
		if p, err := m.Resolve(r.Params); err == nil {
			return p
		}
	}
	return solvers.Params{}
}

// runHessian is the run's Hessian mode, "none" for first-order methods.
func runHessian(r bench.Run) string {
	if r.Result.Hessian != "" {
		return string(r.Result.Hessian)
	}
	return string(solvers.NoHessian)
}

// WriteJSON writes one JSON object per run, one per line.
func WriteJSON(w io.Writer, runs []bench.Run) error {
	var buf []byte
	for _, r := range runs {
		buf = AppendJSON(buf[:0], r)
		if err := r.TraceStore.Err(); err != nil {
			return err // its trace was lost, and written as none
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// AppendJSON appends r's Record as one line of JSON, the same bytes as
// encoding/json gives for it. A long run's trace has thousands of rows, and
// writing them by hand is several times faster than reflection.
func AppendJSON(b []byte, r bench.Run) []byte {
	res := r.Result
	str := func(b []byte, key, v string) []byte {
		q, _ := json.Marshal(v) // escapes as encoding/json does
		return append(append(append(b, key...), q...), ',')
	}
	num := func(b []byte, key string, v float64) []byte {
		return append(appendFloat(append(b, key...), v), ',')
	}
	integer := func(b []byte, key string, v int) []byte {
		return append(strconv.AppendInt(append(b, key...), int64(v), 10), ',')
	}
	b = str(append(b, '{'), `"run_id":`, r.RunID())
	b = str(b, `"engine":`, engine(r))
	b = str(b, `"problem":`, problemName(r))
	b = num(b, `"f_star":`, fStar(r))
	b = str(b, `"method":`, r.Method)
	b = str(b, `"label":`, r.BaseLabel())
	params, _ := runParams(r).MarshalJSON()
	b = append(append(append(b, `"params":`...), params...), ',')
	b = str(b, `"gradient":`, string(r.Gradient))
	b = str(b, `"hessian":`, runHessian(r))
	b = integer(b, `"start":`, r.Start)
	b = append(strconv.AppendUint(append(b, `"seed":`...), r.Seed, 10), ',')
	b = appendFloats(append(b, `"x0":`...), r.X0)
	b = append(b, ',')
	b = str(b, `"status":`, res.Status.String())
	b = append(strconv.AppendBool(append(b, `"success":`...), res.Success), ',')
	b = str(b, `"message":`, res.Message)
	if res.Cause != "" {
		b = str(b, `"cause":`, res.Cause)
	}
	if len(res.Warnings) > 0 {
		b = append(b, `"warnings":[`...)
		for i, w := range res.Warnings {
			if i > 0 {
				b = append(b, ',')
			}
			q, _ := json.Marshal(w)
			b = append(b, q...)
		}
		b = append(b, "],"...)
	}
	if res.Panicked {
		b = append(b, `"panicked":true,`...)
	}
	b = appendFloats(append(b, `"x":`...), res.X)
	b = append(b, ',')
	b = num(b, `"fun":`, res.Fun)
	metrics, _ := runMetrics(r).MarshalJSON()
	b = append(append(append(b, `"metrics":`...), metrics...), ',')
	b = num(b, `"grad_norm":`, r.GradNorm)
	b = integer(b, `"nit":`, res.Nit)
	b = integer(b, `"nfev":`, res.Nfev)
	b = integer(b, `"njev":`, res.Njev)
	b = integer(b, `"nhev":`, res.Nhev)
	b = num(b, `"time_s":`, res.Runtime.Seconds())
	if r.Budget != 0 {
		b = integer(b, `"budget":`, r.Budget)
	}
	if r.Restarts != 0 {
		b = integer(b, `"restarts":`, r.Restarts)
	}
	if len(r.Log) > 0 {
		// As encoding/json writes a RawMessage: compacted (the observer's
		// JSON is compact already); one that is not JSON is left out, as
		// the line must stay readable.
		buf := bytes.NewBuffer(append(b, `"log":`...))
		if err := json.Compact(buf, r.Log); err == nil {
			b = append(buf.Bytes(), ',')
		}
	}
	b = append(b, `"trace":[`...)
	first := true
	for p := range r.TraceRows() {
		if !first {
			b = append(b, ',')
		}
		b = integer(append(b, '{'), `"iter":`, p.Iter)
		b = num(b, `"time_s":`, p.Time.Seconds())
		b = num(b, `"fun":`, p.Fun)
		b = num(b, `"grad_norm":`, p.GradNorm)
		b = integer(b, `"nfev":`, p.Nfev)
		b = integer(b, `"njev":`, p.Njev)
		b = strconv.AppendInt(append(b, `"nhev":`...), int64(p.Nhev), 10)
		if len(p.X) > 0 {
			b = appendFloats(append(b, `,"x":`...), p.X)
		}
		b = append(b, '}')
		first = false
	}
	return append(b, "]}\n"...)
}

// appendFloats writes xs as a JSON array of Floats ([] for none).
func appendFloats(b []byte, xs []float64) []byte {
	b = append(b, '[')
	for i, v := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendFloat(b, v)
	}
	return append(b, ']')
}

// floats is xs as Floats, never nil.
func floats(xs []float64) []Float {
	out := make([]Float, len(xs))
	for i, v := range xs {
		out[i] = Float(v)
	}
	return out
}

// engine is the run's engine as JSON has it.
func engine(r bench.Run) string {
	if r.Engine == "" {
		return "optbench"
	}
	return r.Engine
}

// appendFloat writes v as Float's MarshalJSON does.
func appendFloat(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	// encoding/json's float64 format: plain decimals from 1e-6 to 1e21,
	// exponents outside with no leading zero (1e-7, not 1e-07).
	format := byte('f')
	if abs := math.Abs(v); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, v, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
