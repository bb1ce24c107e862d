package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// goodRecord is the record of a finished run of Sphere (dimension 3) with
// its iterates in the trace, as a sweep with -out writes start 0.
func goodRecord(t *testing.T) Record {
	t.Helper()
	sw := testSweep(t, func(sw *bench.Sweep, configs *[]solvers.Config, gradients *[]solvers.GradientMode) {
		sw.Problems = sw.Problems[1:]
		sw.Starts = 1
		sw.KeepX = true
		*configs = (*configs)[:1]
		*gradients = (*gradients)[:1]
	})
	runs := runAll(t, sw)
	if tr := runs[0].TracePoints(nil); len(runs) != 1 || len(tr) < 2 || len(tr[0].X) != 3 {
		t.Fatalf("%d runs, want one of Sphere with its iterates", len(runs))
	}
	var rec Record
	if err := json.Unmarshal(AppendJSON(nil, runs[0]), &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestRunChecksTheRecord: a record that cannot be a run of its problem is
// refused with ErrBadRecord and a message that says what does not fit,
// before anything uses it: vectors of another dimension (a results line of
// a -hidden 5 network beside a 2-2-3 one panicked in the figures), unknown
// statuses, negative counts, times that are no duration, absurd sizes.
// What writers do write is taken: no x for a run that failed before it
// started, no iterates in the trace, no x0 in records older than x0.
func TestRunChecksTheRecord(t *testing.T) {
	good := goodRecord(t)
	sphere, err := testProblem("Sphere")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("L", maxName+1)
	for _, tc := range []struct {
		name   string
		change func(r *Record)
		want   string // "" for a record that must be taken
	}{
		{"as written", func(r *Record) {}, ""},
		{"no x (failed before it started)", func(r *Record) { r.X = nil; r.Status = "error" }, ""},
		{"no iterates", func(r *Record) {
			for i := range r.Trace {
				r.Trace[i].X = nil
			}
		}, ""},
		{"no x0 (older records)", func(r *Record) { r.X0 = nil }, ""},
		{"x0 of another problem", func(r *Record) { r.X0 = make([]Float, 33); r.X = make([]Float, 33); r.Trace = nil }, `x0 has 33 values, problem "Sphere" has dimension 3`},
		{"x of another length", func(r *Record) { r.X = r.X[:2] }, "x has 2 values and x0 3"},
		{"x of another problem", func(r *Record) { r.X0 = nil; r.X = make([]Float, 5); r.Trace = nil }, `x has 5 values, problem "Sphere" has dimension 3`},
		{"an iterate of another length", func(r *Record) { r.Trace[1].X = r.Trace[1].X[:1] }, "trace point 1 has an x of 1 values, the run's x0 3"},
		{"unknown status", func(r *Record) { r.Status = "done\x1b[2J" }, `status "done\x1b[2J" (valid: success,`},
		{"negative nfev", func(r *Record) { r.Nfev = -1 }, "nfev -1 is negative"},
		{"negative start", func(r *Record) { r.Start = -3 }, "start -3 is negative"},
		{"negative trace count", func(r *Record) { r.Trace[0].Njev = -1 }, "trace point 0 has a negative count"},
		{"negative time", func(r *Record) { r.TimeS = -1 }, "time_s -1: want seconds from 0 to"},
		{"time past a Duration", func(r *Record) { r.TimeS = 1e300 }, "time_s 1e+300"},
		{"long label", func(r *Record) { r.Label = long }, fmt.Sprintf("label is %d bytes long, at most %d", maxName+1, maxName)},
		{"long message", func(r *Record) { r.Message = strings.Repeat("m", maxMessage+1) }, "message is"},
		{"many parameters", func(r *Record) {
			for i := range maxParams + 1 {
				r.Params = append(r.Params, solvers.Setting{Key: fmt.Sprint("k", i), Value: 1.0})
			}
		}, "parameters, at most 100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rec Record
			b, _ := json.Marshal(good) // a deep copy
			json.Unmarshal(b, &rec)
			tc.change(&rec)
			r, err := rec.Run(sphere)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want == "" && len(r.Result.X) != len(rec.X):
				t.Errorf("x of %d values, the record's %d", len(r.Result.X), len(rec.X))
			case tc.want != "" && (!errors.Is(err, ErrBadRecord) || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want ErrBadRecord saying %q", err, tc.want)
			case tc.want != "" && len(err.Error()) > 400:
				t.Errorf("a message of %d bytes", len(err.Error()))
			}
		})
	}
}

// TestLoadSkipsRecordsOfAnotherShape: a line of a sweep of another network
// shape, beside the sweep's own, is named by file:line and skipped; the
// run it claims is read from its own line.
func TestLoadSkipsRecordsOfAnotherShape(t *testing.T) {
	dir, path, lines := filled(t)
	other := changed(t, lines[0], func(rec map[string]any) {
		x0 := rec["x0"].([]any)
		rec["x0"], rec["x"] = append(x0, 0.5, 0.5), append(x0, 0.5, 0.5)
	})
	writeFile(t, path, other+strings.Join(lines, ""))
	set := load(t, dir)
	if len(set.Skipped) != 1 || !strings.HasPrefix(set.Skipped[0].Error(), path+":1: run ") || !strings.Contains(set.Skipped[0].Error(), "x0 has") {
		t.Errorf("skipped %v, want line 1 named", set.Skipped)
	}
	var le *LineError
	if !errors.As(set.Skipped[0], &le) || le.Line != 1 || !errors.Is(le, ErrBadRecord) {
		t.Errorf("skipped %#v, want a LineError of line 1 wrapping ErrBadRecord", set.Skipped[0])
	}
	if len(set.Runs) != 18 {
		t.Errorf("%d runs, want the sweep's 18", len(set.Runs))
	}
}

// TestLoadNamesABadRepeat: a record that does not fit is named even when a
// good record of the same run came before it.
func TestLoadNamesABadRepeat(t *testing.T) {
	dir, path, lines := filled(t)
	other := changed(t, lines[0], func(rec map[string]any) {
		x0 := rec["x0"].([]any)
		rec["x0"], rec["x"] = append(x0, 0.5, 0.5), append(x0, 0.5, 0.5)
	})
	writeFile(t, path, lines[0]+other+strings.Join(lines[1:], ""))
	set := load(t, dir)
	if len(set.Skipped) != 1 || !strings.HasPrefix(set.Skipped[0].Error(), path+":2: run ") {
		t.Errorf("skipped %v, want line 2 named", set.Skipped)
	}
	if len(set.Runs) != 18 || slices.ContainsFunc(set.Notes, func(n string) bool { return strings.Contains(n, "more than once") }) {
		t.Errorf("%d runs, notes %q; want the sweep's 18 and no repeat", len(set.Runs), set.Notes)
	}
}

// TestReadResultsKeepsTheFirstBadLines: a file of junk costs a counter,
// not an error a line: the first MaxBadLines are kept, the rest counted.
func TestReadResultsKeepsTheFirstBadLines(t *testing.T) {
	res, err := ReadResults(strings.NewReader(strings.Repeat("x\n", 1000)+"{}\n"), "junk")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Bad) != MaxBadLines || res.BadCount != 1001 || len(res.Records) != 0 {
		t.Fatalf("%d bad lines kept, %d counted, %d records; want %d, 1001, 0", len(res.Bad), res.BadCount, len(res.Records), MaxBadLines)
	}
	w := res.Warnings()
	var more *MoreErrors
	if len(w) != MaxBadLines+1 || !errors.As(w[MaxBadLines], &more) || more.Count != 1001-MaxBadLines || !strings.Contains(more.Error(), "and 991 more") {
		t.Errorf("warnings end with %v", w[len(w)-1])
	}
	if res.Bad[0].Line != 1 || !errors.Is(res.Bad[0], ErrNotRecord) {
		t.Errorf("first bad line %v", res.Bad[0])
	}
}

// TestReadResultsBoundsMemory: what a line claims costs memory in
// proportion to its bytes, and a line longer than MaxResultLine is refused
// before more than that is held. (The red team's 120 MB line of forty
// million {} took 7.6 GB before it crashed.)
func TestReadResultsBoundsMemory(t *testing.T) {
	head := `{"run_id":"a/b/analytic/0","method":"BFGS","status":"success","trace":[`
	for _, tc := range []struct {
		name, element string
	}{
		{"empty objects", "{}"},
		{"numbers", "0"},
		{"nulls", "null"},
		{"objects with iter only", `{"iter":1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			line := head + strings.Repeat(tc.element+",", 1<<20) + tc.element + "]}\n"
			alloc := allocated(func() {
				res, err := ReadResults(strings.NewReader(line), "f")
				if err != nil || len(res.Records) != 0 || res.BadCount != 1 || !strings.Contains(res.Bad[0].Error(), "each point is an object with iter") {
					t.Errorf("%v, %d records, bad %v", err, len(res.Records), res.Bad)
				}
			})
			// The line, read into a buffer that doubles: about 4 times its
			// bytes, 6 under the race detector; 170 before.
			if alloc > 8*uint64(len(line)) {
				t.Errorf("%d bytes allocated for a line of %d", alloc, len(line))
			}
		})
	}
	// A line past MaxResultLine: read from a reader that makes it up.
	long := io.MultiReader(strings.NewReader(`{"run_id":"`), &repeat{c: 'a', n: MaxResultLine}, strings.NewReader("\"}\n"+`{"run_id":"x"}`+"\n"))
	alloc := allocated(func() {
		res, err := ReadResults(long, "f")
		// The long line is skipped, and the next one read (and found to
		// be no record: it has no method).
		if err != nil || res.BadCount != 2 || !errors.Is(res.Bad[0], ErrLineTooLong) || res.Bad[0].Line != 1 || res.Bad[1].Line != 2 {
			t.Errorf("%v, bad %v", err, res.Bad)
		}
	})
	if alloc > 3*MaxResultLine {
		t.Errorf("%d MiB allocated for a line cut at %d MiB", alloc>>20, MaxResultLine>>20)
	}
}

// repeat is n bytes c.
type repeat struct {
	c byte
	n int
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n)
	for i := range k {
		p[i] = r.c
	}
	r.n -= k
	return k, nil
}

// allocated is the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestLoadLimits: results past the limits are refused with ErrTooLarge as
// soon as the reading passes them, naming the file and line.
func TestLoadLimits(t *testing.T) {
	dir := t.TempDir()
	fill(t, dir, testSweep(t, nil))
	for _, lim := range []LoadLimits{{Runs: 5, Bytes: 1 << 30}, {Runs: 100, Bytes: 10000}} {
		set, err := LoadWithin(t.Context(), lim, dir)
		if !errors.Is(err, ErrTooLarge) || set != nil || !strings.Contains(err.Error(), filepath.Join(dir, "results.jsonl")+":") {
			t.Errorf("%+v: %v, want ErrTooLarge naming the file and line", lim, err)
		}
	}
	if set, err := LoadWithin(t.Context(), LoadLimits{Runs: 18, Bytes: 1 << 30}, dir); err != nil || len(set.Runs) != 18 {
		t.Errorf("within the limits: %v", err)
	}
}

// TestErrorLinesQuoteLittle: an error line quotes at most about 200 bytes
// of the file, with its control characters escaped.
func TestErrorLinesQuoteLittle(t *testing.T) {
	digits := strings.Repeat("9", 100000)
	for _, line := range []string{
		`{"run_id":"a","method":"m","nit":` + digits + "}",                                  // an int too large: encoding/json quotes it whole
		`{"run_id":"a","method":"m","status":"` + strings.Repeat("\\u001b[2J", 1000) + `"}`, // escapes in a status
		`{"run_id":"a","method":"m","fun":1e` + digits + "}",
		"\x1b[2J\x1b]0;title\x07 \xff\xfe",
	} {
		res, err := ReadResults(strings.NewReader(line+"\n"), "f")
		if err != nil || res.BadCount != 1 {
			t.Fatalf("%v, %d bad lines", err, res.BadCount)
		}
		msg := res.Bad[0].Error()
		if len(msg) > 320 || strings.ContainsAny(msg, "\x1b\x07\n") || !strings.HasPrefix(msg, "f:1: ") {
			t.Errorf("a message of %d bytes: %.400q", len(msg), msg)
		}
	}
	if got := excerpt("a\x1b[2J\u009b\xffb"); got != `a\u001b[2J\u009b\xffb` {
		t.Errorf("excerpt: %s", got)
	}
}

// TestNotAResultsFile: a file of which no line is a record is said to be
// no results file.
func TestNotAResultsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.csv")
	writeFile(t, path, "x,y,label\n1,2,a\n")
	_, err := Load(t.Context(), path)
	if !errors.Is(err, ErrNoRuns) || !strings.Contains(err.Error(), path+" is not a results file") {
		t.Errorf("%v", err)
	}
}

// TestLoadChecksRecordsAgainstTheSweep: a record whose seed, start point
// or configuration is not its sweep's run of the same id is named and
// skipped, as a resume would set it aside: report counted it before.
func TestLoadChecksRecordsAgainstTheSweep(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(rec map[string]any)
		want   string
	}{
		{"seed", func(rec map[string]any) { rec["seed"] = 7 }, "seed 7, this sweep's 1"},
		{"x0", func(rec map[string]any) { rec["x0"] = []any{5, 5, 5}[:len(rec["x0"].([]any))] }, "x0[0] 5"},
		{"params", func(rec map[string]any) { rec["params"] = map[string]any{"linesearch": "backtracking"} }, "parameters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, path, lines := filled(t)
			lines[1] = changed(t, lines[1], tc.change)
			writeFile(t, path, strings.Join(lines, ""))
			set := load(t, dir)
			if len(set.Skipped) != 1 || !strings.HasPrefix(set.Skipped[0].Error(), path+":2: ") || !strings.Contains(set.Skipped[0].Error(), tc.want) {
				t.Errorf("skipped %v; want line 2 named with %q", set.Skipped, tc.want)
			}
			if len(set.Runs) != 17 {
				t.Errorf("%d runs, want the other 17", len(set.Runs))
			}
		})
	}
}

// filled is a directory of the test sweep's results, the path of its
// results.jsonl and its lines, each with its newline.
func filled(t *testing.T) (dir, path string, lines []string) {
	t.Helper()
	dir = t.TempDir()
	fill(t, dir, testSweep(t, nil))
	path = filepath.Join(dir, "results.jsonl")
	return dir, path, strings.SplitAfter(readFile(t, path), "\n")
}

// changed is the results line with change made to its record, with its
// newline.
func changed(t *testing.T, line string, change func(rec map[string]any)) string {
	t.Helper()
	var rec map[string]any
	if err := json.Unmarshal([]byte(line), &rec); err != nil {
		t.Fatal(err)
	}
	change(rec)
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}
