package results

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// SweepVersion is the version of the sweep.json format.
const SweepVersion = 1

// Description is sweep.json: everything needed to rerun, resume or shard a
// sweep and to tell whether two result sets belong together. The runs are
// Problems x Solvers x Starts, in that order.
type Description struct {
	Version  int          `json:"version"`
	Problems []ProblemRef `json:"problems"`
	Solvers  []SolverRef  `json:"solvers"`
	Starts   int          `json:"starts"`
	Seed     uint64       `json:"seed"`
	Limits   Limits       `json:"limits"`
	Hessian  string       `json:"hessian"` // "" (auto), exact, 2-point, 3-point
	Trace    string       `json:"trace"`   // all, log, none
	// Bounds are the sweep's own bounds (-bounds), in place of every
	// problem's; left out when it has none (each problem's own, in
	// ProblemRef.Bounds, hold). [[lo, hi]] bounds every coordinate,
	// one pair per coordinate the problems of that dimension; null is a
	// side without a bound (see bench.Box).
	Bounds bench.Box `json:"bounds,omitempty"`

	// The rest says where and how the sweep ran; it does not make two
	// sweeps different.
	Shard    bench.Shard `json:"shard"`
	Optbench string      `json:"optbench"`
	Command  []string    `json:"command,omitempty"`
}

// ProblemRef identifies a problem: its family rebuilds it from Config.
type ProblemRef struct {
	Name   string          `json:"name"`
	Family string          `json:"family"`
	Dim    int             `json:"dim"`
	FStar  Float           `json:"f_star"`
	Config json.RawMessage `json:"config"`
	// Bounds are the problem's own (its family's: bench.Problem.Bounds),
	// left out when it has none; the sweep's Bounds replace them.
	Bounds bench.Box `json:"bounds,omitempty"`
}

// SolverRef is a method configuration with its gradient mode.
type SolverRef struct {
	Method   string            `json:"method"`
	Label    string            `json:"label"`
	Params   solvers.Params    `json:"params"`        // every parameter, defaults included
	Set      map[string]string `json:"set,omitempty"` // the parameters set explicitly
	Gradient string            `json:"gradient"`
}

// Limits are a sweep's stopping rules and finite-difference step.
type Limits struct {
	MaxIter   int     `json:"maxiter"` // 0: 200 x the dimension
	MaxFev    int     `json:"maxfev"`
	Gtol      float64 `json:"gtol"` // negative: no gradient test
	TimeLimit string  `json:"time_limit"`
	FDStep    float64 `json:"fd_step"`
	Epochs    int     `json:"epochs,omitempty"` // mini-batch runs: passes over the samples
	// Budget is the runs' budget in evaluations of f per dimension under
	// COCO's experiment protocol (bench.Sweep.Budget); left out for none.
	Budget float64 `json:"budget,omitempty"`
}

// Diff names the first setting in which d and o describe different sweeps
// (see Differences), and its value in d and in o; setting is "" when they
// are the same sweep (they may be different shards of it, run by
// different versions).
func (d Description) Diff(o Description) (setting, inD, inO string) {
	if ds := d.Differences(o); len(ds) > 0 {
		return ds[0].Setting, ds[0].A, ds[0].B
	}
	return "", "", ""
}

func names(ps []ProblemRef) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func solverNames(ss []SolverRef) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Label+" ("+s.Gradient+")")
	}
	return out
}

// Runs is the number of runs of the whole sweep.
func (d Description) Runs() int { return len(d.Problems) * len(d.Solvers) * d.Starts }

// WriteDescription writes d as dir/sweep.json, whole or not at all.
func WriteDescription(dir string, d Description) error {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	return WriteAtomic(dir, "sweep.json", func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}

// ReadDescription reads dir/sweep.json; ok is false when there is none, or
// when a link or special file is planted at its name (never followed). A
// file that is not a description this optbench can run (ParseDescription)
// is an error naming the file and the field.
func ReadDescription(dir string) (d Description, ok bool, err error) {
	path := filepath.Join(dir, "sweep.json")
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		if err != nil && !os.IsNotExist(err) {
			return d, false, err
		}
		return d, false, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return d, false, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxDescriptionBytes+1))
	if err != nil {
		return d, false, err
	}
	if d, err = ParseDescription(b, path); err != nil {
		return d, false, err
	}
	return d, true, nil
}

// MaxDescriptionBytes bounds sweep.json: a description of a sweep of
// MaxRuns runs is far smaller.
const MaxDescriptionBytes = 64 << 20

// ErrBadDescription is what the error of a sweep.json that optbench cannot
// run matches (errors.Is), whatever is wrong in it: not JSON, another
// version, a field out of range. One too large matches bench.ErrTooLarge
// too.
var ErrBadDescription = errors.New("not a sweep description that optbench can read")

// ParseDescription reads the sweep.json b, name being its path for
// messages: JSON of this version with no unknown field, whose fields pass
// Check.
func ParseDescription(b []byte, name string) (Description, error) {
	var d Description
	if len(b) > MaxDescriptionBytes {
		return Description{}, fmt.Errorf("%s: more than %d MiB: %w", name, MaxDescriptionBytes>>20, ErrBadDescription)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return Description{}, fmt.Errorf("%s: %w (%w); move it away or choose another directory", name, ErrBadDescription, err)
	}
	if d.Version != SweepVersion {
		return Description{}, fmt.Errorf("%s: version %d, this optbench reads version %d: %w", name, d.Version, SweepVersion, ErrBadDescription)
	}
	for i, sv := range d.Solvers {
		d.Solvers[i].Method, d.Solvers[i].Label = canonical(sv.Method, sv.Label)
	}
	if err := d.Check(); err != nil {
		return Description{}, fmt.Errorf("%s: %w", name, err)
	}
	return d, nil
}

// fieldError is a field of sweep.json out of range.
type fieldError struct {
	field, why string
	tooLarge   bool
}

func (e *fieldError) Error() string { return e.field + " " + e.why }
func (e *fieldError) Is(target error) bool {
	return target == ErrBadDescription || e.tooLarge && target == bench.ErrTooLarge
}

func badField(field, format string, args ...any) error {
	return &fieldError{field: field, why: fmt.Sprintf(format, args...)}
}

// maxCommandArg is the longest argument of a sweep.json's command: a
// method grid of 1000 values is a few kB, and the command is printed.
const maxCommandArg = 64 << 10

// Check refuses a description whose fields the command line's flags would
// refuse, before anything is made of it: starts from 1 to bench.MaxRuns,
// at most bench.MaxRuns runs (problems x solvers x starts, counted without
// overflow), problems named once with a dimension, bounds that hold (no
// NaN, no lower above upper) and fit every problem (one pair, or one per
// coordinate), solvers of known gradient modes, limits in range, known Hessian and trace modes, a shard
// that names one. Its errors name the field as sweep.json spells it and
// match ErrBadDescription.
func (d Description) Check() error {
	if d.Starts < 1 || d.Starts > bench.MaxRuns {
		return &fieldError{field: "starts", why: fmt.Sprintf("%d: want a whole number from 1 to %d", d.Starts, bench.MaxRuns), tooLarge: d.Starts > bench.MaxRuns}
	}
	if len(d.Problems) > bench.MaxRuns || len(d.Solvers) > bench.MaxRuns || len(d.Problems)*len(d.Solvers) > bench.MaxRuns/d.Starts {
		return &fieldError{field: "starts", why: fmt.Sprintf("%d x %d problems x %d methods: more than %d runs", d.Starts, len(d.Problems), len(d.Solvers), bench.MaxRuns), tooLarge: true}
	}
	for i, arg := range d.Command {
		if len(arg) > maxCommandArg {
			return badField(fmt.Sprintf("command[%d]", i), "%d bytes: at most %d", len(arg), maxCommandArg)
		}
	}
	if err := d.Bounds.Check(); err != nil {
		return badField("bounds", "%v", err)
	}
	names := make(map[string]bool, len(d.Problems))
	for i, p := range d.Problems {
		field := fmt.Sprintf("problems[%d]", i)
		switch {
		case len(p.Name) > maxName || len(p.Family) > maxName:
			return badField(field, "a name or family of more than %d bytes", maxName)
		case p.Name == "":
			return badField(field+".name", "is empty")
		case names[p.Name]:
			return badField(field+".name", "%q: named twice", p.Name)
		case p.Dim < 1:
			return badField(field+".dim", "%d: want at least 1", p.Dim)
		}
		if err := checkBox(p.Bounds, p.Dim, p.Name); err != nil {
			return badField(field+".bounds", "%v", err)
		}
		if err := checkBox(d.Bounds, p.Dim, p.Name); err != nil {
			return badField("bounds", "%v", err)
		}
		names[p.Name] = true
	}
	for i, s := range d.Solvers {
		field := fmt.Sprintf("solvers[%d]", i)
		if s.Method == "" || s.Label == "" {
			return badField(field, "has no method or label")
		}
		if len(s.Method) > maxName || len(s.Label) > maxName {
			return badField(field, "a method or label of more than %d bytes", maxName)
		}
		if s.Gradient != string(solvers.NoGradient) {
			if _, err := solvers.ParseGradientMode(s.Gradient); err != nil {
				return badField(field+".gradient", "%q: want analytic, 2-point, 3-point or none", s.Gradient)
			}
		}
	}
	l := d.Limits
	switch {
	case l.MaxIter < 0:
		return badField("limits.maxiter", "%d: want a whole number >= 0", l.MaxIter)
	case l.MaxFev < 0:
		return badField("limits.maxfev", "%d: want a whole number >= 0", l.MaxFev)
	case l.Epochs < 0:
		return badField("limits.epochs", "%d: want a whole number >= 0", l.Epochs)
	case math.IsNaN(float64(l.Gtol)) || math.IsInf(l.Gtol, 0):
		return badField("limits.gtol", "%v: want a finite number", l.Gtol)
	case math.IsNaN(l.FDStep) || math.IsInf(l.FDStep, 0) || l.FDStep < 0:
		return badField("limits.fd_step", "%v: want a finite number >= 0", l.FDStep)
	}
	if l.TimeLimit != "" {
		if t, err := time.ParseDuration(l.TimeLimit); err != nil || t < 0 {
			return badField("limits.time_limit", "%q: want a duration >= 0", l.TimeLimit)
		}
	}
	if d.Hessian != "" && d.Hessian != string(solvers.NoHessian) {
		if _, err := solvers.ParseHessianMode(d.Hessian); err != nil {
			return badField("hessian", "%q: want exact, 2-point or 3-point, or none for auto", d.Hessian)
		}
	}
	if _, err := solvers.ParseTraceMode(d.Trace); err != nil {
		return badField("trace", "%q: want all, log or none", d.Trace)
	}
	if err := d.Shard.Check(); err != nil {
		return badField("shard", "%v", err)
	}
	return nil
}

// checkBox refuses a box that cannot bound problem name of dimension
// dim: one that fails Check, or of more than one pair but not dim.
func checkBox(b bench.Box, dim int, name string) error {
	if err := b.Check(); err != nil {
		return err
	}
	if len(b) > 1 && len(b) != dim {
		return &bench.CountError{Problem: name, Count: len(b), Dim: dim}
	}
	return nil
}

// Describe is sweep.json of sw: its problems (with their families'
// configs), its solvers with every parameter, its starts, seed, limits and
// modes, and its shard. The fields that do not make two sweeps different
// (Optbench, Command) are left for the caller to fill.
func Describe(sw *bench.Sweep) (Description, error) {
	o := sw.Options
	d := Description{Version: SweepVersion, Starts: sw.Starts, Seed: sw.Seed, Hessian: string(o.Hessian), Trace: string(o.Trace),
		Limits: Limits{MaxIter: o.MaxIter, MaxFev: o.MaxFev, Gtol: o.Gtol, FDStep: o.FDStep, Epochs: o.Epochs, Budget: sw.Budget}, Shard: sw.Shard, Bounds: box(sw.Bounds)}
	if o.TimeLimit > 0 {
		d.Limits.TimeLimit = o.TimeLimit.String()
	}
	if d.Trace == "" {
		d.Trace = string(solvers.TraceAll)
	}
	for _, p := range sw.Problems {
		cfg, err := json.Marshal(p.Config)
		if err != nil {
			return d, fmt.Errorf("results: problem %s: config: %w", p.Name, err)
		}
		d.Problems = append(d.Problems, ProblemRef{Name: p.Name, Family: p.Family, Dim: p.Dim, FStar: Float(p.FStar), Config: cfg, Bounds: box(p.Bounds)})
	}
	for _, sv := range sw.Solvers {
		m, err := sw.Registry().Lookup(sv.Method)
		if err != nil {
			return d, err
		}
		set := sw.Params[sv.Label]
		params, err := m.Resolve(set)
		if err != nil {
			return d, err
		}
		d.Solvers = append(d.Solvers, SolverRef{Method: sv.Method, Label: sv.Label, Params: params, Set: set, Gradient: string(sv.Gradient)})
	}
	return d, nil
}

// box is b, or nil when empty: sweep.json leaves no box out, and two
// descriptions without one compare equal.
func box(b bench.Box) bench.Box {
	if len(b) == 0 {
		return nil
	}
	return b
}

// Sweep is the sweep d describes, its problems rebuilt by their families
// (see bench.RegisterFamily). A problem that cannot be rebuilt (its family
// is not registered, its data file has changed) stands in as its name,
// dimension and f* only, with nothing to evaluate; its error is in
// warnings. The sweep can order and index runs and describe itself; it
// runs again only when warnings is empty.
//
// A description that fails Check makes an empty sweep (no problem, no
// solver, no run), with Check's error as its warning; one whose traces
// would be too large to run (bench.Sweep.CheckSize) is made, with that
// error as a warning. Nothing large is made before the checks: each
// family checks its config before it builds anything.
func (d Description) Sweep(ctx context.Context) (sw *bench.Sweep, warnings []error) {
	if err := d.Check(); err != nil {
		return &bench.Sweep{Params: map[string]map[string]string{}}, []error{fmt.Errorf("sweep.json: %w", err)}
	}
	o := solvers.Options{MaxIter: d.Limits.MaxIter, MaxFev: d.Limits.MaxFev, Gtol: d.Limits.Gtol, FDStep: d.Limits.FDStep,
		Epochs: d.Limits.Epochs, Hessian: solvers.HessianMode(d.Hessian), Trace: solvers.TraceMode(d.Trace)}
	if d.Limits.TimeLimit != "" {
		o.TimeLimit, _ = time.ParseDuration(d.Limits.TimeLimit)
	}
	o.Trace, _ = solvers.ParseTraceMode(d.Trace) // Check took it in any case: one spelling from here
	sw = &bench.Sweep{Starts: d.Starts, Seed: d.Seed, Options: o, Shard: d.Shard, Params: map[string]map[string]string{}, Bounds: box(d.Bounds), Budget: d.Limits.Budget}
	for _, pr := range d.Problems {
		p, err := rebuild(ctx, pr)
		if err == nil && p.Dim != pr.Dim {
			err = fmt.Errorf("it has %d variables, sweep.json says %d", p.Dim, pr.Dim)
		}
		if err != nil {
			warnings = append(warnings, &RebuildError{Problem: pr.Name, Err: err})
			p = &bench.Problem{Name: pr.Name, Dim: pr.Dim, FStar: float64(pr.FStar), Family: pr.Family, Config: pr.Config}
		}
		// The bounds the runs had, whatever the family declares today.
		p.Bounds = box(pr.Bounds)
		sw.Problems = append(sw.Problems, p)
	}
	for i, s := range d.Solvers {
		sw.Solvers = append(sw.Solvers, bench.Solver{Method: s.Method, Label: s.Label, Gradient: solvers.GradientMode(s.Gradient)})
		sw.Params[s.Label] = s.Set
		// A method this optbench does not know (another program's own,
		// or a file edited by hand) is reported as recorded; say so.
		if err := checkSolver(s); err != nil {
			warnings = append(warnings, fmt.Errorf("sweep.json: solvers[%d]: %w: its runs are reported as recorded", i, err))
		}
	}
	// Read back to be reported, not run: the size check counts one run
	// under way, whatever the machine, so that a report says the same
	// everywhere.
	sw.Workers = 1
	if err := sw.CheckSize(); err != nil {
		warnings = append(warnings, fmt.Errorf("sweep.json: %w", err))
	}
	return sw, warnings
}

// rebuild makes a problem of a sweep again from its family's config.
func rebuild(ctx context.Context, pr ProblemRef) (*bench.Problem, error) {
	f, err := bench.LookupFamily(pr.Family)
	if err != nil {
		return nil, err
	}
	return f.Rebuild(ctx, pr.Config)
}

// RebuildError is a problem of a sweep that its family could not make
// again.
type RebuildError struct {
	Problem string
	Err     error
}

func (e *RebuildError) Error() string {
	return fmt.Sprintf("problem %s is not rebuilt (%v)", e.Problem, e.Err)
}
func (e *RebuildError) Unwrap() error { return e.Err }

// checkSolver says whether this optbench knows s's method and takes its
// parameters, the explicit ones (Set) and the full set (Params) alike, and
// whether its label is the one the method gives that configuration.
func checkSolver(s SolverRef) error {
	if _, err := solvers.Default.Config(s.Method, s.Set); err != nil {
		return err
	}
	all := make(map[string]string, len(s.Params))
	for _, p := range s.Params {
		all[p.Key] = fmt.Sprint(p.Value)
	}
	c, err := solvers.Default.Config(s.Method, all)
	if err != nil {
		return err
	}
	if c.Label != s.Label {
		return fmt.Errorf("label %s, but %s with these parameters is %s", quote(s.Label), quote(s.Method), quote(c.Label))
	}
	return nil
}
