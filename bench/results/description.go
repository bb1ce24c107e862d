package results

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
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
}

// Diff names the first setting in which d and o describe different sweeps,
// and its value in d and in o; setting is "" when they are the same sweep
// (they may be different shards of it, run by different versions).
func (d Description) Diff(o Description) (name, inD, inO string) {
	show := func(v any) string {
		b, _ := json.Marshal(v)
		if len(b) > 200 {
			return string(b[:200]) + "..."
		}
		return string(b)
	}
	type setting struct {
		name string
		a, b any
	}
	settings := []setting{{"version", d.Version, o.Version}, {"starts", d.Starts, o.Starts}, {"seed", d.Seed, o.Seed},
		{"limits", d.Limits, o.Limits}, {"hessian", d.Hessian, o.Hessian}, {"trace", d.Trace, o.Trace}}
	if len(d.Problems) != len(o.Problems) {
		settings = append(settings, setting{"problems", names(d.Problems), names(o.Problems)})
	}
	for i := range min(len(d.Problems), len(o.Problems)) {
		settings = append(settings, setting{"problem " + strconv.Itoa(i), d.Problems[i], o.Problems[i]})
	}
	if len(d.Solvers) != len(o.Solvers) {
		settings = append(settings, setting{"methods", solverNames(d.Solvers), solverNames(o.Solvers)})
	}
	for i := range min(len(d.Solvers), len(o.Solvers)) {
		settings = append(settings, setting{"method " + strconv.Itoa(i), d.Solvers[i], o.Solvers[i]})
	}
	for _, s := range settings {
		if a, b := show(s.a), show(s.b); a != b {
			return s.name, a, b
		}
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
// when a link or special file is planted at its name (never followed).
func ReadDescription(dir string) (d Description, ok bool, err error) {
	path := filepath.Join(dir, "sweep.json")
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		if err != nil && !os.IsNotExist(err) {
			return d, false, err
		}
		return d, false, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return d, false, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return d, false, fmt.Errorf("%s: not a sweep description that optbench can read (%w); move it away or choose another directory", path, err)
	}
	if d.Version != SweepVersion {
		return d, false, fmt.Errorf("%s: version %d, this optbench reads version %d", path, d.Version, SweepVersion)
	}
	for i, sv := range d.Solvers {
		d.Solvers[i].Method, d.Solvers[i].Label = canonical(sv.Method, sv.Label)
	}
	return d, true, nil
}

// Describe is sweep.json of sw: its problems (with their families'
// configs), its solvers with every parameter, its starts, seed, limits and
// modes, and its shard. The fields that do not make two sweeps different
// (Optbench, Command) are left for the caller to fill.
func Describe(sw *bench.Sweep) (Description, error) {
	o := sw.Options
	d := Description{Version: SweepVersion, Starts: sw.Starts, Seed: sw.Seed, Hessian: string(o.Hessian), Trace: string(o.Trace),
		Limits: Limits{MaxIter: o.MaxIter, MaxFev: o.MaxFev, Gtol: o.Gtol, FDStep: o.FDStep, Epochs: o.Epochs}, Shard: sw.Shard}
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
		d.Problems = append(d.Problems, ProblemRef{Name: p.Name, Family: p.Family, Dim: p.Dim, FStar: Float(p.FStar), Config: cfg})
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

// Sweep is the sweep d describes, its problems rebuilt by their families
// (see bench.RegisterFamily). A problem that cannot be rebuilt (its family
// is not registered, its data file has changed) stands in as its name,
// dimension and f* only, with nothing to evaluate; its error is in
// warnings. The sweep can order and index runs and describe itself; it
// runs again only when warnings is empty.
func (d Description) Sweep(ctx context.Context) (sw *bench.Sweep, warnings []error) {
	o := solvers.Options{MaxIter: d.Limits.MaxIter, MaxFev: d.Limits.MaxFev, Gtol: d.Limits.Gtol, FDStep: d.Limits.FDStep,
		Epochs: d.Limits.Epochs, Hessian: solvers.HessianMode(d.Hessian), Trace: solvers.TraceMode(d.Trace)}
	if d.Limits.TimeLimit != "" {
		o.TimeLimit, _ = time.ParseDuration(d.Limits.TimeLimit)
	}
	sw = &bench.Sweep{Starts: d.Starts, Seed: d.Seed, Options: o, Shard: d.Shard, Params: map[string]map[string]string{}}
	for _, pr := range d.Problems {
		p, err := rebuild(ctx, pr)
		if err != nil {
			warnings = append(warnings, &RebuildError{Problem: pr.Name, Err: err})
			p = &bench.Problem{Name: pr.Name, Dim: pr.Dim, FStar: float64(pr.FStar), Family: pr.Family, Config: pr.Config}
		}
		sw.Problems = append(sw.Problems, p)
	}
	for _, s := range d.Solvers {
		sw.Solvers = append(sw.Solvers, bench.Solver{Method: s.Method, Label: s.Label, Gradient: solvers.GradientMode(s.Gradient)})
		sw.Params[s.Label] = s.Set
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
