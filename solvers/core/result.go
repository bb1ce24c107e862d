package core

import "time"

// Result is the outcome of a run, with scipy's OptimizeResult meanings.
type Result struct {
	Method   string       // the method's canonical name, e.g. "L-BFGS"
	Params   Params       // every parameter of the method, defaults included
	Label    string       // Method with its non-default parameters: BFGS[linesearch=more-thuente]
	Gradient GradientMode // the gradient mode used; NoGradient for Nelder-Mead
	Hessian  HessianMode  // the Hessian mode of a second-order method; NoHessian for the others

	X    []float64 // the best point found: the last iterate
	Fun  float64   // f(X)
	Grad []float64 // the gradient at X; nil for Nelder-Mead

	Nit  int // iterations: the number of times x0 was updated
	Nfev int // evaluations of f, finite differences included
	Njev int // evaluations of the gradient, the Hessian's differences included
	Nhev int // Hessians computed (Newton)

	Status  Status
	Success bool   // Status == Success
	Message string // scipy's message where one applies
	// Cause is why the run ended when the status alone does not say it:
	// the error behind a failure or a stall (a panic, a line search that
	// failed), "" otherwise.
	Cause string
	// Panicked says the run ended because the method or the problem's
	// functions panicked (Status is Failed, Cause says what the panic
	// was): a bug, where another Failed run is the method's own verdict.
	Panicked bool
	// Warnings are what the method warned of during the run, as scipy's
	// OptimizeWarning does ("Initial guess is not within the specified
	// bounds"), in order; nil when none.
	Warnings []string

	Runtime time.Duration // wall time of the run
	Trace   []TracePoint  // one row per iteration; row 0 is x0
}

// TracePoint is the state after an iteration. Iter 0 is the start.
type TracePoint struct {
	Iter     int
	Time     time.Duration // since the run started
	Fun      float64
	GradNorm float64   // largest absolute component of the gradient; NaN if there is none
	Nfev     int       // cumulative
	Njev     int       // cumulative
	Nhev     int       // cumulative
	X        []float64 // the iterate, only with Options.TraceX
}

// GradNorm is the largest absolute component of Grad, NaN if Grad is nil.
func (r *Result) GradNorm() float64 { return InfNorm(r.Grad) }
