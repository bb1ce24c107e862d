package bbob

import "errors"

// Sentinel errors of NewFunction; the returned errors wrap them with the bad value, so match them
// with errors.Is.
var (
	// ErrFunction: the function number is outside 1..24.
	ErrFunction = errors.New("bbob: function must be 1..24")
	// ErrDimension: the dimension is outside 1..40, or 1 for a function that needs n >= 2.
	ErrDimension = errors.New("bbob: bad dimension")
	// ErrInstance: the instance number is below 1 or above MaxInstance.
	ErrInstance = errors.New("bbob: bad instance")
)
