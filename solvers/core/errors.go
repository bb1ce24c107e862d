package core

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Errors that Minimize and the registry wrap, so that callers (the command
// line among them) can tell what was wrong with a request without parsing
// messages. The wrapping error names the method, parameter or value.
var (
	ErrUnknownMethod   = errors.New("solvers: unknown method")
	ErrUnknownParam    = errors.New("solvers: unknown parameter")
	ErrBadParam        = errors.New("solvers: bad parameter value")
	ErrNeedsGradient   = errors.New("solvers: method needs a gradient")
	ErrNeedsHessian    = errors.New("solvers: exact Hessian asked for, but the problem has none")
	ErrUnknownGradient = errors.New("solvers: unknown gradient mode")
	ErrBadOptions      = errors.New("solvers: bad options")
	ErrBadStart        = errors.New("solvers: bad starting point")
	ErrDuplicateMethod = errors.New("solvers: method already registered")
	ErrTooLarge        = errors.New("solvers: problem too large for the method")
	// ErrTooManyConfigs: a method list's grids expand to more than
	// MaxConfigs configurations. Its errors match ErrBadParam too.
	ErrTooManyConfigs = errors.New("solvers: too many configurations")
)

// UnknownMethodError is the error of a lookup of a name that no method of
// the registry has as name or alias. It matches ErrUnknownMethod with
// errors.Is, and errors.As gives its parts, so that a caller can print
// them its own way.
type UnknownMethodError struct {
	Name       string   // the name looked up, as given
	Valid      []string // the registry's canonical names, in registration order
	Suggestion string   // the canonical name of the closest name or alias; "" when none is close
}

// Error reads: solvers: unknown method "X" (valid: a, b, ...), followed by
// ; did you mean "Y"? when there is a suggestion.
func (e *UnknownMethodError) Error() string {
	s := fmt.Sprintf("%v %q (valid: %s)", ErrUnknownMethod, e.Name, strings.Join(e.Valid, ", "))
	if e.Suggestion != "" {
		s += fmt.Sprintf("; did you mean %q?", e.Suggestion)
	}
	return s
}

// Unwrap returns ErrUnknownMethod.
func (e *UnknownMethodError) Unwrap() error { return ErrUnknownMethod }

// UnknownParamError is the error of a parameter key that the method does
// not take. It matches ErrUnknownParam with errors.Is; errors.As gives its
// parts.
type UnknownParamError struct {
	Method string   // the method's canonical name
	Key    string   // the key, as given
	Valid  []string // the method's keys in its order; empty when it takes none
	// Suggestion is the method's key closest to Key (as the method
	// suggestions are chosen); "" when none is close.
	Suggestion string
}

// Error reads: solvers: unknown parameter "k" for M (valid: a, b, ...), or
// (it has no parameters), followed by ; did you mean "y"? when there is a
// suggestion.
func (e *UnknownParamError) Error() string {
	valid := "it has no parameters"
	if len(e.Valid) > 0 {
		valid = "valid: " + strings.Join(e.Valid, ", ")
	}
	s := fmt.Sprintf("%v %q for %s (%s)", ErrUnknownParam, e.Key, e.Method, valid)
	if e.Suggestion != "" {
		s += fmt.Sprintf("; did you mean %q?", e.Suggestion)
	}
	return s
}

// Unwrap returns ErrUnknownParam.
func (e *UnknownParamError) Unwrap() error { return ErrUnknownParam }

// BadParamError is the error of a parameter value a method does not take,
// or of a method list that cannot be read. It matches ErrBadParam with
// errors.Is; errors.As gives the reason, without the package's prefix.
type BadParamError struct {
	Reason string // what is wrong and where: BFGS c1="x": want a number in (0, 1)
}

// Error reads: solvers: bad parameter value: Reason.
func (e *BadParamError) Error() string { return ErrBadParam.Error() + ": " + e.Reason }

// Unwrap returns ErrBadParam.
func (e *BadParamError) Unwrap() error { return ErrBadParam }

// TooManyConfigsError is the error of a method list whose grids expand to
// more than Max configurations. It is found by counting, before any
// configuration is built. It matches ErrTooManyConfigs and ErrBadParam
// with errors.Is.
type TooManyConfigsError struct {
	// Count is the number of configurations the list asks for, the sum
	// over its items of the products of their grids' sizes; Overflow is set
	// instead when that does not fit in a uint64.
	Count    uint64
	Overflow bool
	Max      int    // MaxConfigs
	Largest  string // the method of the item with the most configurations
}

// Error reads: solvers: too many configurations: the method list expands
// to N configurations (most of them M's); at most MaxConfigs are allowed:
// give fewer values in the grids.
func (e *TooManyConfigsError) Error() string { return ErrTooManyConfigs.Error() + ": " + e.Reason() }

// Reason is Error without the package's prefix.
func (e *TooManyConfigsError) Reason() string {
	n := strconv.FormatUint(e.Count, 10)
	if e.Overflow {
		n = "more than " + strconv.FormatUint(math.MaxUint64, 10)
	}
	return fmt.Sprintf("the method list expands to %s configurations (most of them %s's); at most %d are allowed: give fewer values in the grids", n, e.Largest, e.Max)
}

// Unwrap returns ErrTooManyConfigs and ErrBadParam.
func (e *TooManyConfigsError) Unwrap() []error { return []error{ErrTooManyConfigs, ErrBadParam} }

func badParam(format string, args ...any) error {
	return &BadParamError{Reason: fmt.Sprintf(format, args...)}
}
