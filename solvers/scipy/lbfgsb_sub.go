package scipy

import "math"

// The subroutines of L-BFGS-B 3.0 (scipy 1.10's lbfgsb_src/lbfgsb.f) that
// mainlb calls, ported statement for statement. Fortran's 1-based
// indices are kept in the integer arrays (index, indx2, iorder hold
// variable numbers 1..n) and in the pointers into the circular storage of
// corrections (head, itail, pointr in 1..m); ws(i, j) is
// w.ws[ix(i, j, n)], sy(i, j) is w.sy[ix(i, j, m)], wn(i, j) is
// w.wn[ix(i, j, 2m)].

// active is lbfgsb.f's active: it projects x onto the bounds and sets
// iwhere (-1: unbounded, 3: fixed by equal bounds, 0: otherwise), prjctd,
// cnstnd and boxed.
func (w *lbfgsb) active() {
	n, x, l, u, nbd := w.n, w.x, w.l, w.u, w.nbd
	w.prjctd, w.cnstnd, w.boxed = false, false, true
	for i := range n {
		if nbd[i] > 0 {
			if nbd[i] <= 2 && x[i] <= l[i] {
				if x[i] < l[i] {
					w.prjctd = true
					x[i] = l[i]
				}
			} else if nbd[i] >= 2 && x[i] >= u[i] {
				if x[i] > u[i] {
					w.prjctd = true
					x[i] = u[i]
				}
			}
		}
	}
	for i := range n {
		if nbd[i] != 2 {
			w.boxed = false
		}
		if nbd[i] == 0 {
			w.iwhere[i] = -1
		} else {
			w.cnstnd = true
			if nbd[i] == 2 && u[i]-l[i] <= 0 {
				w.iwhere[i] = 3
			} else {
				w.iwhere[i] = 0
			}
		}
	}
}

// bmv is lbfgsb.f's bmv: p = M v for the 2col x 2col middle matrix M of
// the compact L-BFGS formula, from sy and the Cholesky factor wt of
// theta S'S + L D^-1 L'. info is dtrsl's.
func (w *lbfgsb) bmv(v, p []float64) (info int) {
	m, col, sy := w.m, w.col, w.sy
	if col == 0 {
		return 0
	}
	// PART I: solve [ D^(1/2) O ; -L D^(-1/2) J ] [p1; p2] = [v1; v2].
	p[col] = v[col]
	for i := 2; i <= col; i++ {
		i2 := col + i
		var sum float64
		for k := 1; k <= i-1; k++ {
			sum += sy[ix(i, k, m)] * v[k-1] / sy[ix(k, k, m)]
		}
		p[i2-1] = v[i2-1] + sum
	}
	if info = dtrsl(w.wt, m, col, p[col:], 11); info != 0 {
		return info
	}
	for i := 1; i <= col; i++ {
		p[i-1] = v[i-1] / math.Sqrt(sy[ix(i, i, m)])
	}
	// PART II: solve [ -D^(1/2) D^(-1/2) L' ; 0 J' ] [p1; p2] = [p1; p2].
	if info = dtrsl(w.wt, m, col, p[col:], 1); info != 0 {
		return info
	}
	for i := 1; i <= col; i++ {
		p[i-1] = -p[i-1] / math.Sqrt(sy[ix(i, i, m)])
	}
	for i := 1; i <= col; i++ {
		var sum float64
		for k := i + 1; k <= col; k++ {
			sum += sy[ix(k, i, m)] * p[col+k-1] / sy[ix(i, i, m)]
		}
		p[i-1] += sum
	}
	return 0
}

// cauchy is lbfgsb.f's cauchy: the generalized Cauchy point xcp (w.z)
// along the projected steepest descent path from x, with the direction d
// (w.d), the breakpoints in w.t and their order in w.indx2 (iorder), and
// in c (w.wa[2m:4m]) W'(xcp - x) for cmprlb. info is bmv's.
func (w *lbfgsb) cauchy() (info int) {
	n, m, col, head, theta := w.n, w.m, w.col, w.head, w.theta
	x, l, u, nbd, g := w.x, w.l, w.u, w.nbd, w.g
	iorder, iwhere, t, d, xcp := w.indx2, w.iwhere, w.t, w.d, w.z
	p, c, wbp, v := w.wa[:2*m], w.wa[2*m:4*m], w.wa[4*m:6*m], w.wa[6*m:8*m]
	ws, wy := w.ws, w.wy

	if w.sbgnrm <= 0 {
		copy(xcp, x)
		return 0
	}
	bnded := true
	nfree := n + 1
	nbreak := 0
	ibkmin := 0
	var tl, tu, bkmin, f1 float64
	col2 := 2 * col
	for i := range col2 {
		p[i] = 0
	}
	// The break points and the derivative f1 and the vector p = W'd.
	for i := 1; i <= n; i++ {
		neggi := -g[i-1]
		if iwhere[i-1] != 3 && iwhere[i-1] != -1 {
			// Set the bounds of x(i).
			if nbd[i-1] <= 2 {
				tl = x[i-1] - l[i-1]
			}
			if nbd[i-1] >= 2 {
				tu = u[i-1] - x[i-1]
			}
			xlower := nbd[i-1] <= 2 && tl <= 0
			xupper := nbd[i-1] >= 2 && tu <= 0
			iwhere[i-1] = 0
			if xlower {
				if neggi <= 0 {
					iwhere[i-1] = 1
				}
			} else if xupper {
				if neggi >= 0 {
					iwhere[i-1] = 2
				}
			} else {
				if math.Abs(neggi) <= 0 {
					iwhere[i-1] = -3
				}
			}
		}
		pointr := head
		if iwhere[i-1] != 0 && iwhere[i-1] != -1 {
			d[i-1] = 0
		} else {
			d[i-1] = neggi
			f1 -= neggi * neggi
			// p = W'd, by columns in the storage's order.
			for j := 1; j <= col; j++ {
				p[j-1] += wy[ix(i, pointr, n)] * neggi
				p[col+j-1] += ws[ix(i, pointr, n)] * neggi
				pointr = pointr%m + 1
			}
			switch {
			case nbd[i-1] <= 2 && nbd[i-1] != 0 && neggi < 0:
				// x(i) + d(i) is bounded; the break point.
				nbreak++
				iorder[nbreak-1] = i
				t[nbreak-1] = tl / (-neggi)
				if nbreak == 1 || t[nbreak-1] < bkmin {
					bkmin = t[nbreak-1]
					ibkmin = nbreak
				}
			case nbd[i-1] >= 2 && neggi > 0:
				nbreak++
				iorder[nbreak-1] = i
				t[nbreak-1] = tu / neggi
				if nbreak == 1 || t[nbreak-1] < bkmin {
					bkmin = t[nbreak-1]
					ibkmin = nbreak
				}
			default:
				// x(i) + d(i) is not bounded.
				nfree--
				iorder[nfree-1] = i
				if math.Abs(neggi) > 0 {
					bnded = false
				}
			}
		}
	}
	// The p of the compact formula is W'd with its second half times theta.
	if theta != 1 {
		for j := col; j < col2; j++ {
			p[j] *= theta
		}
	}
	copy(xcp, x)
	if nbreak == 0 && nfree == n+1 {
		return 0 // d is zero: the Cauchy point is x
	}
	for j := range col2 {
		c[j] = 0
	}
	// f2 = -theta f1 - p'Mp.
	f2 := -theta * f1
	f2org := f2
	if col > 0 {
		if info = w.bmv(p, v); info != 0 {
			return info
		}
		f2 -= ddot(v[:col2], p[:col2])
	}
	dtm := -f1 / f2
	tsum := 0.0
	w.nseg = 1
	if nbreak != 0 {
		nleft := nbreak
		iter := 1
		tj := 0.0
		for {
			// The next break point.
			tj0 := tj
			var ibp int
			if iter == 1 {
				// Its smallest break point is known; no heap yet.
				tj = bkmin
				ibp = iorder[ibkmin-1]
			} else {
				if iter == 2 {
					// Replace the used smallest break point by the last
					// one, then heap-sort the rest.
					if ibkmin != nbreak {
						t[ibkmin-1] = t[nbreak-1]
						iorder[ibkmin-1] = iorder[nbreak-1]
					}
				}
				hpsolb(nleft, t, iorder, iter-2)
				tj = t[nleft-1]
				ibp = iorder[nleft-1]
			}
			dt := tj - tj0
			// The minimizer lies in [tj0, tj]?
			if dtm < dt {
				break
			}
			// Otherwise fix one variable and reset the quantities.
			tsum += dt
			nleft--
			iter++
			dibp := d[ibp-1]
			d[ibp-1] = 0
			var zibp float64
			if dibp > 0 {
				zibp = u[ibp-1] - x[ibp-1]
				xcp[ibp-1] = u[ibp-1]
				iwhere[ibp-1] = 2
			} else {
				zibp = l[ibp-1] - x[ibp-1]
				xcp[ibp-1] = l[ibp-1]
				iwhere[ibp-1] = 1
			}
			if nleft == 0 && nbreak == n {
				// All n variables are fixed: xcp is the corner.
				dtm = dt
				if col > 0 {
					daxpy(dtm, p[:col2], c[:col2])
				}
				return 0
			}
			w.nseg++
			dibp2 := dibp * dibp
			// f1 and f2 after fixing one variable.
			f1 = f1 + dt*f2 + dibp2 - theta*dibp*zibp
			f2 -= theta * dibp2
			if col > 0 {
				daxpy(dt, p[:col2], c[:col2])
				// wbp: the row of W of the breakpoint's variable.
				pointr := head
				for j := 1; j <= col; j++ {
					wbp[j-1] = wy[ix(ibp, pointr, n)]
					wbp[col+j-1] = theta * ws[ix(ibp, pointr, n)]
					pointr = pointr%m + 1
				}
				if info = w.bmv(wbp, v); info != 0 {
					return info
				}
				wmc := ddot(c[:col2], v[:col2])
				wmp := ddot(p[:col2], v[:col2])
				wmw := ddot(wbp[:col2], v[:col2])
				daxpy(-dibp, wbp[:col2], p[:col2])
				f1 += dibp * wmc
				f2 = f2 + 2.0*dibp*wmp - dibp2*wmw
			}
			f2 = fmax(w.epsmch*f2org, f2)
			if nleft > 0 {
				dtm = -f1 / f2
				continue
			} else if bnded {
				f1, f2, dtm = 0, 0, 0
			} else {
				dtm = -f1 / f2
			}
			break
		}
	}
	// 888: the Cauchy point in its segment.
	if dtm <= 0 {
		dtm = 0
	}
	tsum += dtm
	daxpy(tsum, d, xcp)
	if col > 0 {
		daxpy(dtm, p[:col2], c[:col2])
	}
	return 0
}

// cmprlb is lbfgsb.f's cmprlb: r = -Z'B(xcp - xk) - Z'g (unconstrained
// with corrections: r = -g), from c = W'(xcp - x) (w.wa[2m:4m]). info is
// -8 when bmv fails.
func (w *lbfgsb) cmprlb() (info int) {
	n, m, col, head, theta := w.n, w.m, w.col, w.head, w.theta
	x, g, z, r, index := w.x, w.g, w.z, w.r, w.index
	if !w.cnstnd && col > 0 {
		for i := range n {
			r[i] = -g[i]
		}
		return 0
	}
	for i := 1; i <= w.nfree; i++ {
		k := index[i-1]
		r[i-1] = -theta*(z[k-1]-x[k-1]) - g[k-1]
	}
	if info = w.bmv(w.wa[2*m:4*m], w.wa[:2*m]); info != 0 {
		return -8
	}
	pointr := head
	for j := 1; j <= col; j++ {
		a1 := w.wa[j-1]
		a2 := theta * w.wa[col+j-1]
		for i := 1; i <= w.nfree; i++ {
			k := index[i-1]
			r[i-1] = r[i-1] + w.wy[ix(k, pointr, n)]*a1 + w.ws[ix(k, pointr, n)]*a2
		}
		pointr = pointr%m + 1
	}
	return 0
}

// formk is lbfgsb.f's formk: the LEL' factorization of the indefinite
// matrix K = [-D -Y'ZZ'Y/theta, L_a' - R_z'; L_a - R_z, theta S'AA'S] of
// the subspace minimization, in w.wn (upper triangle), updating the inner
// products kept in w.snd (wn1) for the variables entering and leaving the
// free set. info is -1 or -2 when a Cholesky factorization fails.
func (w *lbfgsb) formk() (info int) {
	n, m, col, head, theta := w.n, w.m, w.col, w.head, w.theta
	nsub, ind, indx2 := w.nfree, w.index, w.indx2
	nenter, ileave := w.nenter, w.ileave
	ws, wy, sy, wn, wn1 := w.ws, w.wy, w.sy, w.wn, w.snd
	m2 := 2 * m
	var upcl int
	// Form the lower triangular part of WN1 = [Y' ZZ'Y, L_a' + R_z'; L_a + R_z, S'AA'S]
	// where L_a is the strictly lower triangular part of S'AA'Y and R_z
	// the upper triangular part of S'ZZ'Y.
	if w.updatd {
		if w.iupdat > m {
			// Shift old parts of WN1.
			for jy := 1; jy <= m-1; jy++ {
				js := m + jy
				copy(wn1[ix(jy, jy, m2):ix(jy, jy, m2)+m-jy], wn1[ix(jy+1, jy+1, m2):ix(jy+1, jy+1, m2)+m-jy])
				copy(wn1[ix(js, js, m2):ix(js, js, m2)+m-jy], wn1[ix(js+1, js+1, m2):ix(js+1, js+1, m2)+m-jy])
				copy(wn1[ix(m+1, jy, m2):ix(m+1, jy, m2)+m-1], wn1[ix(m+2, jy+1, m2):ix(m+2, jy+1, m2)+m-1])
			}
		}
		// Put new rows in blocks (1,1), (2,1) and (2,2).
		pbegin, pend := 1, nsub
		dbegin, dend := nsub+1, n
		iy := col
		is := m + col
		ipntr := head + col - 1
		if ipntr > m {
			ipntr -= m
		}
		jpntr := head
		for jy := 1; jy <= col; jy++ {
			js := m + jy
			var temp1, temp2, temp3 float64
			// Compute element jy of row 'col' of Y'ZZ'Y.
			for k := pbegin; k <= pend; k++ {
				k1 := ind[k-1]
				temp1 += wy[ix(k1, ipntr, n)] * wy[ix(k1, jpntr, n)]
			}
			// Compute elements jy of row 'col' of L_a and S'AA'S.
			for k := dbegin; k <= dend; k++ {
				k1 := ind[k-1]
				temp2 += ws[ix(k1, ipntr, n)] * ws[ix(k1, jpntr, n)]
				temp3 += ws[ix(k1, ipntr, n)] * wy[ix(k1, jpntr, n)]
			}
			wn1[ix(iy, jy, m2)] = temp1
			wn1[ix(is, js, m2)] = temp2
			wn1[ix(is, jy, m2)] = temp3
			jpntr = jpntr%m + 1
		}
		// Put new column in block (2,1).
		jy := col
		jpntr = head + col - 1
		if jpntr > m {
			jpntr -= m
		}
		ipntr = head
		for i := 1; i <= col; i++ {
			is := m + i
			var temp3 float64
			// Compute element i of column 'col' of R_z.
			for k := pbegin; k <= pend; k++ {
				k1 := ind[k-1]
				temp3 += ws[ix(k1, ipntr, n)] * wy[ix(k1, jpntr, n)]
			}
			ipntr = ipntr%m + 1
			wn1[ix(is, jy, m2)] = temp3
		}
		upcl = col - 1
	} else {
		upcl = col
	}
	// Modify the old parts in blocks (1,1) and (2,2) for the changes in
	// the set of free variables.
	ipntr := head
	for iy := 1; iy <= upcl; iy++ {
		is := m + iy
		jpntr := head
		for jy := 1; jy <= iy; jy++ {
			js := m + jy
			var temp1, temp2, temp3, temp4 float64
			for k := 1; k <= nenter; k++ {
				k1 := indx2[k-1]
				temp1 += wy[ix(k1, ipntr, n)] * wy[ix(k1, jpntr, n)]
				temp2 += ws[ix(k1, ipntr, n)] * ws[ix(k1, jpntr, n)]
			}
			for k := ileave; k <= n; k++ {
				k1 := indx2[k-1]
				temp3 += wy[ix(k1, ipntr, n)] * wy[ix(k1, jpntr, n)]
				temp4 += ws[ix(k1, ipntr, n)] * ws[ix(k1, jpntr, n)]
			}
			wn1[ix(iy, jy, m2)] = wn1[ix(iy, jy, m2)] + temp1 - temp3
			wn1[ix(is, js, m2)] = wn1[ix(is, js, m2)] - temp2 + temp4
			jpntr = jpntr%m + 1
		}
		ipntr = ipntr%m + 1
	}
	// Modify the old parts in block (2,1).
	ipntr = head
	for is := m + 1; is <= m+upcl; is++ {
		jpntr := head
		for jy := 1; jy <= upcl; jy++ {
			var temp1, temp3 float64
			for k := 1; k <= nenter; k++ {
				k1 := indx2[k-1]
				temp1 += ws[ix(k1, ipntr, n)] * wy[ix(k1, jpntr, n)]
			}
			for k := ileave; k <= n; k++ {
				k1 := indx2[k-1]
				temp3 += ws[ix(k1, ipntr, n)] * wy[ix(k1, jpntr, n)]
			}
			if is <= jy+m {
				wn1[ix(is, jy, m2)] = wn1[ix(is, jy, m2)] + temp1 - temp3
			} else {
				wn1[ix(is, jy, m2)] = wn1[ix(is, jy, m2)] - temp1 + temp3
			}
			jpntr = jpntr%m + 1
		}
		ipntr = ipntr%m + 1
	}
	// Form the upper triangle of WN = [D+Y'ZZ'Y/theta, -L_a'+R_z'; -L_a+R_z, S'AA'S*theta].
	for iy := 1; iy <= col; iy++ {
		is := col + iy
		is1 := m + iy
		for jy := 1; jy <= iy; jy++ {
			js := col + jy
			js1 := m + jy
			wn[ix(jy, iy, m2)] = wn1[ix(iy, jy, m2)] / theta
			wn[ix(js, is, m2)] = wn1[ix(is1, js1, m2)] * theta
		}
		for jy := 1; jy <= iy-1; jy++ {
			wn[ix(jy, is, m2)] = -wn1[ix(is1, jy, m2)]
		}
		for jy := iy; jy <= col; jy++ {
			wn[ix(jy, is, m2)] = wn1[ix(is1, jy, m2)]
		}
		wn[ix(iy, iy, m2)] += sy[ix(iy, iy, m)]
	}
	// Form the upper triangle of WN = [LL', L^-1(-L_a'+R_z'); (-L_a+R_z)L'^-1, S'AA'S*theta + ...]:
	// first Cholesky factor (1,1) block of wn to get LL' with L' stored in
	// the upper triangle of wn.
	if info = dpofa(wn, m2, col); info != 0 {
		return -1
	}
	// Then form L^-1(-L_a'+R_z') in the (1,2) block.
	col2 := 2 * col
	for js := col + 1; js <= col2; js++ {
		dtrsl(wn, m2, col, wn[ix(1, js, m2):], 11)
	}
	// Form S'AA'S*theta + (L^-1(-L_a'+R_z'))'L^-1(-L_a'+R_z') in the upper
	// triangle of (2,2) block of wn.
	for is := col + 1; is <= col2; is++ {
		for js := is; js <= col2; js++ {
			wn[ix(is, js, m2)] += ddot(wn[ix(1, is, m2):ix(1, is, m2)+col], wn[ix(1, js, m2):ix(1, js, m2)+col])
		}
	}
	// Cholesky factorization of (2,2) block of wn.
	if info = dpofa(wn[ix(col+1, col+1, m2):], m2, col); info != 0 {
		return -2
	}
	return 0
}

// formt is lbfgsb.f's formt: the upper half of T = theta S'S + L D^-1 L'
// in w.wt, then its Cholesky factor J' in place. info is -3 when T is not
// positive definite.
func (w *lbfgsb) formt() (info int) {
	m, col, theta, wt, sy, ss := w.m, w.col, w.theta, w.wt, w.sy, w.ss
	for j := 1; j <= col; j++ {
		wt[ix(1, j, m)] = theta * ss[ix(1, j, m)]
	}
	for i := 2; i <= col; i++ {
		for j := i; j <= col; j++ {
			k1 := min(i, j) - 1
			var ddum float64
			for k := 1; k <= k1; k++ {
				ddum += sy[ix(i, k, m)] * sy[ix(j, k, m)] / sy[ix(k, k, m)]
			}
			wt[ix(i, j, m)] = ddum + theta*ss[ix(i, j, m)]
		}
	}
	if info = dpofa(wt, m, col); info != 0 {
		return -3
	}
	return 0
}

// freev is lbfgsb.f's freev: the variables entering (indx2[:nenter]) and
// leaving (indx2[ileave-1:]) the free set since the last iteration, the
// free variables in index[:nfree] and the active ones after them, and
// wrk: whether formk must run.
func (w *lbfgsb) freev() {
	n, index, indx2, iwhere := w.n, w.index, w.indx2, w.iwhere
	w.nenter = 0
	w.ileave = n + 1
	if w.iter > 0 && w.cnstnd {
		// Count the entering and leaving variables.
		for i := 1; i <= w.nfree; i++ {
			k := index[i-1]
			if iwhere[k-1] > 0 {
				w.ileave--
				indx2[w.ileave-1] = k
			}
		}
		for i := 1 + w.nfree; i <= n; i++ {
			k := index[i-1]
			if iwhere[k-1] <= 0 {
				w.nenter++
				indx2[w.nenter-1] = k
			}
		}
	}
	w.wrk = w.ileave < n+1 || w.nenter > 0 || w.updatd
	// Find the index set of free and active variables at the GCP.
	w.nfree = 0
	iact := n + 1
	for i := 1; i <= n; i++ {
		if iwhere[i-1] <= 0 {
			w.nfree++
			index[w.nfree-1] = i
		} else {
			iact--
			index[iact-1] = i
		}
	}
}

// hpsolb is lbfgsb.f's hpsolb: with iheap 0 it first makes t[:n] a heap
// (with iorder alongside); then it moves the least element to t[n-1] and
// restores the heap in t[:n-1].
func hpsolb(n int, t []float64, iorder []int, iheap int) {
	if iheap == 0 {
		// Rearrange the elements t(1) to t(n) to form a heap.
		for k := 2; k <= n; k++ {
			ddum := t[k-1]
			indxin := iorder[k-1]
			// Add ddum to the heap.
			i := k
			for i > 1 {
				j := i / 2
				if !(ddum < t[j-1]) {
					break
				}
				t[i-1] = t[j-1]
				iorder[i-1] = iorder[j-1]
				i = j
			}
			t[i-1] = ddum
			iorder[i-1] = indxin
		}
	}
	// Assign to 'out' the value of t(1), the least member of the heap,
	// and rearrange the remaining members to form a heap as elements 1 to
	// n-1 of t.
	if n > 1 {
		i := 1
		out := t[0]
		indxou := iorder[0]
		ddum := t[n-1]
		indxin := iorder[n-1]
		// Restore the heap.
		for {
			j := i + i
			if j > n-1 {
				break
			}
			if t[j] < t[j-1] {
				j++
			}
			if !(t[j-1] < ddum) {
				break
			}
			t[i-1] = t[j-1]
			iorder[i-1] = iorder[j-1]
			i = j
		}
		t[i-1] = ddum
		iorder[i-1] = indxin
		// Put the least member in t(n).
		t[n-1] = out
		iorder[n-1] = indxou
	}
}

// matupd is lbfgsb.f's matupd: stores the new correction pair s = w.d,
// y = w.r in the circular ws and wy, sets theta = y'y / y's, and updates
// S'Y (lower triangle of sy) and S'S (upper triangle of ss).
func (w *lbfgsb) matupd(rr, dr float64) {
	n, m := w.n, w.m
	ws, wy, sy, ss, d, r := w.ws, w.wy, w.sy, w.ss, w.d, w.r
	// Set pointers for matrices WS and WY.
	if w.iupdat <= m {
		w.col = w.iupdat
		w.itail = (w.head+w.iupdat-2)%m + 1
	} else {
		w.itail = w.itail%m + 1
		w.head = w.head%m + 1
	}
	col := w.col
	// Update matrices WS and WY.
	copy(ws[ix(1, w.itail, n):ix(1, w.itail, n)+n], d)
	copy(wy[ix(1, w.itail, n):ix(1, w.itail, n)+n], r)
	// Set theta = yy/ys.
	w.theta = rr / dr
	// Form the middle matrix in B: update the upper triangle of SS and the
	// lower triangle of SY.
	if w.iupdat > m {
		// Move old information.
		for j := 1; j <= col-1; j++ {
			copy(ss[ix(1, j, m):ix(1, j, m)+j], ss[ix(2, j+1, m):ix(2, j+1, m)+j])
			copy(sy[ix(j, j, m):ix(j, j, m)+col-j], sy[ix(j+1, j+1, m):ix(j+1, j+1, m)+col-j])
		}
	}
	// Add new information: the last row of SY and the last column of SS.
	pointr := w.head
	for j := 1; j <= col-1; j++ {
		sy[ix(col, j, m)] = ddot(d, wy[ix(1, pointr, n):ix(1, pointr, n)+n])
		ss[ix(j, col, m)] = ddot(ws[ix(1, pointr, n):ix(1, pointr, n)+n], d)
		pointr = pointr%m + 1
	}
	if w.stp == 1 {
		ss[ix(col, col, m)] = w.dtd
	} else {
		ss[ix(col, col, m)] = w.stp * w.stp * w.dtd
	}
	sy[ix(col, col, m)] = dr
}

// projgr is lbfgsb.f's projgr: the max-norm of the projected gradient
// (a NaN component gives NaN).
func (w *lbfgsb) projgr() float64 {
	var sbgnrm float64
	for i, gi := range w.g {
		if gi != gi {
			return gi
		}
		if w.nbd[i] != 0 {
			if gi < 0 {
				if w.nbd[i] >= 2 {
					gi = fmax(w.x[i]-w.u[i], gi)
				}
			} else {
				if w.nbd[i] <= 2 {
					gi = fmin(w.x[i]-w.l[i], gi)
				}
			}
		}
		sbgnrm = fmax(sbgnrm, math.Abs(gi))
	}
	return sbgnrm
}

// subsm is lbfgsb.f's subsm (3.0's, with its projected backtracking):
// the subspace minimization from the Cauchy point w.z over the free
// variables, its direction in w.r (d), the result in w.z, w.xp a copy of
// the Cauchy point. info is dtrsl's.
func (w *lbfgsb) subsm() (info int) {
	n, m, col, head, theta := w.n, w.m, w.col, w.head, w.theta
	nsub, ind, l, u, nbd := w.nfree, w.index, w.l, w.u, w.nbd
	x, d, xp, xx, gg := w.z, w.r, w.xp, w.x, w.g
	ws, wy, wn := w.ws, w.wy, w.wn
	wv := w.wa[:2*m]
	if nsub <= 0 {
		return 0
	}
	// Compute wv = W'Zd.
	pointr := head
	for i := 1; i <= col; i++ {
		var temp1, temp2 float64
		for j := 1; j <= nsub; j++ {
			k := ind[j-1]
			temp1 += wy[ix(k, pointr, n)] * d[j-1]
			temp2 += ws[ix(k, pointr, n)] * d[j-1]
		}
		wv[i-1] = temp1
		wv[col+i-1] = theta * temp2
		pointr = pointr%m + 1
	}
	// Compute wv := K^-1 wv.
	m2 := 2 * m
	col2 := 2 * col
	if info = dtrsl(wn, m2, col2, wv, 11); info != 0 {
		return info
	}
	for i := range col {
		wv[i] = -wv[i]
	}
	if info = dtrsl(wn, m2, col2, wv, 1); info != 0 {
		return info
	}
	// Compute d = (1/theta)d + (1/theta^2)Z'W wv.
	pointr = head
	for jy := 1; jy <= col; jy++ {
		js := col + jy
		for i := 1; i <= nsub; i++ {
			k := ind[i-1]
			d[i-1] = d[i-1] + wy[ix(k, pointr, n)]*wv[jy-1]/theta + ws[ix(k, pointr, n)]*wv[js-1]
		}
		pointr = pointr%m + 1
	}
	s := 1 / theta
	for i := range nsub {
		d[i] *= s
	}
	// Let us try the projection: d is the Newton direction.
	iword := 0
	copy(xp, x)
	for i := 1; i <= nsub; i++ {
		k := ind[i-1]
		dk := d[i-1]
		xk := x[k-1]
		switch nbd[k-1] {
		case 0: // free variables
			x[k-1] = xk + dk
		case 1: // lower bounds only
			x[k-1] = fmax(l[k-1], xk+dk)
			if x[k-1] == l[k-1] {
				iword = 1
			}
		case 2: // upper and lower bounds
			xk = fmax(l[k-1], xk+dk)
			x[k-1] = fmin(u[k-1], xk)
			if x[k-1] == l[k-1] || x[k-1] == u[k-1] {
				iword = 1
			}
		case 3: // upper bounds only
			x[k-1] = fmin(u[k-1], xk+dk)
			if x[k-1] == u[k-1] {
				iword = 1
			}
		}
	}
	w.iword = iword
	if iword == 0 {
		return 0
	}
	// Check the sign of the directional derivative.
	var ddp float64
	for i := range n {
		ddp += (x[i] - xx[i]) * gg[i]
	}
	if !(ddp > 0) {
		return 0
	}
	copy(x, xp) // positive directional derivative in the projection: backtrack
	alpha := 1.0
	temp1 := alpha
	ibd := 0
	for i := 1; i <= nsub; i++ {
		k := ind[i-1]
		dk := d[i-1]
		if nbd[k-1] != 0 {
			if dk < 0 && nbd[k-1] <= 2 {
				temp2 := l[k-1] - x[k-1]
				if temp2 >= 0 {
					temp1 = 0
				} else if dk*alpha < temp2 {
					temp1 = temp2 / dk
				}
			} else if dk > 0 && nbd[k-1] >= 2 {
				temp2 := u[k-1] - x[k-1]
				if temp2 <= 0 {
					temp1 = 0
				} else if dk*alpha > temp2 {
					temp1 = temp2 / dk
				}
			}
			if temp1 < alpha {
				alpha = temp1
				ibd = i
			}
		}
	}
	if alpha < 1 {
		dk := d[ibd-1]
		k := ind[ibd-1]
		if dk > 0 {
			x[k-1] = u[k-1]
			d[ibd-1] = 0
		} else if dk < 0 {
			x[k-1] = l[k-1]
			d[ibd-1] = 0
		}
	}
	for i := 1; i <= nsub; i++ {
		k := ind[i-1]
		x[k-1] += alpha * d[i-1]
	}
	return 0
}
