package results

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// MaxResultLine is the longest line ReadResults accepts, in bytes: a run's
// record, trace included. An optbench trace row is about 130 bytes (450
// with the iterate of a 15-parameter network, kept for start 0), so this
// is about 500,000 iterations of -trace all, or 150,000 of start 0; the
// default log trace keeps a few hundred rows (tens of kB). The bound is
// what keeps one line's memory small: the line itself, plus its record
// decoded (at most about 4 bytes a byte: a number written "0," becomes 8
// bytes, a trace point of at least minTracePoint bytes 80), plus its run.
const MaxResultLine = 64 << 20

// MaxBadLines is the number of unreadable lines ReadResults keeps in
// Results.Bad, and Load in Set.Skipped: the rest are only counted, so a
// file of ten million junk lines costs a counter, not ten million errors.
const MaxBadLines = 10

// maxQuote is the most bytes of a file's content an error message quotes.
const maxQuote = 200

// LineError is a line of a results file that could not be read, or whose
// record could not be used. Its message quotes at most about 200 bytes of
// the line, with control characters escaped.
type LineError struct {
	File string
	Line int
	Err  error
}

func (e *LineError) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, excerpt(e.Err.Error()))
}

func (e *LineError) Unwrap() error { return e.Err }

// ErrCutShort is the error of a last line without its newline: a sweep
// killed or a disk filled in the middle of writing it.
var ErrCutShort = errors.New("the last line is cut short (the sweep was killed while writing it?)")

// ErrLineTooLong is the error of a line longer than MaxResultLine: it is
// skipped, without keeping more than MaxResultLine of it, and the lines
// after it are read.
var ErrLineTooLong = fmt.Errorf("a line longer than %d MiB, the most a line of a results file may hold (a run's trace too long to read?): skipped", MaxResultLine>>20)

// ErrNotRecord is the error of a line that is not a run's record.
var ErrNotRecord = errors.New("not a run's record")

// The errors of lines that are not records at all, made once: a file of
// junk has millions.
var (
	errNotObject = fmt.Errorf("%w: not a JSON object", ErrNotRecord)
	errEmptyLine = errors.New("empty line")
)

// Results is what ReadResults read from one results.jsonl.
type Results struct {
	Records []Record
	// Bad are the first MaxBadLines lines that could not be read, in file
	// order; a cut-short last line is among them, with ErrCutShort.
	Bad []*LineError
	// BadCount is the number of lines that could not be read, those in
	// Bad included.
	BadCount int
}

// Warnings are Bad, then, when there were more, one error that counts
// them: what a caller says of the lines it skipped.
func (res Results) Warnings() []error {
	out := make([]error, 0, len(res.Bad)+1)
	for _, b := range res.Bad {
		out = append(out, b)
	}
	if more := res.BadCount - len(res.Bad); more > 0 && len(res.Bad) > 0 {
		out = append(out, &MoreErrors{File: res.Bad[0].File, Count: more})
	}
	return out
}

// MoreErrors stands for the lines of a file that could not be read past
// the first MaxBadLines: only their number is kept.
type MoreErrors struct {
	File  string
	Count int
}

func (e *MoreErrors) Error() string {
	return fmt.Sprintf("%s: and %d more lines or runs that could not be read", e.File, e.Count)
}

// ReadResults reads a results file, one JSON record a line. A line that is
// not a record is reported in Bad with its file and line (the first
// MaxBadLines of them; BadCount counts them all), and the rest is still
// read (a line longer than MaxResultLine too, skipped); only an error of
// the reader itself ends the reading early. Records are checked for what
// every record has (see Record.check); Record.Run checks them against
// their problem.
func ReadResults(r io.Reader, file string) (Results, error) {
	var res Results
	err := scanResults(r, file, func(rec Record) error {
		res.Records = append(res.Records, rec)
		return nil
	}, func(le *LineError) {
		if len(res.Bad) < MaxBadLines {
			res.Bad = append(res.Bad, le)
		}
		res.BadCount++
	})
	return res, err
}

// decodeRecord is the record of one line, checked for what every record
// has. A line as optbench writes it is decoded by decodeRecordFast, without
// encoding/json's reflection; any other line, and any the fast path is not
// sure of, by decodeRecordSlow, so that every line gives the record or the
// error it always gave.
func decodeRecord(b []byte) (Record, error) {
	var rec Record
	if !decodeRecordFast(b, &rec) {
		return decodeRecordSlow(b)
	}
	if err := checkDecoded(&rec); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// decodeRecordSlow is decodeRecord with encoding/json: what decodeRecord
// was before its fast path, and what that path is tested against.
func decodeRecordSlow(b []byte) (Record, error) {
	var rec Record
	if err := decodeRecordJSON(b, &rec); err != nil {
		return Record{}, err
	}
	if err := checkDecoded(&rec); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// decodeRecordJSON decodes the line b into *rec with encoding/json, its
// parameters and warnings counted before they are decoded.
func decodeRecordJSON(b []byte, rec *Record) error {
	if t := bytes.TrimLeft(b, " \t\r"); len(t) > 0 && t[0] != '{' {
		// Not a JSON object: said without the cost of a decoder's error,
		// which is most of a junk line's time.
		return errNotObject
	}
	// The parameters are decoded after they are counted: solvers.Params
	// costs about 16 bytes a byte of "k1":0, so a line of them would cost
	// 16 times its bytes.
	// So are the warnings: a string costs 16 bytes decoded, "" 3 bytes.
	aux := struct {
		*Record
		Params   json.RawMessage `json:"params"`
		Warnings json.RawMessage `json:"warnings"`
	}{Record: rec}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fmt.Errorf("%w: %v", ErrNotRecord, err)
	}
	if n := elements(aux.Params); n > maxParams {
		return fmt.Errorf("%w: %d parameters, at most %d", ErrBadRecord, n, maxParams)
	}
	if len(aux.Params) > 0 {
		if err := json.Unmarshal(aux.Params, &rec.Params); err != nil {
			return fmt.Errorf("%w: %v", ErrNotRecord, err)
		}
	}
	if n := elements(aux.Warnings); n > maxWarnings {
		return fmt.Errorf("%w: %d warnings, at most %d", ErrBadRecord, n, maxWarnings)
	}
	if len(aux.Warnings) > 0 {
		if err := json.Unmarshal(aux.Warnings, &rec.Warnings); err != nil {
			return fmt.Errorf("%w: warnings: %v", ErrNotRecord, err)
		}
	}
	return nil
}

// checkDecoded checks a decoded record for what every record has: a run
// id and a method, and what Record.check asks.
func checkDecoded(rec *Record) error {
	if rec.RunID == "" || rec.Method == "" {
		return fmt.Errorf("%w: no run_id or method", ErrNotRecord)
	}
	return rec.check()
}

// readLine appends the next line, with its newline, to buf, or what is
// left at the end with io.EOF, and the bytes it took from br; a line
// longer than MaxResultLine is ErrLineTooLong, read to its end without
// holding more than MaxResultLine bytes of it.
func readLine(br *bufio.Reader, buf []byte) ([]byte, int64, error) {
	line := buf
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > MaxResultLine {
			// Skip the rest of the line, keeping none of it.
			n := int64(len(line) + len(chunk))
			for err == bufio.ErrBufferFull {
				chunk, err = br.ReadSlice('\n')
				n += int64(len(chunk))
			}
			if err != nil && err != io.EOF {
				return line[:0], n, err
			}
			return line[:0], n, ErrLineTooLong
		}
		if len(line)+len(chunk) > cap(line) {
			// Double: append grows a large slice by a quarter, which
			// allocates five times a long line on the way to it.
			line = slices.Grow(line, max(len(line), len(chunk)))
		}
		line = append(line, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		return line, int64(len(line)), err
	}
}

// ErrBadRecord is the error of a record that cannot be a run of its
// problem: a vector of another length than the problem's dimension, an
// unknown status, a negative count.
var ErrBadRecord = errors.New("a record that does not fit")

// Run is the run a record describes, on problem (which must be the
// record's; nil makes a problem of the record's name and f*, see
// RecordProblem). A record of another engine than optbench gets its
// engine in its label, so that tables and figures keep the engines apart.
// The record is checked against problem first: x0, x and the trace's
// iterates have its dimension (x and the iterates may be empty: a run that
// failed before it started has no x), its status is one optbench writes,
// its counts are not negative; an error wraps ErrBadRecord and says what
// does not fit.
func (rec Record) Run(problem *bench.Problem) (bench.Run, error) {
	if problem == nil {
		problem = RecordProblem(rec)
	}
	if err := rec.check(); err != nil {
		return bench.Run{}, err
	}
	if err := rec.fits(problem); err != nil {
		return bench.Run{}, err
	}
	status, err := solvers.ParseStatus(rec.Status)
	if err != nil {
		return bench.Run{}, fmt.Errorf("%w: status %s", ErrBadRecord, quote(rec.Status))
	}
	params := map[string]string{}
	for _, s := range rec.Params {
		params[s.Key] = fmt.Sprint(s.Value)
	}
	r := bench.Run{
		Spec: bench.Spec{Problem: problem, Solver: bench.Solver{Method: rec.Method, Label: rec.Label, Gradient: solvers.GradientMode(rec.Gradient)},
			Params: params, Start: rec.Start, Seed: rec.Seed, X0: unfloats(rec.X0), Budget: rec.Budget},
		Result: solvers.Result{
			Method: rec.Method, Params: rec.Params, Label: rec.Label, Gradient: solvers.GradientMode(rec.Gradient),
			Hessian: solvers.HessianMode(rec.Hessian), X: unfloats(rec.X), Fun: float64(rec.Fun),
			Nit: rec.Nit, Nfev: rec.Nfev, Njev: rec.Njev, Nhev: rec.Nhev,
			Status: status, Success: rec.Success, Message: rec.Message, Runtime: seconds(rec.TimeS),
			Cause: rec.Cause, Warnings: rec.Warnings, Panicked: rec.Panicked,
		},
		GradNorm: float64(rec.GradNorm),
		Metrics:  make([]float64, len(problem.Metrics)),
		Restarts: rec.Restarts, Log: rec.Log,
	}
	if rec.Hessian == string(solvers.NoHessian) {
		r.Result.Hessian = ""
	}
	if rec.Engine != "" && rec.Engine != "optbench" {
		r.Engine = rec.Engine
		r.Label = rec.Engine + ": " + r.BaseLabel()
		r.Result.Label = r.Label
	}
	values := make(map[string]float64, len(rec.Metrics))
	for _, v := range rec.Metrics {
		values[v.Key] = v.Value // the last of a key, as before
	}
	for i, m := range problem.Metrics {
		r.Metrics[i] = math.NaN()
		if v, ok := values[m.Key]; ok {
			r.Metrics[i] = v
		}
	}
	r.Result.Trace = make([]solvers.TracePoint, len(rec.Trace))
	for i, p := range rec.Trace {
		r.Result.Trace[i] = solvers.TracePoint{Iter: p.Iter, Time: seconds(p.TimeS), Fun: float64(p.Fun), GradNorm: float64(p.GradNorm),
			Nfev: p.Nfev, Njev: p.Njev, Nhev: p.Nhev, X: unfloats(p.X)}
	}
	return r, nil
}

// RecordProblem is a problem known only from a record: its name, its f*
// and its metrics' keys, nothing to evaluate.
func RecordProblem(rec Record) *bench.Problem {
	p := &bench.Problem{Name: rec.Problem, Dim: len(rec.X0), FStar: float64(rec.FStar)}
	if p.Dim == 0 {
		p.Dim = len(rec.X)
	}
	seen := map[string]bool{}
	for _, m := range rec.Metrics {
		if !seen[m.Key] {
			seen[m.Key] = true
			p.Metrics = append(p.Metrics, bench.Metric{Name: m.Key, Key: m.Key})
		}
	}
	return p
}

func unfloats(fs []Float) []float64 {
	if fs == nil {
		return nil
	}
	out := make([]float64, len(fs))
	for i, f := range fs {
		out[i] = float64(f)
	}
	return out
}

// maxSeconds is the longest time a time.Duration holds, in seconds.
const maxSeconds = float64(math.MaxInt64) / 1e9

func seconds(s Float) time.Duration {
	if math.IsNaN(float64(s)) {
		return 0
	}
	return time.Duration(math.Round(float64(s) * 1e9))
}
