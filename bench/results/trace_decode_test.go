package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// traceCases are JSON values a trace may be handed, each with whether
// encoding/json decodes it into a []TraceRecord without an error: the
// cases decodeTrace must get right, and the fuzzer's seeds.
var traceCases = []struct {
	in string
	ok bool
}{
	// What the trace is.
	{`null`, true},
	{` null `, true},
	{`[]`, true},
	{"[ \t\r\n]", true},
	{`{}`, false},
	{`{"iter":1}`, false},
	{`"trace"`, false},
	{`1`, false},
	{`true`, false},
	{`false`, false},
	{`[{"iter":0,"time_s":0.000029,"fun":14.203125,"grad_norm":27.75,"nfev":1,"njev":1,"nhev":0,"x":[1,1]},{"iter":1,"time_s":8.51e-7,"fun":4.075537872901652,"grad_norm":6.3955378629426285,"nfev":2,"njev":2,"nhev":0}]`, true},
	{"[ {\n\"iter\" : 1 ,\t\"fun\" : 2 } , { } ]", true},

	// What a point is.
	{`[null]`, true},
	{`[{},null,{"iter":2}]`, true},
	{`[1]`, false},
	{`["point"]`, false},
	{`[[]]`, false},
	{`[true]`, false},
	{`[{"iter":1},2]`, false},

	// Keys.
	{`[{"ITER":1,"Fun":2,"GRAD_norm":3,"NfEv":4,"X":[5]}]`, true},
	{`[{"time_S":1},{"TIME_S":2},{"Time_s":3}]`, true},
	{`[{"time_ſ":1}]`, true},      // U+017F folds to S
	{`[{"time_\u017f":1}]`, true}, // escaped too
	{`[{"\u212aey":1}]`, true},    // the Kelvin sign folds to K: an unknown key still
	{`[{"\u0069ter":3,"n\u0066ev":4}]`, true},
	{`[{"\u0130ter":3,"ıter":4}]`, true}, // İ and ı are not i
	{`[{"iter":1,"iter":2,"Iter":3}]`, true},
	{`[{"x":[1,2,3],"X":[4]}]`, true},
	{`[{"x":[1,2],"x":null}]`, true},
	{`[{"x":null,"x":[]}]`, true},
	{`[{"gradnorm":1,"grad_norm ":2,"grad-norm":3,"":4}]`, true},
	{`[{"\ud801\udc00":1,"\ud800":2,"\udc00\ud800":3,"\ud800\u0041":4}]`, true},
	{`[{"i\u0000ter":1,"iter\n":2,"\"iter\"":3,"\\iter":4}]`, true},
	{`[{"grad_norm_and_more_than_a_field":1}]`, true},
	{"[{\"it\xffer\":1,\"\xff\":2,\"iter\":3}]", true},
	{`[{"other":{"a":[1,{"b":"]}\"["}],"c":null},"more":[[],{},"{"],"s":"\\\"","t":true,"f":false,"n":null,"iter":9}]`, true},

	// Int fields.
	{`[{"iter":null}]`, true},
	{`[{"iter":-0,"nfev":0,"njev":-1,"nhev":123456789012345678}]`, true},
	{`[{"iter":9223372036854775807,"nfev":-9223372036854775808,"njev":1234567890123456789}]`, true},
	{`[{"iter":9223372036854775808}]`, false},
	{`[{"iter":-9223372036854775809}]`, false},
	{`[{"iter":1.0}]`, false},
	{`[{"iter":1e2}]`, false},
	{`[{"iter":1E2}]`, false},
	{`[{"iter":1.5}]`, false},
	{`[{"iter":1e400}]`, false},
	{`[{"iter":"1"}]`, false},
	{`[{"iter":true}]`, false},
	{`[{"iter":{}}]`, false},
	{`[{"iter":[1]}]`, false},
	{`[{"nhev":0.5}]`, false},

	// Float fields.
	{`[{"fun":null,"time_s":null,"grad_norm":null}]`, true},
	{`[{"fun":-0,"time_s":0e5,"grad_norm":-0.0}]`, true},
	{`[{"fun":1e-400,"grad_norm":4.9e-324,"time_s":2e-324}]`, true},
	{`[{"fun":1.7976931348623157e308,"grad_norm":-1.7976931348623158e308}]`, true},
	{`[{"fun":0.1000000000000000055511151231257827021181583404541015625}]`, true},
	{`[{"fun":1` + strings.Repeat("0", 400) + `}]`, false},
	{`[{"fun":1e400}]`, false},
	{`[{"grad_norm":-1e400}]`, false},
	{`[{"fun":1.7976931348623159e308}]`, false},
	{`[{"fun":"1"}]`, false},
	{`[{"fun":"NaN"}]`, false},
	{`[{"fun":true}]`, false},
	{`[{"time_s":{}}]`, false},
	{`[{"time_s":[]}]`, false},

	// x.
	{`[{"x":null}]`, true},
	{`[{"x":[]}]`, true},
	{`[{"x":[ ]},{"x":[1]},{"x":[ 1 , null , -2.5e-3 ]}]`, true},
	{`[{"x":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]}]`, true},
	{`[{"x":[1,"a"]}]`, false},
	{`[{"x":[[1]]}]`, false},
	{`[{"x":[1e400]}]`, false},
	{`[{"x":[true]}]`, false},
	{`[{"x":[{}]}]`, false},
	{`[{"x":1}]`, false},
	{`[{"x":"a"}]`, false},
	{`[{"x":{}}]`, false},
	{`[{"x":true}]`, false},

	// An error after a good point, and a good point after an error.
	{`[{"iter":1},{"iter":"a"}]`, false},
	{`[{"iter":"a"},{"iter":1}]`, false},
	{`[{"iter":1.5,"fun":1e400}]`, false},
}

// TestDecodeTrace decodes every case with decodeTrace and with
// encoding/json, into a nil slice and into one with points to decode into,
// and wants the same outcome and the same points.
func TestDecodeTrace(t *testing.T) {
	for _, c := range traceCases {
		var want []TraceRecord
		if err := json.Unmarshal([]byte(c.in), &want); (err == nil) != c.ok {
			t.Errorf("%s: encoding/json's error %v, want ok %v", c.in, err, c.ok)
		}
		checkDecode(t, []byte(c.in))
	}
}

// TestDecodeTraceValues checks what some traces decode to, so that the
// comparison with encoding/json is not all that says what they are.
func TestDecodeTraceValues(t *testing.T) {
	nan := Float(math.NaN())
	for _, c := range []struct {
		in   string
		want []TraceRecord
	}{
		{`null`, nil},
		{`[]`, []TraceRecord{}},
		{`[null,{}]`, []TraceRecord{{}, {}}},
		{
			`[{"iter":3,"time_s":2.9e-05,"fun":14.2,"grad_norm":27.75,"nfev":1,"njev":2,"nhev":3,"x":[1,null]}]`,
			[]TraceRecord{{Iter: 3, TimeS: 2.9e-05, Fun: 14.2, GradNorm: 27.75, Nfev: 1, Njev: 2, Nhev: 3, X: []Float{1, nan}}},
		},
		{`[{"ITER":1,"Iter":2,"time_ſ":0.5,"\u0066un":null,"fun\u0000":1,"x":[]}]`, []TraceRecord{{Iter: 2, TimeS: 0.5, Fun: nan, X: []Float{}}}},
		{`[{"iter":null,"x":[1],"x":null,"other":{"iter":5}}]`, []TraceRecord{{}}},
	} {
		var got []TraceRecord
		if err := decodeTrace(&got, []byte(c.in), len(c.in)); err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if d := traceDiff(got, c.want); d != "" {
			t.Errorf("%s: %s", c.in, d)
		}
	}
}

// TestDecodeTraceErrors checks that an error says what is wrong and where.
func TestDecodeTraceErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"iter":1}`, `a trace is a JSON array of points, not {"iter":1}`},
		{`[{"iter":1},{},{},{"iter":1.5}]`, `trace point 3: "iter" is not an integer: 1.5`},
		{`[{"nfev":"1"}]`, `trace point 0: "nfev" is not an integer: "1"`},
		{`[{"fun":true}]`, `trace point 0: "fun" is not a number: true`},
		{`[{"grad_norm":1e400}]`, `trace point 0: "grad_norm" is out of float64's range: 1e400`},
		{`[{},{"x":[1,{}]}]`, `trace point 1: "x"[1] is not a number: {}`},
		{`[{"x":{"a":1}}]`, `trace point 0: "x" is not an array: {"a":1}`},
		{`[1,2]`, `trace point 0: not an object: 1`},
		{`[{"time_s":"` + strings.Repeat("a", 100) + `"}]`, `trace point 0: "time_s" is not a number: "` + strings.Repeat("a", 39) + `…`},
		// Not JSON: encoding/json never hands such a trace on.
		{`[{"iter":1}`, `the JSON ends where ',' was due`},
		{`[{"iter":1},]`, `trace point 1: ']' where a value was due`},
		{`[{"iter":01}]`, `trace point 0: '1' where ',' was due`},
		{`[{"iter":1}] x`, `x after the trace`},
		{`[{"iter" 1}]`, `trace point 0: '1' where ':' was due`},
		{`[{"x":[1 2]}]`, `trace point 0: '2' where ',' was due`},
	} {
		var got []TraceRecord
		err := decodeTrace(&got, []byte(c.in), len(c.in))
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v, want %s", c.in, err, c.want)
		}
	}
}

// TestTraceRecordsGuard checks that UnmarshalJSON still refuses a trace
// of points too small to be optbench's, with the same error, and
// otherwise decodes as encoding/json does.
func TestTraceRecordsGuard(t *testing.T) {
	var tr TraceRecords
	err := tr.UnmarshalJSON([]byte(`[{},{},{"iter":1}]`))
	if err == nil || !strings.Contains(err.Error(), "a trace of 3 points in 18 bytes") {
		t.Errorf("error %v, want the guard's", err)
	}
	for _, b := range realTraces(t) {
		checkUnmarshal(t, b)
	}
	for _, c := range traceCases {
		checkUnmarshal(t, []byte(c.in))
	}
	long := `{"iter":1,"other":"` + strings.Repeat("a", minTracePoint) + `"}`
	for _, in := range []string{
		"[" + long + "," + long + "]",
		"[" + long + ",{}]", // enough bytes for 2
		"[" + long + ",{},{}]",
		"[" + long + ",{},{},{}]",
		"[" + long + ",{},1.5]", // too few bytes: the guard's error
		"[" + long + ",1.5]",
		`{"a":1,"b":2}`,
		`{"a":"` + strings.Repeat("a", 100) + `"}`,
	} {
		checkUnmarshal(t, []byte(in))
	}
}

// TestDecodeTraceMost checks that decodeTrace reads no more than most
// points.
func TestDecodeTraceMost(t *testing.T) {
	for _, c := range []struct {
		in   string
		most int
		ok   bool
	}{
		{`[{},null,{}]`, 3, true},
		{`[{},null,{}]`, 2, false},
		{`[{},null,{}]`, 0, false},
		{`[]`, 0, true},
		{`null`, 0, true},
	} {
		var got []TraceRecord
		err := decodeTrace(&got, []byte(c.in), c.most)
		if (err == nil) != c.ok || len(got) > c.most {
			t.Errorf("%s, at most %d: %d points, error %v", c.in, c.most, len(got), err)
		}
	}
}

// FuzzTraceRecordsDecode compares decodeTrace with encoding/json on every
// valid JSON value: the same error or not, and the same points, into a nil
// slice and into a slice with points of its own (checkDecode); and
// TraceRecords.UnmarshalJSON with what it was before, its guard then
// encoding/json (checkUnmarshal).
//
//	go test ./bench/results -run '^$' -fuzz FuzzTraceRecordsDecode -fuzztime 3m
func FuzzTraceRecordsDecode(f *testing.F) {
	for _, b := range realTraces(f) {
		f.Add(b)
	}
	for _, c := range traceCases {
		f.Add([]byte(c.in))
	}
	for _, s := range []string{"", "[", "[{", `[{"iter":1}`, `{"trace":[]}`, "\x00\xff[]", `[{"x":[1,]}]`, `[{"iter":01}]`, `[{"a":"\u00"}]`} {
		f.Add([]byte(s))
	}
	f.Add(benchTrace(42))
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			// encoding/json hands on only valid JSON: decodeTrace needs
			// only not to panic on the rest.
			var got []TraceRecord
			_ = decodeTrace(&got, b, len(b))
			return
		}
		checkDecode(t, b)
		checkUnmarshal(t, b)
	})
}

// checkDecode decodes b with decodeTrace and with encoding/json, and fails
// t unless both give an error or neither does, and then the same points
// (traceDiff): into a nil slice, into a slice with points of its own,
// past its length too (staleTrace), and into what encoding/json made of b,
// cut to half its length.
func checkDecode(t *testing.T, b []byte) {
	t.Helper()
	for _, start := range []func() []TraceRecord{
		func() []TraceRecord { return nil },
		staleTrace,
		func() []TraceRecord {
			var s []TraceRecord
			_ = json.Unmarshal(b, &s)
			return s[:len(s)/2]
		},
	} {
		want := start()
		errWant := json.Unmarshal(b, &want)
		got := start()
		err := decodeTrace(&got, b, len(b))
		if (err == nil) != (errWant == nil) {
			t.Fatalf("%q into %d points: error %v, encoding/json's %v", b, len(start()), err, errWant)
		}
		if err != nil {
			checkMessage(t, err.Error())
			continue
		}
		if d := traceDiff(got, want); d != "" {
			t.Fatalf("%q into %d points: %s", b, len(start()), d)
		}
	}
}

// checkUnmarshal fails t unless TraceRecords.UnmarshalJSON gives what it
// gave before decodeTrace: its guard's error, then encoding/json's outcome.
func checkUnmarshal(t *testing.T, b []byte) {
	t.Helper()
	var want []TraceRecord
	var errWant error
	if n := elements(b); n > 0 && len(b) < n*minTracePoint {
		errWant = fmt.Errorf("a trace of %d points in %d bytes: each point is an object with iter, time_s, fun, grad_norm, nfev, njev and nhev", n, len(b))
	} else {
		errWant = json.Unmarshal(b, &want)
	}
	var got TraceRecords
	err := got.UnmarshalJSON(b)
	switch {
	case (err == nil) != (errWant == nil):
		t.Fatalf("%q: UnmarshalJSON's error %v, want %v", b, err, errWant)
	case err == nil:
		if d := traceDiff(got, want); d != "" {
			t.Fatalf("%q: UnmarshalJSON: %s", b, d)
		}
	case strings.HasPrefix(errWant.Error(), "a trace of ") && err.Error() != errWant.Error():
		t.Fatalf("%q: UnmarshalJSON's error %v, want %v", b, err, errWant)
	}
}

// staleTrace is a slice of two points with two more past its length, all
// with every field set, to decode into: encoding/json decodes into them
// as they are.
func staleTrace() []TraceRecord {
	s := make([]TraceRecord, 4)
	for i := range s {
		s[i] = TraceRecord{Iter: 10 + i, TimeS: 0.5, Fun: Float(math.Inf(1)), GradNorm: -1, Nfev: 20, Njev: 30, Nhev: 40, X: []Float{1, 2, 3}[:i%3]}
	}
	return s[:2]
}

// traceDiff describes the first difference between two traces, "" if
// there is none: Floats differ unless their bits are the same or both
// are NaN, and a nil slice differs from an empty one.
func traceDiff(got, want []TraceRecord) string {
	if (got == nil) != (want == nil) || len(got) != len(want) {
		return fmt.Sprintf("%d points (nil %v), want %d (nil %v)", len(got), got == nil, len(want), want == nil)
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Iter != w.Iter || g.Nfev != w.Nfev || g.Njev != w.Njev || g.Nhev != w.Nhev ||
			!sameBits(g.TimeS, w.TimeS) || !sameBits(g.Fun, w.Fun) || !sameBits(g.GradNorm, w.GradNorm) ||
			(g.X == nil) != (w.X == nil) || len(g.X) != len(w.X) {
			return fmt.Sprintf("point %d is %+v, want %+v", i, g, w)
		}
		for j := range g.X {
			if !sameBits(g.X[j], w.X[j]) {
				return fmt.Sprintf("point %d's x[%d] is %v, want %v", i, j, g.X[j], w.X[j])
			}
		}
	}
	return ""
}

// sameBits says whether a and b are the same float64, bit for bit, or
// both NaN.
func sameBits(a, b Float) bool {
	return math.Float64bits(float64(a)) == math.Float64bits(float64(b)) ||
		math.IsNaN(float64(a)) && math.IsNaN(float64(b))
}

// realTraces are the traces of a small sweep's runs as results.jsonl
// holds them, the iterates of start 0 among them.
func realTraces(t testing.TB) [][]byte {
	sw := testSweep(t, func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.KeepX = true })
	var out [][]byte
	for _, r := range runAll(t, sw) {
		var rec struct{ Trace json.RawMessage }
		if err := json.Unmarshal(AppendJSON(nil, r), &rec); err != nil {
			t.Fatal(err)
		}
		if len(rec.Trace) > 2 {
			out = append(out, rec.Trace)
		}
	}
	if len(out) == 0 {
		t.Fatal("no traces")
	}
	return out
}

// benchTrace is a trace of n points as optbench writes one for a
// two-dimensional problem, about 115 bytes a point like the traces of a
// sweep on Beale: no iterates, times and values with all their digits.
func benchTrace(n int) []byte {
	b := []byte{'['}
	f, g, s := 14.203125, 27.75, 0.000012649
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `{"iter":%d,"time_s":`, i)
		b = appendFloat(b, s)
		b = appendFloat(append(b, `,"fun":`...), f)
		b = appendFloat(append(b, `,"grad_norm":`...), g)
		b = fmt.Appendf(b, `,"nfev":%d,"njev":%d,"nhev":0}`, 2*i+1, i+1)
		f, g, s = f*0.718281828459045, g*0.8414709848078965, s+1.4662e-6
	}
	return append(b, ']')
}

// BenchmarkTraceRecordsDecode decodes a trace of 42 points, the mean of a
// sweep on Beale, with encoding/json (as TraceRecords.UnmarshalJSON did)
// and with TraceRecords.UnmarshalJSON.
func BenchmarkTraceRecordsDecode(b *testing.B) {
	trace := benchTrace(42)
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(trace)))
		b.ReportAllocs()
		for b.Loop() {
			var t []TraceRecord
			if err := json.Unmarshal(trace, &t); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decodeTrace", func(b *testing.B) {
		b.SetBytes(int64(len(trace)))
		b.ReportAllocs()
		for b.Loop() {
			var t TraceRecords
			if err := t.UnmarshalJSON(trace); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestBenchTrace checks that the benchmark's trace is one encoding/json
// reads, of points of the size of a real sweep's.
func TestBenchTrace(t *testing.T) {
	b := benchTrace(42)
	var tr []TraceRecord
	if err := json.Unmarshal(b, &tr); err != nil || len(tr) != 42 {
		t.Fatalf("%d points, error %v", len(tr), err)
	}
	if per := len(b) / 42; per < 100 || per > 130 {
		t.Errorf("%d bytes a point", per)
	}
	if bytes.Contains(b, []byte("null")) {
		t.Error("a null in the benchmark's trace")
	}
}
