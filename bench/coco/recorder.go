package coco

import (
	"fmt"
	"math"
)

// Recorder is COCO's bbob logger for one run (one problem instance): it sees
// every f evaluation in order and keeps the lines COCO's logger writes to the
// .dat, .tdat and .rdat files. Make one with NewRecorder per run; it is not
// safe for concurrent use.
//
// Observe costs O(1) amortized and allocates only when it keeps a line (its
// workspaces are made once in NewRecorder).
type Recorder struct {
	dim     int
	fopt    float64
	err     error
	restart bool // a restart was signalled after at least one evaluation
	targets targetTrigger
	evals   evaluationTrigger
	log     Log
	logX    bool // COCO logs x only below xThreshold variables
}

// NewRecorder returns a Recorder for a run in dimension dim of a function
// whose optimal value is fopt. A dim below 1 or a non-finite fopt leaves the
// Recorder in error (see Err): it then records nothing.
func NewRecorder(dim int, fopt float64) *Recorder {
	r := &Recorder{dim: dim, fopt: fopt, targets: newTargetTrigger(), logX: dim < xThreshold}
	switch {
	case dim < 1:
		r.err = fmt.Errorf("%w: dimension %d, want >= 1", ErrDimension, dim)
		return r
	case math.IsNaN(fopt) || math.IsInf(fopt, 0):
		r.err = fmt.Errorf("%w: %g", ErrFOpt, fopt)
		return r
	}
	r.evals = newEvaluationTrigger(dim)
	if r.logX {
		r.log.BestX = make([]float64, dim)
	}
	return r
}

// Observe records the evaluation f = f(x). It must see every evaluation of
// the run, in order (COCO counts them all). A NaN f is logged as 2e21 and an
// infinite one as 3e21, as COCO does. x is only read, never kept.
//
// A point of the wrong length, or an f more than 1e-13 below f_opt (COCO's
// logger asserts against it), puts the Recorder in error: it then ignores
// further evaluations and Err says why.
func (r *Recorder) Observe(x []float64, f float64) {
	if r.err != nil {
		return
	}
	if len(x) != r.dim {
		r.err = fmt.Errorf("%w: evaluation %d has %d coordinates, want %d", ErrDimension, r.log.Evaluations+1, len(x), r.dim)
		return
	}
	y := loggedValue(f)
	if y+1e-13 < r.fopt {
		r.err = fmt.Errorf("%w: evaluation %d has f = %g < f_opt = %g", ErrBelowOptimum, r.log.Evaluations+1, f, r.fopt)
		return
	}
	r.log.Evaluations++
	n := r.log.Evaluations
	// COCO's coco_double_max(y, fopt): Δf is never negative.
	v := y
	if !(y >= r.fopt) {
		v = r.fopt
	}
	if n == 1 || v < r.log.Best {
		r.log.Best = v
		if r.logX {
			copyLogged(r.log.BestX, x)
		}
		// The first evaluation is always logged and, as in C's short-circuit
		// ||, does not move the target trigger.
		if n == 1 || r.targets.fire(v-r.fopt) {
			r.log.Dat.add(n, y, v, x, r.logX)
		}
	}
	if r.evals.fire(n) {
		r.log.Tdat.add(n, y, r.log.Best, x, r.logX)
	}
	if r.restart {
		if r.log.Rdat.Len() < MaxRestartLines {
			r.log.Rdat.add(n, y, r.log.Best, x, r.logX)
		} else {
			r.log.RestartsLeftOut++
		}
		r.restart = false
	}
}

// Restart records that the experiment restarts the algorithm: the next
// evaluation is logged in .rdat. Before the first evaluation it does nothing,
// as in COCO.
func (r *Recorder) Restart() {
	if r.err == nil && r.log.Evaluations > 0 {
		r.restart = true
	}
}

// Err returns the first misuse the Recorder saw (ErrDimension, ErrFOpt,
// ErrBelowOptimum) or nil.
func (r *Recorder) Err() error { return r.err }

// Log returns what the run logged so far. The Log is the Recorder's own: it
// changes with later Observe calls; encode or copy it when the run is done.
func (r *Recorder) Log() *Log { return &r.log }

// MaxRestartLines bounds the .rdat lines a run keeps: one per restart in
// COCO's logger, which a method that stops at once (BFGS on f7's steps, 6
// evaluations an attempt) makes 83,333 of in a budget of 1e5 x 5, 12 MB a
// run. The first MaxRestartLines are kept and the rest counted
// (Log.RestartsLeftOut), so that a run's log is bounded whatever its
// budget; cocopp does not read .rdat files.
const MaxRestartLines = 1000

// loggedValue is the f COCO's logger writes: NaN as 2e21, ±Inf as 3e21.
func loggedValue(f float64) float64 {
	switch {
	case math.IsNaN(f):
		return nanForLogging
	case math.IsInf(f, 0):
		return infinityForLogging
	}
	return f
}

// copyLogged copies x into dst with non-finite coordinates replaced as
// loggedValue does for f (keeping the sign of an infinity), so that a Log is
// always JSON-encodable. COCO's C would print inf or nan there.
func copyLogged(dst, x []float64) {
	for i, xi := range x {
		switch {
		case math.IsNaN(xi):
			xi = nanForLogging
		case math.IsInf(xi, 0):
			xi = math.Copysign(infinityForLogging, xi)
		}
		dst[i] = xi
	}
}
