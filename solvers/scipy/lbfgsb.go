package scipy

import (
	"fmt"
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// scipyLBFGSB is scipy:L-BFGS-B, scipy 1.10's _minimize_lbfgsb: the
// L-BFGS-B 3.0 Fortran code of Byrd, Lu, Nocedal and Zhu (Morales and
// Nocedal's 2011 subspace step), ported routine for routine (setulb's
// mainlb, active, cauchy, freev, formk, formt, bmv, cmprlb, subsm, lnsrlb
// with MINPACK-2's dcsrch and dcstep, matupd, projgr, LINPACK's dpofa and
// dtrsl) and driven as _minimize_lbfgsb drives it.
//
// Each iteration finds the generalized Cauchy point on the projected
// steepest-descent path of the limited-memory model (maxcor corrections),
// minimizes the model over the variables left free (subspace
// minimization, projected back into the box), and searches along the
// step with dcsrch (ftol 1e-3, gtol 0.9, xtol 0.1, at most maxls
// evaluations, steps up to the nearest bound; the first trial step is 1,
// except in the first iteration of a run where not every variable has
// both bounds: 1/|d|, at most 1 when some variable has a bound). It
// succeeds when the projected gradient's largest component is <= Gtol
// (scipy's gtol, 1e-5 by default; GtolOff turns the test off)
// ("CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL") or when
// (f_k - f_k+1) / max(|f_k|, |f_k+1|, 1) <= ftol
// ("CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH"; scipy passes
// factr = ftol / eps). A line search that fails with corrections stored
// restarts from steepest descent; without, the run ends
// "ABNORMAL_TERMINATION_IN_LNSRCH" (Stalled).
//
// Limits are scipy's: maxiter 15000 and maxfun 15000 unless Options.MaxIter
// or MaxFev are given, tested after each iteration (scipy postpones maxfun
// to the end of the iteration: "STOP: TOTAL NO. of ITERATIONS REACHED
// LIMIT", MaxIter; "STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT",
// MaxFev, when more than maxfun evaluations were made).
//
// Counts are scipy's: its ScalarFunction evaluates f and the gradient at
// x0 when it is built and answers the first request, and every later one
// at the point it evaluated last, from that cache; each other request is
// one evaluation of each (nfev = njev with the analytic gradient). nit is
// the number of iterations scipy's callback saw.
//
// Bounds (Problem.Bounds, infinite sides allowed) are honoured by the
// algorithm; x0 is clipped into them first, as scipy does (silently;
// the Result's Warnings say so in L-BFGS-B's own words). When every
// variable is fixed by equal bounds scipy does not run L-BFGS-B:
// the result is x = lower, one evaluation of f, nit 0, "All independent
// variables were fixed by bounds.". scipy's removal of the fixed
// variables when the gradient is by finite differences is not followed:
// optbench's differences are not scipy's anyway, and the algorithm keeps
// fixed variables at their value.
//
// As scipy, a run ended by ABNORMAL_TERMINATION_IN_LNSRCH reports the
// last iterate x_k with its gradient but the value of the last trial
// point (Fortran restores x and g in place; the value scipy returns is
// its own copy of the last evaluation).
var scipyLBFGSB = core.Method{
	Name:           "scipy:L-BFGS-B",
	Aliases:        []string{"L-BFGS-B"},
	Doc:            "scipy 1.10's L-BFGS-B (the 3.0 Fortran code): bounds, Cauchy point, subspace step, dcsrch",
	Gradient:       true,
	InclusiveGtol:  true,
	Bounds:         true,
	ScalarFunction: true,
	MaxIter:        lbfgsbBudget,
	Params: []core.ParamSpec{
		{Key: "maxcor", Default: "10", Int: true, Min: 1, Max: maxMaxcor, Doc: "corrections kept (scipy's maxcor, Fortran's m)"},
		{Key: "ftol", Default: "2.2204460492503131e-09", Min: 0, Doc: "success when (f_k - f_k+1) / max(|f_k|, |f_k+1|, 1) <= ftol (factr = ftol / eps)"},
		{Key: "maxls", Default: "20", Int: true, Min: 1, Doc: "evaluations per line search before it fails"},
	},
	Run: runLBFGSB,
}

// lbfgsb holds one run of L-BFGS-B: the problem's bounds as nbd, l and u,
// the iterate, Fortran's work arrays (wa and iwa of setulb, split as
// setulb splits them) and the variables mainlb keeps in isave, dsave and
// lsave between calls. Everything is allocated once per run.
type lbfgsb struct {
	n, m int
	x, g []float64 // the iterate and its gradient
	f    float64
	l, u []float64
	nbd  []int // 0: unbounded, 1: lower only, 2: both, 3: upper only

	ws, wy      []float64 // n x m: the corrections s and y, columns in circular order from head
	sy, ss, wt  []float64 // m x m: S'Y, S'S, and the Cholesky factor of theta S'S + L D^-1 L'
	wn, snd     []float64 // 2m x 2m: K's LEL' factor, and the inner products formk updates (wn1)
	z, r, d, t  []float64 // n: Cauchy point then subspace minimizer, residual, direction, breakpoints / saved x
	xp          []float64 // n: the Cauchy point before subsm's projection
	wa          []float64 // 8m: cauchy's p, c, wbp and v
	index       []int     // n: free variables then active ones (1-based)
	iwhere      []int     // n: -1 unbounded, 0 free, 1 at lower, 2 at upper, 3 fixed, -3 free with zero gradient
	indx2       []int     // n: entering/leaving variables; cauchy's breakpoint order
	prjctd      bool
	cnstnd      bool // some variable has a bound
	boxed       bool // every variable has both
	updatd      bool // the last iteration updated the corrections
	wrk         bool // formk must run
	head, col   int
	itail       int
	iter        int // mainlb's iter: line searches ended (including the one that failed)
	iupdat      int
	nseg        int
	ifun, iback int
	iword       int
	nfree       int
	ileave      int
	nenter      int
	theta       float64
	fold        float64
	tol         float64
	dnorm       float64
	epsmch      float64
	gd, gdold   float64
	stpmx, stp  float64
	sbgnrm      float64
	dtd         float64
	lsStart     bool // the next dcsrch call starts a search (task 'START')
	ls          dcsrch
}

// maxMaxcor bounds scipy:L-BFGS-B's maxcor (scipy's default 10; 3 to
// 20 is the usual range): L-BFGS-B keeps 11 m^2 values whatever n, and
// maxcor 30000 asked for 79 GB on 15 parameters and died of it.
const maxMaxcor = 1000

// maxLBFGSBBytes bounds one run's workspace (2mn + 11m^2 + ... values,
// lbfgsbBytes): a run that would need more fails, naming maxcor, rather
// than take the process down.
const maxLBFGSBBytes = 1 << 30

// lbfgsbBytes is the size of newLBFGSB's workspace, in bytes.
func lbfgsbBytes(n, m int) int {
	return 8*(2*m*n+5*n+11*m*m+8*m+2*n) + 8*4*n
}

func newLBFGSB(n, m int) *lbfgsb {
	fs := make([]float64, 2*m*n+5*n+11*m*m+8*m+2*n) // setulb's wa, then x and g
	take := func(k int) []float64 {
		v := fs[:k:k]
		fs = fs[k:]
		return v
	}
	is := make([]int, 4*n) // setulb's iwa, then nbd
	takeInt := func() []int {
		v := is[:n:n]
		is = is[n:]
		return v
	}
	return &lbfgsb{
		n: n, m: m,
		ws: take(m * n), wy: take(m * n),
		sy: take(m * m), ss: take(m * m), wt: take(m * m),
		wn: take(4 * m * m), snd: take(4 * m * m),
		z: take(n), r: take(n), d: take(n), t: take(n), xp: take(n),
		wa: take(8 * m),
		x:  take(n), g: take(n),
		index: takeInt(), iwhere: takeInt(), indx2: takeInt(), nbd: takeInt(),
	}
}

// The messages scipy returns (Fortran's task, and the driver's).
const (
	lbMsgPgtol    = "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL"
	lbMsgFactr    = "CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH"
	lbMsgMaxIter  = "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT"
	lbMsgMaxFun   = "STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT"
	lbMsgAbnormal = "ABNORMAL_TERMINATION_IN_LNSRCH"
	lbMsgFixed    = "All independent variables were fixed by bounds."
	// lbWarnInfeasible is the Result's warning when x0 was clipped.
	lbWarnInfeasible = "The initial X is infeasible.  Restart with its projection."
)

// lbfgsbEvals is scipy's ScalarFunction for L-BFGS-B: it evaluates f and
// the gradient together, and answers a request at the point it evaluated
// last from its cache, uncounted. With free set, L-BFGS-B runs on the free
// variables only, as scipy's minimize runs it when it takes finite
// differences on a problem with variables fixed by equal bounds: the
// problem sees the fixed ones at their bound.
type lbfgsbEvals struct {
	s      *core.Search
	x, g   []float64 // the point evaluated last and its gradient
	f      float64
	filled bool

	free         []int     // the free variables' indices; nil: all are
	xFull, gFull []float64 // the problem's point and gradient, with free
	lower        []float64 // the problem's lower bounds, with free
}

// fg writes f and the gradient at x into *f and g, evaluating them unless
// x is the cached point. It reports whether the run must stop (a limit,
// a panic).
func (e *lbfgsbEvals) fg(x []float64, f *float64, g []float64) bool {
	if !e.filled || !equalVec(x, e.x) {
		e.f = e.eval(x)
		copy(e.x, x)
		e.filled = true
		if e.s.Limited() {
			return true
		}
	}
	*f = e.f
	copy(g, e.g)
	return false
}

// eval evaluates f and the gradient (into e.g) at x, of the free variables
// when free is set.
func (e *lbfgsbEvals) eval(x []float64) float64 {
	if e.free == nil {
		return e.s.FuncGrad(e.g, x)
	}
	xf, _ := e.full(x, nil)
	f := e.s.FuncGrad(e.gFull, xf)
	for j, i := range e.free {
		e.g[j] = e.gFull[i]
	}
	return f
}

// full returns x and g as the problem's point and gradient: themselves
// when every variable is free, else the fixed variables at their bound
// and their gradient 0 (what the projected gradient is there; scipy's
// res.jac holds NaN) in e's buffers. g may be nil.
func (e *lbfgsbEvals) full(x, g []float64) (xf, gf []float64) {
	if e.free == nil {
		return x, g
	}
	copy(e.xFull, e.lower)
	for j, i := range e.free {
		e.xFull[i] = x[j]
	}
	if g == nil {
		return e.xFull, nil
	}
	clear(e.gFull)
	for j, i := range e.free {
		e.gFull[i] = g[j]
	}
	return e.xFull, e.gFull
}

// equalVec is numpy's array_equal for two vectors of one length.
func equalVec(a, b []float64) bool {
	for i, v := range a {
		if v != b[i] {
			return false
		}
	}
	return true
}

// lbfgsbDefaultLimit is scipy 1.10's default maxiter and maxfun of
// L-BFGS-B.
const lbfgsbDefaultLimit = 15000

// lbfgsbLimits are the maxiter and maxfun of a run with the options given
// (before defaults): Options.MaxIter and MaxFev, each 15000 when not given.
func lbfgsbLimits(given core.Options) (maxiter, maxfun int) {
	maxiter, maxfun = given.MaxIter, given.MaxFev
	if maxiter == 0 {
		maxiter = lbfgsbDefaultLimit
	}
	if maxfun == 0 {
		maxfun = lbfgsbDefaultLimit
	}
	return maxiter, maxfun
}

// lbfgsbBudget is scipy:L-BFGS-B's Method.MaxIter: maxiter, or maxfun when
// fewer. x0 counts one evaluation and every iteration at least one more
// (its line search ends at a trial point it evaluated; one that rounds
// back to x is answered from the cache, but then f has not decreased and
// the ftol test ends the run there), and maxfun is tested after each
// iteration: iteration k-1 passed it with k <= nfev <= maxfun, so nit <=
// maxfun.
func lbfgsbBudget(_ int, given core.Options) int {
	return min(lbfgsbLimits(given))
}

func runLBFGSB(s *core.Search, x0 []float64, p core.Params) {
	m, _ := p.Int("maxcor")
	ftol, _ := p.Float("ftol")
	maxls, _ := p.Int("maxls")
	n := len(x0)
	maxiter, maxfun := lbfgsbLimits(s.Given())
	s.SetMaxIter(maxiter)
	s.SetMaxFev(maxfun)
	s.TakeOverMaxFev() // scipy tests maxfun after an iteration, not after an evaluation

	lower, upper := s.Bounds()
	x := append([]float64(nil), x0...)
	allFixed := lower != nil
	var free []int
	if lower != nil {
		// np.clip(x0, lb, ub); scipy says nothing, L-BFGS-B's active
		// would (with iprint >= 0), in these words.
		b := core.Bounds{Lower: lower, Upper: upper}
		b.Clip(x, x0)
		for i := range n {
			if lower[i] != upper[i] {
				allFixed = false
				free = append(free, i)
			}
		}
		if len(free) == n || s.Options().Gradient == core.Analytic {
			// scipy's minimize takes fixed variables out only when it
			// takes finite differences.
			free = nil
		}
		// L-BFGS-B says so where it projects x0 (not when every variable
		// is fixed, where scipy never runs it, nor for a fixed variable
		// scipy took out).
		for i := range n {
			if x[i] != x0[i] && !allFixed && (free == nil || lower[i] != upper[i]) {
				s.Warn(lbWarnInfeasible)
				break
			}
		}
	}
	if allFixed {
		// minimize's _optimize_result_for_equal_bounds: no L-BFGS-B.
		f := s.Func(x)
		s.Record(0, x, f, nil)
		if !s.Limited() {
			s.EndMessage(core.Success, lbMsgFixed)
		}
		return
	}
	ev := &lbfgsbEvals{s: s, free: free, lower: lower}
	if free != nil {
		ev.xFull, ev.gFull = make([]float64, n), make([]float64, n)
		n = len(free)
		for j, i := range free {
			x[j] = x[i]
		}
		x = x[:n]
	}
	ev.x, ev.g = make([]float64, n), make([]float64, n)
	if bytes := lbfgsbBytes(n, m); bytes > maxLBFGSBBytes {
		s.End(core.Failed, fmt.Errorf("%w: L-BFGS-B's workspace for maxcor %d and %d parameters is %.3g GB, more than %d GiB: lower maxcor",
			core.ErrTooLarge, m, n, float64(bytes)/1e9, maxLBFGSBBytes>>30))
		return
	}
	w := newLBFGSB(n, m)
	w.l, w.u = make([]float64, n), make([]float64, n)
	for j := range n {
		i := j
		if free != nil {
			i = free[j]
		}
		// scipy turns infinite bounds into None: no bound on that side.
		hasL := lower != nil && !math.IsInf(lower[i], -1)
		hasU := upper != nil && !math.IsInf(upper[i], 1)
		if hasL {
			w.l[j] = lower[i]
		}
		if hasU {
			w.u[j] = upper[i]
		}
		switch {
		case hasL && hasU:
			w.nbd[j] = 2
		case hasL:
			w.nbd[j] = 1
		case hasU:
			w.nbd[j] = 3
		}
	}
	copy(w.x, x)
	// ScalarFunction's construction: f and g at x0, which is iteration 0
	// whatever limit applies after it.
	w.f = ev.eval(w.x)
	ev.f, ev.filled = w.f, true
	copy(ev.x, w.x)
	copy(w.g, ev.g)
	xf, gf := ev.full(w.x, w.g)
	s.Record(0, xf, w.f, gf)
	w.mainlb(s, ev, ftol/epsF64, s.Options().Gtol, maxls, maxiter, maxfun)
}

// epsF64 is numpy's finfo(float).eps, by which scipy divides ftol.
const epsF64 = 2.220446049250313e-16

// mainlb is lbfgsb.f's mainlb with setulb's reverse communication folded
// in: where Fortran returns with task FG_START or FG_LNSRCH the run
// evaluates (ev.fg), where it returns NEW_X the run records the
// iteration and applies _minimize_lbfgsb's maxiter and maxfun tests.
func (w *lbfgsb) mainlb(s *core.Search, ev *lbfgsbEvals, factr, pgtol float64, maxls, maxiter, maxfun int) {
	n := w.n
	// task = 'START'
	w.epsmch = 2 * dlamchE
	w.col, w.head, w.theta = 0, 1, 1
	w.iupdat, w.updatd, w.iback, w.itail, w.iword = 0, false, 0, 0, 0
	w.ileave, w.nenter, w.fold, w.dnorm = 0, 0, 0, 0
	w.gd, w.stpmx, w.sbgnrm, w.stp, w.gdold, w.dtd = 0, 0, 0, 0, 0, 0
	w.iter, w.nseg, w.nfree, w.ifun = 0, 0, n, 0
	w.tol = factr * w.epsmch
	// errclb: n, m, factr and the bounds are checked before the run
	// (core.Bounds.Check, the parameters' ranges).
	w.active()
	// task = 'FG_START': scipy's ScalarFunction answers from its cache
	// (x0 was recorded as iteration 0 when it was evaluated).
	if ev.fg(w.x, &w.f, w.g) {
		return
	}
	// 111
	w.sbgnrm = w.projgr()
	if w.sbgnrm <= pgtol {
		s.EndMessage(core.Success, lbMsgPgtol)
		return
	}
	nit := 0
	for { // 222: the beginning of the loop
		w.iword = -1
		if !w.cnstnd && w.col > 0 {
			// Skip the search for the GCP.
			copy(w.z, w.x)
			w.wrk = w.updatd
			w.nseg = 0
		} else {
			// Compute the Generalized Cauchy Point.
			if info := w.cauchy(); info != 0 {
				// Singular triangular system detected: refresh the
				// memory and restart the iteration.
				w.resetMemory()
				continue
			}
			// Count the entering and leaving variables for iter > 0 and
			// find the index set of free and active variables at the GCP.
			w.freev()
		}
		// 333: the subspace minimization.
		if w.nfree != 0 && w.col != 0 {
			info := 0
			if w.wrk {
				info = w.formk()
			}
			if info != 0 {
				// Nonpositive definiteness in Cholesky factorization.
				w.resetMemory()
				continue
			}
			// The reduced gradient r = -Z'B(xcp - xk) - Z'g, then the
			// subspace minimizer.
			if info = w.cmprlb(); info == 0 {
				info = w.subsm()
			}
			if info != 0 {
				w.resetMemory()
				continue
			}
		}
		// 555: the line search along d = z - x.
		for i := range n {
			w.d[i] = w.z[i] - w.x[i]
		}
		restart := false
		first := true
		for { // 666
			info, fgln := w.lnsrlb(first)
			first = false
			if info != 0 || w.iback >= maxls {
				// Restore the previous iterate.
				copy(w.x, w.t)
				copy(w.g, w.r)
				if w.col == 0 {
					// Abnormal termination.
					w.iter++
					// scipy's fun is its copy of the last evaluation; x
					// and g are restored in place.
					xf, _ := ev.full(w.x, nil)
					s.Amend(xf, ev.f)
					s.EndMessage(core.Stalled, lbMsgAbnormal)
					return
				}
				// Refresh the memory and restart the iteration.
				w.f = w.fold
				w.resetMemory()
				restart = true
				break
			}
			if !fgln {
				// NEW_X: the line search converged.
				w.iter++
				w.sbgnrm = w.projgr()
				break
			}
			// FG_LNSRCH
			if ev.fg(w.x, &w.f, w.g) {
				return
			}
		}
		if restart {
			continue
		}
		// NEW_X, in _minimize_lbfgsb: the callback, then maxiter and maxfun.
		nit++
		xf, gf := ev.full(w.x, w.g)
		s.Record(nit, xf, w.f, gf)
		if s.Limited() {
			return
		}
		if nit >= maxiter {
			s.EndMessage(core.MaxIter, lbMsgMaxIter)
			return
		}
		if s.Nfev() > maxfun {
			s.EndMessage(core.MaxFev, lbMsgMaxFun)
			return
		}
		// 777: the stopping tests.
		if w.sbgnrm <= pgtol {
			s.EndMessage(core.Success, lbMsgPgtol)
			return
		}
		ddum := fmax(fmax(math.Abs(w.fold), math.Abs(w.f)), 1)
		if w.fold-w.f <= w.tol*ddum {
			s.EndMessage(core.Success, lbMsgFactr)
			return
		}
		// The L-BFGS matrix update: r = y, d = s.
		for i := range n {
			w.r[i] = w.g[i] - w.r[i]
		}
		rr := ddot(w.r, w.r)
		var dr float64
		if w.stp == 1 {
			dr = w.gd - w.gdold
			ddum = -w.gdold
		} else {
			dr = (w.gd - w.gdold) * w.stp
			for i := range n {
				w.d[i] *= w.stp
			}
			ddum = -w.gdold * w.stp
		}
		if dr <= w.epsmch*ddum {
			// Skip the update: y's is not positive enough.
			w.updatd = false
			continue
		}
		w.updatd = true
		w.iupdat++
		w.matupd(rr, dr)
		if info := w.formt(); info != 0 {
			w.resetMemory()
		}
	}
}

// dlamchE is LAPACK's dlamch('e'), the relative machine precision
// (2^-53, rounding); mainlb's epsmch is twice it.
const dlamchE = 0x1p-53

// resetMemory is mainlb's restart: the corrections are dropped and the
// next iteration starts from steepest descent.
func (w *lbfgsb) resetMemory() {
	w.col, w.head, w.theta = 0, 1, 1
	w.iupdat, w.updatd = 0, false
}

// lnsrlb is lbfgsb.f's lnsrlb: on the first call of a search (first) it
// sets the largest step stpmx and the first trial step, saves x, g and f
// in t, r and fold, and starts dcsrch; every call then sets x to the next
// trial point and reports fgln (Fortran's task FG_LNSRCH: evaluate
// there), or ends the search (task NEW_X). info is -4 when d is not a
// descent direction.
func (w *lbfgsb) lnsrlb(first bool) (info int, fgln bool) {
	const (
		big  = 1e10
		ftol = 1e-3
		gtol = 0.9
		xtol = 0.1
	)
	n, x, l, u, nbd, d := w.n, w.x, w.l, w.u, w.nbd, w.d
	if first {
		w.dtd = ddot(d, d)
		w.dnorm = math.Sqrt(w.dtd)
		// Determine the maximum step length.
		w.stpmx = big
		if w.cnstnd {
			if w.iter == 0 {
				w.stpmx = 1
			} else {
				for i := range n {
					a1 := d[i]
					if nbd[i] != 0 {
						if a1 < 0 && nbd[i] <= 2 {
							a2 := l[i] - x[i]
							if a2 >= 0 {
								w.stpmx = 0
							} else if a1*w.stpmx < a2 {
								w.stpmx = a2 / a1
							}
						} else if a1 > 0 && nbd[i] >= 2 {
							a2 := u[i] - x[i]
							if a2 <= 0 {
								w.stpmx = 0
							} else if a1*w.stpmx > a2 {
								w.stpmx = a2 / a1
							}
						}
					}
				}
			}
		}
		if w.iter == 0 && !w.boxed {
			w.stp = fmin(1/w.dnorm, w.stpmx)
		} else {
			w.stp = 1
		}
		copy(w.t, x)
		copy(w.r, w.g)
		w.fold = w.f
		w.ifun = 0
		w.iback = 0
		w.lsStart = true
	}
	// 556
	w.gd = ddot(w.g, d)
	if w.ifun == 0 {
		w.gdold = w.gd
		if w.gd >= 0 {
			// The directional derivative >= 0: the line search is
			// impossible (an ascent direction in the projection).
			return -4, false
		}
	}
	var task dcsrchTask
	if w.lsStart {
		w.stp, task = w.ls.start(w.stp, w.f, w.gd, ftol, gtol, xtol, 0, w.stpmx)
		w.lsStart = false
	} else {
		w.stp, task = w.ls.next(w.stp, w.f, w.gd)
	}
	if task == taskConvergence || task == taskWarning {
		return 0, false // NEW_X
	}
	// FG_LNSRCH (dcsrch's ERROR too, as in Fortran, which tests only for
	// CONV and WARN).
	w.ifun++
	w.iback = w.ifun - 1
	if w.stp == 1 {
		copy(x, w.z)
	} else {
		for i := range n {
			x[i] = w.stp*d[i] + w.t[i]
			if nbd[i] == 1 || nbd[i] == 2 {
				x[i] = fmax(x[i], l[i])
			}
			if nbd[i] == 2 || nbd[i] == 3 {
				x[i] = fmin(x[i], u[i])
			}
		}
	}
	return 0, true
}
