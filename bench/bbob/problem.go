package bbob

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/coco"
	"github.com/optbench/optbench/bench/coco/best2009"
	"github.com/optbench/optbench/solvers"
)

// DefaultBudget is the budget of a bbob sweep that names none, in
// evaluations of f per dimension (bench.Sweep.Budget): the low end of
// COCO's usual 1e3 to 1e5.
const DefaultBudget = 1000

// Ref is a bbob problem in sweep.json.
type Ref struct {
	Function int `json:"function"`
	Dim      int `json:"dim"`
	Instance int `json:"instance"`
}

// New is COCO's bbob function `function` in dimension `dimension`,
// instance `instance`, as a problem of a sweep (see NewFunction for the
// values it takes):
//   - its name is COCO's problem id, bbob_f001_i01_d02, and f* is the
//     instance's f_opt;
//   - start 0 is the origin, COCO's initial solution; start k >= 1 and
//     every restart of a run under a budget (bench.Sweep.Budget, COCO's
//     protocol) are uniform in [-4, 4]^n, drawn from (seed, start,
//     restart) alone;
//   - the gradient is the analytic one where the function has one
//     (Function.HasGrad); bbob is a black-box suite, and its sweeps take
//     finite differences by default;
//   - its class (Class, "f1 d2") pools its runs with the other
//     instances' in COCO's aRT table, beside COCO's best 2009
//     (bench/coco/best2009) where it has data;
//   - a run under a budget is observed by COCO's bbob logger
//     (bench/coco.Recorder), whose lines optbench writes as COCO's data
//     with -out.
//
// COCO's search domain [-5, 5]^n is where the optimum lies, not a
// constraint: f is defined everywhere (most functions add a penalty
// outside the domain), so the problem declares no bounds and every method
// runs on it; -bounds -5:5 gives the box to the methods that take one.
func New(function, dimension, instance int) (*bench.Problem, error) {
	fn, err := NewFunction(function, dimension, instance)
	if err != nil {
		return nil, err
	}
	n := dimension
	p := &bench.Problem{
		Family:      Family.Name(),
		Config:      Ref{Function: function, Dim: dimension, Instance: instance},
		Name:        fn.ProblemID(),
		Desc:        fmt.Sprintf("%s, n = %d, instance %d (COCO's bbob suite)", fn.Name(), n, instance),
		Dim:         n,
		FStar:       fn.FOpt,
		FStarSource: "f_opt of the COCO instance",
		New: func(int) (solvers.Problem, func(), error) {
			g := fn.Clone()
			p := solvers.Problem{Func: g.Value}
			if g.HasGrad() {
				p.Grad = g.Grad
			}
			return p, nil, nil
		},
		Start: func(k int, seed uint64) []float64 {
			if k == 0 {
				return make([]float64, n)
			}
			return uniformStart(n, k, 0, seed)
		},
		Restart:  func(k, r int, seed uint64) []float64 { return uniformStart(n, k, r, seed) },
		StartDoc: "start 0: the origin, COCO's initial solution; start k >= 1 and every restart under a budget: uniform in [-4, 4]^n, drawn from (seed, start, restart)",
		Observer: func() bench.Observer { return &observer{coco.NewRecorder(n, fn.FOpt)} },
		Class:    Class(function, dimension),
	}
	if best2009.HasData(function, dimension) {
		p.Reference = &bench.Reference{Name: best2009.Name, Notice: best2009.Notice, ART: func(deltaF float64) float64 {
			art, ok := best2009.ART(function, dimension, deltaF)
			if !ok {
				return math.NaN()
			}
			return art
		}}
	}
	return p, nil
}

// Class is the class of the instances of function in dimension, whose
// runs COCO pools in its aRT: "f1 d2".
func Class(function, dimension int) string { return fmt.Sprintf("f%d d%d", function, dimension) }

// uniformStart is uniform in [-4, 4]^n, drawn from (seed, k, r) alone.
func uniformStart(n, k, r int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, uint64(k)<<24^uint64(r)))
	x := make([]float64, n)
	for i := range x {
		x[i] = -4 + 8*rng.Float64()
	}
	return x
}

// observer is COCO's logger as a bench.Observer.
type observer struct{ *coco.Recorder }

func (o *observer) Log() (json.RawMessage, error) {
	if err := o.Recorder.Err(); err != nil {
		return nil, err // a truncated log is not COCO's
	}
	return json.Marshal(o.Recorder.Log())
}
