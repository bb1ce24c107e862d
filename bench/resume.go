package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/optbench/optbench/solvers"
)

// ErrOtherSweep is the error of an output directory that holds results of
// another sweep than the one asked for.
var ErrOtherSweep = errors.New("holds another sweep")

// Describe is the description of specs, a sweep of problems x solvers x
// starts as Specs makes them, with options o (o.Registry's methods).
func Describe(problems []*Problem, specs []Spec, starts int, seed uint64, o solvers.Options) (Description, error) {
	reg := o.Registry
	if reg == nil {
		reg = solvers.Default
	}
	d := Description{Version: SweepVersion, Starts: starts, Seed: seed, Hessian: string(o.Hessian), Trace: string(o.Trace),
		Limits: Limits{MaxIter: o.MaxIter, MaxFev: o.MaxFev, Gtol: o.Gtol, FDStep: o.FDStep, Epochs: o.Epochs}}
	if o.TimeLimit > 0 {
		d.Limits.TimeLimit = o.TimeLimit.String()
	}
	if d.Trace == "" {
		d.Trace = string(solvers.TraceAll)
	}
	for _, p := range problems {
		cfg, err := json.Marshal(p.Config)
		if err != nil {
			return d, fmt.Errorf("bench: problem %s: config: %w", p.Name, err)
		}
		d.Problems = append(d.Problems, ProblemRef{Name: p.Name, Family: p.Family, Dim: p.Dim, FStar: Float(p.FStar), Config: cfg})
	}
	for _, sp := range specs {
		if len(problems) == 0 || sp.Problem.Name != problems[0].Name {
			break
		}
		if slices.ContainsFunc(d.Solvers, func(s SolverRef) bool { return s.Label == sp.Label && s.Gradient == string(sp.Gradient) }) {
			continue
		}
		m, err := reg.Lookup(sp.Method)
		if err != nil {
			return d, err
		}
		params, err := m.Resolve(sp.Params)
		if err != nil {
			return d, err
		}
		d.Solvers = append(d.Solvers, SolverRef{Method: sp.Method, Label: sp.Label, Params: params, Set: sp.Params, Gradient: string(sp.Gradient)})
	}
	if d.Runs() != len(specs) {
		return d, fmt.Errorf("bench: %d specs are not %d problems x %d solvers x %d starts", len(specs), len(problems), len(d.Solvers), starts)
	}
	return d, nil
}

// OpenSweep prepares dir for the sweep d whose runs are specs (all of them,
// or d.Shard's). A directory that holds no sweep is made ready as
// CreateOutput does, with d's sweep.json. A directory that holds the same
// sweep (and shard) is resumed: done are the runs its results.jsonl holds
// whole and finished (not interrupted), each once, and todo the specs
// still to run; results.jsonl is rewritten to hold exactly the runs in
// done, so that appending todo's completes it. Lines that could not be read
// are returned as warnings (their runs are redone). A directory that holds
// another sweep, another shard or results without a sweep.json is refused
// with ErrOtherSweep and left as it was.
func OpenSweep(dir string, d Description, specs []Spec) (out *Output, done []Run, todo []Spec, warnings []error, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, nil, nil, err
	}
	old, ok, err := ReadDescription(dir)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	results := filepath.Join(dir, "results.jsonl")
	if !ok {
		if fi, err := os.Lstat(results); err == nil && fi.Mode().IsRegular() {
			return nil, nil, nil, nil, fmt.Errorf("%s %w: its results.jsonl has no sweep.json beside it (an older optbench made it); move it away or choose another directory", dir, ErrOtherSweep)
		}
		if out, err = CreateOutput(dir); err != nil {
			return nil, nil, nil, nil, err
		}
		if err := WriteDescription(dir, d); err != nil {
			out.Close()
			return nil, nil, nil, nil, err
		}
		return out, nil, specs, nil, nil
	}
	if setting, want, have := d.Diff(old); setting != "" {
		return nil, nil, nil, nil, fmt.Errorf("%s %w: its %s: %s; this sweep's: %s. Choose another directory, or remove it", dir, ErrOtherSweep, setting, have, want)
	}
	if d.Shard.String() != old.Shard.String() {
		return nil, nil, nil, nil, fmt.Errorf("%s %w: shard %s of this sweep, not %s", dir, ErrOtherSweep, old.Shard, d.Shard)
	}

	byID := map[string]int{}
	for i, sp := range specs {
		byID[sp.RunID()] = i
	}
	var kept [][2]int64
	have := make([]bool, len(specs))
	var f *os.File
	if fi, err := os.Lstat(results); err == nil {
		if !fi.Mode().IsRegular() {
			return nil, nil, nil, nil, fmt.Errorf("%s is not a regular file", results)
		}
		if f, err = os.Open(results); err != nil {
			return nil, nil, nil, nil, err
		}
		defer f.Close()
		res, err := ReadResults(f, results)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		for _, bad := range res.Bad {
			warnings = append(warnings, bad)
		}
		for _, rec := range res.Records {
			i, ok := byID[rec.RunID]
			if !ok || have[i] || rec.Status == solvers.Interrupted.String() || (rec.Engine != "" && rec.Engine != "optbench") {
				continue
			}
			r, err := rec.Run(specs[i].Problem)
			if err != nil {
				warnings = append(warnings, fmt.Errorf("%s: run %s: %w", results, rec.RunID, err))
				continue
			}
			r.Spec.Options, r.Spec.Params = specs[i].Options, specs[i].Params
			have[i] = true
			done = append(done, r)
			kept = append(kept, rec.span)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil, nil, err
	}
	for i, sp := range specs {
		if !have[i] {
			todo = append(todo, sp)
		}
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
		return nil, nil, nil, nil, err
	}
	if err := WriteDescription(dir, d); err != nil {
		return nil, nil, nil, nil, err
	}
	w, err := os.OpenFile(results, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	slices.SortStableFunc(done, func(a, b Run) int { return byID[a.RunID()] - byID[b.RunID()] })
	return &Output{Dir: dir, results: w}, done, todo, warnings, nil
}
