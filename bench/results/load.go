package results

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/internal/regular"
	"github.com/optbench/optbench/solvers"
)

// Source is one results file and the sweep.json beside it, if any.
type Source struct {
	Path        string // as named, or found under what was named
	Dir         string // the directory that holds it
	Description Description
	Described   bool // Description was read from Dir/sweep.json
}

// Sources are the results files path names: a results file itself
// (results.jsonl, scipy.jsonl), a sweep directory's results.jsonl, or, for
// a directory without one, the results.jsonl of its shard-i-of-n
// directories in shard order.
func Sources(path string) ([]Source, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	read := func(file string) (Source, error) {
		s := Source{Path: file, Dir: filepath.Dir(file)}
		var err error
		s.Description, s.Described, err = ReadDescription(s.Dir)
		return s, err
	}
	if !fi.IsDir() {
		s, err := read(path)
		return []Source{s}, err
	}
	if _, err := os.Lstat(filepath.Join(path, "results.jsonl")); err == nil {
		s, err := read(filepath.Join(path, "results.jsonl"))
		return []Source{s}, err
	}
	shards, _ := filepath.Glob(filepath.Join(path, "shard-*", "results.jsonl"))
	if len(shards) == 0 {
		return nil, fmt.Errorf("%s: no results.jsonl, nor shard-*/results.jsonl", path)
	}
	slices.SortFunc(shards, func(a, b string) int { return shardIndex(a) - shardIndex(b) })
	var out []Source
	for _, file := range shards {
		s, err := read(file)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// ShardDir is the directory shard s of a sweep writes in under dir:
// dir/shard-i-of-n, or dir itself for the whole sweep.
func ShardDir(dir string, s bench.Shard) string {
	if s.Count <= 1 {
		return dir
	}
	return filepath.Join(dir, fmt.Sprintf("shard-%d-of-%d", s.Index, s.Count))
}

// shardIndex is i of a .../shard-i-of-n/results.jsonl path, for sorting.
func shardIndex(path string) int {
	name := filepath.Base(filepath.Dir(path))
	i, _ := strconv.Atoi(strings.TrimPrefix(strings.SplitN(name, "-of-", 2)[0], "shard-"))
	return i
}

// Set is the runs of one sweep read back from its results files.
type Set struct {
	Runs []bench.Run // each (engine, run id) once, in the sweep order
	// Sweep is the sweep the files describe, from the first sweep.json
	// found; nil when there was none.
	Sweep       *bench.Sweep
	Description Description
	Sources     []Source
	// Notes say what the tables need said: files without a sweep.json,
	// problems not rebuilt, runs found twice, runs missing.
	Notes []string
	// Skipped are the first lines and records that could not be read or
	// used (MaxBadLines of each file), each a *LineError with its file and
	// line, then, for a file with more, a *MoreErrors that counts the rest.
	Skipped []error

	notResults []string // the files of which no line is a record
}

// ErrNoRuns is the error of results that hold no run that could be read;
// Load returns it with the set, whose Skipped says why.
var ErrNoRuns = errors.New("no runs")

// ErrTooLarge is the error of results that hold more runs, or runs of
// more memory, than Limits allow: they are refused before the analysis
// begins, rather than read until memory runs out.
var ErrTooLarge = errors.New("too large to analyse in memory")

// LoadLimits bound what Load keeps in memory: the runs themselves, and the
// analysis that keeps every run (about 10 kB a run at its peak besides the
// runs' own traces).
type LoadLimits struct {
	Runs  int   // the most runs
	Bytes int64 // the most bytes of runs, as RunBytes counts them
	// TraceStore, when not nil, is where the runs read keep their traces
	// (bench.TraceStore): Bytes counts them without.
	TraceStore *bench.TraceStore
}

// MaxLoadRuns and MaxLoadBytes are Load's limits. They keep a report, or a
// diff (two loads, of half the bytes each), of any results under 2 GiB:
// with traces kept compactly, a report of 96,000 Beale runs (the default
// methods, 42 trace rows a run on average, 250 MB as RunBytes counts them)
// peaked at 490-500 MB and one of 249,600 at 1.21 GB; with the traces in a
// TraceStore (as cmd/optbench keeps them), at 288-312 MB and 652-669 MB (and
// RunBytes counts 1.6 kB a run), and one of 499,992 at 1.25 GB. Reading stops as soon as
// a limit is passed. A sweep of up to bench.MaxRuns runs needs the
// streaming analysis to come.
const (
	MaxLoadRuns  = bench.MaxShardRuns
	MaxLoadBytes = 1 << 30
)

// logRunBytes is what a run with an observer log adds in a report
// besides its own bytes (see RunBytes).
const logRunBytes = 48 << 10

// sharing keeps one copy of what the runs read back repeat, for them to
// share: a run of a sweep holds its configuration's parameters (twice),
// its names and messages, and its start, as every other run of them does,
// and decoded from its own record each would be a copy of its own.
type sharing struct {
	params  bench.SharedParams
	given   map[bench.Solver]map[string]string // Spec.Params
	strings map[string]string
	x0s     map[x0Key][]float64
}

// x0Key is a starting point's problem and number.
type x0Key struct {
	problem string
	start   int
}

// maxShared bounds the strings sharing keeps: past it, a run keeps its
// own (messages with a number in them).
const maxShared = 1 << 16

// share makes r hold the copies kept of what it repeats.
func (s *sharing) share(r *bench.Run) {
	if s.given == nil {
		s.given, s.strings, s.x0s = map[bench.Solver]map[string]string{}, map[string]string{}, map[x0Key][]float64{}
	}
	r.Result.Params = s.params.Of(r.Solver, r.Result.Params)
	if g, ok := s.given[r.Solver]; !ok {
		s.given[r.Solver] = r.Params
	} else if (g == nil) == (r.Params == nil) && maps.Equal(g, r.Params) {
		r.Params = g
	}
	for _, p := range []*string{&r.Label, &r.Method, &r.Engine, &r.Result.Method, &r.Result.Label, &r.Result.Message, &r.Result.Cause} {
		*p = s.string(*p)
	}
	r.Gradient = solvers.GradientMode(s.string(string(r.Gradient)))
	r.Result.Gradient, r.Result.Hessian = r.Gradient, solvers.HessianMode(s.string(string(r.Result.Hessian)))
	k := x0Key{r.Problem.Name, r.Start}
	if x0, ok := s.x0s[k]; ok && sameFloats(x0, r.X0) {
		r.X0 = x0
	} else if !ok {
		s.x0s[k] = r.X0
	}
}

// sameFloats says whether a and b hold the same floats bit for bit (-0 is
// not 0, a NaN is itself): what a record of either writes.
func sameFloats(a, b []float64) bool {
	return (a == nil) == (b == nil) && slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// string is the copy kept of t.
func (s *sharing) string(t string) string {
	if u, ok := s.strings[t]; ok {
		return u
	}
	if len(s.strings) < maxShared {
		s.strings[t] = t
	}
	return t
}

// RunBytes is about the memory a run read back holds: its fixed parts
// (measured: 1.6 kB a run of Beale, parameters and strings included) and
// its vectors and trace (80 bytes a row of Result.Trace and its x, or what
// its compact Trace holds).
func RunBytes(r bench.Run) int64 {
	n := int64(1600 + 8*(len(r.X0)+len(r.Result.X)) + 80*len(r.Result.Trace) + r.Trace.Bytes() + len(r.Label) + len(r.Result.Message) + len(r.Result.Cause) + len(r.Log))
	if len(r.Log) > 0 {
		// A bbob run's COCO log is decoded again for DIR/coco, and each
		// such run is a problem of its own, with 51 aRT rows in the report:
		// a report of 28,800 of them peaked at 2.56 GB.
		n += logRunBytes
	}
	for _, w := range r.Result.Warnings {
		n += 16 + int64(len(w))
	}
	for _, p := range r.Result.Trace {
		n += 8 * int64(len(p.X))
	}
	return n
}

// Load reads the results the paths name (see Sources), checks that they
// belong to one sweep (the same sweep.json but for the shard: shards, a
// sweep resumed, other engines' runs of it) and returns its runs, each
// (engine, run id) once, in the sweep order. Problems are rebuilt by their
// families (see Description.Sweep); a run of a problem the sweep does not
// name gets one made of its record (RecordProblem). Records are checked
// against their problems (Record.Run): the lines and records that cannot
// be used are skipped and named in Set.Skipped. Results beyond
// MaxLoadRuns or MaxLoadBytes are refused with ErrTooLarge.
func Load(ctx context.Context, paths ...string) (*Set, error) {
	return LoadWithin(ctx, LoadLimits{Runs: MaxLoadRuns, Bytes: MaxLoadBytes}, paths...)
}

// LoadWithin is Load within lim: results that hold more are refused, as
// soon as the reading passes lim, with an error that wraps ErrTooLarge.
func LoadWithin(ctx context.Context, lim LoadLimits, paths ...string) (*Set, error) {
	set := &Set{}
	for _, p := range paths {
		more, err := Sources(p)
		if err != nil {
			return nil, err
		}
		set.Sources = append(set.Sources, more...)
	}
	var ref *Source
	for i := range set.Sources {
		s := &set.Sources[i]
		switch {
		case !s.Described:
			set.Notes = append(set.Notes, fmt.Sprintf("%s has no sweep.json beside it: its runs are taken as they are.", s.Path))
		case ref == nil:
			ref = s
		default:
			if setting, a, b := ref.Description.Diff(s.Description); setting != "" {
				return nil, fmt.Errorf("%s and %s are results of different sweeps: %s %s and %s", ref.Path, s.Path, setting, excerpt(a), excerpt(b))
			}
		}
	}
	problems := map[string]*bench.Problem{}
	if ref != nil {
		set.Description = ref.Description
		var warnings []error
		set.Sweep, warnings = ref.Description.Sweep(ctx)
		for _, w := range warnings {
			var re *RebuildError
			if errors.As(w, &re) {
				set.Notes = append(set.Notes, upper(w.Error())+": its own figures are left out.")
			} else {
				set.Notes = append(set.Notes, upper(w.Error())+".")
			}
		}
		for _, p := range set.Sweep.Problems {
			problems[p.Name] = p
		}
	}
	if err := set.read(ctx, problems, lim); err != nil {
		return nil, err
	}
	if len(set.Runs) == 0 {
		if len(set.notResults) > 0 {
			return set, fmt.Errorf("%w in %s: %s is not a results file (none of its lines is a run's record)", ErrNoRuns, strings.Join(paths, ", "), set.notResults[0])
		}
		return set, fmt.Errorf("%w in %s", ErrNoRuns, strings.Join(paths, ", "))
	}
	if set.Sweep != nil {
		set.Sweep.Order(set.Runs)
		if n := set.Count("optbench"); n < set.Sweep.Runs() {
			set.Notes = append(set.Notes, fmt.Sprintf("%d of the sweep's %d runs are here (missing shards, or a sweep not finished: run its command again to complete it).", n, set.Sweep.Runs()))
		}
	}
	return set, nil
}

// read reads every source's records into runs, each (engine, run id)
// once, one line at a time: a record is made a run (and checked against
// its problem) as soon as it is read, so only the runs are kept.
func (set *Set) read(ctx context.Context, problems map[string]*bench.Problem, lim LoadLimits) error {
	type key struct{ engine, id string }
	seen := map[key]bool{}
	params := map[string][]byte{} // resolved, by method and label (see mismatch)
	var shared sharing
	duplicates := 0
	var bytes int64
	if set.Sweep != nil {
		// The runs are most of what is kept: grown as they come, they would
		// be copied about twice over.
		set.Runs = make([]bench.Run, 0, min(set.Sweep.Runs(), lim.Runs))
	}
	for _, s := range set.Sources {
		f, err := regular.Open(s.Path)
		if err != nil {
			return err
		}
		var first []error
		count, records := 0, 0
		skip := func(err error) {
			if len(first) < MaxBadLines {
				first = append(first, err)
			}
			count++
		}
		err = scanResults(f, s.Path, func(rec Record) error {
			records++
			if records%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			p := problems[rec.Problem]
			if p == nil {
				p = RecordProblem(rec)
			}
			r, err := rec.Run(p)
			if err != nil {
				skip(&LineError{s.Path, rec.line, fmt.Errorf("run %s: %w", quote(rec.RunID), err)})
				return nil
			}
			if why := set.mismatch(rec, params); why != "" {
				skip(&LineError{s.Path, rec.line, fmt.Errorf("%w: run %s is not the sweep's run of that id: %s", ErrBadRecord, quote(rec.RunID), why)})
				return nil
			}
			// A repeat is checked as any record is, so that a bad line is
			// named wherever it is; a good one is not used twice.
			k := key{rec.Engine, rec.RunID}
			if seen[k] {
				duplicates++
				return nil
			}
			if problems[rec.Problem] == nil {
				problems[rec.Problem] = p
			}
			seen[k] = true
			r.CompactTrace()
			r.TraceStore = lim.TraceStore
			r.TraceStore.Keep(&r.Trace)
			shared.share(&r)
			bytes += RunBytes(r)
			switch {
			case len(set.Runs) >= lim.Runs:
				return fmt.Errorf("%s:%d: %w: more than %d runs, the most optbench reads at once (the analysis keeps every run in memory)",
					s.Path, rec.line, ErrTooLarge, lim.Runs)
			case bytes > lim.Bytes:
				return fmt.Errorf("%s:%d: %w: runs of more than %d MiB with their traces, the most optbench reads at once (the analysis keeps every run in memory)",
					s.Path, rec.line, ErrTooLarge, lim.Bytes>>20)
			}
			set.Runs = append(set.Runs, r)
			return nil
		}, func(le *LineError) {
			if errors.Is(le, ErrBadRecord) {
				records++ // a record, if not one to use
			}
			skip(le)
		})
		f.Close()
		if err != nil {
			return err
		}
		set.Skipped = append(set.Skipped, first...)
		if count > len(first) {
			set.Skipped = append(set.Skipped, &MoreErrors{File: s.Path, Count: count - len(first)})
		}
		if records == 0 && count > 0 {
			set.notResults = append(set.notResults, s.Path)
		}
	}
	if duplicates > 0 {
		set.Notes = append(set.Notes, fmt.Sprintf("Runs found more than once: %d; the first record of each was taken.", duplicates))
	}
	return nil
}

// Count is the number of runs of the set by engine ("optbench" for
// optbench's own).
func (set *Set) Count(engine string) int {
	n := 0
	for _, r := range set.Runs {
		if e := r.Engine; e == engine || (e == "" && engine == "optbench") {
			n++
		}
	}
	return n
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// mismatch says how an optbench record differs from the run of its id in
// the set's sweep (seed, start, x0, problem, configuration: see Open), or
// "" when it matches, when the sweep has no run of that id (noted
// elsewhere), or when its problem could not be rebuilt. A record without
// x0, of an optbench older than x0 in records, is compared without it.
func (set *Set) mismatch(rec Record, params map[string][]byte) string {
	if set.Sweep == nil || (rec.Engine != "" && rec.Engine != "optbench") {
		return ""
	}
	i, ok := set.Sweep.Index(rec.RunID)
	if !ok {
		return ""
	}
	sp, err := set.Sweep.Spec(i)
	if err != nil {
		return ""
	}
	if len(rec.X0) == 0 {
		rec.X0 = make([]Float, len(sp.X0))
		for j, v := range sp.X0 {
			rec.X0[j] = Float(v)
		}
	}
	return mismatch(rec, sp, params)
}
