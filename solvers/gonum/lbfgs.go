package gonum

import (
	"fmt"

	"github.com/optbench/optbench/solvers/core"
	"gonum.org/v1/gonum/optimize"
)

// MaxLBFGSMemory bounds L-BFGS's memory parameter: a history far longer
// than any run takes steps is no use, and gonum allocates the whole of it
// at the first step.
const MaxLBFGSMemory = 1_000_000

// maxLBFGSHistory bounds the numbers an L-BFGS run keeps in its history
// (store pairs of n-vectors s and y, 16 bytes a pair of numbers): 2^26
// pairs, 1 GiB. A run of the default memory (15) is never refused.
const maxLBFGSHistory = 1 << 26

// lbfgs is gonum's limited-memory BFGS with a strong-Wolfe bisection line
// search.
var lbfgs = core.Method{
	Name:     "L-BFGS",
	Doc:      "gonum's limited-memory BFGS, bisection line search",
	Gradient: true,
	Params: []core.ParamSpec{
		{Key: "memory", Default: "15", Int: true, Min: 1, Max: MaxLBFGSMemory,
			Doc: "the number of updates kept (gonum's Store; no more than the run can make are allocated)"},
		linesearchSpec("bisection"), c1Spec, c2Spec,
	},
	Check: checkLinesearch,
	Run:   runLBFGS,
}

// runLBFGS runs gonum's LBFGS with Store = lbfgsStore: the same steps as
// with Store = memory, without allocating a history the run cannot fill.
func runLBFGS(s *core.Search, x0 []float64, p core.Params) {
	memory, _ := p.Int("memory")
	store := lbfgsStore(memory, s.Options())
	n := len(x0)
	if store > 15 && store > maxLBFGSHistory/max(n, 1) {
		s.End(core.Failed, fmt.Errorf("%w: L-BFGS memory=%d on %d parameters keeps up to %d pairs of vectors, %.3g GB, more than 1 GiB: lower the memory or the iteration limit",
			core.ErrTooLarge, memory, n, store, float64(store)*float64(n)*16/1e9))
		return
	}
	core.LinesearchRun(func(p core.Params) (optimize.NextDirectioner, optimize.Linesearcher, error) {
		return &optimize.LBFGS{Store: store}, linesearcher(p, 0), nil
	})(s, x0, p)
}

// lbfgsStore is the history gonum's LBFGS needs to take the steps it takes
// with Store = memory: memory, or the updates the run can make if fewer.
// An update (a NextDirection) follows each iteration after which the run
// goes on, so there are fewer than MaxIter, and no more than MaxFev
// evaluations when that is set. With at most Store updates the ring never
// wraps, and the slots never filled hold zeros, which add exact zeros to
// the direction: the steps are the same, bit for bit.
func lbfgsStore(memory int, o core.Options) int {
	store := min(memory, max(o.MaxIter, 1))
	if o.MaxFev > 0 {
		store = min(store, o.MaxFev)
	}
	return store
}
