package bench

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/optbench/optbench/solvers"
	"github.com/optbench/optbench/solvers/core"
)

// Sweep is a comparison as a value, shaped like the sweep.json that
// bench/results writes of it: every problem minimized by every solver from
// every start, with one seed and one set of options. Its runs come in one
// order, the sweep order (problem by problem, solver by solver, start by
// start), and each has an id, the same in every sweep of the same
// description (see RunID), so that a sweep can be split into shards,
// resumed, run in any order and merged.
//
// Make one with NewSweep and Add; a Sweep is not safe for concurrent
// use while it is being built.
type Sweep struct {
	Problems []*Problem
	Solvers  []Solver
	// Params are the parameters each solver's configuration sets, by
	// Label; the others take their defaults.
	Params map[string]map[string]string
	Starts int    // starting points per problem and solver: 0 .. Starts-1
	Seed   uint64 // what the starting points (and a family's random data) are drawn with
	// Options are the stopping rules, the Hessian and trace modes and the
	// finite-difference step of every run; Method, Params and Gradient
	// are set per run, and Registry says where methods are looked up
	// (solvers.Default when nil).
	Options solvers.Options
	// Shard is the part of the sweep this process runs: Specs gives its
	// runs only. The zero value is the whole sweep.
	Shard Shard
	// KeepX makes the runs of start 0 keep every iterate in their traces,
	// for the figures of families that draw them (the network's weights).
	KeepX bool
	// Bounds, when set, bound every problem of the sweep in place of the
	// problem's own Bounds (the command line's -bounds); a box that bounds
	// nothing (-inf:inf) runs every problem unbounded. nil keeps each
	// problem's own. CheckBounds says whether the sweep can run them.
	Bounds Box
	// Budget, when > 0, runs every run under COCO's experiment protocol
	// with Budget x the problem's dimension evaluations of f (finite
	// differences' included; COCO's usual budgets are 1e3 to 1e5 per
	// dimension): the method restarts (Problem.Restart) until the budget
	// is spent or f reaches f* + FinalDeltaF. 0: each run is one run of
	// the method, to its own limits.
	Budget float64
	// Workers is how many runs CheckSize counts as under way at once
	// (Execute's workers), each holding its trace uncompacted until it
	// ends; 0 counts GOMAXPROCS.
	Workers int
	// TraceStore, when not nil, is where every run keeps its trace once it
	// has finished (Spec.TraceStore): a sweep then holds about 700 bytes a
	// run whatever its traces, and CheckSize counts so. nil keeps them in
	// memory.
	TraceStore *TraceStore

	x0s      map[string][][]float64  // by problem: the starts, made once
	bounds   map[string]*core.Bounds // by problem: the runs' bounds, made once for boundsOf
	boundsOf Box                     // the Bounds they were made for
	index    map[string]int          // by run id without its start: the place of the configuration's start 0 in the sweep order
}

// NewSweep is a sweep of problems from starts starting points drawn with
// seed, with options o and no solver yet. A problem needs New, Start and
// a positive dimension, and names are unique.
func NewSweep(problems []*Problem, starts int, seed uint64, o solvers.Options) (*Sweep, error) {
	if starts < 1 {
		return nil, fmt.Errorf("bench: %d starts: want at least 1", starts)
	}
	seen := map[string]bool{}
	for _, p := range problems {
		if p.New == nil || p.Start == nil || p.Dim <= 0 {
			return nil, fmt.Errorf("bench: problem %q needs New, Start and a dimension", p.Name)
		}
		if seen[p.Name] {
			return nil, fmt.Errorf("bench: problem %q is named twice", p.Name)
		}
		seen[p.Name] = true
	}
	return &Sweep{Problems: problems, Starts: starts, Seed: seed, Options: o, Params: map[string]map[string]string{}}, nil
}

// Registry is where the sweep's methods are looked up.
func (s *Sweep) Registry() *solvers.Registry {
	if s.Options.Registry != nil {
		return s.Options.Registry
	}
	return solvers.Default
}

// Add appends a solver for each config and gradient mode, in that order
// (the configs vary slowest). A method that takes no gradient is added once,
// with solvers.NoGradient. A solver the sweep has already is not added
// again.
func (s *Sweep) Add(configs []solvers.Config, gradients ...solvers.GradientMode) error {
	for _, c := range configs {
		m, err := s.Registry().Lookup(c.Method)
		if err != nil {
			return err
		}
		grads := gradients
		if !m.Gradient {
			grads = []solvers.GradientMode{solvers.NoGradient}
		}
		for _, g := range grads {
			sv := Solver{Method: m.Name, Label: c.Label, Gradient: g}
			if slices.Contains(s.Solvers, sv) {
				continue
			}
			s.Solvers = append(s.Solvers, sv)
			s.Params[c.Label] = maps.Clone(c.Params)
		}
	}
	s.index = nil
	return nil
}

// Runs is the number of runs of the whole sweep, every shard's; a count
// past math.MaxInt (a hostile Starts) is math.MaxInt, which CheckSize
// refuses.
func (s *Sweep) Runs() int { return mulSat(mulSat(len(s.Problems), len(s.Solvers)), s.Starts) }

// RunID names a run within its sweep, the same in every sweep of the same
// description: problem/label/gradient/start.
func RunID(problem string, sv Solver, start int) string {
	return problem + "/" + sv.Label + "/" + string(sv.Gradient) + "/" + strconv.Itoa(start)
}

// at is the problem, solver and start of run i of the sweep order.
func (s *Sweep) at(i int) (p, sv, k int) {
	per := len(s.Solvers) * s.Starts
	return i / per, (i % per) / s.Starts, i % s.Starts
}

// Index is the place of the run named id in the sweep order, and false
// when the sweep has no such run. It keeps one entry a problem and solver,
// not one a run (a million run ids would take 85 MB): the start is read
// from the id's end, written as RunID writes it.
func (s *Sweep) Index(id string) (int, bool) {
	if s.index == nil {
		s.index = make(map[string]int, len(s.Problems)*len(s.Solvers))
		for p := range s.Problems {
			for sv := range s.Solvers {
				// The id up to its start. Where two configurations have one
				// (a label written alike), the later is the one, as a map of
				// every run id would have it.
				s.index[strings.TrimSuffix(RunID(s.Problems[p].Name, s.Solvers[sv], 0), "0")] = (p*len(s.Solvers) + sv) * s.Starts
			}
		}
	}
	cut := strings.LastIndexByte(id, '/') + 1
	k, ok := canonicalStart(id[cut:])
	if !ok || k >= s.Starts {
		return 0, false
	}
	first, ok := s.index[id[:cut]]
	return first + k, ok
}

// canonicalStart is the start that strconv.Itoa writes as text, and false
// for any other text (a sign, a leading zero, a number past an int).
func canonicalStart(text string) (int, bool) {
	if text == "" || len(text) > 1 && text[0] == '0' {
		return 0, false
	}
	k, err := strconv.Atoi(text)
	if err != nil || k < 0 || strconv.Itoa(k) != text {
		return 0, false
	}
	return k, true
}

// starts are problem p's starting points, made once and checked for
// their length.
func (s *Sweep) starts(p *Problem) ([][]float64, error) {
	if x0s, ok := s.x0s[p.Name]; ok {
		return x0s, nil
	}
	x0s := make([][]float64, s.Starts)
	for k := range x0s {
		var err error
		if x0s[k], err = StartOf(p, k, s.Seed); err != nil {
			return nil, err
		}
	}
	if s.x0s == nil {
		s.x0s = map[string][][]float64{}
	}
	s.x0s[p.Name] = x0s
	return x0s, nil
}

// StartOf is p's start k of a sweep seeded with seed, checked: a point of
// p's dimension, finite.
func StartOf(p *Problem, k int, seed uint64) ([]float64, error) {
	x0 := p.Start(k, seed)
	if len(x0) != p.Dim {
		return nil, fmt.Errorf("bench: problem %q: start %d has %d values, want %d", p.Name, k, len(x0), p.Dim)
	}
	if i := slices.IndexFunc(x0, func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }); i >= 0 {
		return nil, fmt.Errorf("bench: problem %q: start %d is not finite (x[%d] = %v)", p.Name, k, i, x0[i])
	}
	return x0, nil
}

// CheckStarts makes every problem's starts (kept for Specs) and returns
// the first that is not a point of the problem's dimension or not finite,
// naming the problem and the start: before any run, a start that overflowed
// (the network's -init-scale 1e308) stops the sweep rather than making
// runs that cannot begin.
func (s *Sweep) CheckStarts() error {
	for _, p := range s.Problems {
		if p.Start == nil {
			continue // a problem known by name only: it does not run
		}
		if _, err := s.starts(p); err != nil {
			return err
		}
	}
	return nil
}

// Specs are the runs of the sweep's shard (all of them for the zero
// Shard), in the sweep order: every Count-th from Index, so that each shard
// gets about the same share of every solver's runs.
func (s *Sweep) Specs() ([]Spec, error) {
	first, step := 0, 1
	if !s.Shard.whole() {
		first, step = s.Shard.Index, s.Shard.Count
	}
	runs := s.Runs()
	n := 0
	if runs > first {
		n = (runs-first-1)/step + 1
	}
	out := make([]Spec, 0, min(n, MaxRuns)) // a hint: CheckSize bounds a sweep to run
	for i := first; i < runs; i += step {
		sp, err := s.Spec(i)
		if err != nil {
			return nil, err
		}
		out = append(out, sp)
		if step > runs-i {
			break // i+step would pass the last run, or overflow
		}
	}
	return out, nil
}

// Spec is run i of the sweep order (see Index), 0 <= i < Runs(). A
// problem that cannot make its starts (one known only by name), or whose
// box does not fit it (see BoundsFor), is an error.
func (s *Sweep) Spec(i int) (Spec, error) {
	p, sv, k := s.at(i)
	problem := s.Problems[p]
	if problem.Start == nil {
		return Spec{}, fmt.Errorf("bench: problem %q has no starts", problem.Name)
	}
	x0s, err := s.starts(problem)
	if err != nil {
		return Spec{}, err
	}
	bounds, err := s.BoundsFor(problem)
	if err != nil {
		return Spec{}, err
	}
	solver := s.Solvers[sv]
	sp := Spec{Problem: problem, Solver: solver, Params: s.Params[solver.Label],
		Start: k, Seed: s.Seed, X0: x0s[k], Bounds: bounds, Options: s.OptionsFor(problem)}
	sp.Options.TraceX = s.KeepX && k == 0
	sp.Budget = s.BudgetFor(problem)
	sp.TraceStore = s.TraceStore
	return sp, nil
}

// BudgetFor is the budget in evaluations of f of every run on p: Budget
// x p's dimension, rounded up; 0 when the sweep has no budget. A budget
// past MaxBudget evaluations is MaxBudget.
func (s *Sweep) BudgetFor(p *Problem) int {
	if !(s.Budget > 0) {
		return 0
	}
	return int(min(math.Ceil(s.Budget*float64(p.Dim)), MaxBudget))
}

// MaxBudget bounds a run's budget of evaluations (Sweep.BudgetFor): 1e12
// evaluations of the cheapest bbob function take days.
const MaxBudget = 1e12

// Order sorts runs into the sweep order, whatever order they were read or
// finished in: runs the sweep does not know come last, and the runs of
// one spec by other engines after optbench's, by engine.
func (s *Sweep) Order(runs []Run) {
	at := func(r Run) int {
		if i, ok := s.Index(r.RunID()); ok {
			return i
		}
		return s.Runs()
	}
	slices.SortStableFunc(runs, func(a, b Run) int {
		return cmp.Or(cmp.Compare(at(a), at(b)), strings.Compare(a.Engine, b.Engine))
	})
}
