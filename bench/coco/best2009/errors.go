package best2009

import "errors"

// ErrNoData is the error for a bbob function or dimension best 2009 has no
// data for: functions 1..24 in dimensions 2, 3, 5, 10, 20, 40 only.
var ErrNoData = errors.New("best2009: no data")

// ErrTarget is the error for a target precision Δf that is not a positive
// finite number.
var ErrTarget = errors.New("best2009: target Δf must be positive and finite")

// ErrFunctions is the error for a function set an ECDF cannot be drawn
// over: empty, or naming a function twice.
var ErrFunctions = errors.New("best2009: bad function set")
