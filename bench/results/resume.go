package results

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// ErrOtherSweep is the error of an output directory that holds results of
// another sweep than the one asked for.
var ErrOtherSweep = errors.New("holds another sweep")

// Resume is what Open found of a sweep in its directory.
type Resume struct {
	Done     []bench.Run  // the finished runs results.jsonl held, each once, in the sweep order
	Todo     []bench.Spec // the runs of the shard still to do, in the sweep order
	Warnings []error      // lines that could not be read: their runs are in Todo
}

// Open prepares dir for the sweep sw (its shard), described by d (see
// Describe). A directory that holds no sweep is made ready as CreateOutput
// does (stale names the files to clear), with d as its sweep.json, and
// every run is to do. A directory
// that holds the same sweep and shard is resumed: the runs its
// results.jsonl holds whole and finished (not interrupted) are done, the
// others to do, and results.jsonl is rewritten to hold exactly the done
// runs' lines, so that appending the others completes it. A directory that
// holds another sweep, another shard or results without a sweep.json is
// refused with ErrOtherSweep and left as it was.
func Open(dir string, d Description, sw *bench.Sweep, stale []string) (*Output, Resume, error) {
	specs, err := sw.Specs()
	if err != nil {
		return nil, Resume{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, Resume{}, err
	}
	old, ok, err := ReadDescription(dir)
	if err != nil {
		return nil, Resume{}, err
	}
	results := filepath.Join(dir, "results.jsonl")
	if !ok {
		if fi, err := os.Lstat(results); err == nil && fi.Mode().IsRegular() {
			return nil, Resume{}, fmt.Errorf("%s %w: its results.jsonl has no sweep.json beside it (an older optbench made it); move it away or choose another directory", dir, ErrOtherSweep)
		}
		out, err := CreateOutput(dir, stale)
		if err != nil {
			return nil, Resume{}, err
		}
		if err := WriteDescription(dir, d); err != nil {
			out.Close()
			return nil, Resume{}, err
		}
		return out, Resume{Todo: specs}, nil
	}
	if setting, want, have := d.Diff(old); setting != "" {
		return nil, Resume{}, fmt.Errorf("%s %w: its %s: %s; this sweep's: %s. Choose another directory, or remove it", dir, ErrOtherSweep, setting, have, want)
	}
	if d.Shard.String() != old.Shard.String() {
		return nil, Resume{}, fmt.Errorf("%s %w: shard %s of this sweep, not %s", dir, ErrOtherSweep, old.Shard, d.Shard)
	}
	res, kept, f, err := readDone(results, specs)
	if f != nil {
		defer f.Close()
	}
	if err != nil {
		return nil, Resume{}, err
	}
	// results.jsonl becomes the lines of the runs kept, in their order.
	if err := WriteAtomic(dir, "results.jsonl", func(w io.Writer) error {
		for _, span := range kept {
			if _, err := io.Copy(w, io.NewSectionReader(f, span[0], span[1]-span[0])); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return nil, Resume{}, err
	}
	if err := WriteDescription(dir, d); err != nil {
		return nil, Resume{}, err
	}
	w, err := os.OpenFile(results, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, Resume{}, err
	}
	sw.Order(res.Done)
	return &Output{Dir: dir, results: w}, res, nil
}

// readDone reads the finished runs of specs from the results file, if
// there is one: the runs done (once each), the spans of their lines, and
// the open file, for copying them.
func readDone(results string, specs []bench.Spec) (res Resume, kept [][2]int64, f *os.File, err error) {
	todo := map[string]int{}
	for i, sp := range specs {
		todo[sp.RunID()] = i
	}
	fi, err := os.Lstat(results)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Resume{Todo: specs}, nil, nil, nil
	case err != nil:
		return res, nil, nil, err
	case !fi.Mode().IsRegular():
		return res, nil, nil, fmt.Errorf("%s is not a regular file", results)
	}
	if f, err = os.Open(results); err != nil {
		return res, nil, nil, err
	}
	read, err := ReadResults(f, results)
	if err != nil {
		return res, nil, f, err
	}
	for _, bad := range read.Bad {
		res.Warnings = append(res.Warnings, bad)
	}
	have := make([]bool, len(specs))
	for _, rec := range read.Records {
		i, ok := todo[rec.RunID]
		if !ok || have[i] || rec.Status == solvers.Interrupted.String() || (rec.Engine != "" && rec.Engine != "optbench") {
			continue
		}
		r, err := rec.Run(specs[i].Problem)
		if err != nil {
			res.Warnings = append(res.Warnings, fmt.Errorf("%s: run %s: %w", results, rec.RunID, err))
			continue
		}
		r.Spec.Options, r.Spec.Params = specs[i].Options, specs[i].Params
		have[i] = true
		res.Done = append(res.Done, r)
		kept = append(kept, rec.span)
	}
	for i, sp := range specs {
		if !have[i] {
			res.Todo = append(res.Todo, sp)
		}
	}
	return res, kept, f, nil
}
