package results

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// sharded runs the test sweep whole into dir/whole and as n shards into
// dir/sharded, and returns the runs of the sweep in its order.
func sharded(t *testing.T, dir string, n int) []bench.Run {
	t.Helper()
	fill(t, filepath.Join(dir, "whole"), testSweep(t, nil))
	for i := range n {
		sw := testSweep(t, nil)
		sw.Shard = bench.Shard{Index: i, Count: n}
		res := fill(t, ShardDir(filepath.Join(dir, "sharded"), sw.Shard), sw)
		if len(res.Todo) != 6 {
			t.Fatalf("shard %d/%d ran %d runs, want 6", i, n, len(res.Todo))
		}
	}
	return runAll(t, testSweep(t, nil))
}

func load(t *testing.T, paths ...string) *Set {
	t.Helper()
	set, err := Load(context.Background(), paths...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestLoadMergesShards: the shards of a sweep read back as the sweep run
// whole: the same runs, in the same (sweep) order, however the shards are
// named; and problems are rebuilt by their family.
func TestLoadMergesShards(t *testing.T) {
	dir := t.TempDir()
	runs := sharded(t, dir, 3)
	want := summaries(runs)
	wantRecords := recordsWithoutTimes(t, load(t, filepath.Join(dir, "whole")).Runs)
	shard := func(i int) string { return ShardDir(filepath.Join(dir, "sharded"), bench.Shard{Index: i, Count: 3}) }
	for _, tc := range []struct {
		name  string
		paths []string
	}{
		{"whole", []string{filepath.Join(dir, "whole")}},
		{"the shards' directory", []string{filepath.Join(dir, "sharded")}},
		{"each shard, backwards", []string{shard(2), shard(1), shard(0)}},
		{"each shard's results file", []string{filepath.Join(shard(1), "results.jsonl"), filepath.Join(shard(0), "results.jsonl"), filepath.Join(shard(2), "results.jsonl")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := load(t, tc.paths...)
			if got := summaries(set.Runs); !slices.Equal(got, want) {
				t.Errorf("runs:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for i, rec := range recordsWithoutTimes(t, set.Runs) {
				if i < len(wantRecords) && rec != wantRecords[i] {
					t.Errorf("run %d read back differs from the whole sweep's:\n%s\n%s", i, rec, wantRecords[i])
				}
			}
			if len(set.Notes) != 0 || len(set.Skipped) != 0 {
				t.Errorf("notes %q, skipped %v", set.Notes, set.Skipped)
			}
			if set.Sweep == nil || set.Sweep.Runs() != 18 || set.Count("optbench") != 18 || set.Count("scipy 1.10.1") != 0 {
				t.Fatalf("sweep %v, %d runs of optbench", set.Sweep, set.Count("optbench"))
			}
			if setting, a, b := set.Description.Diff(describe(t, testSweep(t, nil))); setting != "" {
				t.Errorf("description: %s %s and %s", setting, a, b)
			}
			for _, r := range set.Runs {
				if i := slices.IndexFunc(set.Sweep.Problems, func(p *bench.Problem) bool { return p == r.Problem }); i < 0 || r.Problem.New == nil {
					t.Fatalf("%s: its problem is not the sweep's rebuilt one", r.RunID())
				}
			}
		})
	}
	if srcs := load(t, filepath.Join(dir, "sharded")).Sources; len(srcs) != 3 || !srcs[2].Described || srcs[2].Description.Shard != (bench.Shard{Index: 2, Count: 3}) {
		t.Errorf("sources %+v", srcs)
	}
}

// TestLoadNotes: runs found twice are taken once, files without a
// sweep.json and sweeps with runs missing are said.
func TestLoadNotes(t *testing.T) {
	dir := t.TempDir()
	runs := sharded(t, dir, 3)
	whole := filepath.Join(dir, "whole")
	lone := filepath.Join(dir, "lone", "results.jsonl")
	writeFile(t, lone, readFile(t, filepath.Join(whole, "results.jsonl")))
	shard1 := ShardDir(filepath.Join(dir, "sharded"), bench.Shard{Index: 1, Count: 3})
	for _, tc := range []struct {
		name  string
		paths []string
		runs  int
		notes []string
	}{
		{"the same path twice", []string{whole, whole}, 18, []string{"Runs found more than once: 18; the first record of each was taken."}},
		{"a directory and its results file", []string{whole, filepath.Join(whole, "results.jsonl")}, 18, []string{"Runs found more than once: 18; the first record of each was taken."}},
		{"the shards and the whole", []string{filepath.Join(dir, "sharded"), whole}, 18, []string{"Runs found more than once: 18; the first record of each was taken."}},
		{"no sweep.json", []string{lone}, 18, []string{lone + " has no sweep.json beside it: its runs are taken as they are."}},
		{"no sweep.json and the sweep", []string{lone, whole}, 18, []string{lone + " has no sweep.json beside it: its runs are taken as they are.", "Runs found more than once: 18; the first record of each was taken."}},
		{"one shard", []string{shard1}, 6, []string{"6 of the sweep's 18 runs are here (missing shards, or a sweep not finished: run its command again to complete it)."}},
		{"one shard twice", []string{shard1, shard1}, 6, []string{"Runs found more than once: 6; the first record of each was taken.", "6 of the sweep's 18 runs are here"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := load(t, tc.paths...)
			if len(set.Runs) != tc.runs {
				t.Errorf("%d runs, want %d", len(set.Runs), tc.runs)
			}
			if len(set.Notes) != len(tc.notes) {
				t.Fatalf("notes %q, want %q", set.Notes, tc.notes)
			}
			for i, n := range set.Notes {
				if !strings.HasPrefix(n, tc.notes[i]) {
					t.Errorf("note %q, want %q", n, tc.notes[i])
				}
			}
			seen := map[string]bool{}
			for _, r := range set.Runs {
				if seen[r.RunID()] {
					t.Errorf("run %s twice", r.RunID())
				}
				seen[r.RunID()] = true
			}
		})
	}
	// Without a sweep.json, the runs are as they were written, and their
	// problems are made of their records.
	set := load(t, lone)
	if set.Sweep != nil {
		t.Error("a sweep made of no sweep.json")
	}
	got, want := summaries(set.Runs), summaries(runs)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("runs without sweep.json:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, r := range set.Runs {
		if p := r.Problem; p.New != nil || p.Dim != len(r.X0) || p.Name != strings.Split(r.RunID(), "/")[0] || p.FStar != 0 {
			t.Errorf("%s: problem %+v", r.RunID(), p)
		}
	}
}

// TestLoadRefusesMixedSweeps: results of two sweeps are refused, naming
// both files and the first setting that differs.
func TestLoadRefusesMixedSweeps(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a")
	fill(t, a, testSweep(t, nil))
	type change = func(sw *bench.Sweep, configs *[]solvers.Config, gradients *[]solvers.GradientMode)
	for _, tc := range []struct {
		name   string
		change change
		want   string
	}{
		{"seed", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.Seed = 7 }, "seed 1 and 7"},
		{"starts", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.Starts = 2 }, "starts 3 and 2"},
		{"maxiter", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) { sw.Options.MaxIter = 5 }, "maxiter 20 and 5"},
		{"methods", func(_ *bench.Sweep, _ *[]solvers.Config, g *[]solvers.GradientMode) {
			*g = []solvers.GradientMode{solvers.Central3}
		},
			`methods ["BFGS (analytic)","BFGS (2-point)","Nelder-Mead (none)"] and ["BFGS (3-point)","Nelder-Mead (none)"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := filepath.Join(t.TempDir(), "b")
			sw := testSweep(t, tc.change)
			fill(t, b, sw)
			want := filepath.Join(a, "results.jsonl") + " and " + filepath.Join(b, "results.jsonl") + " are results of different sweeps: " + tc.want
			if set, err := Load(t.Context(), a, b); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Load: %v, %v; want %q", set, err, want)
			}
			// A shard of the other sweep is refused as well.
			sw.Shard = bench.Shard{Index: 0, Count: 2}
			fill(t, ShardDir(b, sw.Shard), sw)
			if _, err := Load(t.Context(), a, ShardDir(b, sw.Shard)); err == nil || !strings.Contains(err.Error(), "are results of different sweeps: "+tc.want) {
				t.Errorf("Load of a shard of another sweep: %v", err)
			}
		})
	}
}

// TestLoadOtherEngines: another engine's records of the sweep's runs
// (scipy.jsonl beside results.jsonl) are kept apart: their label gets the
// engine in front, each comes after optbench's run of the same spec, and
// Count counts them by engine; they do not make up for optbench's runs.
func TestLoadOtherEngines(t *testing.T) {
	dir := t.TempDir()
	sw := testSweep(t, nil)
	fill(t, dir, sw)
	runs := runAll(t, sw)
	var scipy strings.Builder
	for _, i := range []int{7, 2, 16} {
		r := runs[i]
		r.Engine = "scipy 1.10.1"
		r.Result.Fun += 1
		scipy.WriteString(line(r))
	}
	writeFile(t, filepath.Join(dir, "scipy.jsonl"), scipy.String())
	set := load(t, dir, filepath.Join(dir, "scipy.jsonl"))
	if len(set.Runs) != 21 || set.Count("optbench") != 18 || set.Count("scipy 1.10.1") != 3 {
		t.Fatalf("%d runs: %d of optbench, %d of scipy", len(set.Runs), set.Count("optbench"), set.Count("scipy 1.10.1"))
	}
	if len(set.Notes) != 0 {
		t.Errorf("notes %q", set.Notes)
	}
	var got []string
	for _, r := range set.Runs {
		got = append(got, r.Engine+"|"+r.Label+"|"+r.RunID())
	}
	var want []string
	for i, r := range runs {
		want = append(want, "|"+r.Label+"|"+r.RunID())
		if i == 2 || i == 7 || i == 16 {
			want = append(want, "scipy 1.10.1|scipy 1.10.1: "+r.Label+"|"+r.RunID())
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("runs:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i, r := range set.Runs {
		if r.Engine != "" && r.Result.Fun != set.Runs[i-1].Result.Fun+1 {
			t.Errorf("%s of %s: f %v, optbench's %v", r.RunID(), r.Engine, r.Result.Fun, set.Runs[i-1].Result.Fun)
		}
	}
	// scipy's runs alone are not the sweep's.
	set = load(t, filepath.Join(dir, "scipy.jsonl"))
	if set.Count("optbench") != 0 || set.Count("scipy 1.10.1") != 3 || len(set.Notes) != 1 || !strings.HasPrefix(set.Notes[0], "0 of the sweep's 18 runs are here") {
		t.Errorf("scipy alone: %d runs, notes %q", len(set.Runs), set.Notes)
	}
}

// TestLoadSkipsBadLines: lines that cannot be read are skipped with their
// file and line, and the rest is read.
func TestLoadSkipsBadLines(t *testing.T) {
	dir := t.TempDir()
	fill(t, dir, testSweep(t, nil))
	path := filepath.Join(dir, "results.jsonl")
	lines := strings.SplitAfter(readFile(t, path), "\n")
	last := lines[17]
	writeFile(t, path, lines[0]+"garbage\n"+strings.Join(lines[1:10], "")+"\n"+strings.Replace(lines[10], `"status":"`, `"status":"nonsense-`, 1)+
		strings.Join(lines[11:17], "")+last[:len(last)-10])
	set := load(t, dir)
	want := []string{path + ":2: not a run's record", path + ":12: empty line", path + `:13: a record that does not fit: status "nonsense-`, path + ":20: " + ErrCutShort.Error()}
	if len(set.Skipped) != len(want) {
		t.Fatalf("skipped %v, want %q", set.Skipped, want)
	}
	for i, err := range set.Skipped {
		if !strings.HasPrefix(err.Error(), want[i]) {
			t.Errorf("skipped %q, want %q", err, want[i])
		}
	}
	var le *LineError
	if !errors.As(set.Skipped[0], &le) || le.File != path || le.Line != 2 || !errors.Is(set.Skipped[3], ErrCutShort) || !errors.Is(set.Skipped[2], ErrBadRecord) {
		t.Errorf("skipped lines are not LineErrors with their file and line: %#v", set.Skipped)
	}
	if len(set.Runs) != 16 || len(set.Notes) != 1 || !strings.HasPrefix(set.Notes[0], "16 of the sweep's 18 runs are here") {
		t.Errorf("%d runs, notes %q; want 16 and the runs missing said", len(set.Runs), set.Notes)
	}
}

// TestLoadErrors: paths that name no results, and results with no run.
func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	writeFile(t, filepath.Join(empty, "results.jsonl"), "")
	for _, tc := range []struct {
		paths []string
		want  string
	}{
		{[]string{filepath.Join(dir, "none")}, "no such file or directory"},
		{[]string{dir}, dir + ": no results.jsonl, nor shard-*/results.jsonl"},
		{[]string{empty}, "no runs in " + empty},
		{[]string{empty, empty}, "no runs in " + empty + ", " + empty},
	} {
		if set, err := Load(t.Context(), tc.paths...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%q): %v, %v; want %q", tc.paths, set, err, tc.want)
		}
	}
}

// TestSources: a file is itself; a directory is its results.jsonl, or the
// results.jsonl of its shard directories by shard number (shard-10 after
// shard-2); anything else is an error.
func TestSources(t *testing.T) {
	dir := t.TempDir()
	sw := testSweep(t, nil)
	d := describe(t, sw)
	at := func(parts ...string) string { return filepath.Join(append([]string{dir}, parts...)...) }
	writeFile(t, at("sweep", "results.jsonl"), "")
	if err := WriteDescription(at("sweep"), d); err != nil {
		t.Fatal(err)
	}
	writeFile(t, at("sweep", "scipy.jsonl"), "")
	for _, i := range []int{10, 2, 0, 11, 1} {
		writeFile(t, filepath.Join(ShardDir(at("shards"), bench.Shard{Index: i, Count: 12}), "results.jsonl"), "")
	}
	writeFile(t, at("shards", "shard-3-of-12", "notes.txt"), "not results")
	writeFile(t, at("both", "results.jsonl"), "")
	writeFile(t, at("both", "shard-0-of-2", "results.jsonl"), "")
	os.MkdirAll(at("empty"), 0o755)
	writeFile(t, at("bad", "results.jsonl"), "")
	writeFile(t, at("bad", "sweep.json"), "[]")
	shard := func(i int) string {
		return filepath.Join(at("shards"), fmt.Sprintf("shard-%d-of-12", i), "results.jsonl")
	}
	for _, tc := range []struct {
		path      string
		want      []string
		described []bool
		err       string
	}{
		{path: at("sweep", "results.jsonl"), want: []string{at("sweep", "results.jsonl")}, described: []bool{true}},
		{path: at("sweep", "scipy.jsonl"), want: []string{at("sweep", "scipy.jsonl")}, described: []bool{true}},
		{path: at("sweep"), want: []string{at("sweep", "results.jsonl")}, described: []bool{true}},
		{path: at("shards"), want: []string{shard(0), shard(1), shard(2), shard(10), shard(11)}, described: []bool{false, false, false, false, false}},
		{path: at("both"), want: []string{at("both", "results.jsonl")}, described: []bool{false}},
		{path: at("empty"), err: at("empty") + ": no results.jsonl, nor shard-*/results.jsonl"},
		{path: at("none"), err: "no such file or directory"},
		{path: at("bad"), err: at("bad", "sweep.json") + ": not a sweep description"},
	} {
		srcs, err := Sources(tc.path)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Sources(%s): %v, want %q", tc.path, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Sources(%s): %v", tc.path, err)
			continue
		}
		var got []string
		var described []bool
		for _, s := range srcs {
			got = append(got, s.Path)
			described = append(described, s.Described)
			if s.Dir != filepath.Dir(s.Path) {
				t.Errorf("%s: Dir %s", s.Path, s.Dir)
			}
			if s.Described && s.Description.Starts != 3 {
				t.Errorf("%s: description %+v", s.Path, s.Description)
			}
		}
		if !slices.Equal(got, tc.want) || !slices.Equal(described, tc.described) {
			t.Errorf("Sources(%s) = %q %v, want %q %v", tc.path, got, described, tc.want, tc.described)
		}
	}
}

func TestShardDir(t *testing.T) {
	for _, tc := range []struct {
		shard bench.Shard
		want  string
	}{
		{bench.Shard{}, "out"},
		{bench.Shard{Index: 0, Count: 1}, "out"},
		{bench.Shard{Index: 0, Count: 3}, filepath.Join("out", "shard-0-of-3")},
		{bench.Shard{Index: 2, Count: 3}, filepath.Join("out", "shard-2-of-3")},
		{bench.Shard{Index: 10, Count: 12}, filepath.Join("out", "shard-10-of-12")},
	} {
		if got := ShardDir("out", tc.shard); got != tc.want {
			t.Errorf("ShardDir(out, %v) = %s, want %s", tc.shard, got, tc.want)
		}
	}
}

// TestLoadShares: the runs read back share what they repeat: a
// configuration's parameters, given and resolved, its label and method,
// and the starting point of every configuration's run from one start;
// read back as they were written all the same.
func TestLoadShares(t *testing.T) {
	dir := t.TempDir()
	sw := testSweep(t, nil)
	fill(t, dir, sw)
	set := load(t, dir)
	type config struct{ problem, label, gradient string }
	first := map[config]bench.Run{}
	starts := map[x0Key]bench.Run{}
	for _, r := range set.Runs {
		c := config{r.Problem.Name, r.Label, string(r.Gradient)}
		if f, ok := first[c]; !ok {
			first[c] = r
		} else {
			if len(r.Result.Params) == 0 || &r.Result.Params[0] != &f.Result.Params[0] {
				t.Errorf("%s: resolved parameters not shared with %s", r.RunID(), f.RunID())
			}
			if unsafe.StringData(r.Label) != unsafe.StringData(f.Label) || unsafe.StringData(r.Result.Message) != unsafe.StringData(f.Result.Message) && r.Result.Message == f.Result.Message {
				t.Errorf("%s: label or message not shared with %s", r.RunID(), f.RunID())
			}
		}
		k := x0Key{r.Problem.Name, r.Start}
		if f, ok := starts[k]; !ok {
			starts[k] = r
		} else if &r.X0[0] != &f.X0[0] {
			t.Errorf("%s: start not shared with %s", r.RunID(), f.RunID())
		}
	}
	if len(first) != 6 || len(starts) != 6 {
		t.Fatalf("%d configurations, %d starts: want 6 and 6", len(first), len(starts))
	}
	if got, want := recordsWithoutTimes(t, set.Runs), recordsWithoutTimes(t, load(t, dir).Runs); !slices.Equal(got, want) {
		t.Error("read twice, the runs differ")
	}
	// What was written is what is read.
	written := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(readFile(t, filepath.Join(dir, "results.jsonl"))), "\n") {
		var rec Record
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatal(err)
		}
		written[rec.RunID] = l
	}
	for _, r := range set.Runs {
		if got := strings.TrimSuffix(line(r), "\n"); got != written[r.RunID()] {
			t.Errorf("%s read back:\n%s\nwritten:\n%s", r.RunID(), got, written[r.RunID()])
		}
	}
}

// TestLoadIntoTraceStore: runs read with a TraceStore keep their traces in
// it, and read them back as the runs read without one do; they count fewer
// bytes against the limits.
func TestLoadIntoTraceStore(t *testing.T) {
	dir := t.TempDir()
	fill(t, dir, testSweep(t, nil))
	store, err := bench.NewTraceStore("")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	inMemory, err := LoadWithin(t.Context(), LoadLimits{Runs: 1000, Bytes: 1 << 30}, dir)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := LoadWithin(t.Context(), LoadLimits{Runs: 1000, Bytes: 1 << 30, TraceStore: store}, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored.Runs) != len(inMemory.Runs) || len(stored.Runs) == 0 {
		t.Fatalf("%d runs, %d without a store", len(stored.Runs), len(inMemory.Runs))
	}
	for i := range stored.Runs {
		a, b := &inMemory.Runs[i], &stored.Runs[i]
		if fmt.Sprint(a.TracePoints(nil)) != fmt.Sprint(b.TracePoints(nil)) || a.TraceLen() == 0 || b.TraceStore != store {
			t.Errorf("%s: %d rows read back, %d without a store", b.RunID(), b.TraceLen(), a.TraceLen())
		}
		if RunBytes(*b) >= RunBytes(*a) {
			t.Errorf("%s: %d bytes counted, %d without a store", b.RunID(), RunBytes(*b), RunBytes(*a))
		}
	}
	if store.Size() == 0 || store.Err() != nil {
		t.Errorf("%d bytes in the store, %v", store.Size(), store.Err())
	}
}

// TestLostTraceIsNotWritten: a run whose trace was lost with its store
// (read after the store closed) is neither recorded in results.jsonl nor
// written as JSON with no trace: the store's error is returned.
func TestLostTraceIsNotWritten(t *testing.T) {
	runs := runAll(t, testSweep(t, nil))
	store, err := bench.NewTraceStore("")
	if err != nil {
		t.Fatal(err)
	}
	r := runs[0]
	r.CompactTrace()
	r.TraceStore = store
	store.Keep(&r.Trace)
	store.Close()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, []bench.Run{r}); !errors.Is(err, bench.ErrTraceStore) || buf.Len() != 0 {
		t.Errorf("WriteJSON: %v, %d bytes written", err, buf.Len())
	}
	dir := t.TempDir()
	sw := testSweep(t, nil)
	d, err := Describe(sw)
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := Open(dir, d, sw, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := out.Record(r); !errors.Is(err, bench.ErrTraceStore) {
		t.Errorf("Record: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "results.jsonl")); len(b) != 0 {
		t.Errorf("results.jsonl holds %d bytes", len(b))
	}
}
