package scipy

// The search direction of scipy's tnc (tnc.c's tnc_direction and its
// helpers): preconditioned CG on the Newton equations H p = -g in the
// scaled variables, each product H v a forward difference of the gradient.

// direction is tnc_direction: it writes the search direction into t.pk.
// The preconditioner's diagonal t.diagb is updated in place. It reports
// whether the Search ended the run during an evaluation.
func (t *tncRun) direction(st tncSettings, upd1 bool, yksk, yrsr float64, lreset bool, fscale, gnorm, xnorm float64) (stop bool) {
	zsol, g, pivot := t.pk, t.g, t.pivot
	r, v, zk, emat, gv := t.r, t.v, t.zk, t.emat, t.gv

	// No CG iteration: the direction is -g.
	if st.maxCGit == 0 {
		copy(zsol, g)
		tncNeg(zsol)
		tncProject(zsol, pivot)
		return false
	}

	rhsnrm := gnorm
	const tol = 1e-12
	qold := 0.0
	rzold := 0.0

	t.initPreconditioner(upd1, lreset, yksk, yrsr)
	for i := range r {
		r[i] = -g[i]
		v[i] = 0.0
		zsol[i] = 0.0
	}

	for k := 0; k < st.maxCGit; k++ {
		// CG iteration to solve the system of equations
		tncProject(r, pivot)
		t.msolve(r, zk, upd1, yksk, yrsr, lreset)
		tncProject(zk, pivot)
		rz := tncDot(r, zk)

		if rz/rhsnrm < tol || t.nfeval >= st.maxfun-1 {
			// Truncate in case of an emergency or too many evaluations
			if k == 0 {
				copy(zsol, g)
				tncNeg(zsol)
				tncProject(zsol, pivot)
			}
			break
		}
		beta := 0.0
		if k != 0 {
			beta = rz / rzold
		}
		for i := range v {
			v[i] = zk[i] + beta*v[i]
		}
		tncProject(v, pivot)
		stop := t.hessianTimesVector(fscale, st.accuracy, xnorm)
		t.nfeval++
		if stop {
			return true
		}
		tncProject(gv, pivot)

		vgv := tncDot(v, gv)
		if vgv/rhsnrm < tol {
			// Truncate in case of an emergency
			if k == 0 {
				t.msolve(g, zsol, upd1, yksk, yrsr, lreset)
				tncNeg(zsol)
				tncProject(zsol, pivot)
			}
			break
		}
		tncDiagonalScaling(emat, v, gv, r)

		// Linear step length
		alpha := rz / vgv
		// Current solution and related vectors
		tncAxpy(alpha, v, zsol)
		tncAxpy(-alpha, gv, r)

		// Test for convergence
		gtp := tncDot(zsol, g)
		pr := tncDot(r, zsol)
		qnew := (gtp + pr) * 0.5
		qtest := float64(k+1) * (1.0 - qold/qnew)
		if qtest <= 0.5 {
			break
		}
		// Cautionary test
		if gtp > 0.0 {
			tncAxpy(-alpha, v, zsol)
			break
		}
		qold = qnew
		rzold = rz
	}
	// Store (or restore) the diagonal preconditioning
	copy(t.diagb, emat)
	return false
}

// tncDiagonalScaling updates the diagonal preconditioner e with a diagonal
// version of the BFGS update.
func tncDiagonalScaling(e, v, gv, r []float64) {
	vr := 1.0 / tncDot(v, r)
	vgv := 1.0 / tncDot(v, gv)
	for i := range e {
		e[i] += -r[i]*r[i]*vr + gv[i]*gv[i]*vgv
		if e[i] <= 1e-6 {
			e[i] = 1.0
		}
	}
}

// hessianTimesVector writes into t.gv the forward difference of the scaled
// gradient along t.v, with step accuracy (xnorm + 1), from t.x and t.g.
func (t *tncRun) hessianTimesVector(fscale, accuracy, xnorm float64) (stop bool) {
	v, gv, x, g, xv := t.v, t.gv, t.x, t.g, t.xv
	delta := accuracy * (xnorm + 1.0)
	for i := range xv {
		xv[i] = x[i] + delta*v[i]
	}
	tncUnscalex(xv, t.xscale, t.xoffset)
	tncCoercex(xv, t.low, t.up)
	if t.function(xv, gv) {
		return true
	}
	tncScaleg(gv, t.xscale, fscale)
	dinv := 1.0 / delta
	for i := range gv {
		gv[i] = (gv[i] - g[i]) * dinv
	}
	// projectConstants: no variable has scale 0 (minimize took the fixed
	// ones out, and scipy's default scale is never 0).
	for i := range gv {
		if t.xscale[i] == 0.0 {
			gv[i] = 0.0
		}
	}
	return false
}

// msolve writes into y the preconditioner applied to g: a two-step
// self-scaled BFGS formula over the diagonal diagb.
func (t *tncRun) msolve(g, y []float64, upd1 bool, yksk, yrsr float64, lreset bool) {
	diagb, sk, yk, sr, yr := t.diagb, t.sk, t.yk, t.sr, t.yr
	if upd1 {
		for i := range y {
			y[i] = g[i] / diagb[i]
		}
		return
	}
	hg, hyk, hyr := t.hg, t.hyk, t.hyr
	gsk := tncDot(g, sk)
	if lreset {
		for i := range g {
			rdiagb := 1.0 / diagb[i]
			hg[i] = g[i] * rdiagb
			hyk[i] = yk[i] * rdiagb
		}
		ykhyk := tncDot(yk, hyk)
		ghyk := tncDot(g, hyk)
		tncSSBFGS(1.0, sk, hg, hyk, yksk, ykhyk, gsk, ghyk, y)
		return
	}
	for i := range g {
		rdiagb := 1.0 / diagb[i]
		hg[i] = g[i] * rdiagb
		hyk[i] = yk[i] * rdiagb
		hyr[i] = yr[i] * rdiagb
	}
	gsr := tncDot(g, sr)
	ghyr := tncDot(g, hyr)
	yrhyr := tncDot(yr, hyr)
	tncSSBFGS(1.0, sr, hg, hyr, yrsr, yrhyr, gsr, ghyr, hg)
	yksr := tncDot(yk, sr)
	ykhyr := tncDot(yk, hyr)
	tncSSBFGS(1.0, sr, hyk, hyr, yrsr, yrhyr, yksr, ykhyr, hyk)
	ykhyk := tncDot(hyk, yk)
	ghyk := tncDot(hyk, g)
	tncSSBFGS(1.0, sk, hg, hyk, yksk, ykhyk, gsk, ghyk, y)
}

// tncSSBFGS is the self-scaled BFGS update of hjv into hjp1v (which may be
// hjv).
func tncSSBFGS(gamma float64, sj, hjv, hjyj []float64, yjsj, yjhyj, vsj, vhyj float64, hjp1v []float64) {
	var beta, delta float64
	if yjsj != 0.0 {
		delta = (gamma*yjhyj/yjsj+1.0)*vsj/yjsj - gamma*vhyj/yjsj
		beta = -gamma * vsj / yjsj
	}
	for i := range hjp1v {
		hjp1v[i] = gamma*hjv[i] + delta*sj[i] + beta*hjyj[i]
	}
}

// initPreconditioner sets t.emat, the diagonal preconditioner of this
// direction, from t.diagb and the last steps.
func (t *tncRun) initPreconditioner(upd1, lreset bool, yksk, yrsr float64) {
	diagb, emat, sk, yk, sr, yr, bsk := t.diagb, t.emat, t.sk, t.yk, t.sr, t.yr, t.bsk
	if upd1 {
		copy(emat, diagb)
		return
	}
	if lreset {
		for i := range bsk {
			bsk[i] = diagb[i] * sk[i]
		}
		sds := tncDot(sk, bsk)
		if yksk == 0.0 {
			yksk = 1.0
		}
		if sds == 0.0 {
			sds = 1.0
		}
		for i := range emat {
			td := diagb[i]
			emat[i] = td - td*td*sk[i]*sk[i]/sds + yk[i]*yk[i]/yksk
		}
		return
	}
	for i := range bsk {
		bsk[i] = diagb[i] * sr[i]
	}
	sds := tncDot(sr, bsk)
	srds := tncDot(sk, bsk)
	yrsk := tncDot(yr, sk)
	if yrsr == 0.0 {
		yrsr = 1.0
	}
	if sds == 0.0 {
		sds = 1.0
	}
	for i := range emat {
		td := diagb[i]
		bsk[i] = td*sk[i] - bsk[i]*srds/sds + yr[i]*yrsk/yrsr
		emat[i] = td - td*td*sr[i]*sr[i]/sds + yr[i]*yr[i]/yrsr
	}
	sds = tncDot(sk, bsk)
	if yksk == 0.0 {
		yksk = 1.0
	}
	if sds == 0.0 {
		sds = 1.0
	}
	for i := range emat {
		emat[i] -= bsk[i]*bsk[i]/sds + yk[i]*yk[i]/yksk
	}
}

func tncNeg(v []float64) {
	for i := range v {
		v[i] = -v[i]
	}
}

// tncAxpy is dy += da dx.
func tncAxpy(da float64, dx, dy []float64) {
	for i := range dy {
		dy[i] += da * dx[i]
	}
}
