package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestDescribeBounds: sweep.json keeps the sweep's bounds and the
// problems' own (none written when there are none, so an unbounded
// sweep's file is as before), and the sweep made of it again gives every
// run the same bounds.
func TestDescribeBounds(t *testing.T) {
	inf := math.Inf(1)
	type change = func(sw *bench.Sweep, configs *[]solvers.Config, gradients *[]solvers.GradientMode)
	onlyRosenbrock := func(sw *bench.Sweep) { sw.Problems = sw.Problems[:1] }
	for _, tc := range []struct {
		name   string
		change change
		keys   []string // the "bounds" keys sweep.json has: "bounds", "problems[i]"
	}{
		{"none", nil, nil},
		{"sweep's", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) {
			sw.Bounds = bench.Uniform(-2, 2)
		}, []string{"bounds"}},
		{"sweep's per coordinate", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) {
			onlyRosenbrock(sw)
			sw.Bounds = bench.Box{{Lo: 0, Hi: inf}, {Lo: -inf, Hi: 0.5}}
		}, []string{"bounds"}},
		{"unbounded", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) {
			sw.Problems[1].Bounds = bench.Uniform(-1, 1)
			sw.Bounds = bench.Uniform(-inf, inf)
		}, []string{"bounds", "problems[1]"}},
		{"problem's own", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) {
			sw.Problems[1].Bounds = bench.Uniform(-1, 1)
		}, []string{"problems[1]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sw := testSweep(t, tc.change)
			d := describe(t, sw)
			dir := t.TempDir()
			if err := WriteDescription(dir, d); err != nil {
				t.Fatal(err)
			}
			var raw struct {
				Bounds   json.RawMessage `json:"bounds"`
				Problems []struct {
					Bounds json.RawMessage `json:"bounds"`
				} `json:"problems"`
			}
			if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "sweep.json"))), &raw); err != nil {
				t.Fatal(err)
			}
			var keys []string
			if raw.Bounds != nil {
				keys = append(keys, "bounds")
			}
			for i, p := range raw.Problems {
				if p.Bounds != nil {
					keys = append(keys, "problems["+string(rune('0'+i))+"]")
				}
			}
			if !slices.Equal(keys, tc.keys) {
				t.Errorf("sweep.json has bounds in %v, want %v", keys, tc.keys)
			}
			read, ok, err := ReadDescription(dir)
			if err != nil || !ok {
				t.Fatalf("ReadDescription: %v, %v", ok, err)
			}
			again, warnings := read.Sweep(t.Context())
			if len(warnings) != 0 {
				t.Fatalf("warnings %v", warnings)
			}
			if !slices.Equal(again.Bounds, sw.Bounds) {
				t.Errorf("bounds %v, want %v", again.Bounds, sw.Bounds)
			}
			for i, p := range again.Problems {
				if !slices.Equal(p.Bounds, sw.Problems[i].Bounds) {
					t.Errorf("problem %s: bounds %v, want %v", p.Name, p.Bounds, sw.Problems[i].Bounds)
				}
			}
			specs, want := specsOf(t, again), specsOf(t, sw)
			for i := range specs {
				a, b := specs[i].Bounds, want[i].Bounds
				if (a == nil) != (b == nil) || a != nil && (!slices.Equal(a.Lower, b.Lower) || !slices.Equal(a.Upper, b.Upper)) {
					t.Errorf("spec %s: bounds %v, want %v", specs[i].RunID(), a, b)
				}
			}
			if setting, a, b := describe(t, again).Diff(d); setting != "" {
				t.Errorf("described again: %s %s, was %s", setting, a, b)
			}
		})
	}
}

// TestDescriptionBoundsRefused: a sweep.json whose bounds cannot hold, or
// do not fit a problem, is refused naming the field.
func TestDescriptionBoundsRefused(t *testing.T) {
	sw := testSweep(t, nil) // Rosenbrock (2 variables), Sphere (3)
	good, err := json.Marshal(describe(t, sw))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, bounds, problem0 string // JSON of the fields, "" to leave out
		want                   string
	}{
		{"crossed", `[[1,0]]`, "", "bounds 1:0 has lower 1 > upper 0"},
		{"count", `[[0,1],[0,1]]`, "", "bounds 2 intervals for problem Sphere of dimension 3"},
		{"problem's crossed", "", `[[3,2]]`, "problems[0].bounds 3:2 has lower 3 > upper 2"},
		{"problem's count", "", `[[0,1],[0,1],[0,1]]`, "problems[0].bounds 3 intervals for problem Rosenbrock of dimension 2"},
		{"not pairs", `[[1]]`, "", "item 0 has 1 values"},
		{"not numbers", `[["a","b"]]`, "", "not a number or null"},
		{"not a list", `{"lo":1}`, "", "not a list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(good, &m); err != nil {
				t.Fatal(err)
			}
			if tc.bounds != "" {
				m["bounds"] = json.RawMessage(tc.bounds)
			}
			if tc.problem0 != "" {
				m["problems"].([]any)[0].(map[string]any)["bounds"] = json.RawMessage(tc.problem0)
			}
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ParseDescription(b, "sweep.json")
			if !errors.Is(err, ErrBadDescription) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseDescription: %v\nwant ErrBadDescription with %q", err, tc.want)
			}
		})
	}
}

// TestRecordWarningsAndCause: a run's warnings and cause reach its record
// and its line (the same bytes as encoding/json's), and come back from
// it; a run with neither writes neither field.
func TestRecordWarningsAndCause(t *testing.T) {
	p := benchtest.Rosenbrock()
	plain := benchtest.FakeRun(p, "scipy:Nelder-Mead", solvers.Success, 3, 1)
	plain.X0 = []float64{-1.2, 1}
	plain.Result.X = []float64{1, 1}
	warned := plain
	warned.Result.Warnings = []string{"Initial guess is not within the specified bounds", "a \"quoted\" <warning> & \x00"}
	failed := plain
	failed.Result.Status, failed.Result.Message, failed.Result.Cause = solvers.Failed, "Desired error not necessarily achieved due to precision loss.", "line search: no step\nfound"
	logged := plain
	logged.Budget, logged.Restarts, logged.Log = 200, 3, json.RawMessage(`{"evaluations":7,"dat":{"f":[1.5,2]}}`)
	for _, r := range []bench.Run{plain, warned, failed, logged} {
		want, err := json.Marshal(NewRecord(r))
		if err != nil {
			t.Fatal(err)
		}
		got := AppendJSON(nil, r)
		if string(got) != string(want)+"\n" {
			t.Errorf("AppendJSON:\n%s\nencoding/json:\n%s", got, want)
		}
		for _, key := range []struct {
			name string
			has  bool
		}{{`"warnings":`, len(r.Result.Warnings) > 0}, {`"cause":`, r.Result.Cause != ""}} {
			if bytes.Contains(got, []byte(key.name)) != key.has {
				t.Errorf("line has %s: %v, want %v:\n%s", key.name, !key.has, key.has, got)
			}
		}
		read, err := ReadResults(bytes.NewReader(got), "results.jsonl")
		if err != nil || len(read.Records) != 1 || read.BadCount != 0 {
			t.Fatalf("ReadResults: %v, %v", read, err)
		}
		back, err := read.Records[0].Run(p)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(back.Result.Warnings, r.Result.Warnings) || back.Result.Cause != r.Result.Cause {
			t.Errorf("read back: warnings %q, cause %q; want %q, %q", back.Result.Warnings, back.Result.Cause, r.Result.Warnings, r.Result.Cause)
		}
	}
}

// TestRecordWarningsBounded: a line of more warnings than any method
// gives, or of a warning or cause longer than a message, is not a record
// (refused before its warnings are decoded); up to the bounds it is one.
func TestRecordWarningsBounded(t *testing.T) {
	p := benchtest.Rosenbrock()
	base := benchtest.FakeRun(p, "scipy:Nelder-Mead", solvers.Success, 3, 1)
	base.X0 = []float64{-1.2, 1}
	long := strings.Repeat("w", maxMessage)
	for _, tc := range []struct {
		name     string
		warnings []string
		cause    string
		ok       bool
		why      string
	}{
		{"most warnings", slices.Repeat([]string{"w"}, maxWarnings), "", true, ""},
		{"too many warnings", slices.Repeat([]string{""}, maxWarnings+1), "", false, "101 warnings, at most 100"},
		{"longest warning", []string{long}, long, true, ""},
		{"warning too long", []string{long + "w"}, "", false, "warning 0 is 16385 bytes long"},
		{"cause too long", nil, long + "c", false, "cause is 16385 bytes long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := base
			r.Result.Warnings, r.Result.Cause = tc.warnings, tc.cause
			read, err := ReadResults(bytes.NewReader(AppendJSON(nil, r)), "results.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			if tc.ok {
				if len(read.Records) != 1 || !slices.Equal(read.Records[0].Warnings, tc.warnings) {
					t.Errorf("%d records, %v", len(read.Records), read.Bad)
				}
				return
			}
			if len(read.Records) != 0 || len(read.Bad) != 1 || !errors.Is(read.Bad[0], ErrBadRecord) || !strings.Contains(read.Bad[0].Error(), tc.why) {
				t.Errorf("%d records, bad %v; want ErrBadRecord with %q", len(read.Records), read.Bad, tc.why)
			}
		})
	}
	for _, bad := range []string{`"warnings":[1]`, `"warnings":"w"`, `"warnings":{"a":"b"}`, `"cause":["c"]`} {
		line := bytes.Replace(AppendJSON(nil, base), []byte(`"message":`), []byte(bad+`,"message":`), 1)
		read, err := ReadResults(bytes.NewReader(line), "results.jsonl")
		if err != nil || len(read.Records) != 0 || read.BadCount != 1 {
			t.Errorf("%s: %d records, %v, %v; want a bad line", bad, len(read.Records), read.Bad, err)
		}
	}
}

// TestResumeBounded: a bounded sweep resumed with the same bounds keeps
// its runs, bounds and warnings; with other bounds (TestOpenRefuses) it is
// refused.
func TestResumeBounded(t *testing.T) {
	change := func(sw *bench.Sweep, configs *[]solvers.Config, _ *[]solvers.GradientMode) {
		sw.Bounds = bench.Uniform(-1, 1)
		*configs = benchtest.Configs(t, "scipy:Nelder-Mead")
	}
	dir := t.TempDir()
	fill(t, dir, testSweep(t, change))
	// The warnings each run recorded: scipy:Nelder-Mead warns where it
	// clips a start outside [-1, 1] (Rosenbrock's start 0, (-1.2, 1)).
	recorded := map[string][]string{}
	warned := 0
	for _, line := range strings.Split(strings.TrimSpace(readFile(t, filepath.Join(dir, "results.jsonl"))), "\n") {
		var rec Record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		recorded[rec.RunID] = rec.Warnings
		if len(rec.Warnings) > 0 {
			warned++
		}
	}
	if warned == 0 {
		t.Fatal("no run warned of a start outside the bounds")
	}
	sw := testSweep(t, change)
	out, res, err := Open(dir, describe(t, sw), sw, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if len(res.Todo) != 0 || len(res.Done) != sw.Runs() || len(res.Warnings) != 0 {
		t.Fatalf("%d done, %d to do, warnings %v", len(res.Done), len(res.Todo), res.Warnings)
	}
	for _, r := range res.Done {
		if r.Bounds == nil || r.Bounds.Lower[0] != -1 || r.Bounds.Upper[0] != 1 {
			t.Errorf("%s: bounds %v", r.RunID(), r.Bounds)
		}
		if want := recorded[r.RunID()]; !slices.Equal(r.Result.Warnings, want) {
			t.Errorf("%s: warnings %q, recorded %q", r.RunID(), r.Result.Warnings, want)
		}
	}
}

// TestLogRoundTrip: a run's restarts and observer log (bbob's COCO lines)
// are written and read back as they were; a log past maxLog is refused
// with the record.
func TestLogRoundTrip(t *testing.T) {
	p := &bench.Problem{Name: "p", Dim: 2, FStar: 0}
	r := bench.Run{Spec: bench.Spec{Problem: p, Solver: bench.Solver{Method: "BFGS", Label: "BFGS", Gradient: solvers.Forward2}, X0: []float64{0, 0}},
		Result:   solvers.Result{Method: "BFGS", Label: "BFGS", Status: solvers.Target, Success: true, X: []float64{1, 1}},
		Restarts: 2, Log: json.RawMessage(`{"evaluations":12,"dat":{"evaluations":[1,5],"f":[3,1e-9]}}`)}
	r.Budget = 20
	read, err := ReadResults(bytes.NewReader(AppendJSON(nil, r)), "results.jsonl")
	if err != nil || len(read.Records) != 1 {
		t.Fatalf("%v %v", err, read.Bad)
	}
	back, err := read.Records[0].Run(p)
	if err != nil {
		t.Fatal(err)
	}
	if back.Budget != 20 || back.Restarts != 2 || string(back.Log) != string(r.Log) || back.Result.Status != solvers.Target {
		t.Errorf("read back restarts %d, log %s, status %v", back.Restarts, back.Log, back.Result.Status)
	}
	for _, bad := range []string{`null`, `"garbage"`, `5`} {
		line := bytes.Replace(AppendJSON(nil, r), []byte(string(r.Log)), []byte(bad), 1)
		read, _ = ReadResults(bytes.NewReader(line), "results.jsonl")
		if len(read.Records) != 0 || len(read.Bad) != 1 || !strings.Contains(read.Bad[0].Error(), "is not an object") {
			t.Errorf("log %s: %d records, bad %v; want the record refused", bad, len(read.Records), read.Bad)
		}
	}
	over := r
	over.Result.Nfev = 21
	read, _ = ReadResults(bytes.NewReader(AppendJSON(nil, over)), "results.jsonl")
	if len(read.Records) != 0 || len(read.Bad) != 1 || !strings.Contains(read.Bad[0].Error(), "nfev 21 is past the run's budget of 20") {
		t.Errorf("nfev past the budget: %d records, bad %v; want the record refused", len(read.Records), read.Bad)
	}
	r.Log = json.RawMessage(`{"x":"` + strings.Repeat("a", maxLog) + `"}`)
	read, _ = ReadResults(bytes.NewReader(AppendJSON(nil, r)), "results.jsonl")
	if len(read.Records) != 0 || len(read.Bad) != 1 || !strings.Contains(read.Bad[0].Error(), "log is") {
		t.Errorf("a log past %d bytes: %d records, bad %v", maxLog, len(read.Records), read.Bad)
	}
}
