// Package mgh is the Moré-Garbow-Hillstrom test set as optbench problems:
// gonum's implementations (gonum.org/v1/gonum/optimize/functions), with
// their standard starting points, their gradients, their Hessians where
// gonum has them, and their known minima.
//
// Starts (see Problem.StartDoc): start 0 is the problem's standard point x0,
// and starts 1 and 2 are 10 x0 and 100 x0, the "far" starts of Moré, Garbow
// and Hillstrom (1981) (Moré and Wild (2009) use x0 and 10 x0). Where x0 is
// the origin (Watson), 10 x0 would be x0 again: starts 1 and 2 are then 1
// and 10 times the vector of ones. Start k >= 3 is random around x0 at x0's
// scale: coordinate i is x0_i (1 + u_i) where |x0_i| >= 1 (it keeps its sign
// and is never 0) and x0_i + u_i elsewhere, u uniform in (-1, 1)^n from a
// generator seeded by (seed, k) alone, as bench.RandomStarts seeds it. Every
// start is finite, and so is f there; the random ones lie within max(|x0_i|,
// 1) of x0 in each coordinate. (Starts k >= 3 used to be 10^k x0: 1e29 at
// Beale's start 29, +Inf from start 309, and runs that measured only
// overflow.) ExtendedPowellSingular starts at (3, -1, 0, 1) repeated, the
// paper's point (gonum's documentation and tests use (3, -1, 0, 3)).
//
// GulfResearchAndDevelopment's start 1, 10 x0 = (50, 25, 1.5), is its
// minimizer, and its start 2, 100 x0, lies on a plateau where exp
// underflows and the gradient is exactly 0: its problem's Note says so
// under the tables.
//
// Dimensions: PenaltyII takes at most 3000 variables (from 3534 on its f is
// +Inf everywhere), Watson at most 31, the others as many as solvers take
// (solvers.MaxDenseParams).
//
// f*: the global minimum gonum's functions list for the problem's
// dimension (its values are those of the MGH paper and of the references in
// gonum's documentation); where gonum lists none for that dimension, f* is
// unknown and the sweep uses the best value any run reached.
//
// Family, which registers itself with bench, takes the -problems items mgh
// (All) and NAME or NAME:n (Parse), and makes a problem again from its Ref
// in sweep.json.
package mgh

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/functions"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// function is what gonum's MGH functions have in common.
type function interface {
	Func(x []float64) float64
	Grad(grad, x []float64)
	Minima() []functions.Minimum
}

type hessian interface {
	Hess(dst *mat.SymDense, x []float64)
}

// entry is one function of the set.
type entry struct {
	name string
	fn   function
	dim  int            // the paper's dimension; for a variable one, its default
	vary func(int) bool // nil: fixed dimension; else the dimensions allowed
	x0   func(n int) []float64
	doc  string // the allowed dimensions, for errors
	// note is the problem's Note: what a reader of its tables must know
	// about its starts.
	note string
}

func fixed(xs ...float64) func(int) []float64 {
	return func(int) []float64 { return slices.Clone(xs) }
}

func repeat(pattern ...float64) func(int) []float64 {
	return func(n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = pattern[i%len(pattern)]
		}
		return x
	}
}

var set = []entry{
	{name: "Beale", fn: beale{}, dim: 2, x0: fixed(1, 1)},
	{name: "BiggsEXP6", fn: functions.BiggsEXP6{}, dim: 6, x0: fixed(1, 2, 1, 1, 1, 1)},
	{name: "Box3D", fn: functions.Box3D{}, dim: 3, x0: fixed(0, 10, 20)},
	{name: "BrownAndDennis", fn: functions.BrownAndDennis{}, dim: 4, x0: fixed(25, 5, -5, -1)},
	{name: "BrownBadlyScaled", fn: functions.BrownBadlyScaled{}, dim: 2, x0: fixed(1, 1)},
	{name: "ExtendedPowellSingular", fn: functions.ExtendedPowellSingular{}, dim: 4, x0: repeat(3, -1, 0, 1),
		vary: func(n int) bool { return n >= 4 && n%4 == 0 }, doc: "a multiple of 4"},
	{name: "ExtendedRosenbrock", fn: functions.ExtendedRosenbrock{}, dim: 2, x0: repeat(-1.2, 1),
		vary: func(n int) bool { return n >= 2 }, doc: "at least 2"},
	{name: "Gaussian", fn: functions.Gaussian{}, dim: 3, x0: fixed(0.4, 1, 0)},
	{name: "GulfResearchAndDevelopment", fn: functions.GulfResearchAndDevelopment{}, dim: 3, x0: fixed(5, 2.5, 0.15),
		note: gulfNote},
	{name: "HelicalValley", fn: functions.HelicalValley{}, dim: 3, x0: fixed(-1, 0, 0)},
	{name: "PenaltyI", fn: functions.PenaltyI{}, dim: 4, x0: func(n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i + 1)
		}
		return x
	}, vary: func(n int) bool { return n >= 1 }, doc: "at least 1"},
	// PenaltyII's constants y_i = e^((i+1)/10) + e^(i/10) square to more
	// than the largest float64 from n = 3534 on, which makes f +Inf at every
	// point; 3000 keeps a margin of e^100 for the points a method visits.
	{name: "PenaltyII", fn: functions.PenaltyII{}, dim: 4, x0: repeat(0.5),
		vary: func(n int) bool { return n >= 1 && n <= maxPenaltyII }, doc: fmt.Sprintf("from 1 to %d", maxPenaltyII)},
	{name: "PowellBadlyScaled", fn: functions.PowellBadlyScaled{}, dim: 2, x0: fixed(0, 1)},
	{name: "Trigonometric", fn: functions.Trigonometric{}, dim: 10, x0: func(n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = 1 / float64(n)
		}
		return x
	}, vary: func(n int) bool { return n >= 1 }, doc: "at least 1"},
	{name: "VariablyDimensioned", fn: functions.VariablyDimensioned{}, dim: 10, x0: func(n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = 1 - float64(i+1)/float64(n)
		}
		return x
	}, vary: func(n int) bool { return n >= 1 }, doc: "at least 1"},
	{name: "Watson", fn: functions.Watson{}, dim: 6, x0: func(n int) []float64 { return make([]float64, n) },
		vary: func(n int) bool { return n >= 2 && n <= 31 }, doc: "from 2 to 31"},
	{name: "Wood", fn: functions.Wood{}, dim: 4, x0: fixed(-3, -1, -3, -1)},
}

// maxPenaltyII is PenaltyII's largest dimension (see set).
const maxPenaltyII = 3000

// Ref is an MGH problem in sweep.json.
type Ref struct {
	Function string `json:"function"`
	N        int    `json:"n"`
}

// Problem is the problem ref names.
func (r Ref) Problem() (*bench.Problem, error) {
	return Parse(r.Function + ":" + strconv.Itoa(r.N))
}

// Names lists the functions of the set, in alphabetical order.
func Names() []string {
	var out []string
	for _, e := range set {
		out = append(out, e.name)
	}
	return out
}

// All is the whole set at the dimensions of the MGH paper, in alphabetical
// order: ExtendedPowellSingular, PenaltyI and PenaltyII at 4,
// ExtendedRosenbrock at 2, Watson at 6, Trigonometric and
// VariablyDimensioned at 10.
func All() []*bench.Problem {
	var out []*bench.Problem
	for _, e := range set {
		out = append(out, e.problem(e.dim))
	}
	return out
}

// Parse returns the problem NAME or NAME:n (case-insensitive), n the
// dimension of a variable-dimension function.
func Parse(s string) (*bench.Problem, error) {
	name, dimText, hasDim := strings.Cut(strings.TrimSpace(s), ":")
	i := slices.IndexFunc(set, func(e entry) bool { return strings.EqualFold(e.name, name) })
	if i < 0 {
		return nil, fmt.Errorf("unknown MGH function %s (valid: %s)", strconv.QuoteToASCII(name), strings.Join(Names(), ", "))
	}
	e := set[i]
	n := e.dim
	if hasDim {
		var err error
		n, err = strconv.Atoi(dimText)
		switch {
		case err != nil:
			return nil, fmt.Errorf("%s: dimension %q is not a whole number", s, dimText)
		case e.vary == nil && n != e.dim:
			return nil, fmt.Errorf("%s: %s has dimension %d only", s, e.name, e.dim)
		case e.vary != nil && !e.vary(n):
			return nil, fmt.Errorf("%s: %s's dimension must be %s", s, e.name, e.doc)
		case n > solvers.MaxDenseParams:
			return nil, fmt.Errorf("%s: dimension %d is more than %d", s, n, solvers.MaxDenseParams)
		}
	}
	return e.problem(n), nil
}

// problem is the entry at dimension n.
func (e entry) problem(n int) *bench.Problem {
	name := e.name
	if e.vary != nil {
		name += ":" + strconv.Itoa(n)
	}
	fstar, source := math.NaN(), "unknown: the best value any run reached"
	for _, m := range e.fn.Minima() {
		if m.Global && len(m.X) == n && !(m.F >= fstar) {
			fstar, source = m.F, "the global minimum gonum's optimize/functions lists (Moré, Garbow and Hillstrom 1981)"
		}
	}
	x0 := e.x0(n)
	fn := e.fn
	h, hasHess := fn.(hessian)
	return &bench.Problem{
		Family:      "mgh",
		Config:      Ref{Function: e.name, N: n},
		Name:        name,
		Desc:        fmt.Sprintf("%s, n = %d (Moré, Garbow and Hillstrom; gonum's implementation)", e.name, n),
		Dim:         n,
		FStar:       fstar,
		FStarSource: source,
		New: func(int) (solvers.Problem, func(), error) {
			p := solvers.Problem{Func: fn.Func, Grad: fn.Grad}
			if hasHess {
				sym := mat.NewSymDense(n, nil)
				p.Hess = func(hess, x []float64) {
					h.Hess(sym, x)
					for i := range n {
						for j := range n {
							hess[i*n+j] = sym.At(i, j)
						}
					}
				}
			}
			return p, nil, nil
		},
		Start:    starts(x0),
		Restart:  restarts(x0),
		StartDoc: startDoc,
		Note:     e.note,
	}
}

// Family is the MGH set as the command line and bench/results see it: the
// -problems items mgh (the whole set) and NAME or NAME:n, made again from
// a Ref in sweep.json. It has no flags of its own, and registers itself.
var Family bench.Family = family{}

func init() { bench.RegisterFamily(Family) }

type family struct{}

func (family) Name() string    { return "mgh" }
func (family) Items() []string { return append([]string{"mgh"}, Names()...) }

func (family) Rebuild(_ context.Context, config json.RawMessage) (*bench.Problem, error) {
	var ref Ref
	if err := json.Unmarshal(config, &ref); err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(set, func(e entry) bool { return e.name == ref.Function }) {
		return nil, fmt.Errorf("sweep.json: function %s is not one of the MGH set (%s)", strconv.QuoteToASCII(ref.Function), strings.Join(Names(), ", "))
	}
	p, err := ref.Problem()
	if err != nil {
		return nil, fmt.Errorf("sweep.json: n %d: %w", ref.N, err)
	}
	return p, nil
}

func (family) Flags(*flag.FlagSet) bench.Maker { return maker{} }

type maker struct{}

// Problems takes mgh and the names of the set (NAME or NAME:n); a wrong
// dimension of a name of the set is a usage error.
func (maker) Problems(_ context.Context, item string, _ bench.Build) ([]*bench.Problem, bool, error) {
	name, _, hasDim := strings.Cut(strings.TrimSpace(item), ":")
	if strings.EqualFold(name, "mgh") {
		if hasDim {
			return nil, true, bench.Usagef("-problems: %q: mgh is the whole set at the paper's dimensions; give NAME:n for one function at dimension n (ExtendedRosenbrock:10)", item)
		}
		return All(), true, nil
	}
	if !slices.ContainsFunc(set, func(e entry) bool { return strings.EqualFold(e.name, name) }) {
		return nil, false, nil
	}
	p, err := Parse(item)
	if err != nil {
		return nil, true, bench.Usagef("-problems: %v", err)
	}
	return []*bench.Problem{p}, true, nil
}

func (maker) Unused(bench.Build) error { return nil }

func (family) FigureNames() []string { return nil }
