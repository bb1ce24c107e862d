package core

import "errors"

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
