package results

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// MaxResultLine is the longest line ReadResults accepts: a run's record,
// trace included (a 2,000,000-iteration run with -trace all is about 200
// MB; with the default log trace a few tens of kB).
const MaxResultLine = 1 << 30

// LineError is a line of a results file that could not be read.
type LineError struct {
	File string
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }

// ErrCutShort is the error of a last line without its newline: a sweep
// killed or a disk filled in the middle of writing it.
var ErrCutShort = errors.New("the last line is cut short (the sweep was killed while writing it?)")

// Results is what ReadResults read from one results.jsonl.
type Results struct {
	Records []Record
	// Bad are the lines that could not be read, in file order; a cut-short
	// last line is among them, with ErrCutShort.
	Bad []*LineError
}

// ReadResults reads a results file, one JSON record a line. A line that is
// not a record is reported in Bad with its file and line, and the rest is
// still read; only an error of the reader itself is returned.
func ReadResults(r io.Reader, file string) (Results, error) {
	var res Results
	br := bufio.NewReaderSize(r, 1<<16)
	var offset int64
	for line := 1; ; line++ {
		b, err := readLine(br)
		if len(b) == 0 && err == io.EOF {
			return res, nil
		}
		if err != nil && err != io.EOF {
			if errors.Is(err, errLineTooLong) {
				res.Bad = append(res.Bad, &LineError{file, line, err})
				return res, nil
			}
			return res, fmt.Errorf("%s:%d: %w", file, line, err)
		}
		complete := err == nil // ended by a newline
		var rec Record
		switch {
		case !complete:
			res.Bad = append(res.Bad, &LineError{file, line, ErrCutShort})
		case len(bytes.TrimSpace(b)) == 0:
			res.Bad = append(res.Bad, &LineError{file, line, errors.New("empty line")})
		default:
			if uerr := json.Unmarshal(b, &rec); uerr != nil {
				res.Bad = append(res.Bad, &LineError{file, line, fmt.Errorf("not a run's record: %v", uerr)})
			} else if rec.RunID == "" || rec.Method == "" {
				res.Bad = append(res.Bad, &LineError{file, line, errors.New("not a run's record: no run_id or method")})
			} else {
				rec.span = [2]int64{offset, offset + int64(len(b))}
				rec.canonicalize()
				res.Records = append(res.Records, rec)
				offset += int64(len(b))
				continue
			}
		}
		offset += int64(len(b))
		if !complete {
			return res, nil
		}
	}
}

var errLineTooLong = fmt.Errorf("a line longer than %d bytes", MaxResultLine)

// readLine returns the next line with its newline, or what is left at the
// end with io.EOF.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > MaxResultLine {
			return nil, errLineTooLong
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return line, err
	}
}

// Run is the run a record describes, on problem (which must be the
// record's; nil makes a problem of the record's name and f*, see
// RecordProblem). A record of another engine than optbench gets its
// engine in its label, so that tables and figures keep the engines apart.
func (rec Record) Run(problem *bench.Problem) (bench.Run, error) {
	if problem == nil {
		problem = RecordProblem(rec)
	}
	status, err := solvers.ParseStatus(rec.Status)
	if err != nil {
		return bench.Run{}, err
	}
	params := map[string]string{}
	for _, s := range rec.Params {
		params[s.Key] = fmt.Sprint(s.Value)
	}
	r := bench.Run{
		Spec: bench.Spec{Problem: problem, Solver: bench.Solver{Method: rec.Method, Label: rec.Label, Gradient: solvers.GradientMode(rec.Gradient)},
			Params: params, Start: rec.Start, Seed: rec.Seed, X0: unfloats(rec.X0)},
		Result: solvers.Result{
			Method: rec.Method, Params: rec.Params, Label: rec.Label, Gradient: solvers.GradientMode(rec.Gradient),
			Hessian: solvers.HessianMode(rec.Hessian), X: unfloats(rec.X), Fun: float64(rec.Fun),
			Nit: rec.Nit, Nfev: rec.Nfev, Njev: rec.Njev, Nhev: rec.Nhev,
			Status: status, Success: rec.Success, Message: rec.Message, Runtime: seconds(rec.TimeS),
		},
		GradNorm: float64(rec.GradNorm),
		Metrics:  make([]float64, len(problem.Metrics)),
	}
	if rec.Hessian == string(solvers.NoHessian) {
		r.Result.Hessian = ""
	}
	if rec.Engine != "" && rec.Engine != "optbench" {
		r.Engine = rec.Engine
		r.Label = rec.Engine + ": " + r.BaseLabel()
		r.Result.Label = r.Label
	}
	for i, m := range problem.Metrics {
		r.Metrics[i] = math.NaN()
		for _, v := range rec.Metrics {
			if v.Key == m.Key {
				r.Metrics[i] = v.Value
			}
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
	for _, m := range rec.Metrics {
		p.Metrics = append(p.Metrics, bench.Metric{Name: m.Key, Key: m.Key})
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

func seconds(s Float) time.Duration {
	if math.IsNaN(float64(s)) {
		return 0
	}
	return time.Duration(math.Round(float64(s) * 1e9))
}
