package bench

import (
	"fmt"
	"math/rand/v2"

	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers"
)

// Setup is the training problem of a comparison: a network shape, the
// training and test sets and the L2 weight. Runs share the data read-only;
// each run makes its own evaluator.
type Setup struct {
	Net         objective.Network
	Train, Test *objective.Dataset
	Lambda      float64

	// Problem, when set, gives the function each run minimizes in place of
	// the cross-entropy on Train (tests use it to make some runs fail).
	// Accuracy and test loss are still those of the network at the result.
	Problem func(spec Spec) (solvers.Problem, error)
}

// ClassroomSetup is the classroom exercise with the given number of hidden
// units and L2 weight.
func ClassroomSetup(hidden int, lambda float64) (Setup, error) {
	train, test := objective.Classroom()
	s := Setup{
		Net:   objective.Network{Inputs: train.Features, Hidden: hidden, Classes: train.Classes},
		Train: train, Test: test, Lambda: lambda,
	}
	return s, s.Validate()
}

// Validate checks that the network fits the data and lambda is usable.
func (s Setup) Validate() error {
	if _, err := objective.NewCrossEntropy(s.Net, s.Train, s.Lambda); err != nil {
		return err
	}
	if s.Test != nil {
		if _, err := objective.NewCrossEntropy(s.Net, s.Test, 0); err != nil {
			return fmt.Errorf("test set: %w", err)
		}
	}
	return nil
}

// StartPoint returns starting point number start: for start 0 on the
// classroom 2-2-3 network, the exercise's x0; otherwise P values drawn from
// N(0, scale^2) by a generator seeded from (seed, start) alone, so a
// start's values do not depend on which other runs exist or in what order
// they are made.
func (s Setup) StartPoint(start int, seed uint64, scale float64) []float64 {
	if start == 0 && s.Net == objective.ClassroomNetwork {
		return objective.ClassroomInit()
	}
	rng := rand.New(rand.NewPCG(seed, uint64(start)))
	x := make([]float64, s.Net.NumParams())
	for i := range x {
		x[i] = scale * rng.NormFloat64()
	}
	return x
}
