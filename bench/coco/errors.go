package coco

import (
	"errors"
	"fmt"
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrDimension: a dimension below 1, or a point whose length is not the
	// recorder's dimension.
	ErrDimension = errors.New("coco: bad dimension")
	// ErrFOpt: f_opt is NaN or infinite.
	ErrFOpt = errors.New("coco: f_opt is not finite")
	// ErrBelowOptimum: an f more than 1e-13 below f_opt (COCO's logger asserts
	// against it): the function and its f_opt disagree.
	ErrBelowOptimum = errors.New("coco: f below f_opt")
	// ErrName: an algorithm name COCO's files cannot hold.
	ErrName = errors.New("coco: bad algorithm name")
	// ErrComment: a comment with a line break (the .info comment is one line).
	ErrComment = errors.New("coco: bad comment")
	// ErrRun: a RunLog that is inconsistent (see RunError for which and why).
	ErrRun = errors.New("coco: bad run log")
)

// RunError says which run passed to Write is bad and why. It matches ErrRun
// and its cause with errors.Is.
type RunError struct {
	Index                   int // position in the runs passed to Write
	Function, Dim, Instance int
	Err                     error
}

func (e *RunError) Error() string {
	return fmt.Sprintf("coco: run %d (f%d, dimension %d, instance %d): %v", e.Index, e.Function, e.Dim, e.Instance, e.Err)
}

// Unwrap returns ErrRun and the cause.
func (e *RunError) Unwrap() []error { return []error{ErrRun, e.Err} }
