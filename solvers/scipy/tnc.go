package scipy

import (
	"errors"
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// scipyTNC is scipy 1.10's TNC (_minimize_tnc over tnc.c, Jean-Sebastien
// Roy's C version of Stephen Nash's TNBC): a truncated Newton method for
// bounds. Each iteration solves the Newton equations by preconditioned CG
// (at most maxcgit products H v, each a forward difference of the gradient
// with step accuracy (|x|_2 + 1) in the scaled variables, one evaluation
// each), the preconditioner a diagonal quasi-Newton matrix with a two-step
// self-scaled BFGS update; then Gill and Murray's safeguarded cubic line
// search (tncGetptc: sufficient decrease 1e-4, |g(x+ap).p| <= eta |g(x).p|,
// at most 64 evaluations, steps up to stepmx, which grows 100-fold when
// reached). Bounds are an active set: a variable that reaches its bound is
// fixed there ("pivot") until its Lagrange multiplier has the wrong sign.
//
// Variables are scaled: x = offset + scale y with scale = up - low and
// offset = (up + low)/2 for a variable bounded on both sides, scale =
// 1 + |x0_i| and offset = x0_i otherwise; f is rescaled by 1/|pg|_2 when
// |log10 |pg|_2| > rescale. The tests, in the scaled variables: success
// when |pg|_2 <= gtol ("Local minimum reached (|pg| ~= 0)"), when a step
// changes f by at most ftol ("Converged (|f_n-f_(n-1)| ~= 0)") or moves x
// by at most xtol ("Converged (|x_n-x_(n-1)| ~= 0)"); MaxFev after maxfun
// evaluations, Stalled when the line search fails ("Linear search
// failed") or nothing moves ("Unable to progress").
//
// As scipy 1.10: maxfun is max(100, 10n) unless Options.MaxFev is given
// (or else Options.MaxIter: scipy 1.10's TNC takes maxiter as a deprecated
// name of maxfun, and so does this port, with a warning); there is no
// bound on iterations. gtol is scipy's 1e-2 sqrt(accuracy) unless
// Options.Gtol is given (optbench's default 1e-5 does not apply; GtolOff
// is gtol 0). Variables fixed by equal bounds are taken out of the problem
// as scipy's minimize takes them out (all fixed: one evaluation, "All
// independent variables were fixed by bounds."); x0 outside the bounds is
// moved onto them, with a warning. Counts are scipy's: f and the gradient
// at x0 as given (ScalarFunction), each evaluation of tnc at a new point,
// and the final resynchronizing evaluation at the answer unless it is the
// last point evaluated; Nfev = Njev. The answer is the point tnc returns
// with f evaluated there.
var scipyTNC = core.Method{
	Name:           "scipy:TNC",
	Aliases:        []string{"TNC"},
	Doc:            "scipy 1.10's TNC: truncated Newton (preconditioned CG on gradient differences), bounds by an active set",
	Gradient:       true,
	Bounds:         true,
	ScalarFunction: true,
	MaxIter:        tncBudget,
	Params: []core.ParamSpec{
		{Key: "maxcgit", Default: core.Auto, Int: true, Min: math.Inf(-1), Doc: "products H v (evaluations) per iteration; auto (or negative, as scipy): max(1, min(50, n/2)); 0: steepest descent"},
		{Key: "eta", Default: "0.25", Min: math.Inf(-1), Doc: "line search severity: stop when |g(x+ap).p| <= eta |g(x).p|; outside [0, 1): 0.25, as scipy"},
		{Key: "stepmx", Default: "10", Min: math.Inf(-1), Doc: "largest step of a line search in the scaled variables (below 1.5e-7, 0 and negative included: 10, as scipy); grows 100-fold when reached"},
		{Key: "accuracy", Default: core.Auto, Min: math.Inf(-1), Doc: "relative precision of the gradient differences; auto (or <= eps, as scipy): sqrt(eps)"},
		{Key: "minfev", Default: "0", Min: math.Inf(-1), Doc: "estimate of the minimum of f, which sets the first trial step"},
		{Key: "ftol", Default: core.Auto, Min: math.Inf(-1), Doc: "success when a step changes the scaled f by at most ftol; auto (or negative, as scipy): accuracy"},
		{Key: "xtol", Default: core.Auto, Min: math.Inf(-1), Doc: "success when a step moves the scaled x by at most xtol; auto (or negative, as scipy): sqrt(eps)"},
		{Key: "rescale", Default: "1.3", Min: math.Inf(-1), Doc: "f is rescaled when |log10 |pg|_2| exceeds it (0: every iteration; negative: 1.3, as scipy)"},
	},
	Run: runTNC,
}

// tnc's return codes (tnc.h) and scipy's messages for them (RCSTRINGS in
// scipy/optimize/_tnc.py).
type tncRC int

const (
	tncLocalMinimum tncRC = iota
	tncFConverged
	tncXConverged
	tncMaxFun
	tncLSFail
	tncConstant
	tncNoProgress
	tncUserAbort
)

var tncMessages = [...]string{
	tncLocalMinimum: "Local minimum reached (|pg| ~= 0)",
	tncFConverged:   "Converged (|f_n-f_(n-1)| ~= 0)",
	tncXConverged:   "Converged (|x_n-x_(n-1)| ~= 0)",
	tncMaxFun:       "Max. number of function evaluations reached",
	tncLSFail:       "Linear search failed",
	tncConstant:     "All lower bounds are equal to the upper bounds",
	tncNoProgress:   "Unable to progress",
	tncUserAbort:    "User requested end of minimization",
}

// tncStatus is optbench's status for a return code; scipy's success is
// -1 < rc < 3, which is exactly core.Success here.
var tncStatus = [...]core.Status{
	tncLocalMinimum: core.Success,
	tncFConverged:   core.Success,
	tncXConverged:   core.Success,
	tncMaxFun:       core.MaxFev,
	tncLSFail:       core.Stalled,
	tncConstant:     core.Failed,
	tncNoProgress:   core.Stalled,
	tncUserAbort:    core.Failed,
}

// tncAllFixed is scipy's message when the bounds fix every variable
// (_optimize_result_for_equal_bounds).
const tncAllFixed = "All independent variables were fixed by bounds."

// tncMaxiterWarning says how Options.MaxIter applies to scipy:TNC.
const tncMaxiterWarning = "scipy 1.10's TNC takes maxiter as a deprecated name of maxfun: MaxIter bounds the function evaluations"

// tncClipWarning is the note of a run whose x0 is outside the bounds.
const tncClipWarning = "x0 is not within the bounds: TNC starts from x0 clipped to them (scipy's tnc clips it silently)"

// errTNCInfeasible is scipy's ValueError where TNC takes finite
// differences from an x0 outside the bounds: its ScalarFunction
// differentiates at x0 before tnc clips it, and approx_derivative refuses.
var errTNCInfeasible = errors.New("`x0` violates bound constraints.") //lint:ignore ST1005 scipy's ValueError, word for word

const (
	tncEps = 0x1p-52
	// tncMaxLSIt bounds the evaluations of one line search (maxlsit).
	tncMaxLSIt = 64
)

// tncSettings are tnc's parameters as _minimize_tnc passes them: scipy's
// sentinel values (-1, 0) where the caller gave none.
type tncSettings struct {
	maxCGit, maxfun                                         int
	eta, stepmx, accuracy, fmin, ftol, xtol, pgtol, rescale float64
}

func tncSettingsFrom(s *core.Search, p core.Params, n int) tncSettings {
	st := tncSettings{maxCGit: -1, eta: -1, accuracy: 0, ftol: -1, xtol: -1, pgtol: -1, rescale: -1}
	if v, ok := p.Int("maxcgit"); ok {
		st.maxCGit = v
	}
	st.eta, _ = p.Float("eta")
	st.stepmx, _ = p.Float("stepmx")
	if v, ok := p.Float("accuracy"); ok {
		st.accuracy = v
	}
	st.fmin, _ = p.Float("minfev")
	if v, ok := p.Float("ftol"); ok {
		st.ftol = v
	}
	if v, ok := p.Float("xtol"); ok {
		st.xtol = v
	}
	st.rescale, _ = p.Float("rescale")
	given := s.Given()
	switch {
	case given.Gtol > 0:
		st.pgtol = given.Gtol
	case given.Gtol < 0:
		st.pgtol = 0 // GtolOff: stop only on an exactly zero projected gradient
	}
	var viaMaxIter bool
	if st.maxfun, viaMaxIter = tncMaxfun(given, n); viaMaxIter {
		s.Warn(tncMaxiterWarning)
	}
	return st
}

// tncMaxfun is _minimize_tnc's maxfun for n free variables and the options
// given (before defaults): MaxFev, else MaxIter (scipy 1.10's deprecated
// alias of maxfun; viaMaxIter then says so), else max(100, 10n).
func tncMaxfun(given core.Options, n int) (maxfun int, viaMaxIter bool) {
	switch {
	case given.MaxFev > 0:
		return given.MaxFev, false
	case given.MaxIter > 0:
		return given.MaxIter, true
	}
	return max(100, mulSat(10, n)), false
}

// tncBudget is scipy:TNC's Method.MaxIter: tnc bounds no iteration count,
// only its own count of calls, by maxfun (for n variables: the free ones
// are no more). Each iteration calls the function at least once, in its
// line search or its products H v, but one whose step is zero because a
// free variable sits on a bound only adds that bound to the active set;
// such steps are rare and fix a variable each, so maxfun is the budget.
func tncBudget(n int, given core.Options) int {
	maxfun, _ := tncMaxfun(given, n)
	return maxfun
}

func runTNC(s *core.Search, x0 []float64, p core.Params) {
	// tnc applies maxfun itself, to its own count of calls; scipy has no
	// bound on iterations.
	s.SetMaxFev(0)
	s.SetMaxIter(0)
	N := len(x0)
	lower, upper := s.Bounds()
	t := &tncRun{s: s, N: N}
	var free []int
	if lower != nil {
		for i := range N {
			if lower[i] != upper[i] {
				free = append(free, i)
			}
		}
		if len(free) == 0 {
			// scipy's minimize: every variable fixed, f at the lower bounds.
			x := append([]float64(nil), lower...)
			f := s.Func(x)
			s.Record(0, x, f, nil)
			if !s.Limited() {
				s.EndMessage(core.Success, tncAllFixed)
			}
			return
		}
		if len(free) == N {
			free = nil
		}
	}
	n := N
	if free != nil {
		n = len(free)
	}
	t.init(n, free, x0, lower, upper)
	st := tncSettingsFrom(s, p, n)

	if s.Options().Gradient != core.Analytic && lower != nil {
		// scipy: f at x0, then approx_derivative raises.
		x0f := append([]float64(nil), x0...)
		infeasible := false
		for i := range N {
			if lower[i] == upper[i] {
				x0f[i] = lower[i] // taken out of the problem
			} else if x0[i] < lower[i] || x0[i] > upper[i] {
				infeasible = true
			}
		}
		if infeasible {
			f := s.Func(x0f)
			s.Record(0, x0f, f, nil)
			s.End(core.Failed, errTNCInfeasible)
			return
		}
	}
	// scipy's ScalarFunction evaluates f and the gradient at x0 as given.
	x := t.x
	t.evaluate(x)
	if tncCoercex(x, t.low, t.up) {
		s.Warn(tncClipWarning)
	} else {
		t.record0() // x0 is the first iterate, whatever stops the run now
	}
	if s.Limited() {
		return
	}
	rc, aborted := t.tnc(st)
	if aborted {
		return
	}
	// _minimize_tnc evaluates again at the answer: "x, f and g may be very
	// slightly out of sync because of scaling".
	if t.function(x, t.gfull) {
		return
	}
	t.scatter(t.xFull, x)
	if !s.Started() {
		s.Record(0, t.xFull, t.lastF, t.lastGFull) // maxfun < 1: tnc stopped before its first call
	} else {
		s.Amend(t.xFull, t.lastF)
	}
	s.EndMessage(tncStatus[rc], tncMessages[rc])
}

// tncRun is one run of tnc on the free variables (those the bounds do not
// fix), with every buffer it needs, made once.
type tncRun struct {
	s    *core.Search
	N, n int   // variables of the problem, and free ones
	free []int // the free variables' indices; nil when all are free

	xFull     []float64 // the problem's point (N)
	lastX     []float64 // ScalarFunction's cache: the last point evaluated (n)
	lastF     float64   // f there
	lastG     []float64 // the gradient there (n)
	lastGFull []float64 // the gradient there, all N components
	haveLast  bool
	nfeval    int // tnc's own count of calls, for maxfun

	x, gfull, low, up     []float64 // x0 then the iterate; the gradient at it; bounds (n)
	xscale, xoffset       []float64
	pivot                 []int
	g, oldg, temp, diagb  []float64
	pk, sk, yk, sr, yr    []float64
	r, v, zk, emat, gv    []float64 // tnc_direction
	hg, hyk, hyr, bsk, xv []float64 // msolve, initPreconditioner, hessianTimesVector
	lsTemp, lsG, lsNewG   []float64 // linearSearch
	lsNewGFull, curGFull  []float64 // the gradient (N) at the line search's best point, at the iterate
	curF, lsNewF          float64   // f at the iterate and at the line search's best point, unscaled
}

func (t *tncRun) init(n int, free []int, x0, lower, upper []float64) {
	t.n, t.free = n, free
	mk := func() []float64 { return make([]float64, n) }
	t.xFull = append([]float64(nil), x0...)
	t.lastGFull, t.lsNewGFull, t.curGFull = make([]float64, t.N), make([]float64, t.N), make([]float64, t.N)
	if free != nil {
		for i := range t.N {
			if lower[i] == upper[i] {
				t.xFull[i] = lower[i] // scipy's _remove_from_func puts the bound's value
			}
		}
	}
	t.lastX, t.lastG = mk(), mk()
	t.x, t.gfull, t.low, t.up = mk(), mk(), mk(), mk()
	t.gather(t.x, x0)
	for i := range n {
		t.low[i], t.up[i] = math.Inf(-1), math.Inf(1)
	}
	if lower != nil {
		t.gather(t.low, lower)
		t.gather(t.up, upper)
	}
	t.xscale, t.xoffset = mk(), mk()
	t.pivot = make([]int, n)
	t.g, t.oldg, t.temp, t.diagb = mk(), mk(), mk(), mk()
	t.pk, t.sk, t.yk, t.sr, t.yr = mk(), mk(), mk(), mk(), mk()
	t.r, t.v, t.zk, t.emat, t.gv = mk(), mk(), mk(), mk(), mk()
	t.hg, t.hyk, t.hyr, t.bsk, t.xv = mk(), mk(), mk(), mk(), mk()
	t.lsTemp, t.lsG, t.lsNewG = mk(), mk(), mk()
}

// gather copies the free variables of full into dst (n).
func (t *tncRun) gather(dst, full []float64) {
	if t.free == nil {
		copy(dst, full)
		return
	}
	for k, i := range t.free {
		dst[k] = full[i]
	}
}

// scatter writes x (n) into full's free variables.
func (t *tncRun) scatter(full, x []float64) {
	if t.free == nil {
		copy(full, x)
		return
	}
	for k, i := range t.free {
		full[i] = x[k]
	}
}

// function is scipy's sf.fun_and_grad as tnc's callback reaches it: f at x
// (the free variables) and its gradient into g, answered from the cache
// when x is the point last evaluated (np.array_equal), else evaluated and
// counted. t.lastF is f; t.lastGFull the whole gradient. It reports
// whether the run must stop (a limit of the Search: time, context, panic).
func (t *tncRun) function(x, g []float64) (stop bool) {
	if !t.cached(x) {
		t.evaluate(x)
		if t.s.Limited() {
			return true
		}
	}
	copy(g, t.lastG)
	return false
}

// cached reports whether x is the point last evaluated.
func (t *tncRun) cached(x []float64) bool { return t.haveLast && tncEqual(x, t.lastX) }

// evaluate evaluates f and its gradient at x, counted, into the cache.
func (t *tncRun) evaluate(x []float64) {
	t.scatter(t.xFull, x)
	t.lastF = t.s.FuncGrad(t.lastGFull, t.xFull)
	copy(t.lastX, x)
	t.gather(t.lastG, t.lastGFull)
	t.haveLast = true
}

func tncEqual(a, b []float64) bool {
	for i, v := range a {
		if v != b[i] {
			return false
		}
	}
	return true
}

// record0 records the point last evaluated, x0 in the bounds, as
// iteration 0.
func (t *tncRun) record0() {
	t.curF = t.lastF
	copy(t.curGFull, t.lastGFull)
	t.s.Record(0, t.xFull, t.curF, t.curGFull)
}

// record is tnc's callback: iteration k at the unscaled iterate.
func (t *tncRun) record(k int) bool {
	copy(t.temp, t.x)
	tncUnscalex(t.temp, t.xscale, t.xoffset)
	t.scatter(t.xFull, t.temp)
	t.s.Record(k, t.xFull, t.curF, t.curGFull)
	return t.s.Limited()
}

// tnc is tnc() of tnc.c from its first evaluation, on t.x (already in the
// bounds), which it leaves at the answer, unscaled. aborted means the
// Search ended the run (a limit).
func (t *tncRun) tnc(st tncSettings) (rc tncRC, aborted bool) {
	n := t.n
	x, low, up := t.x, t.low, t.up
	if st.maxfun < 1 {
		return tncMaxFun, false
	}
	// Initial function evaluation (from the cache unless x0 was clipped).
	miss := !t.cached(x)
	if miss {
		t.evaluate(x)
	}
	t.nfeval++
	copy(t.gfull, t.lastG)
	f := t.lastF
	if !t.s.Started() {
		t.record0()
	}
	if miss && t.s.Limited() {
		return tncUserAbort, true
	}

	// Constant problem? (no scale: only equal bounds, which minimize took out)
	nc := 0
	for i := range n {
		if low[i] == up[i] {
			nc++
		}
	}
	if nc == n {
		return tncConstant, false
	}

	for i := range n {
		if !math.IsInf(low[i], -1) && !math.IsInf(up[i], 1) {
			t.xscale[i] = up[i] - low[i]
			t.xoffset[i] = (up[i] + low[i]) * 0.5
		} else {
			t.xscale[i] = 1.0 + math.Abs(x[i])
			t.xoffset[i] = x[i]
		}
	}

	rteps := math.Sqrt(tncEps)
	if st.stepmx < rteps*10.0 {
		st.stepmx = 1.0e1
	}
	if st.eta < 0.0 || st.eta >= 1.0 {
		st.eta = 0.25
	}
	if st.rescale < 0 {
		st.rescale = 1.3
	}
	if st.maxCGit < 0 {
		st.maxCGit = n / 2
		if st.maxCGit < 1 {
			st.maxCGit = 1
		} else if st.maxCGit > 50 {
			st.maxCGit = 50
		}
	}
	if st.maxCGit > n {
		st.maxCGit = n
	}
	if st.accuracy <= tncEps {
		st.accuracy = rteps
	}
	if st.ftol < 0.0 {
		st.ftol = st.accuracy
	}
	if st.pgtol < 0.0 {
		st.pgtol = 1e-2 * math.Sqrt(st.accuracy)
	}
	if st.xtol < 0.0 {
		st.xtol = rteps
	}
	return t.minimize(f, st)
}

// minimize is tnc_minimize: the main loop, from f at t.x (unscaled).
func (t *tncRun) minimize(f float64, st tncSettings) (rc tncRC, aborted bool) {
	n := t.n
	x, gfull, g, temp, pivot := t.x, t.gfull, t.g, t.temp, t.pivot
	xscale, xoffset, low, up := t.xscale, t.xoffset, t.low, t.up
	diagb, pk, sk, yk, sr, yr, oldg := t.diagb, t.pk, t.sk, t.yk, t.sr, t.yr, t.oldg
	stepmx := st.stepmx
	niter := 0
	alpha := 0.0

	difnew := 0.0
	epsred := 0.05
	upd1 := true
	icycle := n - 1
	newcon := true
	lreset := false
	yrsr, yksk := 0.0, 0.0
	fscale := 1.0

	tncScalex(x, xscale, xoffset)
	f *= fscale

	tncSetConstraints(x, pivot, xscale, xoffset, low, up)
	copy(g, gfull)
	tncScaleg(g, xscale, fscale)
	// Test the Lagrange multipliers to see if they are non-negative.
	for i := range n {
		if -float64(pivot[i])*g[i] < 0.0 {
			pivot[i] = 0
		}
	}
	tncProject(g, pivot)
	gnorm := tncNorm(g)
	fLastConstraint := f
	fLastReset := f
	for i := range n {
		diagb[i] = 1.0
	}

	for {
		// Local minimum test
		if tncNorm(g) <= st.pgtol*fscale {
			rc = tncLocalMinimum
			break
		}
		if t.nfeval >= st.maxfun {
			rc = tncMaxFun
			break
		}
		// Rescale function if necessary
		newscale := tncNorm(g)
		if newscale > tncEps && math.Abs(math.Log10(newscale)) > st.rescale {
			newscale = 1.0 / newscale
			f *= newscale
			fscale *= newscale
			gnorm *= newscale
			fLastConstraint *= newscale
			fLastReset *= newscale
			difnew *= newscale
			for i := range n {
				g[i] *= newscale
			}
			for i := range n {
				diagb[i] = 1.0
			}
			upd1 = true
			icycle = n - 1
			newcon = true
		}

		copy(temp, x)
		tncProject(temp, pivot)
		xnorm := tncNorm(temp)
		oldnfeval := t.nfeval

		// Compute the new search direction
		if t.direction(st, upd1, yksk, yrsr, lreset, fscale, gnorm, xnorm) {
			rc, aborted = tncUserAbort, true
			break
		}

		if !newcon {
			if !lreset {
				// The accumulated step and its gradient difference.
				for i := range n {
					sr[i] += sk[i]
					yr[i] += yk[i]
				}
				icycle++
			} else {
				copy(sr, sk)
				copy(yr, yk)
				fLastReset = f
				icycle = 1
			}
		}

		copy(oldg, g)
		oldf := f
		oldgtp := tncDot(pk, g)

		// Maximum unconstrained step length
		ustpmax := stepmx / (tncNorm(pk) + tncEps)
		// Maximum constrained step length
		spe := tncStepMax(ustpmax, x, pk, pivot, low, up, xscale, xoffset)

		if spe > 0.0 {
			alpha = tncInitialStep(f, st.fmin/fscale, oldgtp, spe)
			var lsrc tncLSRC
			lsrc, f, alpha = t.linearSearch(fscale, st.eta, st.ftol, spe, f, alpha, st.maxfun)
			if lsrc == tncLineUserAbort {
				rc, aborted = tncUserAbort, true
				break
			}
			if lsrc == tncLineFail {
				rc = tncLSFail
				break
			}
			// If we went up to the maximum unconstrained step, increase it
			if alpha >= 0.9*ustpmax {
				stepmx *= 1e2
			}
			// If we went up to the maximum constrained step, a new
			// constraint was encountered
			if alpha-spe >= -tncEps*10.0 {
				newcon = true
			} else {
				// Break if the linear search has failed to find a lower point
				if lsrc != tncLineOK {
					if lsrc == tncLineMaxFun {
						rc = tncMaxFun
					} else {
						rc = tncLSFail
					}
					break
				}
				newcon = false
			}
		} else {
			// Maximum constrained step == 0.0 => new constraint
			newcon = true
		}

		if newcon {
			if !tncAddConstraint(x, pk, pivot, low, up, xscale, xoffset) {
				if t.nfeval == oldnfeval {
					rc = tncNoProgress
					break
				}
			}
			fLastConstraint = f
		}

		niter++
		if t.record(niter) {
			rc, aborted = tncUserAbort, true
			break
		}

		// Parameters of the convergence and resetting tests
		difold := difnew
		difnew = oldf - f

		// First iteration of a new cycle: the percentage reduction factor
		// for the resetting test
		if icycle == 1 {
			if difnew > difold*2.0 {
				epsred += epsred
			}
			if difnew < difold*0.5 {
				epsred *= 0.5
			}
		}

		copy(g, gfull)
		tncScaleg(g, xscale, fscale)
		copy(temp, g)
		tncProject(temp, pivot)
		gnorm = tncNorm(temp)

		// Reset pivot
		remcon := tncRemoveConstraint(oldgtp, gnorm, st.pgtol*fscale, f, fLastConstraint, g, pivot)
		if remcon {
			copy(temp, g)
			tncProject(temp, pivot)
			gnorm = tncNorm(temp)
			fLastConstraint = f
		}

		if !remcon && !newcon {
			// No constraint removed and no new constraint: convergence tests
			if math.Abs(difnew) <= st.ftol*fscale {
				rc = tncFConverged
				break
			}
			if alpha*tncNorm(pk) <= st.xtol {
				rc = tncXConverged
				break
			}
		}

		tncProject(g, pivot)

		// The change in the iterates and in the gradients
		if !newcon {
			for i := range n {
				yk[i] = g[i] - oldg[i]
				sk[i] = alpha * pk[i]
			}
			yksk = tncDot(yk, sk)
			if icycle == n-1 || difnew < epsred*(fLastReset-f) {
				lreset = true
			} else {
				yrsr = tncDot(yr, sr)
				lreset = yrsr <= 0.0
			}
			upd1 = false
		}
	}

	tncUnscalex(x, xscale, xoffset)
	tncCoercex(x, low, up)
	return rc, aborted
}

// tncCoercex moves x into the bounds and reports whether it moved.
func tncCoercex(x, low, up []float64) bool {
	moved := false
	for i := range x {
		if x[i] < low[i] {
			x[i] = low[i]
			moved = true
		} else if x[i] > up[i] {
			x[i] = up[i]
			moved = true
		}
	}
	return moved
}

func tncUnscalex(x, xscale, xoffset []float64) {
	for i := range x {
		x[i] = x[i]*xscale[i] + xoffset[i]
	}
}

func tncScalex(x, xscale, xoffset []float64) {
	for i := range x {
		if xscale[i] > 0.0 {
			x[i] = (x[i] - xoffset[i]) / xscale[i]
		}
	}
}

func tncScaleg(g, xscale []float64, fscale float64) {
	for i := range g {
		g[i] *= xscale[i] * fscale
	}
}

// tncSetConstraints is the initial pivot: -1 at a lower bound, 1 at an upper
// one (within 10 eps (|bound| + 1)), 0 free.
func tncSetConstraints(x []float64, pivot []int, xscale, xoffset, low, up []float64) {
	for i := range x {
		switch {
		case xscale[i] == 0.0:
			pivot[i] = 2
		case !math.IsInf(low[i], -1) && x[i]*xscale[i]+xoffset[i]-low[i] <= tncEps*10.0*(math.Abs(low[i])+1.0):
			pivot[i] = -1
		case !math.IsInf(up[i], 1) && x[i]*xscale[i]+xoffset[i]-up[i] >= tncEps*10.0*(math.Abs(up[i])+1.0):
			pivot[i] = 1
		default:
			pivot[i] = 0
		}
	}
}

// tncProject zeroes the constrained components of x.
func tncProject(x []float64, pivot []int) {
	for i := range x {
		if pivot[i] != 0 {
			x[i] = 0.0
		}
	}
}

// tncStepMax is the largest step along dir that keeps the free variables in
// their bounds, at most step.
func tncStepMax(step float64, x, dir []float64, pivot []int, low, up, xscale, xoffset []float64) float64 {
	for i := range x {
		if pivot[i] == 0 && dir[i] != 0.0 {
			if dir[i] < 0.0 {
				t := (low[i]-xoffset[i])/xscale[i] - x[i]
				if t > step*dir[i] {
					step = t / dir[i]
				}
			} else {
				t := (up[i]-xoffset[i])/xscale[i] - x[i]
				if t < step*dir[i] {
					step = t / dir[i]
				}
			}
		}
	}
	return step
}

// tncAddConstraint fixes the free variables that reached a bound along p.
func tncAddConstraint(x, p []float64, pivot []int, low, up, xscale, xoffset []float64) bool {
	newcon := false
	for i := range x {
		if pivot[i] == 0 && p[i] != 0.0 {
			if p[i] < 0.0 && !math.IsInf(low[i], -1) {
				tol := tncEps * 10.0 * (math.Abs(low[i]) + 1.0)
				if x[i]*xscale[i]+xoffset[i]-low[i] <= tol {
					pivot[i] = -1
					x[i] = (low[i] - xoffset[i]) / xscale[i]
					newcon = true
				}
			} else if !math.IsInf(up[i], 1) {
				tol := tncEps * 10.0 * (math.Abs(up[i]) + 1.0)
				if up[i]-(x[i]*xscale[i]+xoffset[i]) <= tol {
					pivot[i] = 1
					x[i] = (up[i] - xoffset[i]) / xscale[i]
					newcon = true
				}
			}
		}
	}
	return newcon
}

// tncRemoveConstraint frees the constrained variable whose multiplier is most
// negative, when f has decreased little since the last change of the
// active set or the projected gradient is small.
func tncRemoveConstraint(gtpnew, gnorm, pgtolfs, f, fLastConstraint float64, g []float64, pivot []int) bool {
	if fLastConstraint-f <= gtpnew*-0.5 && gnorm > pgtolfs {
		return false
	}
	imax := -1
	cmax := 0.0
	for i := range g {
		if pivot[i] == 2 {
			continue
		}
		t := -float64(pivot[i]) * g[i]
		if t < cmax {
			cmax = t
			imax = i
		}
	}
	if imax != -1 {
		pivot[imax] = 0
		return true
	}
	return false
}

// tncInitialStep is the first trial step of a line search.
func tncInitialStep(fnew, fmin, gtp, smax float64) float64 {
	d := math.Abs(fnew - fmin)
	alpha := 1.0
	if d*2.0 <= -gtp && d >= tncEps {
		alpha = d * -2.0 / gtp
	}
	if alpha >= smax {
		alpha = smax
	}
	return alpha
}

// tncDot is tnc's dot product, in index order.
func tncDot(dx, dy []float64) float64 {
	dtemp := 0.0
	for i := range dx {
		dtemp += dy[i] * dx[i]
	}
	return dtemp
}

// tncNorm is tnc's Euclidean norm, scaled against overflow.
func tncNorm(dx []float64) float64 {
	dssq, dscale := 1.0, 0.0
	for _, v := range dx {
		if v != 0.0 {
			dabsxi := math.Abs(v)
			if dscale < dabsxi {
				ratio := dscale / dabsxi
				dssq = 1.0 + dssq*ratio*ratio
				dscale = dabsxi
			} else {
				ratio := dabsxi / dscale
				dssq += ratio * ratio
			}
		}
	}
	return dscale * math.Sqrt(dssq)
}
