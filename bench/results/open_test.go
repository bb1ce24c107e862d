package results

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestOpenFreshDir: a directory that holds no sweep (made with its
// parents if missing) gets sweep.json, an empty results.jsonl, and every
// run of the shard to do, in the sweep order.
func TestOpenFreshDir(t *testing.T) {
	for _, shard := range []bench.Shard{{}, {Index: 1, Count: 3}} {
		sw := testSweep(t, nil)
		sw.Shard = shard
		d := describe(t, sw)
		dir := filepath.Join(t.TempDir(), "new", "dir")
		out, res, err := Open(dir, d, sw, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		if got, want := specIDs(res.Todo), specIDs(specsOf(t, sw)); !slices.Equal(got, want) || len(res.Done) != 0 || len(res.Warnings) != 0 {
			t.Errorf("shard %v: to do %v, done %d, warnings %v; want every run (%d) to do", shard, got, len(res.Done), res.Warnings, len(want))
		}
		if n := len(res.Todo); n != sw.Runs()/max(shard.Count, 1) {
			t.Errorf("shard %v: %d runs to do of %d", shard, n, sw.Runs())
		}
		if got := readFile(t, filepath.Join(dir, "results.jsonl")); got != "" {
			t.Errorf("results.jsonl holds %q", got)
		}
		have, ok, err := ReadDescription(dir)
		if setting, a, b := have.Diff(d); err != nil || !ok || setting != "" || have.Shard != d.Shard {
			t.Errorf("sweep.json read back differs in %s: %s, want %s", setting, a, b)
		}
	}
}

// TestOpenResumes: the finished runs a results.jsonl holds whole are done,
// each once and in the sweep order however they were written; the rest
// are to do; the lines that cannot be read are warnings; results.jsonl is
// rewritten to exactly the lines kept, byte for byte and in their order;
// and appending the runs to do completes the sweep, which then opens with
// nothing to do and is not changed by it.
func TestOpenResumes(t *testing.T) {
	sw := testSweep(t, nil)
	runs := runAll(t, sw) // in the sweep order
	if len(runs) != 18 {
		t.Fatalf("%d runs, want 18", len(runs))
	}
	l := func(i int) string { return line(runs[i]) }
	interrupted := func(i int) string {
		r := runs[i]
		r.Result.Status = solvers.Interrupted
		return line(r)
	}
	scipy := func(i int) string {
		r := runs[i]
		r.Engine = "scipy 1.10.1"
		return line(r)
	}
	unknown := func() string {
		r := runs[0]
		r.Problem = benchtest.Fake
		return line(r)
	}
	cut := func(i int) string { s := l(i); return s[:len(s)/2] }
	all := func(order []int) []string {
		var out []string
		for _, i := range order {
			out = append(out, l(i))
		}
		return out
	}
	reverse := make([]int, 18)
	for i := range reverse {
		reverse[i] = 17 - i
	}
	type bad struct {
		line     int
		cutShort bool
		text     string
	}
	for _, tc := range []struct {
		name  string
		lines []string // results.jsonl; nil: none
		done  []int    // the runs done, by index in the sweep order
		kept  []string // results.jsonl after Open
		aside []string // results.aside.jsonl after Open
		bad   []bad
		notes []string // what Open says it did, in its order
	}{
		{name: "sweep.json alone"},
		{name: "empty results.jsonl", lines: []string{}},
		{name: "finished prefix", lines: all([]int{0, 1, 2, 3, 4}), done: []int{0, 1, 2, 3, 4}, kept: all([]int{0, 1, 2, 3, 4})},
		{
			name: "interrupted",
			// Out of order, one run twice, one interrupted, one interrupted
			// then finished, a corrupt and an empty line, and the last line
			// cut short as SIGKILL in the middle of a write leaves it.
			lines: []string{l(7), l(3), l(0), l(3), interrupted(9), "{not json\n", interrupted(4), l(4), "\n", l(12), cut(15)},
			done:  []int{0, 3, 4, 7, 12},
			kept:  []string{l(7), l(3), l(0), l(4), l(12)},
			aside: []string{"{not json\n"},
			bad:   []bad{{6, false, "not a run's record"}, {9, false, "empty line"}, {11, true, "cut short"}},
			notes: []string{"1 line that could not be read moved to DIR/results.aside.jsonl", "1 repeated record of runs already there dropped",
				"2 records of interrupted runs dropped", "1 blank line dropped", "the cut-short last line dropped"},
		},
		{
			name:  "a record without run id",
			lines: []string{l(1), `{"method":"BFGS","fun":1}` + "\n", l(2)},
			done:  []int{1, 2}, kept: []string{l(1), l(2)}, aside: []string{`{"method":"BFGS","fun":1}` + "\n"},
			bad:   []bad{{2, false, "no run_id or method"}},
			notes: []string{"1 line that could not be read moved to DIR/results.aside.jsonl"},
		},
		{
			name:  "other engines and unknown runs",
			lines: []string{l(1), scipy(2), unknown(), l(2), scipy(3)},
			done:  []int{1, 2}, kept: []string{l(1), l(2)}, aside: []string{scipy(2), unknown(), scipy(3)},
			notes: []string{`2 records of another engine (first: "scipy 1.10.1") moved to DIR/results.aside.jsonl`,
				`1 record of a run that is not this sweep's (run "fake/BFGS/analytic/0") moved to DIR/results.aside.jsonl`},
		},
		{
			name:  "a cut-short tail after interrupted runs",
			lines: []string{l(1), l(0), interrupted(5), interrupted(6), cut(7)},
			done:  []int{0, 1}, kept: []string{l(1), l(0)},
			bad:   []bad{{5, true, "cut short"}},
			notes: []string{"2 records of interrupted runs dropped", "the cut-short last line dropped"},
		},
		{name: "complete, in reverse", lines: all(reverse), done: reverse, kept: all(reverse)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			d := describe(t, sw)
			if err := WriteDescription(dir, d); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "results.jsonl")
			if tc.lines != nil {
				writeFile(t, path, strings.Join(tc.lines, ""))
			}
			sw := testSweep(t, nil)
			specs := specsOf(t, sw)
			out, res, err := Open(dir, d, sw, nil)
			if err != nil {
				t.Fatal(err)
			}
			// Done: each once, in the sweep order, as they ran.
			done := slices.Sorted(slices.Values(slices.Compact(slices.Sorted(slices.Values(tc.done)))))
			var want []string
			for _, i := range done {
				want = append(want, summary(runs[i]))
			}
			if got := summaries(res.Done); !slices.Equal(got, want) {
				t.Errorf("done:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for _, r := range res.Done {
				i, _ := sw.Index(r.RunID())
				if r.Problem != specs[i].Problem || !slices.Equal(r.X0, specs[i].X0) || !reflect.DeepEqual(r.Options, specs[i].Options) || !slices.Equal(r.Result.X, runs[i].Result.X) {
					t.Errorf("%s read back is not its spec's: problem %p (want %p), x0 %v, options %+v", r.RunID(), r.Problem, specs[i].Problem, r.X0, r.Options)
				}
			}
			// Todo: the others, in the sweep order.
			var todo []string
			for i, sp := range specs {
				if !slices.Contains(done, i) {
					todo = append(todo, sp.RunID())
				}
			}
			if got := specIDs(res.Todo); !slices.Equal(got, todo) {
				t.Errorf("to do %v, want %v", got, todo)
			}
			// Warnings: the bad lines, with file and line.
			if len(res.Warnings) != len(tc.bad) {
				t.Errorf("warnings %v, want %d", res.Warnings, len(tc.bad))
			}
			for i, w := range res.Warnings {
				var le *LineError
				if !errors.As(w, &le) || i >= len(tc.bad) {
					t.Errorf("warning %v is not one of the bad lines", w)
					continue
				}
				b := tc.bad[i]
				if le.File != path || le.Line != b.line || errors.Is(w, ErrCutShort) != b.cutShort || !strings.Contains(w.Error(), b.text) ||
					!strings.HasPrefix(w.Error(), path+":") {
					t.Errorf("warning %q (line %d, cut short %v); want line %d, cut short %v, %q", w, le.Line, errors.Is(w, ErrCutShort), b.line, b.cutShort, b.text)
				}
			}
			if got := readFile(t, path); got != strings.Join(tc.kept, "") {
				t.Errorf("results.jsonl is not the lines kept:\n%.600s\nwant\n%.600s", got, strings.Join(tc.kept, ""))
			}
			asidePath := filepath.Join(dir, AsideFile)
			if b, err := os.ReadFile(asidePath); string(b) != strings.Join(tc.aside, "") || (err != nil) != (tc.aside == nil) {
				t.Errorf("%s holds\n%.600s\nwant\n%.600s", AsideFile, b, strings.Join(tc.aside, ""))
			}
			var notes []string
			for _, n := range res.Notes {
				notes = append(notes, strings.ReplaceAll(n, dir, "DIR"))
			}
			if !slices.Equal(notes, tc.notes) {
				t.Errorf("notes:\n%s\nwant\n%s", strings.Join(notes, "\n"), strings.Join(tc.notes, "\n"))
			}
			// Appending the runs to do completes the sweep.
			for _, r := range bench.Execute(t.Context(), res.Todo, 2, nil) {
				if err := out.Record(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := out.Close(); err != nil {
				t.Fatal(err)
			}
			before := dirHash(t, dir)
			out, res, err = Open(dir, d, testSweep(t, nil), nil)
			if err != nil {
				t.Fatal(err)
			}
			out.Close()
			if got, want := summaries(res.Done), summaries(runs); !slices.Equal(got, want) || len(res.Todo) != 0 || len(res.Warnings) != 0 {
				t.Errorf("completed: %d done (%v), %d to do, warnings %v; want the 18 runs of the sweep", len(res.Done), runIDs(res.Done), len(res.Todo), res.Warnings)
			}
			if dirHash(t, dir) != before {
				t.Error("opening a complete sweep changed its directory")
			}
		})
	}
}

// TestOpenRefuses: a directory that holds another sweep, another shard of
// it, results without a sweep.json, or a sweep.json that cannot be read is
// refused, and left byte for byte as it was.
func TestOpenRefuses(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "out")
	fill(t, dir, testSweep(t, nil))
	// Half the runs, as an interrupted sweep leaves them, and a file of
	// the user's.
	path := filepath.Join(dir, "results.jsonl")
	raw := strings.SplitAfter(readFile(t, path), "\n")
	writeFile(t, path, strings.Join(raw[:9], "")+raw[9][:20])
	writeFile(t, filepath.Join(dir, "notes.txt"), "mine")
	type change = func(sw *bench.Sweep, configs *[]solvers.Config, gradients *[]solvers.GradientMode)
	mt, err := solvers.Default.Config("BFGS", map[string]string{"linesearch": "more-thuente"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change change
		want   string
	}{
		{"fewer starts", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.Starts = 2 },
			"its starts: 3; this sweep's: 2. A resume keeps every finished run, and cannot shrink a sweep: give -starts 3"},
		{"more starts and another seed", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.Starts, sw.Seed = 4, 2 },
			"its seed: 1; this sweep's: 2"},
		{"seed", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.Seed = 2 }, "its seed: 1; this sweep's: 2"},
		{"maxiter", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.Options.MaxIter = 21 },
			`its maxiter: 20; this sweep's: 21.`},
		{"gtol", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.Options.Gtol = 1e-3 }, `its gtol: 0; this sweep's: 0.001.`},
		{"time limit", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.Options.TimeLimit = 1e9 }, `its time_limit: ""; this sweep's: "1s".`},
		{"trace", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) {
			sw.Options.Trace = solvers.TraceAll
		}, `its trace: "log"; this sweep's: "all"`},
		{"hessian", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) {
			sw.Options.Hessian = solvers.HessCentral3
		}, `its hessian: ""; this sweep's: "3-point"`},
		{"problems", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.Problems = sw.Problems[:1] },
			`its problems: ["Rosenbrock","Sphere"]; this sweep's: ["Rosenbrock"]`},
		{"a problem", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.Problems[1].FStar = 1 },
			`its Sphere's f_star: 0; this sweep's: 1.`},
		{"method", func(_ *bench.Sweep, c *[]solvers.Config, _ *[]solvers.GradientMode) {
			*c = benchtest.Configs(t, "CG", "Nelder-Mead")
		},
			`its methods: ["BFGS (analytic)","BFGS (2-point)","Nelder-Mead (none)"]; this sweep's: ["CG (analytic)","CG (2-point)","Nelder-Mead (none)"].`},
		{"a parameter", func(_ *bench.Sweep, c *[]solvers.Config, _ *[]solvers.GradientMode) { (*c)[0] = mt },
			`this sweep's: ["BFGS[linesearch=more-thuente] (analytic)",`},
		{"gradients", func(_ *bench.Sweep, _ *[]solvers.Config, g *[]solvers.GradientMode) {
			*g = []solvers.GradientMode{solvers.Analytic}
		},
			`its methods: ["BFGS (analytic)","BFGS (2-point)","Nelder-Mead (none)"]; this sweep's: ["BFGS (analytic)","Nelder-Mead (none)"]`},
		{"bounds", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) {
			sw.Bounds = bench.Uniform(-2, 2)
		},
			`its bounds: null; this sweep's: [[-2,2]]`},
		{"no bounds", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) {
			sw.Bounds = bench.Uniform(math.Inf(-1), math.Inf(1))
		},
			`its bounds: null; this sweep's: [[null,null]]`},
		{"a problem's bounds", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) {
			sw.Problems[0].Bounds = bench.Uniform(0, 1)
		},
			`its Rosenbrock's bounds: null; this sweep's: [[0,1]].`},
		{"shard", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) {
			sw.Shard = bench.Shard{Index: 1, Count: 2}
		},
			"holds another sweep: shard 0/1 of this sweep, not 1/2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := dirHash(t, base)
			sw := testSweep(t, tc.change)
			out, res, err := Open(dir, describe(t, sw), sw, nil)
			if !errors.Is(err, ErrOtherSweep) || out != nil || len(res.Done)+len(res.Todo) != 0 {
				t.Fatalf("Open: %v, %v; want ErrOtherSweep", out, err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, dir+" holds another sweep") || !strings.Contains(msg, tc.want) {
				t.Errorf("Open: %s\nwant %q", msg, tc.want)
			}
			if dirHash(t, base) != before {
				t.Error("a refused sweep changed the directory")
			}
		})
	}
	// The same sweep is taken, whatever its Command and version.
	sw := testSweep(t, nil)
	d := describe(t, sw)
	d.Command, d.Optbench = []string{"optbench", "-other"}, "another version"
	backup := t.TempDir()
	copyDir(t, dir, backup)
	out, res, err := Open(backup, d, sw, nil)
	if err != nil || len(res.Done) != 9 {
		t.Errorf("the same sweep from another command: %v, %d done", err, len(res.Done))
	} else {
		out.Close()
	}

	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, dir string)
		other   bool // ErrOtherSweep
		want    string
	}{
		{"results without sweep.json", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "sweep.json")) }, true,
			"holds results of an unknown sweep: its results.jsonl has no sweep.json beside it, so nothing says which sweep wrote it"},
		{"sweep.json not JSON", func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "sweep.json"), "{not json") }, false,
			filepath.Join(dir, "sweep.json") + ": not a sweep description that optbench can read"},
		{"sweep.json with a field unknown", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "sweep.json"), `{"version":1,"colour":"blue"}`)
		}, false, filepath.Join(dir, "sweep.json") + `: not a sweep description that optbench can read (json: unknown field "colour")`},
		{"sweep.json of another version", func(t *testing.T, dir string) {
			d := describe(t, testSweep(t, nil))
			d.Version = 2
			if err := WriteDescription(dir, d); err != nil {
				t.Fatal(err)
			}
		}, false, filepath.Join(dir, "sweep.json") + ": version 2, this optbench reads version 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.prepare(t, dir)
			before := dirHash(t, base)
			sw := testSweep(t, nil)
			out, _, err := Open(dir, describe(t, sw), sw, nil)
			if err == nil || out != nil || errors.Is(err, ErrOtherSweep) != tc.other || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Open: %v; want %q (ErrOtherSweep %v)", err, tc.want, tc.other)
			}
			if dirHash(t, base) != before {
				t.Error("a refused directory changed")
			}
		})
	}
}

// copyDir copies the files of dir into to.
func copyDir(t testing.TB, dir, to string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			writeFile(t, filepath.Join(to, e.Name()), readFile(t, filepath.Join(dir, e.Name())))
		}
	}
}

// TestOpenTrustsOnlyMatching: a record is a run done only if it matches
// its run's spec, not only its run id: a record of another seed, starting
// point (by one bit), parameter set or method is set aside, named, and its
// run done again; results.jsonl of a seed-2 sweep copied into a seed-1
// directory gives nothing done.
func TestOpenTrustsOnlyMatching(t *testing.T) {
	sw := testSweep(t, nil)
	runs := runAll(t, sw)
	change := func(i int, f func(r *bench.Run)) string {
		r := runs[i]
		r.X0 = slices.Clone(r.X0)
		r.Result.Params = slices.Clone(r.Result.Params)
		f(&r)
		return line(r)
	}
	for _, tc := range []struct {
		name  string
		line  string
		wrong string // what the note says differs
	}{
		{"seed", change(4, func(r *bench.Run) { r.Seed = 2 }), `seed 2, this sweep's 1`},
		{"x0 by a bit", change(4, func(r *bench.Run) { r.X0[1] = math.Nextafter(r.X0[1], math.Inf(1)) }), "x0[1] "},
		{"x0's length", change(4, func(r *bench.Run) { // x too, or the line does not read
			r.X0, r.Result.X = append(r.X0, 0), append(r.Result.X, 0)
			r.Result.Trace = nil
		}), "x0 of 3 values, this sweep's 2"},
		{"a parameter", change(4, func(r *bench.Run) { r.Result.Params[0].Value = "more-thuente" }), `parameters "{\"linesearch\":\"more-thuente\"`},
		{"the method", change(4, func(r *bench.Run) { r.Method = "scipy:BFGS" }), `method "scipy:BFGS", this sweep's "BFGS"`},
		{"the problem", strings.Replace(line(runs[4]), `"problem":"Rosenbrock"`, `"problem":"Beale"`, 1), `problem "Beale", this sweep's "Rosenbrock"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			d := describe(t, sw)
			if err := WriteDescription(dir, d); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "results.jsonl"), line(runs[0])+tc.line+line(runs[1]))
			sw := testSweep(t, nil)
			out, res, err := Open(dir, d, sw, nil)
			if err != nil {
				t.Fatal(err)
			}
			out.Close()
			if got := runIDs(res.Done); !slices.Equal(got, runIDs(runs[:2])) || !slices.Contains(specIDs(res.Todo), runs[4].RunID()) {
				t.Errorf("done %v; want runs 0 and 1 only", got)
			}
			if got := readFile(t, filepath.Join(dir, AsideFile)); got != tc.line {
				t.Errorf("set aside: %q; want the record", got)
			}
			if got := readFile(t, filepath.Join(dir, "results.jsonl")); got != line(runs[0])+line(runs[1]) {
				t.Errorf("results.jsonl: %.300q", got)
			}
			want := `1 record that does not match this sweep's run of the same id (run "` + runs[4].RunID() + `": ` + tc.wrong
			if len(res.Notes) != 1 || !strings.HasPrefix(res.Notes[0], want) || !strings.HasSuffix(res.Notes[0], ") moved to "+filepath.Join(dir, AsideFile)) {
				t.Errorf("notes %q; want %q...", res.Notes, want)
			}
		})
	}
	// A seed-2 sweep's results in a seed-1 directory.
	two := testSweep(t, func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.Seed = 2 })
	other := t.TempDir()
	fill(t, other, two)
	dir := t.TempDir()
	d := describe(t, sw)
	if err := WriteDescription(dir, d); err != nil {
		t.Fatal(err)
	}
	copied := readFile(t, filepath.Join(other, "results.jsonl"))
	writeFile(t, filepath.Join(dir, "results.jsonl"), copied)
	out, res, err := Open(dir, d, testSweep(t, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	out.Close()
	if len(res.Done) != 0 || len(res.Todo) != 18 {
		t.Errorf("seed-2 results in a seed-1 directory: %d done, %d to do; want 0 and 18", len(res.Done), len(res.Todo))
	}
	if got := readFile(t, filepath.Join(dir, AsideFile)); got != copied {
		t.Error("the seed-2 records are not all set aside as they were")
	}
	if len(res.Notes) != 1 || !strings.HasPrefix(res.Notes[0], "18 records that do not match this sweep's run of the same id (first: run ") || !strings.Contains(res.Notes[0], `seed 2, this sweep's 1`) {
		t.Errorf("notes %q", res.Notes)
	}
}

// TestOpenRemovesTemporaryFiles: the temporary files of the sweep's files
// that a killed WriteAtomic left are removed, in a new directory and in
// one resumed; a file of another name is not.
func TestOpenRemovesTemporaryFiles(t *testing.T) {
	for _, resumed := range []bool{false, true} {
		dir := t.TempDir()
		sw := testSweep(t, nil)
		if resumed {
			fill(t, dir, sw)
		}
		left := []string{".sweep.json.12345.tmp", ".results.jsonl.4294967295.tmp", ".summary.csv.7.tmp"}
		for _, name := range left {
			writeFile(t, filepath.Join(dir, name), "half")
		}
		mine := filepath.Join(dir, ".notes.txt.1.tmp")
		writeFile(t, mine, "mine")
		out, res, err := Open(dir, describe(t, sw), sw, []string{"results.jsonl", "sweep.json", "summary.csv"})
		if err != nil {
			t.Fatal(err)
		}
		out.Close()
		for _, name := range left {
			if _, err := os.Lstat(filepath.Join(dir, name)); !os.IsNotExist(err) {
				t.Errorf("resumed %v: %s is still there", resumed, name)
			}
		}
		if readFile(t, mine) != "mine" {
			t.Error("a file of another name was removed")
		}
		if want := "removed 3 temporary files that a killed optbench left in " + dir; !slices.Contains(res.Notes, want) {
			t.Errorf("resumed %v: notes %q; want %q", resumed, res.Notes, want)
		}
	}
}

// TestOpenRefusesReadOnly: a sweep's file made read-only (results.jsonl,
// sweep.json, or one of the stale names) is refused with ErrReadOnly, the
// directory left as it was and unlocked.
func TestOpenRefusesReadOnly(t *testing.T) {
	for _, name := range []string{"results.jsonl", "sweep.json", "summary.csv"} {
		for _, resumed := range []bool{false, true} {
			dir := t.TempDir()
			sw := testSweep(t, nil)
			if resumed {
				fill(t, dir, sw)
			}
			path := filepath.Join(dir, name)
			if _, err := os.Stat(path); err != nil {
				if name != "summary.csv" && resumed {
					t.Fatal(err)
				}
				writeFile(t, path, "protected")
			}
			if !resumed && name == "sweep.json" {
				os.Remove(filepath.Join(dir, "results.jsonl"))
			}
			if err := os.Chmod(path, 0o444); err != nil {
				t.Fatal(err)
			}
			before := dirHash(t, dir)
			out, _, err := Open(dir, describe(t, sw), sw, []string{"results.jsonl", "sweep.json", "summary.csv"})
			if !errors.Is(err, ErrReadOnly) || out != nil || !strings.Contains(err.Error(), path+" is read-only") {
				t.Errorf("%s read-only (resumed %v): %v; want ErrReadOnly naming it", name, resumed, err)
			}
			if dirHash(t, dir) != before {
				t.Errorf("%s read-only (resumed %v): the directory changed", name, resumed)
			}
			if h := Held(dir); h != nil {
				t.Errorf("the refusal left the directory locked by %+v", h)
			}
		}
	}
}

// inode is the identity of the file at path.
func inode(t *testing.T, path string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

// TestResumeChangesInPlace: resume never writes results.jsonl anew: a
// file whose runs kept are a prefix (a cut-short tail, interrupted runs at
// the end) is cut, and one with gaps is compacted, both in the same file,
// with no journal left; a compaction moved a line at a time (the smallest
// chunks) ends the same.
func TestResumeChangesInPlace(t *testing.T) {
	sw := testSweep(t, nil)
	runs := runAll(t, sw)
	interrupted := func(i int) string {
		r := runs[i]
		r.Result.Status = solvers.Interrupted
		return line(r)
	}
	l := func(i int) string { return line(runs[i]) }
	for _, tc := range []struct {
		name  string
		lines []string
		kept  string
		chunk int64
	}{
		{"a cut-short tail", []string{l(0), l(1), l(2), l(3)[:40]}, l(0) + l(1) + l(2), 0},
		{"interrupted at the end", []string{l(0), l(1), interrupted(2), interrupted(3), l(3)[:9]}, l(0) + l(1), 0},
		{"gaps", []string{l(0), "x\n", l(5), interrupted(2), l(1), l(5), l(2), "\n"}, l(0) + l(5) + l(1) + l(2), 0},
		{"gaps, a line at a time", []string{"junk\n", l(0), "x\n", l(5), interrupted(2), l(1), l(5), l(2), "\n"}, l(0) + l(5) + l(1) + l(2), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.chunk > 0 {
				defer func(c int64) { chunkSize = c }(chunkSize)
				chunkSize = tc.chunk
			}
			dir := t.TempDir()
			d := describe(t, sw)
			if err := WriteDescription(dir, d); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "results.jsonl")
			writeFile(t, path, strings.Join(tc.lines, ""))
			before := inode(t, path)
			out, _, err := Open(dir, d, testSweep(t, nil), nil)
			if err != nil {
				t.Fatal(err)
			}
			out.Close()
			if !os.SameFile(before, inode(t, path)) {
				t.Error("results.jsonl was replaced, not changed in place")
			}
			if got := readFile(t, path); got != tc.kept {
				t.Errorf("results.jsonl:\n%.500s\nwant\n%.500s", got, tc.kept)
			}
			if _, err := os.Lstat(filepath.Join(dir, journalName)); !os.IsNotExist(err) {
				t.Errorf("the journal is left: %v", err)
			}
		})
	}
}

// TestCompactionKilled: a resume killed while it moved a line over the gap
// before it, which the line is longer than (so the line was neither whole
// at its old place nor at its new one), loses no run: the next Open writes
// the journal's chunk again and finds every run; a journal cut short
// before it was whole, or of a file since changed, is discarded and
// changes nothing.
func TestCompactionKilled(t *testing.T) {
	sw := testSweep(t, nil)
	runs := runAll(t, sw)
	a, c, e := line(runs[0]), line(runs[1]), line(runs[2])
	content := a + "x\n" + c + "yy\n" + e
	kept := [][2]int64{{0, int64(len(a))}, {int64(len(a) + 2), int64(len(a) + 2 + len(c))}}
	for _, tc := range []struct {
		name    string
		journal func(j []byte) []byte // what the kill left of it
		note    bool
	}{
		{"whole journal", func(j []byte) []byte { return j }, true},
		{"journal cut short", func(j []byte) []byte { return j[:len(j)-1] }, false},
		{"journal of another file", func(j []byte) []byte { j[15]++; return j }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			d := describe(t, sw)
			if err := WriteDescription(dir, d); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "results.jsonl")
			writeFile(t, path, content)
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			// The kill: the journal of moving c to follow a is written,
			// and the start of c is written over its own start, which
			// garbles it (`{"r"run_id":...`): a kill at any other byte
			// garbles it as well, but not always into a line that is not
			// JSON.
			jpath := filepath.Join(dir, journalName)
			j, err := os.OpenFile(jpath, os.O_RDWR|os.O_CREATE, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			if err := writeJournal(j, f, int64(len(content)), kept[0][1], int64(len(c)), kept[1:]); err != nil {
				t.Fatal(err)
			}
			j.Close()
			if _, err := f.WriteAt([]byte(c[:3]), kept[0][1]); err != nil {
				t.Fatal(err)
			}
			f.Close()
			writeFile(t, jpath, string(tc.journal([]byte(readFile(t, jpath)))))
			damaged := readFile(t, path)
			out, res, err := Open(dir, d, testSweep(t, nil), nil)
			if err != nil {
				t.Fatal(err)
			}
			out.Close()
			if _, err := os.Lstat(jpath); !os.IsNotExist(err) {
				t.Errorf("the journal is left: %v", err)
			}
			redone := slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "half moved") })
			if redone != tc.note {
				t.Errorf("notes %q; want a redo said: %v", res.Notes, tc.note)
			}
			want := []string{runs[0].RunID(), runs[1].RunID(), runs[2].RunID()}
			if !tc.note {
				// The file as the kill left it: c is lost to it, but
				// nothing was changed by the journal.
				want = []string{runs[0].RunID(), runs[2].RunID()}
				if !strings.HasPrefix(damaged, a+c[:3]+c[1:]) {
					t.Fatal("the kill was not simulated")
				}
			}
			if got := runIDs(res.Done); !slices.Equal(got, want) {
				t.Errorf("done %v; want %v", got, want)
			}
		})
	}
}

// TestOpenGrowsStarts: the same sweep with more starts keeps the runs of
// the old starts (the same runs: start k's point depends on k and the
// seed only) and leaves those of the new starts to do; sweep.json then
// says the new count, and the whole is the sweep run at once. A sharded
// sweep cannot grow.
func TestOpenGrowsStarts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	fill(t, dir, testSweep(t, nil)) // 3 starts
	more := func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.Starts = 5 }
	sw := testSweep(t, more)
	out, res, err := Open(dir, describe(t, sw), sw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Done) != 2*3*3 || len(res.Todo) != 2*3*2 {
		t.Errorf("%d done, %d to do; want 18 and 12", len(res.Done), len(res.Todo))
	}
	for _, sp := range res.Todo {
		if sp.Start < 3 {
			t.Errorf("%s is to do again", sp.RunID())
		}
	}
	if !slices.ContainsFunc(res.Notes, func(n string) bool {
		return n == "sweep grown from 3 to 5 starts: the runs of the 2 new starts are to do, the finished runs of the first 3 kept"
	}) {
		t.Errorf("notes %q", res.Notes)
	}
	bench.Execute(t.Context(), res.Todo, 2, func(r bench.Run) {
		if err := out.Record(r); err != nil {
			t.Error(err)
		}
	})
	out.Close()
	d, _, err := ReadDescription(dir)
	if err != nil || d.Starts != 5 {
		t.Errorf("sweep.json: %d starts (%v), want 5", d.Starts, err)
	}
	set, err := Load(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	whole := filepath.Join(t.TempDir(), "whole")
	fill(t, whole, testSweep(t, more))
	again, err := Load(t.Context(), whole)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := summaries(set.Runs), summaries(again.Runs); !slices.Equal(got, want) {
		t.Errorf("grown sweep:\n%q\nthe sweep at once:\n%q", got, want)
	}

	sharded := filepath.Join(t.TempDir(), "sharded")
	fill(t, sharded, testSweep(t, func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) {
		sw.Shard = bench.Shard{Index: 0, Count: 2}
	}))
	sw = testSweep(t, func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) {
		sw.Starts, sw.Shard = 5, bench.Shard{Index: 0, Count: 2}
	})
	if _, _, err := Open(sharded, describe(t, sw), sw, nil); !errors.Is(err, ErrOtherSweep) || !strings.Contains(err.Error(), "A sharded sweep cannot grow its starts") {
		t.Errorf("a shard grown: %v", err)
	}
}

// TestResumeKeepsRunsCompact: the finished runs a resume reads back are
// kept as Execute keeps the runs it makes, their traces compacted and
// their parameters shared (the size check counts them so), and they write
// the lines they were read from.
func TestResumeKeepsRunsCompact(t *testing.T) {
	dir := t.TempDir()
	sw := testSweep(t, nil)
	fill(t, dir, sw)
	written := strings.Split(strings.TrimSpace(readFile(t, filepath.Join(dir, "results.jsonl"))), "\n")
	out, res, err := Open(dir, describe(t, sw), sw, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if len(res.Done) != 18 || len(res.Todo) != 0 {
		t.Fatalf("%d done, %d to do: want 18 and 0", len(res.Done), len(res.Todo))
	}
	byConfig := map[bench.Solver]solvers.Params{}
	for _, r := range res.Done {
		if r.Result.Trace != nil || r.TraceLen() == 0 {
			t.Errorf("%s: Result.Trace %d rows, compact %d: want it compacted", r.RunID(), len(r.Result.Trace), r.TraceLen())
		}
		if q, ok := byConfig[r.Solver]; ok && &q[0] != &r.Result.Params[0] {
			t.Errorf("%s: parameters not shared", r.RunID())
		}
		byConfig[r.Solver] = r.Result.Params
		if got := strings.TrimSuffix(line(r), "\n"); !slices.Contains(written, got) {
			t.Errorf("%s writes a line results.jsonl does not hold:\n%s", r.RunID(), got)
		}
	}
}
