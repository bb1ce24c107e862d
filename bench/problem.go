package bench

import (
	"math"
	"math/rand/v2"

	"github.com/optbench/optbench/solvers"
)

// Problem is an objective a sweep minimizes: what solvers see of it (value,
// gradient, Hessian as available), its starting points, its known minimum
// and the extra metrics and figures its family adds. The generic code of
// this package knows nothing else about it; bench/network and bench/mgh
// make the problems of the two families optbench ships.
type Problem struct {
	Name string // unique within a sweep: "classroom", "ExtendedRosenbrock:10"
	Desc string // one line for reports: what is minimized
	Dim  int    // the number of variables

	// Family and Config identify the problem in sweep.json: the family
	// ("network", "mgh") can make it again from Config, any value that
	// encodes to JSON. Two sweeps of equal Configs ran the same problem.
	Family string
	Config any

	// New makes one run's evaluator, which may keep workspaces: runs never
	// share one. workers is how many goroutines it may use; close, when not
	// nil, releases them.
	New func(workers int) (p solvers.Problem, close func(), err error)

	// Start returns starting point k >= 0 of the sweep seeded with seed: a
	// new slice of length Dim that depends on (seed, k) alone (see
	// RandomStarts).
	Start func(k int, seed uint64) []float64
	// StartDoc says how the starting points are made, for reports.
	StartDoc string
	// Restart returns the point restart r >= 1 of start k begins from
	// under a budget (Sweep.Budget, COCO's protocol): a new slice of
	// length Dim that depends on (seed, k, r) alone. nil: a run under a
	// budget does not restart.
	Restart func(k, r int, seed uint64) []float64
	// Observer, when not nil, makes the observer of one run under a
	// budget (bbob's COCO logger), which sees every evaluation of f.
	Observer func() Observer

	// FStar is the known minimum of f, NaN when unknown; FStarSource says
	// where the value comes from. When it is unknown, targets and profiles
	// use the best value any run of the sweep reached, and say so.
	FStar       float64
	FStarSource string

	// FName is what the value is called in tables: "train loss" for the
	// network; "f" when empty. FDoc explains it in report.html's glossary.
	FName, FDoc string

	// Metrics are evaluated at each run's result, in this order.
	Metrics []Metric

	// Figures draws the family's own figures of the problem's runs (the
	// network's weights and decision regions); nil for none.
	Figures func(runs []Run) ([]Figure, error)

	// Bounds are the problem's own bounds, nil for none: the hook by which
	// a family declares a box its problems are constrained to. A sweep's
	// Bounds, when set, replace them (see Sweep.BoxFor); every run is given
	// the bounds that result as solvers.Problem.Bounds, and sweep.json
	// records them. The network, MGH and bbob families declare none (bbob's
	// [-5, 5]^n is where its optima lie, not a constraint).
	Bounds Box

	// Class pools problems whose runs repeat one experiment: COCO's
	// instances of one bbob function in one dimension ("bbob f1 d2"), whose
	// average runtimes COCO computes over the runs of every instance
	// together (analysis.PooledARTs). "" for a problem of its own.
	Class string
	// Reference is an algorithm whose results the family ships for the
	// problem's class (COCO's best 2009 on bbob), shown beside the sweep's
	// methods; nil for none. Problems of one Class share one.
	Reference *Reference

	// Note is a line the family adds under the tables (the class names of
	// a data file); "" for none.
	Note string

	// BatchesPerEpoch is the number of mini-batches of one epoch when the
	// problem's New gives solvers.Problem.Batches (the network with
	// -batch), 0 when it steps on the whole objective. Only on such a
	// problem do a sweep's Options.Epochs apply; the others run with their
	// plain limits (see Sweep.OptionsFor).
	BatchesPerEpoch int
}

// A Reference is an algorithm whose results a family ships beside its
// problems: COCO's best 2009 virtual algorithm on bbob.
type Reference struct {
	Name   string // "best 2009", for tables and legends
	Notice string // its source and licence, for notes under the tables
	// ART is its average runtime on the class to f* + deltaF, in
	// evaluations of f: +Inf when it never reached the target, NaN when
	// there is no data for deltaF.
	ART func(deltaF float64) float64
}

// ClassName is the problem's Class, or its Name when it has none.
func (p *Problem) ClassName() string {
	if p.Class == "" {
		return p.Name
	}
	return p.Class
}

// A Figure is a drawing of a sweep's runs, rendered on demand. bench/figure
// makes the generic ones and gives families the means to make their own.
type Figure interface {
	Name() string                         // the file name without extension: loss_vs_iter, weights, ...
	Title() string                        // a caption: what is drawn
	Render(format string) ([]byte, error) // "png" or "svg"; a drawing error is returned, never raised
}

// Metric is an extra measure of a run's result, such as the network's test
// loss. Eval must be safe for concurrent use and return NaN where the
// measure is not defined (non-finite x).
type Metric struct {
	Key  string // for machines: snake_case, the JSON key in a record's metrics ("test_fun")
	Name string // for people: the column's header ("test loss")
	Doc  string // what it is, for report.html's glossary
	// Share marks a fraction in [0, 1], shown as a percentage.
	Share bool
	// Detail keeps the metric's median out of the summary table for people
	// (CSV has it), to keep the table narrow.
	Detail bool
	Eval   func(x []float64) float64
}

// FuncProblem is a Problem for a function of dim variables whose minimum is
// unknown, with random starts (see RandomStarts): a user's own objective in
// one call. Set FStar, Start and the rest on the result as needed.
func FuncProblem(name string, dim int, p solvers.Problem) *Problem {
	return &Problem{
		Name: name, Dim: dim, FStar: math.NaN(),
		New:      func(int) (solvers.Problem, func(), error) { return p, nil, nil },
		Start:    RandomStarts(dim, 1),
		StartDoc: "N(0, 1) in every coordinate, seeded by (seed, start)",
	}
}

// RandomStarts returns starting points of dim values drawn from
// N(0, scale^2) by a generator seeded from (seed, k) alone, so that a
// start's values do not depend on which other runs exist or in what order
// they are made.
func RandomStarts(dim int, scale float64) func(k int, seed uint64) []float64 {
	return func(k int, seed uint64) []float64 {
		rng := rand.New(rand.NewPCG(seed, uint64(k)))
		x := make([]float64, dim)
		for i := range x {
			x[i] = scale * rng.NormFloat64()
		}
		return x
	}
}

// ValueName is what the problem's value is called in tables: FName, or
// "f".
func (p *Problem) ValueName() string {
	if p.FName == "" {
		return "f"
	}
	return p.FName
}
