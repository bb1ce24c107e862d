package results

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// ErrOtherSweep is the error of an output directory that holds results of
// another sweep than the one asked for.
var ErrOtherSweep = errors.New("holds another sweep")

// AsideFile is the file in a sweep's directory to which a resume moves
// the lines of results.jsonl it does not take as this sweep's runs,
// appended, byte for byte: nothing of what the file held is deleted
// unsaid (see Open).
const AsideFile = "results.aside.jsonl"

// Resume is what Open found of a sweep in its directory.
type Resume struct {
	Done []bench.Run  // the finished runs results.jsonl held, each once, in the sweep order
	Todo []bench.Spec // the runs of the shard still to do, in the sweep order
	// Warnings are the lines that could not be read (each a *LineError,
	// in file order) and the records that could not be made runs.
	Warnings []error
	// Notes say, one sentence each, what Open did that the user should
	// know: lines moved to AsideFile or dropped, by kind, with counts;
	// temporary files removed; a directory it could not lock.
	Notes []string
}

// Open prepares dir for the sweep sw (its shard), described by d (see
// Describe), and returns it locked for this process until Output.Close: a
// directory that another process holds is refused at once with a
// *LockedError, and nothing in it is read or changed before the lock is
// taken. Read-only files of the sweep are refused (ErrReadOnly), and the
// temporary files a killed process left (WriteAtomic's) are removed.
//
// A directory that holds no sweep is made ready as CreateOutput does
// (stale names the files to clear), with d as its sweep.json, and every
// run is to do. A directory that holds results without a sweep.json, or
// another sweep or shard, is refused with ErrOtherSweep and left as it
// was.
//
// A directory that holds the same sweep and shard is resumed, and so is
// one that holds the same whole sweep with fewer starts: the sweep grows,
// the runs of the new starts are to do, and sweep.json is written with
// the new count (fewer starts, or more on a shard, are refused: see
// checkGrowth). A record of
// results.jsonl is taken as a run done only when it is optbench's, of a
// run of this shard, finished (not interrupted), and matches that run's
// spec in everything that makes the run: run id, problem, method, label,
// every parameter, gradient mode, start, seed and starting point (x0, bit
// for bit); the first such record of a run is kept. The other lines are
// handled so:
//   - moved to AsideFile, appended byte for byte (never deleted): records
//     of other engines, of runs that are not this shard's, records that do
//     not match their run's spec, and lines that are not records;
//   - dropped, as they hold nothing a resume needs: repeats of a run kept,
//     records of interrupted runs (the run is done again), blank lines and
//     a cut-short last line (a write the sweep's death cut off);
//
// each kind is said once in Notes with its count and where it went.
//
// results.jsonl then holds exactly the kept lines, in their order, so
// that appending the others completes it, and it is changed in place:
// it is never copied whole, and a resume needs no free space the size of
// it. When the kept lines are a prefix of the file (the common case: a
// sweep killed, its cut-short line or interrupted records at the end), the
// file is cut to that prefix. Otherwise the kept lines are moved down over
// the gaps, in chunks of a few MiB that are first written whole, with
// their place, to a journal file (.results.jsonl.compacting) and synced:
// a kill -9 at any moment leaves either the journal, which the next Open
// (under the lock) writes again in place before reading anything, or an
// invalid one, written before the file was touched, which it discards;
// the lines not yet moved are untouched, so no finished run is lost. A
// run's line moved but not yet written over at its old place is a repeat
// that the next resume drops, and the rest of an old line cut by the last
// chunk written is a line that does not read (the tail of a record's
// line is not a JSON object), which it sets aside. The lines set aside are synced to
// AsideFile before results.jsonl changes; a resume killed in between sets
// them aside again (twice in AsideFile, none lost).
func Open(dir string, d Description, sw *bench.Sweep, stale []string) (*Output, Resume, error) {
	specs, err := sw.Specs()
	if err != nil {
		return nil, Resume{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, Resume{}, err
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, Resume{}, err
	}
	out, res, err := open(dir, d, sw, specs, stale, lock)
	if err != nil {
		lock.unlock()
		return nil, Resume{}, err
	}
	if lock.note != "" {
		res.Notes = append([]string{lock.note}, res.Notes...)
	}
	return out, res, nil
}

// undescribedError is the error of a directory with results but no
// sweep.json: nothing says which sweep wrote them.
type undescribedError struct{ dir string }

func (e *undescribedError) Error() string {
	return fmt.Sprintf("%s holds results of an unknown sweep: its results.jsonl has no sweep.json beside it, so nothing says which sweep wrote it; move it away or choose another directory", e.dir)
}

func (e *undescribedError) Is(target error) bool { return target == ErrOtherSweep }

// open is Open once dir's lock is held.
func open(dir string, d Description, sw *bench.Sweep, specs []bench.Spec, stale []string, lock *dirLock) (*Output, Resume, error) {
	var res Resume
	if err := checkWritable(dir, stale); err != nil {
		return nil, res, err
	}
	results := filepath.Join(dir, "results.jsonl")
	if note, err := redoJournal(dir, results); err != nil {
		return nil, res, err
	} else if note != "" {
		res.Notes = append(res.Notes, note)
	}
	if n, err := removeTemporary(dir, stale); err != nil {
		return nil, res, err
	} else if n > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("removed %s that a killed optbench left in %s", plural(n, "temporary file"), dir))
	}
	old, ok, err := ReadDescription(dir)
	if err != nil {
		return nil, res, err
	}
	if !ok {
		if fi, err := os.Lstat(results); err == nil && fi.Mode().IsRegular() {
			return nil, res, &undescribedError{dir}
		}
		out, err := createOutput(dir, stale, lock)
		if err != nil {
			return nil, res, err
		}
		if err := WriteDescription(dir, d); err != nil {
			out.results.Close()
			return nil, res, err
		}
		res.Todo = specs
		return out, res, nil
	}
	var others []Difference // every setting but the starts, which a resume may grow
	for _, diff := range d.Differences(old) {
		if diff.Setting != "starts" {
			others = append(others, diff)
		}
	}
	if len(others) > 0 {
		setting, want, have := others[0].Setting, others[0].A, others[0].B
		hint := ""
		if setting == "gtol" && old.Limits.Gtol == 1e-5 && d.Limits.Gtol == 0 {
			// Before scipy's ports took scipy's defaults, the command
			// line recorded its -gtol default, 1e-5, in every sweep.
			hint = " (a sweep made before optbench left each method its own gtol recorded 1e-5: add -gtol 1e-5 to resume it)"
		}
		return nil, res, fmt.Errorf("%s %w: its %s: %s; this sweep's: %s%s. Choose another directory, or remove it", dir, ErrOtherSweep, setting, have, want, hint)
	}
	if err := checkGrowth(dir, d, old); err != nil {
		return nil, res, err
	}
	if d.Shard.String() != old.Shard.String() {
		return nil, res, fmt.Errorf("%s %w: shard %s of this sweep, not %s", dir, ErrOtherSweep, old.Shard, d.Shard)
	}
	if err := resume(dir, results, specs, sw.Shard.Count > 1, &res); err != nil {
		return nil, res, err
	}
	if d.Starts > old.Starts {
		res.Notes = append(res.Notes, fmt.Sprintf("sweep grown from %d to %d starts: the runs of the %d new starts are to do, the finished runs of the first %d kept",
			old.Starts, d.Starts, d.Starts-old.Starts, old.Starts))
	}
	if err := WriteDescription(dir, d); err != nil {
		return nil, res, err
	}
	w, err := os.OpenFile(results, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, res, err
	}
	sw.Order(res.Done)
	return &Output{Dir: dir, results: w, lock: lock, Note: lock.note}, res, nil
}

// checkGrowth refuses a resume of the sweep old, in dir, as d when d has
// other starts than old and they cannot be reconciled. More starts grow
// the sweep: start k's point depends on k and the seed only (see
// bench.Problem.Start), so the runs of the old starts are the same runs,
// kept, and those of the new starts are to do. Fewer starts are refused:
// a resume never drops finished runs, and a sweep.json of fewer starts
// would not describe the runs results.jsonl holds. A sharded sweep cannot
// grow: its shards take every Count-th run of the sweep order, which more
// starts renumber, so each shard's finished runs would become other
// shards'.
func checkGrowth(dir string, d, old Description) error {
	switch {
	case d.Starts < old.Starts:
		return fmt.Errorf("%s %w: its starts: %d; this sweep's: %d. A resume keeps every finished run, and cannot shrink a sweep: give -starts %d (or more, to grow it), or choose another directory",
			dir, ErrOtherSweep, old.Starts, d.Starts, old.Starts)
	case d.Starts > old.Starts && (d.Shard.Count > 1 || old.Shard.Count > 1):
		return fmt.Errorf("%s %w: its starts: %d; this sweep's: %d. A sharded sweep cannot grow its starts (more starts move runs from shard to shard): run the larger sweep in another directory",
			dir, ErrOtherSweep, old.Starts, d.Starts)
	}
	return nil
}

// what a resume does with a line of results.jsonl.
type disposition int

const (
	keep disposition = iota
	drop
	aside
)

// span is a record's line in results.jsonl and what becomes of it.
type span struct {
	at  [2]int64
	do  disposition
	why int // the kind, for a line dropped or set aside: the index of its counter
}

// The kinds of lines not kept, each counted and said once.
const (
	repeated = iota
	interrupted
	otherEngine
	otherRun
	mismatched
	unreadable
	blank
	cutShort
	kinds
)

// tally counts the lines not kept by kind, with an example of each.
type tally struct {
	n       [kinds]int
	example [kinds]string
}

func (t *tally) add(kind int, example string) {
	if t.n[kind] == 0 {
		t.example[kind] = example
	}
	t.n[kind]++
}

// resume reads the done runs of specs from results (if there is one) into
// res, sets the other lines aside or drops them, and leaves results
// holding the kept lines only.
func resume(dir, results string, specs []bench.Spec, sharded bool, res *Resume) error {
	fi, err := os.Lstat(results)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		res.Todo = specs
		return nil
	case err != nil:
		return err
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file", results)
	}
	f, err := os.OpenFile(results, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	read, err := ReadResults(f, results)
	if err != nil {
		return err
	}
	res.Warnings = append(res.Warnings, read.Warnings()...)
	spans, t := sortRecords(read.Records, specs, results, res)
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	if err := settle(f, dir, size, spans, &t); err != nil {
		return fmt.Errorf("resuming %s: %w", results, err)
	}
	res.Notes = append(res.Notes, t.notes(dir, sharded)...)
	return nil
}

// sortRecords decides what becomes of each record (in file order), adding
// the runs done to res.Done and the others to res.Todo.
func sortRecords(records []Record, specs []bench.Spec, results string, res *Resume) ([]span, tally) {
	var t tally
	byID := make(map[string]int, len(specs))
	for i, sp := range specs {
		byID[sp.RunID()] = i
	}
	params := map[string][]byte{} // resolved, by method and label
	var shared sharing
	have := make([]bool, len(specs))
	spans := make([]span, 0, len(records))
	for _, rec := range records {
		s := span{at: rec.span, do: aside}
		i, known := byID[rec.RunID]
		switch {
		case rec.Engine != "" && rec.Engine != "optbench":
			s.why = otherEngine
			t.add(otherEngine, quote(rec.Engine))
		case !known:
			s.why = otherRun
			t.add(otherRun, "run "+quote(rec.RunID))
		default:
			if why := mismatch(rec, specs[i], params); why != "" {
				s.why = mismatched
				t.add(mismatched, "run "+quote(rec.RunID)+": "+why)
				break
			}
			if have[i] {
				s.do, s.why = drop, repeated
				t.add(repeated, "")
				break
			}
			if rec.Status == solvers.Interrupted.String() {
				s.do, s.why = drop, interrupted
				t.add(interrupted, "")
				break
			}
			r, err := rec.Run(specs[i].Problem)
			if err != nil {
				res.Warnings = append(res.Warnings, &LineError{results, rec.Line(), fmt.Errorf("run %s: %w", quote(rec.RunID), err)})
				s.why = unreadable
				t.add(unreadable, "")
				break
			}
			r.Spec.Options, r.Spec.Params, r.Spec.Bounds, r.TraceStore = specs[i].Options, specs[i].Params, specs[i].Bounds, specs[i].TraceStore
			// Kept as Execute keeps the runs it makes: the size check
			// counts them so.
			r.CompactTrace()
			r.TraceStore.Keep(&r.Trace)
			shared.share(&r)
			have[i] = true
			res.Done = append(res.Done, r)
			s.do = keep
		}
		spans = append(spans, s)
	}
	for i, sp := range specs {
		if !have[i] {
			res.Todo = append(res.Todo, sp)
		}
	}
	return spans, t
}

// mismatch names the first thing that makes rec not a record of the run
// sp, "" when it is one. params caches the specs' resolved parameters, as
// JSON.
func mismatch(rec Record, sp bench.Spec, params map[string][]byte) string {
	show := func(v any) string {
		if s, ok := v.(string); ok {
			return quote(s)
		}
		return fmt.Sprint(v)
	}
	differ := func(what string, have, want any) string {
		return fmt.Sprintf("%s %s, this sweep's %s", what, show(have), show(want))
	}
	switch {
	case rec.Problem != sp.Problem.Name:
		return differ("problem", rec.Problem, sp.Problem.Name)
	case rec.Method != sp.Method:
		return differ("method", rec.Method, sp.Method)
	case rec.Label != sp.BaseLabel():
		return differ("label", rec.Label, sp.BaseLabel())
	case rec.Gradient != string(sp.Gradient):
		return differ("gradient", rec.Gradient, string(sp.Gradient))
	case rec.Start != sp.Start:
		return differ("start", rec.Start, sp.Start)
	case rec.Seed != sp.Seed:
		return differ("seed", rec.Seed, sp.Seed)
	case len(rec.X0) != len(sp.X0):
		return fmt.Sprintf("x0 of %d values, this sweep's %d", len(rec.X0), len(sp.X0))
	}
	for j, v := range rec.X0 {
		if !sameWritten(float64(v), sp.X0[j]) {
			return fmt.Sprintf("x0[%d] %v, this sweep's %v", j, float64(v), sp.X0[j])
		}
	}
	key := sp.Method + "\x00" + sp.Label
	want, ok := params[key]
	if !ok {
		if m, err := sp.Registry().Lookup(sp.Method); err == nil {
			if p, err := m.Resolve(sp.Params); err == nil {
				want, _ = p.MarshalJSON()
			}
		}
		params[key] = want
	}
	if want == nil {
		return "" // a method this optbench does not know: its parameters cannot be resolved
	}
	if have, _ := rec.Params.MarshalJSON(); !bytes.Equal(have, want) {
		return differ("parameters", string(have), string(want))
	}
	return ""
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// notes are t's counts, one sentence a kind.
func (t *tally) notes(dir string, sharded bool) []string {
	asideAt := filepath.Join(dir, AsideFile)
	sweep := "sweep"
	if sharded {
		sweep = "shard"
	}
	var out []string
	say := func(kind int, format string, args ...any) {
		if t.n[kind] > 0 {
			out = append(out, fmt.Sprintf(format, args...))
		}
	}
	// example is kind's example, as "(X)" for one line, "(first: X)" for more.
	example := func(kind int) string {
		if t.n[kind] == 1 {
			return "(" + t.example[kind] + ")"
		}
		return "(first: " + t.example[kind] + ")"
	}
	say(otherEngine, "%s of another engine %s moved to %s", plural(t.n[otherEngine], "record"), example(otherEngine), asideAt)
	say(otherRun, "%s of a run that is not this %s's %s moved to %s", plural(t.n[otherRun], "record"), sweep, example(otherRun), asideAt)
	verb := "do"
	if t.n[mismatched] == 1 {
		verb = "does"
	}
	say(mismatched, "%s that %s not match this %s's run of the same id %s moved to %s", plural(t.n[mismatched], "record"), verb, sweep, example(mismatched), asideAt)
	say(unreadable, "%s that could not be read moved to %s", plural(t.n[unreadable], "line"), asideAt)
	say(repeated, "%s of runs already there dropped", plural(t.n[repeated], "repeated record"))
	say(interrupted, "%s of interrupted runs dropped", plural(t.n[interrupted], "record"))
	say(blank, "%s dropped", plural(t.n[blank], "blank line"))
	say(cutShort, "the cut-short last line dropped")
	return out
}

// sameWritten says whether a number read back from a record is the one
// written: bit for bit, or null (NaN) for any value that is not finite,
// as Float writes them (a start far out can be ±Inf).
func sameWritten(read, written float64) bool {
	if math.IsNaN(read) {
		return math.IsNaN(written) || math.IsInf(written, 0)
	}
	return math.Float64bits(read) == math.Float64bits(written)
}
