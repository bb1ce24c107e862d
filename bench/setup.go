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

	// Classroom says the data are the embedded classroom set: start 0 is
	// then the exercise's x0 when the network is 2-2-3.
	Classroom bool
	// ClassNames names the classes, in class order (for printing).
	ClassNames []string
	// ObjectiveWorkers is the number of goroutines each run's objective
	// uses (see objective.CrossEntropy.SetWorkers); 0 or 1: one.
	ObjectiveWorkers int

	// Problem, when set, gives the function each run minimizes in place of
	// the cross-entropy on Train (tests use it to make some runs fail).
	// Accuracy and test loss are those of the network at the result when
	// the result has the network's size, and NaN otherwise.
	Problem func(spec Spec) (solvers.Problem, error)
	// Dim is the number of parameters of Problem when it is not the
	// network's; X0, when set, is start 0.
	Dim int
	X0  []float64
}

// ClassroomSetup is the classroom exercise with the given number of hidden
// units and L2 weight.
func ClassroomSetup(hidden int, lambda float64) (Setup, error) {
	train, test := objective.Classroom()
	s, err := DataSetup(train, test, hidden, lambda)
	s.Classroom = true
	return s, err
}

// DataSetup is a network with the given hidden units on a training and a
// test set (test may be nil).
func DataSetup(train, test *objective.Dataset, hidden int, lambda float64) (Setup, error) {
	s := Setup{
		Net:   objective.Network{Inputs: train.Features, Hidden: hidden, Classes: train.Classes},
		Train: train, Test: test, Lambda: lambda,
	}
	for k := range train.Classes {
		s.ClassNames = append(s.ClassNames, fmt.Sprint(k))
	}
	return s, s.Validate()
}

// SplitWorkers divides cpus between the runs of a sweep and their
// objectives: with runs at once (at most the number of runs), each
// objective gets cpus/runs goroutines, at least one, so the two never
// oversubscribe the processors together. Objectives of data that fit in
// one block use one goroutine whatever they get.
func SplitWorkers(cpus, runsAtOnce, runs int) int {
	return max(1, cpus/max(1, min(runsAtOnce, runs)))
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

// StartPoint returns starting point number start: for start 0, X0 if set,
// or on the classroom 2-2-3 network the exercise's x0; otherwise P (or
// Dim) values drawn from
// N(0, scale^2) by a generator seeded from (seed, start) alone, so a
// start's values do not depend on which other runs exist or in what order
// they are made.
func (s Setup) StartPoint(start int, seed uint64, scale float64) []float64 {
	if start == 0 && s.X0 != nil {
		return append([]float64(nil), s.X0...)
	}
	if start == 0 && s.Classroom && s.Net == objective.ClassroomNetwork {
		return objective.ClassroomInit()
	}
	rng := rand.New(rand.NewPCG(seed, uint64(start)))
	n := s.Dim
	if n == 0 {
		n = s.Net.NumParams()
	}
	x := make([]float64, n)
	for i := range x {
		x[i] = scale * rng.NormFloat64()
	}
	return x
}
