package scipy

import (
	"errors"
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// scipy 1.10's trust-region methods (_minimize_trust_region): a quadratic
// model m(p) = f + g.p + p.H p/2 minimized within a radius by a subproblem
// solver, the step taken when the actual reduction is more than 0.15 of the
// predicted one, the radius quartered below a ratio of 0.25 and doubled
// (to at most 1000) above 0.75 when the step reached it; initial radius 1.
// They succeed when |g|_2 < gtol, scipy's default 1e-4 unless
// Options.Gtol is given (trustGtol). nhev is scipy's: the
// Hessian at x0 that its ScalarFunction computes (or the dummy it calls
// when given only H v), then one per new point whose model asks for it
// (trust-exact: every proposed point), or one per H v product.

var trustParams = []core.ParamSpec{
	{Key: "initial-radius", Default: "1", Min: 0, MinOpen: true, Doc: "initial trust radius"},
	{Key: "max-radius", Default: "1000", Min: 0, MinOpen: true, Doc: "largest trust radius"},
	{Key: "eta", Default: "0.15", Min: 0, Max: 0.25, MaxOpen: true, Doc: "a step is taken when the actual reduction exceeds eta times the predicted one"},
}

func checkTrust(p core.Params) error {
	r0, _ := p.Float("initial-radius")
	rmax, _ := p.Float("max-radius")
	if r0 >= rmax {
		return errors.New("initial-radius must be below max-radius")
	}
	return nil
}

var scipyTrustNCG = core.Method{
	Name: "scipy:trust-ncg", Aliases: []string{"trust-ncg"}, Doc: "scipy 1.10's trust-ncg: Steihaug-Toint truncated CG in a trust region",
	Gradient: true, Hessian: true, ScalarFunction: true, Params: trustParams, Check: checkTrust,
	Run: func(s *core.Search, x0 []float64, p core.Params) {
		runTrust(s, x0, p, (*trustModel).solveSteihaug, false)
	},
}

var scipyDogleg = core.Method{
	Name: "scipy:dogleg", Aliases: []string{"dogleg"}, Doc: "scipy 1.10's dogleg: needs a positive definite Hessian, ends in error where it is not",
	Gradient: true, Hessian: true, ScalarFunction: true, Dense: true, Params: trustParams, Check: checkTrust,
	Run: func(s *core.Search, x0 []float64, p core.Params) {
		runTrust(s, x0, p, (*trustModel).solveDogleg, false)
	},
}

var scipyTrustExact = core.Method{
	Name: "scipy:trust-exact", Aliases: []string{"trust-exact"}, Doc: "scipy 1.10's trust-exact: the subproblem solved nearly exactly (More and Sorensen)",
	Gradient: true, Hessian: true, ScalarFunction: true, Dense: true, Params: trustParams, Check: checkTrust,
	Run: func(s *core.Search, x0 []float64, p core.Params) { runTrust(s, x0, p, (*trustModel).solveExact, true) },
}

// errLinalg is scipy's LinAlgError: a Cholesky factorization failed.
var errLinalg = errors.New("linalg error")

// errChkFinite is the ValueError of scipy.linalg's input checks
// (asarray_chkfinite), which scipy raises out of minimize.
var errChkFinite = errors.New("array must not contain infs or NaNs")

// trustModel is scipy's BaseQuadraticSubproblem at one point: the value,
// gradient and Hessian are computed when first needed. A run keeps two,
// the current point and the proposed one (runTrustEager), and moves the
// proposal to each new point in place (reset): its vectors and the
// shared workspace ws are made once per run.
type trustModel struct {
	s            *core.Search
	x            []float64
	f            float64
	g, H         []float64
	haveG, haveH bool
	gMag         float64
	// trust-exact's memory between solves at the same point
	prevRadius, lambdaLB float64
	// trust-exact's k_easy and k_hard (0: scipy's 0.1 and 0.2), and what
	// its last solve ended with: scipy's lambda_current and niter
	kEasy, kHard  float64
	lambdaCurrent float64
	niter         int
	hv            []float64  // scratch for H p
	ws            *trustWork // the subproblems' scratch, shared by the run's models; nil: made on first use
}

func newTrustModel(s *core.Search, x []float64, ws *trustWork) *trustModel {
	return &trustModel{s: s, x: append([]float64(nil), x...), f: math.NaN(), prevRadius: -1, ws: ws}
}

// reset makes m a model with nothing computed yet, as a new
// BaseQuadraticSubproblem would be, for the caller to write its point into
// m.x: only the buffers (x, g, H, hv) and the workspace are kept, every
// other field is its zero or initial value.
func (m *trustModel) reset() {
	*m = trustModel{s: m.s, x: m.x, g: m.g, H: m.H, hv: m.hv, ws: m.ws, f: math.NaN(), prevRadius: -1}
}

// work is m's workspace, made for len(m.x) parameters on first use.
func (m *trustModel) work() *trustWork {
	if m.ws == nil {
		m.ws = &trustWork{n: len(m.x)}
	}
	return m.ws
}

// trustWork is the scratch of the subproblem solvers for n parameters:
// every vector and matrix a solve, a model value or a Hessian by
// differences needs, so that no iteration allocates. Each group is made
// on its first use (one allocation), as a run uses one solver: the n x n
// matrices only by the Dense methods. A solve's step is one of these
// buffers, valid until the next solve.
type trustWork struct {
	n int
	// solveSteihaug's iterate, residual, direction, H d, their next
	// values and the two boundary points
	z, r, d, bd, zn, rn, pa, pb []float64
	// hess's column of H by differences and the unit vector
	col, e []float64
	// solveDogleg's and solveExact's Cholesky factor
	u []float64
	// solveDogleg's Newton point, H g, Cauchy point and dogleg leg
	pBest, bg, pu, leg []float64
	// solveExact's H + lambda I, trial factor, step and scratch
	hl, uTry, p, w []float64
	// smallestSingular's and singularLeadingSubmatrix's vectors
	ss singularWork
}

// vecs points each of dst at a new vector of length n, all from one
// allocation (capped, so that none can grow into the next).
func vecs(n int, dst ...*[]float64) {
	buf := make([]float64, n*len(dst))
	for i, d := range dst {
		*d = buf[i*n : (i+1)*n : (i+1)*n]
	}
}

func (w *trustWork) steihaug() {
	if w.z == nil {
		vecs(w.n, &w.z, &w.r, &w.d, &w.bd, &w.zn, &w.rn, &w.pa, &w.pb)
	}
}

func (w *trustWork) diffHess() {
	if w.col == nil {
		vecs(w.n, &w.col, &w.e)
	}
}

func (w *trustWork) factor() {
	if w.u == nil {
		w.u = make([]float64, w.n*w.n)
	}
}

func (w *trustWork) dogleg() {
	w.factor()
	if w.pBest == nil {
		vecs(w.n, &w.pBest, &w.bg, &w.pu, &w.leg)
	}
}

func (w *trustWork) exact() {
	w.factor()
	if w.hl == nil {
		vecs(w.n*w.n, &w.hl, &w.uTry)
		vecs(w.n, &w.p, &w.w)
		w.ss.make(w.n)
	}
}

func (m *trustModel) jac() []float64 {
	if !m.haveG {
		if m.g == nil {
			m.g = make([]float64, len(m.x))
		}
		m.s.Grad(m.g, m.x)
		m.gMag = math.Sqrt(dot(m.g, m.g))
		m.haveG = true
	}
	return m.g
}

func (m *trustModel) jacMag() float64 { m.jac(); return m.gMag }

func (m *trustModel) hess() []float64 {
	if !m.haveH {
		n := len(m.x)
		if m.H == nil {
			m.H = make([]float64, n*n)
		}
		if m.s.Options().Hessian == core.Exact {
			m.s.Hess(m.H, m.x)
		} else {
			// Finite differences of the gradient, as the evaluator's Hess.
			ws := m.work()
			ws.diffHess()
			col, e := ws.col, ws.e
			for j := range n {
				clear(e)
				e[j] = 1
				m.s.HessVec(col, m.x, e)
				for i := range n {
					m.H[i*n+j] = col[i]
				}
			}
			for i := range n {
				for j := i + 1; j < n; j++ {
					a := 0.5 * (m.H[i*n+j] + m.H[j*n+i])
					m.H[i*n+j], m.H[j*n+i] = a, a
				}
			}
		}
		m.haveH = true
	}
	return m.H
}

// hessp is H p: from the Hessian when the problem has one (scipy given
// hess=; Minimize hides it past core.MaxDenseParams parameters), else the
// problem's H v or a difference of gradients.
func (m *trustModel) hessp(dst, p []float64) {
	exact := m.s.Options().Hessian == core.Exact
	if exact && !m.s.HasHess() {
		m.s.HessVec(dst, m.x, p)
		return
	}
	if !exact && !m.haveH {
		m.s.HessVec(dst, m.x, p)
		return
	}
	matVec(dst, m.hess(), p)
}

func matVec(dst, H, p []float64) {
	n := len(p)
	for i := range n {
		var s float64
		for j := range n {
			s += H[i*n+j] * p[j]
		}
		dst[i] = s
	}
}

// value is the model at step p: f + g.p + p.H p/2.
func (m *trustModel) value(p []float64) float64 {
	if m.hv == nil { // made once: reset keeps it
		m.hv = make([]float64, len(p))
	}
	m.hessp(m.hv, p)
	return m.f + dot(m.jac(), p) + 0.5*dot(p, m.hv)
}

// boundaries solves |z + t d| = radius for t, low root first.
func boundaries(z, d []float64, radius float64) (float64, float64) {
	a := dot(d, d)
	b := 2 * dot(z, d)
	c := dot(z, z) - radius*radius
	sq := math.Sqrt(b*b - 4*a*c)
	aux := b + math.Copysign(sq, b)
	ta, tb := -aux/(2*a), -2*c/aux
	if ta > tb {
		ta, tb = tb, ta
	}
	return ta, tb
}

// runTrust is _minimize_trust_region with the subproblem solve. eagerHess:
// the Hessian is computed with every model, the rejected ones included, as
// scipy's IterativeSubproblem does in its constructor (it shows in nhev).
func runTrust(s *core.Search, x0 []float64, p core.Params, solve func(*trustModel, float64) ([]float64, bool, error), eagerHess bool) {
	runTrustEager(s, x0, p, solve, eagerHess, false)
}

// trustGtol is the gradient tolerance of scipy's trust-region methods:
// Options.Gtol when the caller gave one (GtolOff: none, -1), else
// _minimize_trust_region's default, 1e-4, not optbench's 1e-5.
func trustGtol(s *core.Search) float64 {
	if s.Given().Gtol == 0 {
		return 1e-4
	}
	return s.Options().Gtol
}

// runTrustEager is runTrust; eagerJac: the gradient is computed with every
// model too, as scipy's TRLIBQuadraticSubproblem does in its constructor
// (trust-krylov: it shows in njev).
func runTrustEager(s *core.Search, x0 []float64, p core.Params, solve func(*trustModel, float64) ([]float64, bool, error), eagerHess, eagerJac bool) {
	radius, _ := p.Float("initial-radius")
	maxRadius, _ := p.Float("max-radius")
	eta, _ := p.Float("eta")
	gtol := trustGtol(s)
	n := len(x0)
	// m is the current point, mp the proposed one: mp moves to each new
	// point in place and the two swap when a step is taken, so the models'
	// buffers and the workspace are made once. m never changes point in
	// place, which the Krylov subproblem relies on: a model other than the
	// last one it solved is a new point, the same one a retry (solveTrust).
	ws := &trustWork{n: n}
	m := newTrustModel(s, x0, ws)
	mp := &trustModel{s: s, x: make([]float64, n), f: math.NaN(), prevRadius: -1, ws: ws}
	m.f = s.Func(m.x)
	switch {
	case s.Options().Hessian == core.Exact && !s.HasHess():
		// Given only H v, scipy's _prepare_scalar_function puts a dummy
		// hess in the ScalarFunction, whose constructor calls it once at
		// x0: counted in nhev, as scipy reports it.
		s.CountHess(1)
	case s.Options().Hessian == core.Exact:
		// The constructor computes the Hessian at x0 (counted), which the
		// first model then finds in its cache.
		m.hess()
	}
	if eagerHess {
		if m.hess(); core.NonFinite(m.H) {
			endNonFiniteHess(s)
			return
		}
	}
	if s.Step(m.x, m.f, m.jac()) {
		return
	}
	if nonFiniteJac(s, m) {
		return
	}
	for k := 0; m.jacMag() >= gtol || gtol < 0; {
		step, hitsBoundary, err := solve(m, radius)
		if s.Limited() {
			return
		}
		if errors.Is(err, errChkFinite) {
			endNonFiniteHess(s)
			return
		}
		if err != nil {
			s.EndMessage(core.Failed, "A linalg error occurred, such as a non-psd Hessian.")
			return
		}
		predictedValue := m.value(step)
		mp.reset()
		for i := range mp.x {
			mp.x[i] = m.x[i] + step[i]
		}
		mp.f = s.Func(mp.x)
		if eagerHess {
			if mp.hess(); core.NonFinite(mp.H) {
				endNonFiniteHess(s)
				return
			}
		}
		if eagerJac {
			mp.jac()
		}
		if s.Limited() {
			return
		}
		actual := m.f - mp.f
		predicted := m.f - predictedValue
		if predicted <= 0 {
			s.EndMessage(core.Stalled, "A bad approximation caused failure to predict improvement.")
			return
		}
		rho := actual / predicted
		if rho < 0.25 {
			radius *= 0.25
		} else if rho > 0.75 && hitsBoundary {
			radius = math.Min(2*radius, maxRadius)
		}
		if rho > eta {
			m, mp = mp, m
		}
		k++
		if s.Step(m.x, m.f, m.jac()) {
			return
		}
		if nonFiniteJac(s, m) {
			return
		}
		if gtol >= 0 && m.jacMag() < gtol {
			break
		}
		if k >= s.Options().MaxIter {
			s.End(core.MaxIter, nil)
			return
		}
	}
	s.End(core.Success, nil)
}

// nonFiniteJac ends the run where scipy raises out of minimize because the
// gradient at the current point holds an infinity or a NaN: its loop test
// takes |g| by scipy.linalg.norm, which checks its input (ValueError "array
// must not contain infs or NaNs"). A failure, the text in Cause.
func nonFiniteJac(s *core.Search, m *trustModel) bool {
	if core.NonFinite(m.jac()) {
		s.End(core.Failed, errChkFinite)
		return true
	}
	return false
}

// endNonFiniteHess ends a trust-exact run where scipy raises a
// ValueError out of minimize (scipy.linalg's norm and cho_solve check
// their input: a Hessian or a Cholesky factor holding an infinity or a
// NaN): a failure, with the ValueError's text in Cause, scipy returning no
// result.
func endNonFiniteHess(s *core.Search) {
	s.End(core.Failed, errChkFinite)
}

// solveSteihaug is scipy's CGSteihaugSubproblem.solve. The step is one
// of the workspace's vectors.
func (m *trustModel) solveSteihaug(radius float64) ([]float64, bool, error) {
	n := len(m.x)
	g := m.jac()
	ws := m.work()
	ws.steihaug()
	z := ws.z
	clear(z)
	tolerance := math.Min(0.5, math.Sqrt(m.jacMag())) * m.jacMag()
	if m.jacMag() < tolerance {
		return z, false, nil
	}
	r := ws.r
	copy(r, g)
	d := ws.d
	for i := range d {
		d[i] = -r[i]
	}
	// The loop swaps z with zn and r with rn; the workspace's fields keep
	// the four buffers, whichever holds what.
	Bd, zn, rn, pa, pb := ws.bd, ws.zn, ws.rn, ws.pa, ws.pb
	// scipy loops until a test passes; with NaN in the model none would,
	// and a finite problem needs at most n steps in exact arithmetic, so
	// this bound only cuts off a run that has gone wrong.
	for steps := 0; ; steps++ {
		if steps > 10*n+100 || core.NonFinite(z) {
			return nil, false, errLinalg
		}
		m.hessp(Bd, d)
		if m.s.Limited() {
			return z, false, nil
		}
		dBd := dot(d, Bd)
		if dBd <= 0 {
			ta, tb := boundaries(z, d, radius)
			for i := range pa {
				pa[i] = z[i] + ta*d[i]
				pb[i] = z[i] + tb*d[i]
			}
			if m.value(pa) < m.value(pb) {
				return pa, true, nil
			}
			return pb, true, nil
		}
		rSq := dot(r, r)
		alpha := rSq / dBd
		for i := range zn {
			zn[i] = z[i] + alpha*d[i]
		}
		if math.Sqrt(dot(zn, zn)) >= radius {
			_, tb := boundaries(z, d, radius)
			for i := range pb {
				pb[i] = z[i] + tb*d[i]
			}
			return pb, true, nil
		}
		for i := range rn {
			rn[i] = r[i] + alpha*Bd[i]
		}
		rnSq := dot(rn, rn)
		if math.Sqrt(rnSq) < tolerance {
			return zn, false, nil
		}
		beta := rnSq / rSq
		for i := range d {
			d[i] = -rn[i] + beta*d[i]
		}
		z, zn = zn, z
		r, rn = rn, r
	}
}

// solveDogleg is scipy's DoglegSubproblem.solve: the Newton point when it
// is inside the radius, else the Cauchy point's dogleg path to it. The
// step is one of the workspace's vectors.
func (m *trustModel) solveDogleg(radius float64) ([]float64, bool, error) {
	n := len(m.x)
	g, H := m.jac(), m.hess()
	ws := m.work()
	ws.dogleg()
	U := ws.u
	if info := cholUpper(U, H, n); info != 0 {
		return nil, false, errLinalg
	}
	pBest := ws.pBest
	for i := range pBest {
		pBest[i] = -g[i]
	}
	choSolve(U, pBest, n)
	if math.Sqrt(dot(pBest, pBest)) < radius {
		return pBest, false, nil
	}
	Bg := ws.bg
	m.hessp(Bg, g)
	c := -(dot(g, g) / dot(g, Bg))
	pu := ws.pu
	for i := range pu {
		pu[i] = c * g[i]
	}
	puNorm := math.Sqrt(dot(pu, pu))
	if puNorm >= radius {
		for i := range pu {
			pu[i] *= radius / puNorm
		}
		return pu, true, nil
	}
	d := ws.leg
	for i := range d {
		d[i] = pBest[i] - pu[i]
	}
	_, tb := boundaries(pu, d, radius)
	for i := range pu {
		pu[i] += tb * d[i]
	}
	return pu, true, nil
}

// cholUpper factors the n x n symmetric H = U'U, U upper triangular, as
// LAPACK's dpotf2 does row by row, and returns 0, or the 1-based order of
// the first leading minor that is not positive definite (U is then
// complete above that row, its diagonal element there the pivot that was
// not positive, and zero below and after it, as the row-by-row loop leaves
// it).
//
// Each element of U gets the same subtractions, in the same order (k
// ascending), as dpotf2's loop gives it: U[j][c] = (H[j][c] - sum_k
// U[k][j] U[k][c]) / U[j][j]. But they are made right-looking, row k of U
// taken from every row below it as soon as it is known, so that the inner
// loop runs along rows: the column-wise loop read U a column at a time, a
// cache miss a product, and at n = 771 was slower than LAPACK. The bits are
// the same (TestCholUpperRowByRow).
func cholUpper(U, H []float64, n int) int {
	clear(U)
	for j := range n {
		copy(U[j*n+j:j*n+n], H[j*n+j:j*n+n]) // the upper triangle of H
	}
	for k0 := 0; k0 < n; k0 += cholBlock {
		k1 := min(k0+cholBlock, n)
		// Rows k0 to k1 of U, each taken from the rows of the block below
		// it as soon as it is known.
		for j := k0; j < k1; j++ {
			row := U[j*n : j*n+n]
			ajj := row[j] // H[j][j] less the squares of the rows above
			if ajj <= 0 || math.IsNaN(ajj) {
				clear(row[j+1:])
				clear(U[(j+1)*n:])
				return j + 1
			}
			ujj := math.Sqrt(ajj)
			row[j] = ujj
			for c := j + 1; c < n; c++ {
				row[c] /= ujj
			}
			for i := j + 1; i < k1; i++ {
				uji := row[i]
				below := U[i*n : i*n+n]
				for c := i; c < n; c++ {
					below[c] -= uji * row[c]
				}
			}
		}
		// Then the block's rows from every row below it, in one pass
		// each: an element still gets its subtractions in row order.
		for i := k1; i < n; i++ {
			below := U[i*n+i : i*n+n]
			for j := k0; j < k1; j++ {
				if j+4 <= k1 {
					r0, r1, r2, r3 := U[j*n+i:j*n+n], U[(j+1)*n+i:(j+1)*n+n], U[(j+2)*n+i:(j+2)*n+n], U[(j+3)*n+i:(j+3)*n+n]
					a0, a1, a2, a3 := r0[0], r1[0], r2[0], r3[0]
					r0, r1, r2, r3 = r0[:len(below)], r1[:len(below)], r2[:len(below)], r3[:len(below)]
					for c := range below {
						below[c] = below[c] - a0*r0[c] - a1*r1[c] - a2*r2[c] - a3*r3[c]
					}
					j += 3
					continue
				}
				r := U[j*n+i : j*n+n]
				a := r[0]
				r = r[:len(below)]
				for c := range below {
					below[c] -= a * r[c]
				}
			}
		}
	}
	return 0
}

// cholBlock is how many rows of U cholUpper takes from the rows below
// them in one pass: 4 reads the trailing matrix a quarter as often.
const cholBlock = 4

// choSolve overwrites b with the solution of U'U x = b.
func choSolve(U, b []float64, n int) {
	solveUpperT(U, b, n)
	solveUpper(U, b, n)
}

// solveUpperT overwrites b with the solution of U' x = b.
func solveUpperT(U, b []float64, n int) {
	for i := range n {
		v := b[i]
		for k := range i {
			v -= U[k*n+i] * b[k]
		}
		b[i] = v / U[i*n+i]
	}
}

// solveUpper overwrites b with the solution of U x = b (U's leading m x m
// block of an n-column matrix).
func solveUpper(U, b []float64, n int) { solveUpperM(U, b, n, len(b)) }

func solveUpperM(U, b []float64, n, m int) {
	for i := m - 1; i >= 0; i-- {
		v := b[i]
		for k := i + 1; k < m; k++ {
			v -= U[i*n+k] * b[k]
		}
		b[i] = v / U[i*n+i]
	}
}
