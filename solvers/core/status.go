package core

import (
	"fmt"
	"time"
)

// Status says how a run ended.
type Status int

const (
	// Success: the gradient's largest component fell below Gtol (Nelder-Mead:
	// the best value stopped improving by more than Fatol).
	Success Status = iota
	// MaxIter: MaxIter iterations were taken.
	MaxIter
	// MaxFev: MaxFev function evaluations were made.
	MaxFev
	// TimeLimit: the run's time limit passed.
	TimeLimit
	// Stalled: the line search could make no further progress before Gtol
	// was met (scipy's "precision loss").
	Stalled
	// NaN: the function or its gradient became NaN or infinite.
	NaN
	// Failed: the function panicked, or the method failed otherwise.
	Failed
	// Interrupted: the context was cancelled.
	Interrupted
	// Target: f reached the problem's f* + 1e-8, COCO's final target, in
	// a run under a budget of evaluations (bench's COCO protocol), which
	// stops there.
	Target
	// Epochs: a run on mini-batches (Problem.Batches) made its
	// Options.Epochs passes over the samples, the limit it was given.
	// Such a run has no convergence test (Gtol does not apply to a batch's
	// gradient), so it neither succeeded nor failed: it ran its course.
	Epochs
)

var statusNames = [...]string{"success", "maxiter", "maxfev", "timeout", "stalled", "nan", "error", "interrupted", "target", "epochs"}

// String returns the status's short name, as used in tables and JSON.
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusNames[s]
}

// MarshalText writes the short name.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseStatus reads a status as String writes it.
func ParseStatus(name string) (Status, error) {
	for i, n := range statusNames {
		if n == name {
			return Status(i), nil
		}
	}
	return -1, fmt.Errorf("solvers: unknown status %q", name)
}

// Message is scipy's message for s where scipy has one (the Result's
// Message unless the method gives its own); limit is the run's time limit,
// which the TimeLimit message names.
func (s Status) Message(limit time.Duration) string {
	switch s {
	case Success:
		return "Optimization terminated successfully."
	case MaxIter:
		return "Maximum number of iterations has been exceeded."
	case MaxFev:
		return "Maximum number of function evaluations has been exceeded."
	case TimeLimit:
		return fmt.Sprintf("Time limit of %v has been exceeded.", limit)
	case Stalled:
		return "Desired error not necessarily achieved due to precision loss."
	case NaN:
		return "NaN result encountered."
	case Interrupted:
		return "Interrupted."
	case Target:
		return "Final target reached."
	case Epochs:
		return "All epochs done."
	}
	return "Optimization failed."
}
