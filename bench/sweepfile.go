package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

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
	Shard    Shard    `json:"shard"`
	Optbench string   `json:"optbench"`
	Command  []string `json:"command,omitempty"`
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

// Shard is the part of a sweep one process runs: runs whose index in the
// sweep's order is Index modulo Count. The zero value (and 0/1) is the whole
// sweep.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

func (s Shard) whole() bool { return s.Count <= 1 }

func (s Shard) String() string {
	if s.whole() {
		return "0/1"
	}
	return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Count)
}

// ParseShard reads "i/n", 0 <= i < n.
func ParseShard(text string) (Shard, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(text), "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	switch {
	case !ok || err1 != nil || err2 != nil:
		return Shard{}, fmt.Errorf("shard %q: want i/n, two whole numbers", text)
	case n < 1:
		return Shard{}, fmt.Errorf("shard %q: the count n must be at least 1", text)
	case i < 0 || i >= n:
		return Shard{}, fmt.Errorf("shard %q: the index i must be from 0 to %d", text, n-1)
	}
	return Shard{Index: i, Count: n}, nil
}

// Select returns the specs of shard s: every Count-th, from Index. Specs
// come problem by problem, method by method, start by start, so each shard
// gets about the same share of every method's runs.
func (s Shard) Select(specs []Spec) []Spec {
	if s.whole() {
		return specs
	}
	var out []Spec
	for i := s.Index; i < len(specs); i += s.Count {
		out = append(out, specs[i])
	}
	return out
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
	return d, true, nil
}
