package bench

import (
	"encoding/json"
	"io"
	"math"
	"strconv"
)

// Float is a float64 that encodes to JSON as null when it is NaN or
// infinite, so no JSON field is ever NaN.
type Float float64

// MarshalJSON writes the shortest decimal that parses back to the same
// float64, or null.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// Record is the JSON form of a run: one line of -format json and of
// results.jsonl. Field names are stable.
type Record struct {
	Method   string        `json:"method"`
	Gradient string        `json:"gradient"`
	Start    int           `json:"start"`
	Seed     uint64        `json:"seed"`
	Status   string        `json:"status"`
	Success  bool          `json:"success"`
	Message  string        `json:"message"`
	X        []Float       `json:"x"`
	Fun      Float         `json:"fun"`
	TestFun  Float         `json:"test_fun"`
	TrainAcc Float         `json:"train_acc"`
	TestAcc  Float         `json:"test_acc"`
	GradNorm Float         `json:"grad_norm"`
	Nit      int           `json:"nit"`
	Nfev     int           `json:"nfev"`
	Njev     int           `json:"njev"`
	Nhev     int           `json:"nhev"`
	TimeS    Float         `json:"time_s"`
	Trace    []TraceRecord `json:"trace"`
}

// TraceRecord is one iteration of a run's trace.
type TraceRecord struct {
	Iter     int   `json:"iter"`
	TimeS    Float `json:"time_s"`
	Fun      Float `json:"fun"`
	GradNorm Float `json:"grad_norm"`
	Nfev     int   `json:"nfev"`
	Njev     int   `json:"njev"`
}

// NewRecord converts a run to its JSON form.
func NewRecord(r Run) Record {
	res := r.Result
	rec := Record{
		Method: r.Method, Gradient: r.Gradient, Start: r.Start, Seed: r.Seed,
		Status: res.Status.String(), Success: res.Success, Message: res.Message,
		X:   make([]Float, len(res.X)),
		Fun: Float(res.Fun), TestFun: Float(r.TestFun), TrainAcc: Float(r.TrainAcc), TestAcc: Float(r.TestAcc),
		GradNorm: Float(res.GradNorm()),
		Nit:      res.Nit, Nfev: res.Nfev, Njev: res.Njev, Nhev: res.Nhev,
		TimeS: Float(res.Runtime.Seconds()),
		Trace: make([]TraceRecord, len(res.Trace)),
	}
	for i, v := range res.X {
		rec.X[i] = Float(v)
	}
	for i, p := range res.Trace {
		rec.Trace[i] = TraceRecord{Iter: p.Iter, TimeS: Float(p.Time.Seconds()), Fun: Float(p.Fun), GradNorm: Float(p.GradNorm), Nfev: p.Nfev, Njev: p.Njev}
	}
	return rec
}

// WriteJSON writes one JSON object per run, one per line.
func WriteJSON(w io.Writer, runs []Run) error {
	enc := json.NewEncoder(w)
	for _, r := range runs {
		if err := enc.Encode(NewRecord(r)); err != nil {
			return err
		}
	}
	return nil
}
