package solvers

import (
	"context"
	"slices"

	"gonum.org/v1/gonum/optimize"

	"github.com/optbench/optbench/solvers/core"
	"github.com/optbench/optbench/solvers/gonum"
	"github.com/optbench/optbench/solvers/scipy"
	"github.com/optbench/optbench/solvers/torch"
)

// The types of a run, defined in package core and documented there.
type (
	// Problem is a function to minimize and, optionally, its derivatives.
	Problem = core.Problem
	// Batches are a problem's mini-batches, for the Stochastic methods.
	Batches = core.Batches
	// Options control a run; the zero value of every field means its
	// default, and a nil Registry means Default.
	Options = core.Options
	// Result is the outcome of a run, with scipy's OptimizeResult meanings.
	Result = core.Result
	// TracePoint is the state after an iteration.
	TracePoint = core.TracePoint
	// Status says how a run ended.
	Status = core.Status
	// GradientMode says where a method's gradient comes from.
	GradientMode = core.GradientMode
	// HessianMode says where a second-order method's Hessian comes from.
	HessianMode = core.HessianMode
	// TraceMode says which iterations a Result's Trace keeps.
	TraceMode = core.TraceMode

	// Method is one way to minimize, as a Registry holds it.
	Method = core.Method
	// Registry is a set of methods by name and alias.
	Registry = core.Registry
	// Config is a method with some of its parameters set.
	Config = core.Config
	// ParamSpec describes one parameter of a method.
	ParamSpec = core.ParamSpec
	// Setting is one resolved parameter.
	Setting = core.Setting
	// Params is the full parameter set of a run.
	Params = core.Params
	// Search is one run in progress, as a Method's Run loop sees it.
	Search = core.Search

	// UnknownMethodError is the error of a name no method has; it matches
	// ErrUnknownMethod and may suggest a name.
	UnknownMethodError = core.UnknownMethodError
	// UnknownParamError is the error of a key the method does not take; it
	// matches ErrUnknownParam.
	UnknownParamError = core.UnknownParamError
	// BadParamError is the error of a parameter value the method does not
	// take, or of a list that cannot be read; it matches ErrBadParam.
	BadParamError = core.BadParamError
	// TooManyConfigsError is the error of a method list whose grids expand
	// to more than MaxConfigs configurations; it matches ErrTooManyConfigs
	// and ErrBadParam.
	TooManyConfigsError = core.TooManyConfigsError
)

// How a run ended (see core.Status).
const (
	Success     = core.Success
	MaxIter     = core.MaxIter
	MaxFev      = core.MaxFev
	TimeLimit   = core.TimeLimit
	Stalled     = core.Stalled
	NaN         = core.NaN
	Failed      = core.Failed
	Interrupted = core.Interrupted
	Target      = core.Target
	Epochs      = core.Epochs
)

// The gradient modes (see core.GradientMode).
const (
	Analytic   = core.Analytic
	Forward2   = core.Forward2
	Central3   = core.Central3
	NoGradient = core.NoGradient
)

// The Hessian modes (see core.HessianMode).
const (
	Exact        = core.Exact
	HessForward2 = core.HessForward2
	HessCentral3 = core.HessCentral3
	NoHessian    = core.NoHessian
)

// The trace modes (see core.TraceMode).
const (
	TraceAll  = core.TraceAll
	TraceLog  = core.TraceLog
	TraceNone = core.TraceNone
)

// Constants of runs and methods, documented in package core.
const (
	// GtolOff, as Options.Gtol, turns the gradient test off.
	GtolOff = core.GtolOff
	// MaxDenseParams bounds the parameters of a Dense method.
	MaxDenseParams = core.MaxDenseParams
	// MaxLinesearchEvals bounds the evaluations of one gonum line search.
	MaxLinesearchEvals = core.MaxLinesearchEvals
	// EvalsPerEpoch bounds how often a mini-batch run evaluates f itself in
	// an epoch, for its trace.
	EvalsPerEpoch = core.EvalsPerEpoch
	// LogTraceDense is the last iteration TraceLog keeps every iteration up
	// to.
	LogTraceDense = core.LogTraceDense
	// Auto is the default of a parameter the method works out at run time.
	Auto = core.Auto
	// MaxConfigs bounds the configurations a method list expands to.
	MaxConfigs = core.MaxConfigs
)

// The modes a method can run with.
var (
	GradientModes = core.GradientModes
	HessianModes  = core.HessianModes
	TraceModes    = core.TraceModes
)

// The errors of a request, matched with errors.Is (see core's).
var (
	ErrUnknownMethod   = core.ErrUnknownMethod
	ErrUnknownParam    = core.ErrUnknownParam
	ErrBadParam        = core.ErrBadParam
	ErrNeedsGradient   = core.ErrNeedsGradient
	ErrNeedsHessian    = core.ErrNeedsHessian
	ErrUnknownGradient = core.ErrUnknownGradient
	ErrBadOptions      = core.ErrBadOptions
	ErrBadStart        = core.ErrBadStart
	ErrDuplicateMethod = core.ErrDuplicateMethod
	ErrTooLarge        = core.ErrTooLarge
	ErrTooManyConfigs  = core.ErrTooManyConfigs
)

// Default holds the built-in methods, gonum's, scipy's and torch's, in the
// order tables list them: GD-fixed, GD, CG, BFGS, L-BFGS, Newton,
// Nelder-Mead, scipy:BFGS, scipy:CG, scipy:Nelder-Mead, scipy:Newton-CG,
// scipy:trust-ncg, scipy:trust-exact, scipy:dogleg, Momentum, Nesterov,
// Adam, AdamW, RMSprop, Adagrad, scipy:Powell, scipy:L-BFGS-B, scipy:TNC,
// scipy:trust-krylov. scipy's own names are aliases where gonum has no
// method of that name: Powell, Newton-CG, trust-ncg, trust-exact, dogleg,
// L-BFGS-B, TNC and trust-krylov resolve to their scipy:NAME (BFGS, CG and
// Nelder-Mead are gonum's). Minimize uses it unless Options.Registry says
// otherwise; Register adds to it.
var Default = core.MustRegistry(defaultMethods()...)

// addedLater are the scipy ports that came after torch's rules, in the
// order they came: they keep their places at the end, so that tables and
// results files keep their order.
var addedLater = []string{"scipy:Powell", "scipy:L-BFGS-B", "scipy:TNC", "scipy:trust-krylov"}

// defaultMethods are the families' methods in Default's order: each
// family's in turn, then addedLater's.
func defaultMethods() []Method {
	var ms []Method
	later := make([]Method, len(addedLater))
	for _, m := range slices.Concat(gonum.Methods(), scipy.Methods(), torch.Methods()) {
		if i := slices.Index(addedLater, m.Name); i >= 0 {
			later[i] = m
			continue
		}
		ms = append(ms, m)
	}
	for _, m := range later {
		if m.Run != nil { // a port not (yet) in scipy.Methods
			ms = append(ms, m)
		}
	}
	return ms
}

// Minimize minimizes p from x0 with the method and options in o, looking
// the method up in Default unless o.Registry is set.
//
// The error is non-nil only when the request itself is wrong; it wraps
// ErrUnknownMethod, ErrUnknownParam, ErrBadParam, ErrNeedsGradient,
// ErrNeedsHessian, ErrUnknownGradient, ErrTooLarge, ErrBadOptions or
// ErrBadStart. Everything that can go wrong during the run, including a
// panic in p or in the method, ends it with a Status and a Message in the
// Result.
func Minimize(p Problem, x0 []float64, o Options) (Result, error) {
	return MinimizeContext(context.Background(), p, x0, o)
}

// MinimizeContext is Minimize that also stops, with Status Interrupted,
// when ctx is cancelled; the check comes after every evaluation.
func MinimizeContext(ctx context.Context, p Problem, x0 []float64, o Options) (Result, error) {
	if o.Registry == nil {
		o.Registry = Default
	}
	return core.MinimizeContext(ctx, p, x0, o)
}

// NewRegistry returns a registry holding ms, or an error when two share a
// name or an alias or one is incomplete.
func NewRegistry(ms ...Method) (*Registry, error) { return core.NewRegistry(ms...) }

// Register adds m to Default, typically from an init function.
func Register(m Method) error { return Default.Register(m) }

// Methods lists the canonical names of Default's methods.
func Methods() []string { return Default.Names() }

// CanonicalMethod returns the canonical spelling of a method of Default.
func CanonicalMethod(name string) (string, error) {
	m, err := Default.Lookup(name)
	if err != nil {
		return "", err
	}
	return m.Name, nil
}

// IterationBudget is the most iterations a run of the method named name
// may take on a problem of n parameters with the options o as given to
// Minimize (before defaults), in o.Registry or Default; math.MaxInt when
// nothing bounds them (see core.Registry.IterationBudget). scipy:Powell's
// is 1000n, scipy:L-BFGS-B's 15000, scipy:TNC's its maxfun.
func IterationBudget(name string, n int, o Options) (int, error) {
	r := o.Registry
	if r == nil {
		r = Default
	}
	return r.IterationBudget(name, n, o)
}

// UsesGradient reports whether the named method of Default uses the
// gradient.
func UsesGradient(name string) bool {
	m, err := Default.Lookup(name)
	return err == nil && m.Gradient
}

// Label is the method's name with its non-default parameters in brackets,
// as tables show it: BFGS[linesearch=more-thuente].
func Label(m *Method, p Params) string { return core.Label(m, p) }

// FiniteDifference returns the gradient of p.Func by finite differences
// (mode Forward2 or Central3, absolute step h, 0 for gonum's default), as
// Minimize computes it for Options.Gradient.
func FiniteDifference(p Problem, mode GradientMode, h float64) func(grad, x []float64) {
	return core.FiniteDifference(p, mode, h)
}

// LinesearchRun returns a Method.Run that drives a gonum NextDirectioner
// and Linesearcher synchronously (see core.LinesearchRun).
func LinesearchRun(build func(p Params) (optimize.NextDirectioner, optimize.Linesearcher, error)) func(*Search, []float64, Params) {
	return core.LinesearchRun(build)
}

// GonumRun returns a Method.Run that hands the run to optimize.Minimize
// with any gonum optimize.Method (see core.GonumRun).
func GonumRun(build func(p Params) (optimize.Method, error), converger func(p Params) optimize.Converger) func(*Search, []float64, Params) {
	return core.GonumRun(build, converger)
}

// ParseStatus reads a status as Status.String writes it.
func ParseStatus(name string) (Status, error) { return core.ParseStatus(name) }

// ParseGradientMode returns the mode named s: analytic, 2-point or 3-point.
func ParseGradientMode(s string) (GradientMode, error) { return core.ParseGradientMode(s) }

// ParseHessianMode returns the mode named s: exact, 2-point or 3-point.
func ParseHessianMode(s string) (HessianMode, error) { return core.ParseHessianMode(s) }

// ParseTraceMode reads a trace mode, case-insensitively.
func ParseTraceMode(s string) (TraceMode, error) { return core.ParseTraceMode(s) }
