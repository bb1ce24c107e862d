package results

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// recordLines are lines of results.jsonl as optbench writes them
// (AppendJSON), for the fast path to accept: the runs of a small sweep,
// iterates of start 0 in their traces, and runs changed to have what
// other runs have: warnings, a cause, a panic, a budget with restarts and
// a log, another engine, an unknown f*, NaN values and escapes.
func recordLines(t testing.TB) [][]byte {
	sw := testSweep(t, func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.KeepX = true })
	runs := runAll(t, sw)
	var out [][]byte
	for _, r := range runs {
		out = append(out, AppendJSON(nil, r))
	}
	nan := math.NaN()
	for _, change := range []func(r *bench.Run){
		func(r *bench.Run) {
			r.Result.Warnings = []string{"Initial guess is not within the specified bounds", "and another"}
		},
		func(r *bench.Run) { r.Result.Cause = "line search failed: no step" },
		func(r *bench.Run) {
			r.Result.Panicked, r.Result.Cause = true, "runtime error: index out of range [3] with length 3"
		},
		func(r *bench.Run) {
			r.Budget, r.Restarts = 1000, 3
			r.Log = []byte(`{"lines":["% f evaluations | g evaluations","1 0 1.4e+01"],"best":[1,null]}`)
		},
		func(r *bench.Run) { r.Engine = "scipy 1.10.1" },
		func(r *bench.Run) {
			p := *r.Problem
			p.FStar = nan
			r.Problem = &p
		},
		func(r *bench.Run) {
			r.Result.Fun, r.GradNorm = nan, math.Inf(1)
			r.Result.X = []float64{nan, 1, math.Inf(-1)}
			r.Result.Runtime = 0
		},
		func(r *bench.Run) {
			r.Result.Message = "a \"quoted\" message\twith a tab, \\ and é ✓ <&>"
			r.Result.Warnings = []string{"\u2028", ""}
		},
		func(r *bench.Run) { r.Result.Status = solvers.Failed; r.Result.X = nil },
	} {
		for _, r := range runs[:2] {
			change(&r)
			out = append(out, AppendJSON(nil, r))
		}
	}
	return out
}

// sampleLine is a line as optbench writes it for a sweep on Beale, from a
// real results.jsonl, with a trace of its own.
const sampleLine = `{"run_id":"Beale/GD-fixed/analytic/0","engine":"optbench","problem":"Beale","f_star":0,"method":"GD-fixed","label":"GD-fixed","params":{"alpha":0.5},"gradient":"analytic","hessian":"none","start":0,"seed":1,"x0":[1,1],"status":"nan","success":false,"message":"NaN result encountered.","x":[-4581301.647281647,1064839.1588439941],"fun":3.059721218070305e+49,"metrics":{},"grad_norm":1.7240469751644479e+44,"nit":2,"nfev":4,"njev":4,"nhev":0,"time_s":0.000142682,"trace":[{"iter":0,"time_s":0.000136563,"fun":14.203125,"grad_norm":27.75,"nfev":1,"njev":1,"nhev":0,"x":[1,1]},{"iter":1,"time_s":0.000138546,"fun":4576061.775455475,"grad_norm":9162605.294563293,"nfev":2,"njev":2,"nhev":0,"x":[1,-12.875]},{"iter":2,"time_s":0.000139948,"fun":3.059721218070305e+49,"grad_norm":1.7240469751644479e+44,"nfev":3,"njev":3,"nhev":0,"x":[-4581301.647281647,1064839.1588439941]}]}` + "\n"

// benchRecord is a line of a run on Beale with a trace of n points as
// benchTrace writes them: about 5 kB for 40, the size of a sweep's lines.
func benchRecord(n int) []byte {
	head, _, _ := strings.Cut(sampleLine, `"trace":`)
	b := append([]byte(head), `"trace":`...)
	return append(append(b, benchTrace(n)...), "}\n"...)
}

// withField is line with key's value replaced by value, or with key and
// value first in the object when line has no key.
func withField(line, key, value string) string {
	i := strings.Index(line, `"`+key+`":`)
	if i < 0 {
		return `{"` + key + `":` + value + `,` + line[1:]
	}
	d := traceDecoder{b: []byte(line), off: i + len(key) + 3, point: -1}
	if _, err := d.value(); err != nil {
		panic(fmt.Sprintf("%s in %s: %v", key, line, err))
	}
	return line[:i+len(key)+3] + value + line[d.off:]
}

// recordCases are lines the fast path may be handed, each but the first a
// change of sampleLine: what it must decline or decode as encoding/json
// does, and the fuzzer's seeds.
func recordCases() []string {
	l := sampleLine
	many := func(n int, f func(i int) string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = f(i)
		}
		return strings.Join(parts, ",")
	}
	out := []string{
		"", "\n", "{}", "{}\n", " \t\r{}", "\n{}", "{ }", "[]", "null", "x", "{", `{"run_id":"a"`,
		`{"run_id":"a","method":"m","status":"success"}`,
		`{"run_id":"a","method":"m","status":"success","trace":[{},{},{}]}`,
		`{"run_id":"a","method":"m","status":"error","x0":[1,2,3],"x":[],"trace":[0,null,"s"]}`,
		`{"run_id":"a","method":"m","status":"success","x0":[1,2],"x":[1,2,3],"metrics":{"a":1,"a":2}}`,
		`{"run_id":"\u001b[2J","method":"m","status":"\u009b","nit":-1,"time_s":1e300}`,
		`{"run_id":"a","method":"m","status":"success","params":{"k":[1]}}`,
		l,
		strings.TrimSuffix(l, "\n"),
		l + " \t\r\n",
		" " + l,
		"\t\r " + l,
		"\n" + l,
		l + "x",
		strings.TrimSuffix(l, "}\n") + ",}",
		strings.TrimSuffix(l, "}\n") + "}}",
		strings.TrimSuffix(l, "}\n"),
		strings.Replace(l, `,"trace"`, ` , "trace" `, 1),
		strings.Replace(l, `"status":"nan",`, "\n\t\"status\" :\r\"nan\"\n,", 1),
		strings.Replace(l, `"run_id"`, `"RUN_ID"`, 1),
		strings.Replace(l, `"run_id"`, `"Run_id"`, 1),
		strings.Replace(l, `"run_id"`, `"run_\u0069d"`, 1),
		strings.Replace(l, `"label"`, `"labe\u017f"`, 1),
		strings.Replace(l, `"label"`, `"other"`, 1),
		strings.Replace(l, `"nit"`, `"nit\u0000"`, 1),
		strings.Replace(l, `"nit"`, "\"ni\x01t\"", 1),
		strings.Replace(l, `"nit"`, "\"ni\xfft\"", 1),
		strings.Replace(l, `"success":false`, `"success":false,"success":true`, 1),
		strings.Replace(l, `"nfev":4`, `"nfev":4,"nfev":5`, 1),
		strings.Replace(l, `"trace":[{"iter":0,`, `"trace":[{"iter":0,"iter":1,`, 1),
		strings.Replace(l, `"trace":[{"iter":0,`, `"trace":[{"ITER":0,`, 1),
		strings.Replace(l, `"trace":[{"iter":0,`, `"trace":[{"other":[1 2],"iter":0,`, 1),
		strings.Replace(l, `"trace":[{"iter":0,`, `"trace":[{"other":[1,{"a":"\\"}],"iter":0,`, 1),
		strings.Replace(l, `"trace":[{"iter":0,`, `"trace":[{"i\ter":0,`, 1),
		strings.Replace(l, `"trace":[{"iter":0,`, "\"trace\":[{\"i\x01ter\":0,", 1),
		strings.Replace(l, `"trace":[{"iter":0,`, `"trace":[null,{"iter":0,`, 1),
		strings.Replace(l, `"x":[1,1]}`, `"x":null}`, 1),
		strings.Replace(l, `"x":[1,1]}`, `"x":[]}`, 1),
		strings.Replace(l, `"x":[1,1]}`, `"x":[1,null]}`, 1),
		strings.Replace(l, `"x":[1,1]}`, `"x":[1,"1"]}`, 1),
		strings.Replace(l, `"x":[1,1]}`, `"x":[1,1],"x":[2]}`, 1),
		strings.Replace(l, `"nfev":1,`, `"nfev":1.0,`, 1),
		strings.Replace(l, `"nfev":1,`, `"nfev":null,`, 1),
		strings.Replace(l, `"fun":14.203125`, `"fun":null`, 1),
		strings.Replace(l, `"fun":14.203125`, `"fun":1e400`, 1),
		strings.Replace(l, `"fun":14.203125`, `"fun":"14"`, 1),
		strings.Replace(l, `"fun":14.203125`, `"fun":-0`, 1),
		strings.Replace(l, `"fun":14.203125`, `"fun":14.`, 1),
		strings.Replace(l, `"fun":14.203125`, `"fun":014`, 1),
	}
	for _, c := range []struct{ key, value string }{
		// Strings.
		{"run_id", `""`}, {"run_id", `null`}, {"run_id", `1`}, {"run_id", `"a\"b"`}, {"run_id", `"a\u00e9\ud800b"`},
		{"run_id", `"a\xb"`}, {"run_id", `"a\u12"`}, {"run_id", "\"a\x01b\""}, {"run_id", "\"a\xffb\xc3\""},
		{"run_id", "\"\xed\xa0\x80\""}, {"run_id", "\"\xef\xbf\xbd é\""}, {"run_id", `"` + strings.Repeat("a", maxName+1) + `"`},
		{"method", `""`}, {"method", `"\u0000"`}, {"label", `"a\/b"`}, {"engine", `"scipy 1.10.1"`}, {"engine", `[]`},
		{"status", `"bogus"`}, {"status", `"succes\u0073"`}, {"message", `"` + strings.Repeat("é", maxMessage) + `"`},
		{"cause", `"a cause"`}, {"cause", `null`}, {"cause", `""`},
		// Numbers.
		{"f_star", `null`}, {"f_star", `-0`}, {"f_star", `1E+2`}, {"f_star", `1e400`}, {"f_star", `"0"`}, {"f_star", `nul`}, {"f_star", `-`},
		{"start", `-0`}, {"start", `1.0`}, {"start", `1e2`}, {"start", `-1`}, {"start", `null`}, {"start", `01`}, {"start", `"1"`},
		{"start", `9223372036854775807`}, {"start", `9223372036854775808`}, {"start", `123456789012345678`},
		{"seed", `0`}, {"seed", `-0`}, {"seed", `-1`}, {"seed", `18446744073709551615`}, {"seed", `18446744073709551616`},
		{"seed", `1.0`}, {"seed", `1e2`}, {"seed", `00`}, {"seed", `null`}, {"seed", `true`},
		{"nit", `-5`}, {"nfev", `5000`}, {"budget", `1000`}, {"budget", `3`}, {"restarts", `2`}, {"restarts", `0`},
		{"time_s", `null`}, {"time_s", `1e300`}, {"grad_norm", `4.9e-324`},
		// Bools.
		{"success", `true`}, {"success", `null`}, {"success", `1`}, {"success", `tru`}, {"success", `truex`}, {"panicked", `true`}, {"panicked", `false`},
		// Vectors.
		{"x0", `[]`}, {"x0", `null`}, {"x0", `[null,1e-7]`}, {"x0", `[1,]`}, {"x0", `[1 2]`}, {"x0", `{}`}, {"x", `[1e400]`}, {"x", `[1,2,3]`},
		// Parameters.
		{"params", `{}`}, {"params", `{ }`}, {"params", `null`}, {"params", `[]`}, {"params", `"a"`}, {"params", `{"alpha":"auto","c1":1e-4,"c2":0.9}`},
		{"params", `{"a":1,"a":2}`}, {"params", `{"a\u0041":1}`}, {"params", `{"é":1}`}, {"params", `{"a":"\u00e9"}`}, {"params", `{"a":[1]}`},
		{"params", `{"a":1e400}`}, {"params", `{"a":null}`}, {"params", `{"a":true}`}, {"params", `{"a":1,}`}, {"params", `{"a" 1}`},
		{"params", `{"a":-0,"b":1E5}`}, {"params", `{` + many(maxParams, func(i int) string { return fmt.Sprintf(`"k%d":%d`, i, i) }) + `}`},
		{"params", `{` + many(maxParams+1, func(i int) string { return fmt.Sprintf(`"k%d":%d`, i, i) }) + `}`},
		{"params", `{"a":"` + strings.Repeat("a", maxName+1) + `"}`},
		// Metrics.
		{"metrics", `{"m":1,"n":null}`}, {"metrics", `{"m":1,"m":2}`}, {"metrics", `null`}, {"metrics", `[]`}, {"metrics", `{"m":"1"}`},
		{"metrics", `{"m":1e400}`}, {"metrics", `{"\u006d":1}`}, {"metrics", `{"m":[1]}`}, {"metrics", `{"m":1,}`},
		{"metrics", `{` + many(maxMetrics, func(i int) string { return fmt.Sprintf(`"m%d":%d`, i, i) }) + `}`},
		{"metrics", `{` + many(maxMetrics+1, func(i int) string { return fmt.Sprintf(`"m%d":%d`, i, i) }) + `}`},
		// Warnings.
		{"warnings", `[]`}, {"warnings", `null`}, {"warnings", `["a","b\n"]`}, {"warnings", `["a",1]`}, {"warnings", `"a"`}, {"warnings", `{}`},
		{"warnings", `[` + many(maxWarnings+1, func(int) string { return `""` }) + `]`},
		// Logs.
		{"log", `{}`}, {"log", `{"a":[1,2,{"b":null}]}`}, {"log", `{"a":[1 2]}`}, {"log", `{"a":"\x"}`}, {"log", `null`}, {"log", `[1]`},
		{"log", `"log"`}, {"log", `{"a":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`},
		{"log", `{"a":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`}, // valid alone, too deep in the line
		{"log", `{"a":` + strings.Repeat("[", 9997) + strings.Repeat("]", 9997) + `}`},
		// Traces.
		{"trace", `[]`}, {"trace", `null`}, {"trace", `{}`}, {"trace", `[{}]`}, {"trace", `[{},{},{}]`}, {"trace", `[{"iter":1}]`},
		{"trace", `[{"iter":1,"time_s":2,"fun":3,"grad_norm":4,"nfev":5,"njev":6,"nhev":7,"x":[8]},{"x":null}]`},
	} {
		out = append(out, withField(l, c.key, c.value))
	}
	return out
}

// checkRecordDecode fails t unless the fast path, when it accepts b, gives
// the record encoding/json gives, and decodeRecord gives what
// decodeRecordSlow gives: the same record, or an error with the same text.
func checkRecordDecode(t *testing.T, b []byte) {
	t.Helper()
	var fast Record
	if decodeRecordFast(b, &fast) {
		var slow Record
		if err := decodeRecordJSON(b, &slow); err != nil {
			t.Fatalf("%q: the fast path accepts it, encoding/json says %v", b, err)
		}
		if !sameRecord(fast, slow) {
			t.Fatalf("%q: the fast path reads\n%+v\nencoding/json\n%+v", b, fast, slow)
		}
	}
	got, err := decodeRecord(b)
	want, errWant := decodeRecordSlow(b)
	if fmt.Sprint(err) != fmt.Sprint(errWant) {
		t.Fatalf("%q: error %v, want %v", b, err, errWant)
	}
	if !sameRecord(got, want) {
		t.Fatalf("%q: record\n%+v\nwant\n%+v", b, got, want)
	}
}

// sameRecord says whether two records are deeply equal, as
// reflect.DeepEqual has them, but with floats the same when their bits
// are or both are NaN.
func sameRecord(a, b Record) bool {
	return sameValue(reflect.ValueOf(a), reflect.ValueOf(b))
}

// sameValue is sameRecord's comparison of any two values of one type.
func sameValue(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Float64:
		x, y := a.Float(), b.Float()
		return math.Float64bits(x) == math.Float64bits(y) || math.IsNaN(x) && math.IsNaN(y)
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint8, reflect.Uint64:
		return a.Uint() == b.Uint()
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return a.Elem().Type() == b.Elem().Type() && sameValue(a.Elem(), b.Elem())
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return false
		}
		fallthrough
	case reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	panic("sameValue: a value of kind " + a.Kind().String())
}

// TestSameRecord checks the comparison the other tests rely on.
func TestSameRecord(t *testing.T) {
	nan := Float(math.NaN())
	a := Record{FStar: nan, X: []Float{1, nan}, Params: solvers.Params{{Key: "a", Value: 1.0}}, Trace: TraceRecords{{Fun: nan}}}
	for _, c := range []struct {
		change func(r *Record)
		same   bool
	}{
		{func(*Record) {}, true},
		{func(r *Record) { r.FStar = 0 }, false},
		{func(r *Record) { r.X = []Float{1, nan, 2} }, false},
		{func(r *Record) { r.X0 = []Float{} }, false},
		{func(r *Record) { r.Params = solvers.Params{{Key: "a", Value: "1"}} }, false},
		{func(r *Record) { r.Trace = TraceRecords{{Fun: 1}} }, false},
		{func(r *Record) { r.Fun = Float(math.Copysign(0, -1)) }, false},
		{func(r *Record) { r.line = 2 }, false},
	} {
		b := a
		b.X = append([]Float(nil), a.X...)
		c.change(&b)
		if got := sameRecord(a, b); got != c.same {
			t.Errorf("%+v and %+v: same %v", a, b, got)
		}
	}
}

// TestDecodeRecordFastAccepts checks that the fast path takes the lines
// optbench writes, so that it is not silently bypassed, and decodes them
// as encoding/json does.
func TestDecodeRecordFastAccepts(t *testing.T) {
	lines := append(recordLines(t), []byte(sampleLine), benchRecord(40))
	for _, c := range []struct{ key, value string }{
		{"f_star", "null"}, {"fun", "null"}, {"x", "[null,1]"}, {"time_s", "null"}, {"grad_norm", "null"},
		{"metrics", `{"ert":1.5,"best":null}`}, {"params", `{"alpha":"auto","c1":0.0001,"n":10}`},
		{"message", `"a \"quoted\" message"`}, {"warnings", `["w1","w2"]`}, {"cause", `"a cause"`}, {"panicked", "true"},
		{"log", `{"a":[1,2]}`}, {"budget", "100"}, {"restarts", "2"}, {"engine", `"scipy 1.10.1"`},
	} {
		lines = append(lines, []byte(withField(sampleLine, c.key, c.value)))
	}
	seen := map[string]bool{}
	for _, b := range lines {
		var rec Record
		if !decodeRecordFast(b, &rec) {
			t.Errorf("the fast path declines %s", b)
			continue
		}
		checkRecordDecode(t, b)
		for _, f := range []struct {
			name string
			has  bool
		}{
			{"warnings", len(rec.Warnings) > 0}, {"cause", rec.Cause != ""}, {"panicked", rec.Panicked}, {"budget", rec.Budget > 0},
			{"restarts", rec.Restarts > 0}, {"log", len(rec.Log) > 0}, {"trace x", len(rec.Trace) > 0 && len(rec.Trace[0].X) > 0},
			{"no trace x", len(rec.Trace) > 0 && rec.Trace[0].X == nil}, {"engine", rec.Engine != "optbench"},
			{"f_star null", math.IsNaN(float64(rec.FStar))}, {"fun null", math.IsNaN(float64(rec.Fun))}, {"params", len(rec.Params) > 0},
		} {
			seen[f.name] = seen[f.name] || f.has
		}
	}
	for name, ok := range seen {
		if !ok {
			t.Errorf("no line with %s", name)
		}
	}
}

// TestDecodeRecordCases checks every case the fuzzer starts from.
func TestDecodeRecordCases(t *testing.T) {
	for _, c := range recordCases() {
		checkRecordDecode(t, []byte(c))
	}
	for _, b := range recordLines(t) {
		checkRecordDecode(t, b)
	}
}

// FuzzRecordDecode compares decodeRecord, with its fast path, with
// decodeRecordSlow, encoding/json alone (checkRecordDecode). Its inputs
// are long lines, which the fuzzer takes a minute each to minimize when
// they are new to it: -fuzzminimizetime keeps it fuzzing.
//
//	go test ./bench/results -run '^$' -fuzz FuzzRecordDecode -fuzztime 3m -fuzzminimizetime 10x
func FuzzRecordDecode(f *testing.F) {
	for _, b := range recordLines(f) {
		f.Add(b)
	}
	for _, c := range recordCases() {
		f.Add([]byte(c))
	}
	f.Add(benchRecord(3))
	f.Fuzz(checkRecordDecode)
}

// BenchmarkDecodeRecord decodes a line of a run on Beale with a trace of
// 40 points with decodeRecord (its fast path) and with decodeRecordSlow
// (encoding/json, as decodeRecord did before).
func BenchmarkDecodeRecord(b *testing.B) {
	line := benchRecord(40)
	for _, c := range []struct {
		name   string
		decode func([]byte) (Record, error)
	}{{"fast", decodeRecord}, {"slow", decodeRecordSlow}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(line)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.decode(line); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestBenchRecord checks that the benchmark's line is one the fast path
// takes, of the size of a sweep's lines.
func TestBenchRecord(t *testing.T) {
	line := benchRecord(40)
	var rec Record
	if !decodeRecordFast(line, &rec) || len(rec.Trace) != 40 {
		t.Fatalf("the fast path declines the benchmark's line, or reads %d points", len(rec.Trace))
	}
	if n := len(line); n < 4000 || n > 6000 {
		t.Errorf("%d bytes", n)
	}
}
