package core

import (
	"errors"
	"fmt"
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
}

// Error reads: solvers: unknown parameter "k" for M (valid: a, b, ...), or
// (it has no parameters).
func (e *UnknownParamError) Error() string {
	valid := "it has no parameters"
	if len(e.Valid) > 0 {
		valid = "valid: " + strings.Join(e.Valid, ", ")
	}
	return fmt.Sprintf("%v %q for %s (%s)", ErrUnknownParam, e.Key, e.Method, valid)
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

func badParam(format string, args ...any) error {
	return &BadParamError{Reason: fmt.Sprintf(format, args...)}
}
