package scipy

import "math"

// A port of trlib (Felix Lenders' GLTR, MIT licence) as scipy 1.10.1
// vendors it in scipy/optimize/_trlib, restricted to the path scipy's
// TRLIBQuadraticSubproblem drives: no preconditioner (M = I, so v = g),
// equality 0, ctl_invariant 0 (a single irreducible block: nirblk is always
// 1), convexify 1, earlyterm 1, refine 1, zero 2e-16, obj_lo -1e20,
// itmax_lanczos 100. Left out because that path never reaches them: the
// states for further invariant Krylov subspaces (TRLIB_CLS_CG_IF_IRBLK_*,
// TRLIB_CLS_L_CMP_CONV_RT), the reentries HOTSTART_G, HOTSTART_R and
// HOTSTART_T, trlib_tri_factor_min's several-block branch (Theorem 5.8) and
// trlib_leftmost's warm starts (trlib_leftmost_irreducible is only ever
// called cold there), printing and timing.
//
// The names follow the C code; the comments say where the C code does
// something odd that the port keeps.

// trlib_krylov_min's return values (TRLIB_CLR_*).
const (
	clrConvBound    = 0
	clrConvInterior = 1
	clrApproxHard   = 2
	clrHardInitLam  = 4
	clrFailHard     = 5
	clrUnbdbel      = 6
	clrUnlikeConv   = 7
	clrContinue     = 10
	clrItmax        = -1
	clrFailNumeric  = -5
	clrFailTTR      = -7
	clrPCIndef      = -8
	clrUnexpectInt  = -9
)

// Iteration types (TRLIB_CLT_*) and the actions asked of the caller
// (TRLIB_CLA_*).
const (
	cltCG = 1
	cltL  = 2

	claTrivial      = 0
	claInit         = 1
	claRetransf     = 2
	claUpdateStatio = 3
	claUpdateGrad   = 4
	claUpdateDir    = 5
	claObjval       = 8
)

// States (TRLIB_CLS_*).
const (
	clsInit       = 1
	clsHotstart   = 2
	clsHotstartP  = 4
	clsVecInit    = 7
	clsCGNewIter  = 8
	clsCGUpdateS  = 9
	clsCGUpdateGV = 10
	clsCGUpdateP  = 11
	clsLanczosSwt = 12
	clsLUpdateP   = 13
	clsLCmpConv   = 14
	clsLChkConv   = 16
	clsLNewIter   = 17
)

// trlib_tri_factor_min's return values (TRLIB_TTR_*).
const (
	ttrConvBound    = 0
	ttrConvInterior = 1
	ttrNewtonBreak  = 3
	ttrHardInitLam  = 4
	ttrItmax        = -1
	ttrFailFactor   = -2
	ttrFailEig      = -4
)

const (
	trlibEps      = 2.2204460492503131e-16
	trlibEpsPow4  = 5.4774205922939014e-07
	trlibEpsPow5  = 1.4901161193847656e-08
	trlibEpsPow75 = 1.8189894035458565e-12
)

// scipy's fixed arguments of trlib_krylov_min (_trlib.pyx's solve).
const (
	trlibItmaxLanczos = 100
	trlibZero         = 2e-16
	trlibObjLo        = -1e20
)

// trlib is trlib_krylov_min's iwork and fwork, by name, for itmax Krylov
// iterations; the caller's vectors are the caller's (krylovSubproblem).
// All slices are made once, by newTrlib.
type trlib struct {
	itmax          int
	tolRelI        float64 // tol_rel_i: -2 (scipy's inexact) or 1e-8
	tolRelB        float64 // tol_rel_b: -3 or 1e-6
	status, ii     int
	posDef         bool
	interior       bool
	warmLeftmost   bool
	warmLam0       bool
	warmLam        bool
	lanczosSwitch  int
	exitTri        int
	subFailTri     int
	iterTri        int
	outerstatus    int
	stopI, stopB   float64
	vG, pHp        float64
	cgl, cglm      float64
	lam0, lam, obj float64
	sMp, pMp, sMs  float64
	sigma          float64
	raymax, raymin float64
	leftmost       float64

	alpha, beta, neglin, h0, h []float64 // itmax+1
	delta, deltaFac0, deltaFac []float64 // itmax+1
	gamma, gammaFac0, gammaFac []float64 // itmax; gamma[0] is gamma_1
	convhist                   []float64 // itmax
	regdiag                    []float64 // itmax+1
	w, diagLam, work           []float64 // the tridiagonal solver's, itmax+1 (work 2(itmax+1))
	irblk1                     int       // irblk[1]: the order of the last tridiagonal solve

	// Reverse communication: the action asked of the caller, the iteration
	// it refers to, its type and its three numbers.
	action, iter, ityp int
	flt1, flt2, flt3   float64
}

func newTrlib(itmax int, tolRelI, tolRelB float64) *trlib {
	n1 := itmax + 1
	t := &trlib{itmax: itmax, tolRelI: tolRelI, tolRelB: tolRelB}
	mk := func(k int) []float64 { return make([]float64, k) }
	t.alpha, t.beta, t.neglin, t.h0, t.h = mk(n1), mk(n1), mk(n1), mk(n1), mk(n1)
	t.delta, t.deltaFac0, t.deltaFac = mk(n1), mk(n1), mk(n1)
	t.gamma, t.gammaFac0, t.gammaFac, t.convhist = mk(itmax), mk(itmax), mk(itmax), mk(n1)
	t.regdiag = mk(n1)
	t.w, t.diagLam, t.work = mk(n1), mk(n1), mk(2*n1)
	return t
}

// reset is a fresh workspace, as scipy's TRLIBQuadraticSubproblem makes
// one at every new point (trlib_krylov_prepare_memory: neglin[1:] = 0;
// iwork zeros).
//
// scipy's fwork comes from np.empty, and trlib reads a few words of it
// before writing them (delta and the Lanczos vector of the iteration past
// itmax after an ITMAX exit followed by a hot start); this port reads
// zeros there, by clearing everything per point.
func (t *trlib) reset() {
	for _, a := range [][]float64{t.alpha, t.beta, t.neglin, t.h0, t.h, t.delta, t.deltaFac0, t.deltaFac,
		t.gamma, t.gammaFac0, t.gammaFac, t.convhist, t.regdiag} {
		clear(a)
	}
	t.status, t.ii, t.outerstatus, t.iter = 0, 0, 0, 0
	t.lam, t.obj, t.lam0, t.leftmost = 0, 0, 0, 0
}

// krylovMin is trlib_krylov_min: one round of reverse communication. The
// caller does t.action and calls again while the result is at least 10.
func (t *trlib) krylovMin(init int, radius, gDotG, vDotG, pDotHp float64) int {
	ret := -1000
	t.iter = t.ii
	if init == clsInit || init == clsHotstart {
		t.outerstatus = 0
	}
	if t.outerstatus < 100 || t.outerstatus == 300 {
		// Every state either asks for an action or moves on, and the
		// iteration counter is bounded by itmax, so this loop ends; the
		// bound only guards against a state the C code would spin in
		// (its default case), which scipy's path never sets.
		for calls := 0; ; calls++ {
			if calls > 16*(t.itmax+2) {
				t.action = claTrivial
				return clrFailNumeric
			}
			ret = t.internal(init, radius, gDotG, vDotG, pDotHp)
			if init > 0 || ret < 10 || t.action != claTrivial {
				break
			}
		}
	}
	if ret >= 0 || ret == -1000 {
		// Ask for the retransformation first and report the result after.
		if t.outerstatus < 100 && ret < 10 && t.action != claTrivial {
			t.outerstatus = 100 + ret
			return clrContinue
		}
		if t.outerstatus >= 100 && t.outerstatus < 200 {
			ret = t.outerstatus - 100
			t.outerstatus = 0
			t.action = claTrivial
		}
		// convexify: on a multiplier that looks too large for a nearly
		// singular negative curvature, check the model's value.
		if ret < 10 && t.outerstatus < 100 {
			if t.lam > 1e-2*math.Max(1, t.raymax) && t.raymin < 0 && math.Abs(t.raymin) < 1e-8*t.raymax {
				t.outerstatus = 200 + ret
				t.action = claObjval
				return clrContinue
			}
		}
		if t.outerstatus > 200 && t.outerstatus < 300 {
			obj, realobj := t.obj, gDotG
			if math.Abs(obj-realobj) > math.Max(1e-6, 1e-1*math.Abs(realobj)) || realobj > 0 {
				ret = t.internal(clsHotstartP, radius, gDotG, vDotG, pDotHp)
				t.outerstatus = 300
				return ret
			}
			// t.action stays claObjval: scipy's loop computes the value
			// once more before it sees ret < 10.
			ret = t.outerstatus - 200
			t.outerstatus = 0
			return ret
		}
		if t.outerstatus == 300 && ret < 10 {
			t.outerstatus = 0
			return ret
		}
	}
	return ret
}

// internal is trlib_krylov_min_internal. Its C loop ends after one state
// in every case (it tests the pointer action against TRLIB_CLA_TRIVIAL,
// not the value), so each call runs one state; krylovMin loops.
func (t *trlib) internal(init int, radius, gDotG, vDotG, pDotHp float64) int {
	ret := clrContinue
	t.iter = t.ii
	switch init {
	case clsInit, clsHotstart, clsHotstartP:
		t.status = init
	}
	ii := t.ii
	switch t.status {
	case clsInit:
		t.ii, t.iter = 0, 0
		t.posDef = true
		t.interior = true
		t.warmLeftmost, t.warmLam0, t.warmLam = false, false, false
		t.lanczosSwitch = -1
		t.exitTri, t.subFailTri, t.iterTri = 0, 0, 0
		clear(t.gamma)
		t.ityp, t.status, t.action = cltCG, clsVecInit, claInit
	case clsVecInit:
		if vDotG <= 0 && gDotG > 0 {
			t.ityp, t.action = cltCG, claTrivial
			return clrPCIndef
		}
		var etaI, etaB float64
		if t.tolRelI >= 0 {
			etaI = t.tolRelI
		}
		if math.Abs(t.tolRelI+1) < 1e-8 {
			etaI = math.Min(5e-1, math.Sqrt(math.Sqrt(vDotG)))
		}
		if math.Abs(t.tolRelI+2) < 1e-8 {
			etaI = math.Min(5e-1, math.Sqrt(vDotG))
		}
		t.stopI = math.Max(0, etaI*math.Sqrt(vDotG))
		t.stopI *= t.stopI // squared: compared with |g|^2
		if t.tolRelB >= 0 {
			etaB = t.tolRelB
		}
		if math.Abs(t.tolRelB+1) < 1e-8 || math.Abs(t.tolRelB+3) < 1e-8 {
			etaB = math.Min(5e-1, math.Sqrt(math.Sqrt(vDotG)))
		}
		if math.Abs(t.tolRelB+2) < 1e-8 || math.Abs(t.tolRelB+4) < 1e-8 {
			etaB = math.Min(5e-1, math.Sqrt(vDotG))
		}
		if t.tolRelB < -2.5 {
			etaB = math.Max(1e-6, etaB)
		}
		t.stopB = math.Max(0, etaB*math.Sqrt(vDotG))
		t.vG = vDotG
		t.pHp = pDotHp
		t.neglin[0] = -math.Sqrt(vDotG)
		t.cgl, t.cglm = 1, 1
		t.sigma = 1
		t.leftmost, t.lam = 0, 0
		t.obj, t.sMp, t.pMp, t.sMs = 0, 0, 0, 0
		t.pMp = t.vG
		t.raymax = t.pHp / t.pMp
		t.raymin = t.raymax
		t.delta[0] = 0
		t.ityp, t.status, t.action = cltCG, clsCGNewIter, claTrivial
	case clsCGNewIter:
		if math.Abs(t.pHp) <= trlibZero {
			// CG breaks down: continue with Lanczos.
			t.action, t.status = claTrivial, clsLanczosSwt
			break
		}
		t.alpha[ii] = t.vG / t.pHp
		t.delta[ii] += t.pHp / t.vG
		t.posDef = t.posDef && t.alpha[ii] > 0
		if ii > 0 {
			t.sigma = -math.Copysign(1, t.alpha[ii-1]) * t.sigma
		}
		t.cglm = t.cgl
		t.cgl = t.sigma / math.Sqrt(t.vG)
		if ii > 0 {
			t.sMp = t.beta[ii-1] * (t.sMp + t.alpha[ii-1]*t.pMp)
			t.pMp = t.vG + t.beta[ii-1]*t.beta[ii-1]*t.pMp
		}
		spMsp := t.sMs + t.alpha[ii]*(2.0*t.sMp+t.alpha[ii]*t.pMp)
		t.raymax = math.Max(t.raymax, t.pHp/t.pMp)
		t.raymin = math.Min(t.raymin, t.pHp/t.pMp)
		t.interior = t.interior && t.posDef && spMsp < radius*radius
		if t.interior {
			t.sMs = spMsp
			t.obj = t.obj - .5*t.alpha[ii]*t.alpha[ii]*t.pHp
			t.ityp, t.status, t.flt1, t.action = cltCG, clsCGUpdateS, t.alpha[ii], claUpdateStatio
			break
		}
		// The solution is on the boundary: solve the tridiagonal problem,
		// warm started from an updated factorization when there is one.
		warmFac0 := t.updateFac0(ii)
		t.exitTri = t.triFactorMin(ii+1, radius, 100+3*ii, &warmFac0)
		if t.exitTri < 0 && t.exitTri != ttrNewtonBreak {
			t.ityp, t.action = cltCG, claRetransf
			return clrFailTTR
		}
		if t.exitTri == ttrConvInterior && t.posDef {
			t.ityp, t.action = cltCG, claRetransf
			return clrUnexpectInt
		}
		t.ityp, t.status, t.action = cltCG, clsCGUpdateS, claTrivial
	case clsCGUpdateS:
		t.ityp, t.status, t.flt1, t.flt2, t.action = cltCG, clsCGUpdateGV, t.alpha[ii], t.cgl, claUpdateGrad
	case clsCGUpdateGV:
		if math.IsNaN(vDotG) {
			t.trivialOrRetransf(cltCG)
			return clrFailNumeric
		}
		if gDotG > 0 && vDotG <= 0 {
			t.trivialOrRetransf(cltCG)
			return clrPCIndef
		}
		if gDotG <= trlibZero {
			// Krylov breakdown; ctl_invariant 0: no further subspace.
			t.trivialOrRetransf(cltCG)
			t.gamma[ii] = 0
			return clrFailHard
		}
		t.beta[ii] = vDotG / t.vG
		t.delta[ii+1] = (vDotG * t.pHp) / (t.vG * t.vG)
		t.gamma[ii] = math.Abs(math.Sqrt(vDotG) * t.pHp / (math.Sqrt(t.vG) * t.vG))
		t.vG = vDotG
		if t.interior {
			t.convhist[ii] = math.Sqrt(t.vG) / t.stopI
		} else {
			t.convhist[ii] = (t.gamma[ii] * math.Abs(t.h[ii])) / t.stopB
		}
		if t.interior && t.vG <= t.stopI {
			t.ityp, t.action = cltCG, claTrivial
			return clrConvInterior
		} else if !t.interior && t.gamma[ii]*math.Abs(t.h[ii]) <= t.stopB {
			t.ityp, t.action = cltCG, claRetransf
			return clrConvBound
		}
		if !t.interior && ii > 10 && t.convhist[ii-10] > 1e-1*t.convhist[ii] {
			// earlyterm: no progress on the boundary for ten iterations
			if t.noProgress(ii) {
				t.ityp, t.action = cltCG, claRetransf
				return clrUnlikeConv
			}
			t.ityp, t.status, t.flt1, t.flt2, t.action = cltCG, clsCGUpdateP, -1, t.beta[ii], claUpdateDir
		} else if math.IsNaN(t.obj) || t.obj < trlibObjLo {
			t.trivialOrRetransf(cltCG)
			return clrUnbdbel
		} else {
			t.ityp, t.status, t.flt1, t.flt2, t.action = cltCG, clsCGUpdateP, -1, t.beta[ii], claUpdateDir
		}
	case clsCGUpdateP:
		t.pHp = pDotHp
		t.ii++
		if t.ii >= t.itmax {
			t.trivialOrRetransf(cltCG)
			t.ityp = cltCG
			return clrItmax
		}
		t.ityp, t.status, t.action = cltCG, clsCGNewIter, claTrivial
	case clsHotstart:
		// Reentry with a smaller radius: the tridiagonal problem again.
		warmFac0 := false
		t.exitTri = t.triFactorMin(ii+1, radius, 100+3*ii, &warmFac0)
		if t.exitTri < 0 && t.exitTri != ttrNewtonBreak {
			t.ityp, t.action = cltCG, claRetransf
			return clrFailTTR
		}
		if t.exitTri == ttrHardInitLam {
			t.ityp, t.action = cltCG, claRetransf
			return clrHardInitLam
		}
		// earlyterm is 1 in scipy: the hot start ends here. (The C code's
		// continuation below it tests the pointer lanczos_switch, not its
		// value; scipy never gets there.)
		t.ityp, t.action = cltCG, claRetransf
		return clrUnlikeConv
	case clsHotstartP:
		// Reentry with the Hessian convexified: the regularization over
		// the order of the last solve (irblk[1]), the solve over ii+1.
		n := t.irblk1
		t.regularizePosdef(n, 1e-12, 10.0)
		for i := range n {
			t.delta[i] += t.regdiag[i]
		}
		clear(t.h[:ii+1])
		t.warmLam0, t.warmLam, t.warmLeftmost = false, false, false
		warmFac0 := false
		t.exitTri = t.triFactorMin(ii+1, radius, 100+3*ii, &warmFac0)
		for i := range t.irblk1 {
			t.delta[i] -= t.regdiag[i]
		}
		t.action = claRetransf
		return t.exitTri
	case clsLanczosSwt:
		t.lanczosSwitch = ii
		if ii > 0 {
			t.sigma = -math.Copysign(1, t.alpha[ii-1]) * t.sigma
		}
		t.ityp, t.status, t.flt1, t.flt2, t.action = cltL, clsLUpdateP, t.sigma/math.Sqrt(t.vG), 0, claUpdateDir
	case clsLUpdateP:
		if math.Abs(pDotHp) <= trlibZero {
			t.ityp, t.action = cltCG, claRetransf
			return clrFailHard
		}
		t.delta[ii] = pDotHp
		t.raymax = math.Max(t.raymax, pDotHp)
		t.raymin = math.Min(t.raymin, pDotHp)
		warmFac0 := t.updateFac0(ii)
		t.exitTri = t.triFactorMin(ii+1, radius, 100+3*ii, &warmFac0)
		if t.exitTri < 0 && t.exitTri != ttrNewtonBreak {
			t.ityp, t.action = cltL, claRetransf
			return clrFailTTR
		}
		if t.exitTri == ttrHardInitLam {
			t.ityp, t.action = cltL, claRetransf
			return clrHardInitLam
		}
		// g^L(ii+1); the convergence test waits for gamma(ii+1).
		g1 := t.gammaAt(ii - 1)
		if ii < 2 {
			t.flt1, t.flt2, t.flt3 = -t.delta[ii]/g1, -g1, 1.0
		} else {
			t.flt1, t.flt2, t.flt3 = -t.delta[ii]/g1, -g1/t.gamma[ii-2], 1.0
		}
		if ii == t.lanczosSwitch {
			t.flt1 = -t.delta[ii] / math.Sqrt(t.vG) * t.sigma
			t.flt2 = -g1 * t.cgl
			t.flt3 = g1 / math.Sqrt(t.vG)
			t.cgl, t.cglm = 1, 1
		}
		if ii == 0 { // a new irreducible block starts at irblk[0] = 0
			t.flt1, t.flt2, t.flt3 = -t.delta[ii]/g1, 0, 1.0
		}
		t.ityp, t.action, t.status = cltL, claUpdateGrad, clsLCmpConv
	case clsLCmpConv:
		if math.IsNaN(vDotG) {
			t.trivialOrRetransf(cltL)
			return clrFailNumeric
		}
		if vDotG <= 0 && gDotG > 0 {
			t.trivialOrRetransf(cltL)
			return clrPCIndef
		}
		if gDotG <= trlibZero {
			// The C code sets the result and goes on (no break).
			t.trivialOrRetransf(cltL)
			ret = clrApproxHard
		}
		t.gamma[ii] = math.Sqrt(vDotG)
		t.vG = vDotG * t.h[ii] * t.h[ii]
		t.ityp, t.action, t.status = cltL, claTrivial, clsLChkConv
	case clsLChkConv:
		if t.interior {
			t.convhist[ii] = math.Sqrt(t.vG) / math.Sqrt(t.stopI)
		} else {
			t.convhist[ii] = t.vG / math.Sqrt(t.stopB)
		}
		if t.exitTri != ttrConvInterior && t.vG <= math.Sqrt(t.stopB) {
			t.ityp, t.action = cltL, claRetransf
			return t.exitTri
		} else if t.exitTri == ttrConvInterior && t.vG <= math.Sqrt(t.stopI) {
			t.ityp, t.action = cltL, claRetransf
			return t.exitTri
		}
		if !t.interior && ii > 10 && t.convhist[ii-10] > 1e-1*t.convhist[ii] {
			if t.noProgress(ii) {
				t.ityp, t.action = cltL, claRetransf
				return clrUnlikeConv
			}
			t.ityp, t.action, t.status = cltL, claTrivial, clsLNewIter
		} else if math.IsNaN(t.obj) || t.obj < trlibObjLo {
			t.ityp, t.action = cltL, claRetransf
			return clrUnbdbel
		} else {
			t.ityp, t.action, t.status = cltL, claTrivial, clsLNewIter
		}
	case clsLNewIter:
		t.ii++
		if t.ii >= t.itmax || t.ii-t.lanczosSwitch >= trlibItmaxLanczos {
			t.action, t.ityp = claRetransf, cltL
			return clrItmax
		}
		t.iter = t.ii
		t.ityp, t.flt1, t.flt2, t.action, t.status = cltL, 1.0/t.gamma[t.ii-1], 0, claUpdateDir, clsLUpdateP
	default:
		t.action = claTrivial
	}
	return ret
}

// trivialOrRetransf: nothing to do for an interior solution (the caller
// has s), else the caller must form s from the Lanczos basis.
// gammaAt is gamma[i]; for i = -1 (a Lanczos start at iteration 0, when
// CG breaks down at once) the C code reads the word before gamma in its
// workspace, delta_fac[itmax], and so does this port.
func (t *trlib) gammaAt(i int) float64 {
	if i < 0 {
		return t.deltaFac[t.itmax]
	}
	return t.gamma[i]
}

func (t *trlib) trivialOrRetransf(ityp int) {
	if t.interior {
		t.action = claTrivial
	} else {
		t.ityp, t.action = ityp, claRetransf
	}
}

// noProgress is earlyterm's test: the convergence measure did not
// decrease once over the last ten iterations... as the C code has it: it
// stops when it never increased.
func (t *trlib) noProgress(ii int) bool {
	for cit := ii - 10; cit < ii; cit++ {
		if t.convhist[cit+1] > t.convhist[cit] {
			return false
		}
	}
	return true
}

// updateFac0 extends the factorization of T + lam0 I by one row when the
// last tridiagonal solve left one (warm_lam0), and reports whether it is
// still positive definite.
func (t *trlib) updateFac0(ii int) bool {
	if !t.warmLam0 || ii == 0 { // ii > 0 whenever warm_lam0 is set
		return false
	}
	if t.deltaFac0[ii-1] == 0 {
		return false
	}
	t.gammaFac0[ii-1] = t.gamma[ii-1] / t.deltaFac0[ii-1]
	t.deltaFac0[ii] = t.delta[ii] + t.lam0 - t.gamma[ii-1]*t.gamma[ii-1]/t.deltaFac0[ii-1]
	return t.deltaFac0[ii] > 0
}

// triFactorMin is trlib_tri_factor_min for one irreducible block of order
// n0: min q(h) = h.T h/2 - neglin.h subject to |h| <= radius, T =
// tridiag(gamma, delta, gamma), by Newton's method on 1/|h(lam)| -
// 1/radius (Gould, Lucidi, Roma and Toint 1999), from the last multiplier
// lam0 when it is warm; the hard case by the leftmost eigenvector. tol_rel
// TRLIB_EPS, tol_newton_tiny 1e-11, equality 0, refine 1. Its result is in
// t.h, t.lam and t.obj.
func (t *trlib) triFactorMin(n0 int, radius float64, itmax int, warmFac0 *bool) int {
	diag, offdiag, neglin := t.delta[:n0], t.gamma[:n0-1], t.neglin[:n0]
	diagFac0, offFac0 := t.deltaFac0[:n0], t.gammaFac0[:n0-1]
	sol0, sol := t.h0[:n0], t.h[:n0]
	diagLam := t.diagLam[:n0]
	ret := 0
	normSol0 := 0.0
	t.irblk1 = n0
	t.iterTri = 0
	t.subFailTri = 0
	clear(sol)

	// factor0 factors T + lam0 I into diagFac0, offFac0.
	factor0 := func() bool {
		for i := range n0 {
			diagLam[i] = diag[i] + t.lam0
		}
		copy(diagFac0, diagLam)
		copy(offFac0, offdiag)
		return pttrf(diagFac0, offFac0)
	}
	if t.warmLam0 {
		if !*warmFac0 {
			if !factor0() {
				t.warmLam0 = false
			} else {
				*warmFac0 = true
			}
		}
		if *warmFac0 {
			copy(sol0, neglin)
			pttrs(diagFac0, offFac0, sol0)
			normSol0 = nrm2(sol0)
			t.warmLam0 = normSol0 >= radius
		}
	}
	if !t.warmLam0 {
		t.lam0 = 0
		copy(diagFac0, diag)
		copy(offFac0, offdiag)
		copy(sol0, neglin)
		ok := pttrf(diagFac0, offFac0)
		if ok {
			copy(sol0, neglin)
			pttrs(diagFac0, offFac0, sol0)
			normSol0 = nrm2(sol0)
		}
		if !ok {
			// lam0 = 0 unsuitable: from the leftmost eigenvalue, perturbed
			// by safeguarded bisection until T + lam0 I factors and
			// |h0| >= radius.
			t.subFailTri = leftmostIrreducible(diag, offdiag, 1000, trlibEpsPow75, &t.leftmost)
			pertLow := -trlibEpsPow5 * math.Abs(t.leftmost)
			pertUp := 1.0 / trlibEps
			lamPert := 0.0
			for jj := 0; jj < 50; jj++ {
				t.lam0 = -t.leftmost + lamPert
				ok = factor0()
				if ok {
					pertUp = lamPert
					copy(sol0, neglin)
					pttrs(diagFac0, offFac0, sol0)
					normSol0 = nrm2(sol0)
					if normSol0 >= radius {
						break
					}
					lamPert = .5 * (pertLow + pertUp)
				} else {
					pertLow = lamPert
					if pertUp == 1.0/trlibEps {
						if lamPert == 0 {
							lamPert = (1.0 + math.Abs(t.leftmost)) * trlibEpsPow75
						} else {
							lamPert = 2.0 * lamPert
						}
					} else {
						lamPert = .5 * (pertLow + pertUp)
					}
				}
			}
			if !ok {
				lamPert = pertUp
				t.lam0 = -t.leftmost + lamPert
				if !factor0() {
					return ttrFailFactor
				}
				// As the C code: sol0 is not reset to neglin here.
				pttrs(diagFac0, offFac0, sol0)
				normSol0 = nrm2(sol0)
			}
		}
	}
	if normSol0 >= radius {
		// Newton's method on 1/|h0(lam0)| - 1/radius.
		w := t.w[:n0]
		for {
			ferr := 1.0 / normSol0
			for i := range w {
				w[i] = sol0[i] * ferr
			}
			invDNormWSq := w[0] * w[0] / diagFac0[0]
			for jj := 1; jj < n0; jj++ {
				w[jj] = w[jj] - offFac0[jj-1]*w[jj-1]
				invDNormWSq += w[jj] * w[jj] / diagFac0[jj]
			}
			dlam := (normSol0 - radius) / (radius * invDNormWSq)
			t.iterTri++
			if t.lam0+dlam == t.lam0 || math.Abs(dlam) <= 1e-11*math.Max(1.0, math.Abs(t.lam0)) || t.iterTri > itmax {
				if t.iterTri > itmax {
					ret = ttrItmax
				} else {
					ret = ttrNewtonBreak
				}
				break
			}
			t.lam0 += dlam
			if !factor0() {
				return ttrFailFactor
			}
			copy(sol0, neglin)
			pttrs(diagFac0, offFac0, sol0)
			ptrfs(diagLam, offdiag, diagFac0, offFac0, neglin, sol0, t.work[:2*n0])
			normSol0 = nrm2(sol0)
			if normSol0-radius <= trlibEps*radius {
				ret = ttrConvBound
				break
			}
		}
	}
	t.warmLam0 = true

	if math.Abs(radius-normSol0) >= trlibEpsPow5*radius {
		if t.lam0 == 0 {
			ret = ttrConvInterior
		} else {
			// Bail out with h0 + alpha u, u the leftmost eigenvector.
			var ferr, berr float64
			t.subFailTri = eigenInverse(diag, offdiag, t.leftmost, 10, trlibEpsPow5, t.deltaFac[:n0], t.gammaFac[:n0-1], sol, &ferr, &berr)
			if t.subFailTri != 0 && t.subFailTri != -1 {
				return ttrFailEig
			}
			dot1 := dot(sol0, sol)
			ferr, berr = quadraticZero(normSol0*normSol0-radius*radius, 2.0*dot1, trlibEpsPow75)
			dot2 := dot(sol, neglin)
			lm := t.leftmost
			tt := berr
			if .5*lm*ferr*ferr+(lm*dot1-dot2)*ferr <= .5*lm*berr*berr+(lm*dot1-dot2)*berr {
				tt = ferr
			}
			for i := range sol0 {
				sol0[i] += tt * sol[i]
			}
			ret = ttrHardInitLam
		}
	}

	// One irreducible block: lam0 and h0 are the solution.
	t.lam = t.lam0
	t.warmLam = true
	copy(sol, sol0)
	w := t.w[:n0]
	for i := range w {
		w[i] = neglin[i] * -2.0
	}
	lagtm(offdiag, diag, sol, w)
	t.obj = 0.5 * dot(sol, w)
	return ret
}

// regularizePosdef is trlib_tri_factor_regularize_posdef: a diagonal
// regdiag that makes tridiag(gamma, delta + regdiag, gamma) factorable.
func (t *trlib) regularizePosdef(n int, tolAway, securityStep float64) {
	diag, offdiag, regdiag := t.delta, t.gamma, t.regdiag
	regdiag[0] = 0
	if diag[0] <= tolAway {
		regdiag[0] = securityStep * tolAway
	}
	diagFac := diag[0] + regdiag[0]
	for pivot := 0; pivot < n-1; pivot++ {
		regdiag[pivot+1] = 0
		if diag[pivot+1]-offdiag[pivot]*offdiag[pivot]/diagFac <= tolAway*diagFac {
			regdiag[pivot+1] = securityStep * math.Abs(offdiag[pivot]*offdiag[pivot]/diagFac-diag[pivot+1])
		}
		diagFac = diag[pivot+1] + regdiag[pivot+1] - offdiag[pivot]*offdiag[pivot]/diagFac
	}
}

// leftmostIrreducible is trlib_leftmost_irreducible, cold start (the only
// one scipy's path makes): the smallest eigenvalue of the irreducible
// tridiagonal matrix tridiag(offdiag, diag, offdiag) by Newton's method on
// the last pivot of the LDL' factorization of T - t I (Parlett and Reid),
// safeguarded by bisection in a Gershgorin bracket. itmax is per order.
func leftmostIrreducible(diag, offdiag []float64, itmax int, tolAbs float64, leftmost *float64) int {
	n := len(diag)
	*leftmost = 0
	if n == 1 {
		*leftmost = diag[0]
		return 0
	}
	// Gershgorin (the C code's upper bound uses diag[n-1] - |offdiag[n-2]|
	// where + was meant; kept).
	oabs0, oabs1 := math.Abs(offdiag[0]), math.Abs(offdiag[n-2])
	low := math.Min(diag[0]-oabs0, diag[n-1]-oabs1)
	up := math.Max(diag[0]+oabs0, diag[n-1]-oabs1)
	for ii := 1; ii < n-1; ii++ {
		oabs1 = math.Abs(offdiag[ii])
		low = math.Min(low, diag[ii]-oabs0-oabs1)
		up = math.Max(up, diag[ii]+oabs0+oabs1)
		oabs0 = oabs1
	}
	*leftmost = low + .1*(up-low)
	itmax *= n
	for iter := 1; ; iter++ {
		if iter > itmax {
			return -1
		}
		nNegPiv := 0
		var prlp, dprlp float64
		restart := false
		for jj := 0; jj < n; jj++ {
			if jj == 0 {
				prlp, dprlp = diag[0]-*leftmost, -1.0
			} else {
				obyprlp := offdiag[jj-1] / prlp
				dprlp = -1.0 + offdiag[jj-1]*offdiag[jj-1]*dprlp/(prlp*prlp)
				prlp = diag[jj] - *leftmost - offdiag[jj-1]*obyprlp
			}
			if prlp == 0 {
				if nNegPiv == 0 && jj+1 == n {
					return 0
				}
				up = *leftmost
				*leftmost = 0.5 * (low + up)
				restart = true
				break
			} else if prlp < 0 {
				nNegPiv++
				up = *leftmost
				if nNegPiv > 1 {
					*leftmost = 0.5 * (low + up)
					restart = true
					break
				}
			}
		}
		if restart {
			continue
		}
		if nNegPiv == 0 {
			low = *leftmost
		} else {
			up = *leftmost
		}
		if up-low <= tolAbs*math.Max(1.0, math.Max(math.Abs(low), math.Abs(up))) || math.Abs(prlp) <= tolAbs {
			return 0
		}
		dleftmost := -prlp / dprlp
		attempt := *leftmost + dleftmost
		if low <= attempt && attempt <= up {
			if math.Abs(dleftmost) <= tolAbs*math.Max(1.0, math.Max(math.Abs(low), math.Abs(up))) {
				return 3
			}
			*leftmost = attempt
		} else {
			*leftmost = .5 * (low + up)
		}
	}
}

// eigenInverse is trlib_eigen_inverse: the eigenvector eig of T for the
// eigenvalue near lamInit by inverse iteration on T - lam I, lam perturbed
// until the matrix factors. trlib starts from five random vectors seeded
// by the clock; this port starts from the normalized vector (1, 2, ...,
// n) (the eigenvector is the same up to sign and rounding, and the
// caller's choice of the root makes the sign irrelevant). 0: converged,
// -1: itmax reached, -2: no factorization.
func eigenInverse(diag, offdiag []float64, lamInit float64, itmax int, tolAbs float64, diagFac, offdiagFac, eig []float64, lamPert, pert *float64) int {
	n := len(diag)
	*pert = 0
	minuslam := -lamInit
	ok := false
	for *pert <= 1.0/trlibEps {
		for i := range diagFac {
			diagFac[i] = diag[i] + minuslam
		}
		copy(offdiagFac, offdiag)
		if pttrf(diagFac, offdiagFac) {
			ok = true
			break
		}
		if *pert == 0 {
			*pert = trlibEpsPow4 * math.Max(1.0, -lamInit)
		} else {
			*pert = 10.0 * (*pert)
		}
		minuslam = *pert - lamInit
	}
	*lamPert = -minuslam
	if !ok {
		return -2
	}
	for k := range n {
		eig[k] = float64(k + 1)
	}
	scale(eig, 1/nrm2(eig))
	for iter := 1; iter <= itmax; iter++ {
		pttrs(diagFac, offdiagFac, eig)
		invnorm := 1.0 / nrm2(eig)
		scale(eig, invnorm)
		if math.Abs(invnorm-*pert) <= tolAbs {
			return 0
		}
	}
	return -1
}

func scale(x []float64, a float64) {
	for i := range x {
		x[i] *= a
	}
}

// quadraticZero is trlib_quadratic_zero: the two roots t1 <= t2 of t^2 +
// cLin t + cAbs, each refined by one Newton step (0, 0 when there are no
// real roots).
func quadraticZero(cAbs, cLin, tol float64) (t1, t2 float64) {
	linSq := cLin * cLin
	if math.Abs(cAbs) > tol*linSq {
		q := linSq - 4.0*cAbs
		if math.Abs(q) <= (trlibEps*cLin)*(trlibEps*cLin) {
			t1 = -.5 * cLin
			t2 = t1
		} else if q < 0 {
			return 0, 0
		} else {
			t1 = -.5 * (cLin + math.Copysign(math.Sqrt(q), cLin))
			t2 = cAbs / t1
			if t2 < t1 {
				t1, t2 = t2, t1
			}
		}
	} else if cLin < 0 {
		t1, t2 = 0, -cLin
	} else {
		t1, t2 = -cLin, 0
	}
	q, dq := (t1+cLin)*t1+cAbs, 2.0*t1+cLin
	if dq != 0 {
		t1 -= q / dq
	}
	q, dq = (t2+cLin)*t2+cAbs, 2.0*t2+cLin
	if dq != 0 {
		t2 -= q / dq
	}
	return t1, t2
}

// pttrf is LAPACK's dpttrf: the L D L' factorization of the symmetric
// positive definite tridiagonal tridiag(e, d, e), in place (d <- D, e <-
// L's subdiagonal); false when a pivot is <= 0 (the factorization is then
// incomplete). A NaN pivot passes, as LAPACK's tests (D(I).LE.ZERO) let it.
func pttrf(d, e []float64) bool {
	n := len(d)
	for i := 0; i < n-1; i++ {
		if d[i] <= 0 {
			return false
		}
		ei := e[i]
		e[i] = ei / d[i]
		d[i+1] -= e[i] * ei
	}
	return n == 0 || !(d[n-1] <= 0)
}

// pttrs is LAPACK's dpttrs (dptts2) for one right-hand side: b <- A^-1 b
// from pttrf's factors.
func pttrs(d, e, b []float64) {
	n := len(d)
	if n == 1 {
		b[0] *= 1 / d[0] // dscal by 1/d, as dptts2
		return
	}
	for i := 1; i < n; i++ {
		b[i] -= b[i-1] * e[i-1]
	}
	b[n-1] /= d[n-1]
	for i := n - 2; i >= 0; i-- {
		b[i] = b[i]/d[i] - b[i+1]*e[i]
	}
}

// ptrfs is the iterative refinement of LAPACK's dptrfs for one right-hand
// side (A = tridiag(e, d, e), df, ef its factors, b the right-hand side, x
// the solution, refined in place; work 2n): at most 5 steps while the
// componentwise backward error exceeds eps and halves. The forward error
// bound dptrfs computes after it changes nothing trlib uses, and is left
// out.
func ptrfs(d, e, df, ef, b, x, work []float64) {
	const itmax = 5
	const eps = 0x1p-53 // dlamch('Epsilon')
	const safmin = 0x1p-1022
	n := len(d)
	safe1 := 4 * safmin // nz = 4
	safe2 := safe1 / eps
	r, a := work[n:2*n], work[:n]
	lstres := 3.0
	for count := 1; ; count++ {
		if n == 1 {
			bi, dx := b[0], d[0]*x[0]
			r[0] = bi - dx
			a[0] = math.Abs(bi) + math.Abs(dx)
		} else {
			bi, dx, ex := b[0], d[0]*x[0], e[0]*x[1]
			r[0] = bi - dx - ex
			a[0] = math.Abs(bi) + math.Abs(dx) + math.Abs(ex)
			for i := 1; i < n-1; i++ {
				bi, cx, dx, ex := b[i], e[i-1]*x[i-1], d[i]*x[i], e[i]*x[i+1]
				r[i] = bi - cx - dx - ex
				a[i] = math.Abs(bi) + math.Abs(cx) + math.Abs(dx) + math.Abs(ex)
			}
			bi, cx, dx := b[n-1], e[n-2]*x[n-2], d[n-1]*x[n-1]
			r[n-1] = bi - cx - dx
			a[n-1] = math.Abs(bi) + math.Abs(cx) + math.Abs(dx)
		}
		s := 0.0
		for i := range n {
			if a[i] > safe2 {
				s = math.Max(s, math.Abs(r[i])/a[i])
			} else {
				s = math.Max(s, (math.Abs(r[i])+safe1)/(a[i]+safe1))
			}
		}
		if !(s > eps && 2*s <= lstres && count <= itmax) {
			return
		}
		pttrs(df, ef, r)
		for i := range x {
			x[i] += r[i]
		}
		lstres = s
	}
}

// lagtm is LAPACK's dlagtm for b <- tridiag(dl, d, dl) x + b (alpha = beta
// = 1, one column).
func lagtm(dl, d, x, b []float64) {
	n := len(d)
	if n == 1 {
		b[0] = b[0] + d[0]*x[0]
		return
	}
	b[0] = b[0] + d[0]*x[0] + dl[0]*x[1]
	b[n-1] = b[n-1] + dl[n-2]*x[n-2] + d[n-1]*x[n-1]
	for i := 1; i < n-1; i++ {
		b[i] = b[i] + dl[i-1]*x[i-1] + d[i]*x[i] + dl[i]*x[i+1]
	}
}

// nrm2 is the Euclidean norm, as BLAS's dnrm2 (without its scaling: the
// values here are far from overflow).
func nrm2(x []float64) float64 { return math.Sqrt(dot(x, x)) }
