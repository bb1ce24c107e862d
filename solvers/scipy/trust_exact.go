package scipy

import (
	"math"

	"github.com/optbench/optbench/solvers/core"
)

// solveExact is scipy's IterativeSubproblem.solve (trust-exact): the
// Lagrange multiplier lambda of the trust-region subproblem found by
// Newton's method on |p(lambda)| = radius, safeguarded by Gershgorin and
// norm bounds, with the hard case handled through an estimate of the
// smallest singular vector of the Cholesky factor (More and Sorensen 1983;
// Conn, Gould and Toint 2000, 7.3). k_easy = 0.1, k_hard = 0.2. The step
// is one of the workspace's vectors.
func (m *trustModel) solveExact(radius float64) ([]float64, bool, error) {
	const updateCoeff = 0.01
	const eps = 2.220446049250313e-16
	kEasy, kHard := 0.1, 0.2 // scipy's defaults
	if m.kEasy > 0 {
		kEasy, kHard = m.kEasy, m.kHard
	}
	m.niter = 0
	lambdaCurrent := 0.0
	defer func() { m.lambdaCurrent = lambdaCurrent }()
	g, H := m.jac(), m.hess()
	n := len(g)
	jacMag := m.jacMag()

	// The bounds of scipy's __init__, per point.
	var gLB, gUB, hInf, hFro float64
	gLB, gUB = math.Inf(1), math.Inf(-1)
	minDiag := math.Inf(1)
	for i := range n {
		var rowSum float64
		for j := range n {
			rowSum += math.Abs(H[i*n+j])
			hFro += H[i*n+j] * H[i*n+j]
		}
		d := H[i*n+i]
		gLB = math.Min(gLB, d+math.Abs(d)-rowSum)
		gUB = math.Max(gUB, d-math.Abs(d)+rowSum)
		hInf = math.Max(hInf, rowSum)
		minDiag = math.Min(minDiag, d)
	}
	hFro = math.Sqrt(hFro)
	closeToZero := float64(n) * eps * hInf

	// _initial_values
	lambdaUB := math.Max(0, jacMag/radius+math.Min(-gLB, math.Min(hFro, hInf)))
	lambdaLB := math.Max(0, math.Max(-minDiag, jacMag/radius-math.Min(gUB, math.Min(hFro, hInf))))
	if radius < m.prevRadius {
		lambdaLB = math.Max(m.lambdaLB, lambdaLB)
	}
	if lambdaLB != 0 {
		lambdaCurrent = math.Max(math.Sqrt(lambdaLB*lambdaUB), lambdaLB+updateCoeff*(lambdaUB-lambdaLB))
	}
	next := func() float64 {
		return math.Max(math.Sqrt(lambdaLB*lambdaUB), lambdaLB+updateCoeff*(lambdaUB-lambdaLB))
	}

	ws := m.work()
	ws.exact()
	Hl, U, Utry := ws.hl, ws.u, ws.uTry
	factor := func(lambda float64, dst []float64) int {
		copy(Hl, H)
		for i := range n {
			Hl[i*n+i] += lambda
		}
		return cholUpper(dst, Hl, n)
	}
	p, w := ws.p, ws.w
	hitsBoundary := true
	already := false
	info := 0
	for iter := 0; ; iter++ {
		if iter > 1000 {
			return nil, false, errLinalg // scipy loops on; a bound keeps a run finite
		}
		if already {
			already = false
		} else {
			info = factor(lambdaCurrent, U)
		}
		m.niter++
		switch {
		case info == 0 && jacMag > closeToZero:
			if core.NonFinite(U) || core.NonFinite(g) {
				return nil, false, errChkFinite // scipy's cho_solve checks both
			}
			for i := range p {
				p[i] = -g[i]
			}
			choSolve(U, p, n)
			pNorm := math.Sqrt(dot(p, p))
			if pNorm <= radius && lambdaCurrent == 0 {
				hitsBoundary = false
				m.prevRadius, m.lambdaLB = radius, lambdaLB
				return p, hitsBoundary, nil
			}
			copy(w, p)
			solveUpperT(U, w, n)
			wNorm := math.Sqrt(dot(w, w))
			deltaLambda := (pNorm / wNorm) * (pNorm / wNorm) * (pNorm - radius) / radius
			lambdaNew := lambdaCurrent + deltaLambda
			if pNorm < radius { // inside the boundary
				sMin, zMin := ws.ss.smallestSingular(U, n)
				ta, tb := boundaries(p, zMin, radius)
				stepLen := ta
				if math.Abs(tb) < math.Abs(ta) {
					stepLen = tb
				}
				// quadratic_term = p' H(lambda) p with H(lambda) = H + lambda I
				copy(Hl, H)
				for i := range n {
					Hl[i*n+i] += lambdaCurrent
				}
				matVec(w, Hl, p)
				quad := dot(p, w)
				relErr := (stepLen * stepLen * sMin * sMin) / (quad + lambdaCurrent*radius*radius)
				if relErr <= kHard {
					for i := range p {
						p[i] += stepLen * zMin[i]
					}
					m.prevRadius, m.lambdaLB = radius, lambdaLB
					return p, hitsBoundary, nil
				}
				lambdaUB = lambdaCurrent
				lambdaLB = math.Max(lambdaLB, lambdaCurrent-sMin*sMin)
				// scipy factors into a new matrix here and, on success,
				// goes on with the old factor U (its c is never used): a
				// quirk of scipy 1.10 kept for fidelity.
				if info2 := factor(lambdaNew, Utry); info2 == 0 {
					lambdaCurrent = lambdaNew
					info = 0
					already = true
				} else {
					lambdaLB = math.Max(lambdaLB, lambdaNew)
					lambdaCurrent = next()
				}
			} else { // outside the boundary
				if math.Abs(pNorm-radius)/radius <= kEasy {
					m.prevRadius, m.lambdaLB = radius, lambdaLB
					return p, hitsBoundary, nil
				}
				lambdaLB = lambdaCurrent
				lambdaCurrent = lambdaNew
			}
		case info == 0 && jacMag <= closeToZero:
			if lambdaCurrent == 0 {
				m.prevRadius, m.lambdaLB = radius, lambdaLB
				clear(p)
				return p, false, nil
			}
			sMin, zMin := ws.ss.smallestSingular(U, n)
			if radius*radius*sMin*sMin <= kHard*lambdaCurrent*radius*radius {
				for i := range p {
					p[i] = radius * zMin[i]
				}
				m.prevRadius, m.lambdaLB = radius, lambdaLB
				return p, hitsBoundary, nil
			}
			lambdaUB = lambdaCurrent
			lambdaLB = math.Max(lambdaLB, lambdaCurrent-sMin*sMin)
			lambdaCurrent = next()
		default: // the factorization failed at leading minor info
			copy(Hl, H)
			for i := range n {
				Hl[i*n+i] += lambdaCurrent
			}
			delta, v := ws.ss.singularLeadingSubmatrix(Hl, U, n, info)
			vNorm := math.Sqrt(dot(v, v))
			lambdaLB = math.Max(lambdaLB, lambdaCurrent+delta/(vNorm*vNorm))
			lambdaCurrent = next()
		}
	}
}

// singularWork is the scratch of smallestSingular and
// singularLeadingSubmatrix for n parameters, made once per run: the
// vectors they return are its own, valid until its next call.
type singularWork struct {
	p, w, pp, pm, v, lead []float64
}

func (sw *singularWork) make(n int) {
	vecs(n, &sw.p, &sw.w, &sw.pp, &sw.pm, &sw.v, &sw.lead)
}

// singularLeadingSubmatrix is scipy's singular_leading_submatrix: for A
// (n x n) whose Cholesky factorization U stopped at the leading minor k
// (1-based), the delta that makes A[:k, :k] singular when added to
// A[k-1, k-1], and a v with v[k:] = 0 and v' (A + delta e e') v = 0.
func singularLeadingSubmatrix(A, U []float64, n, k int) (float64, []float64) {
	var sw singularWork
	sw.make(n)
	return sw.singularLeadingSubmatrix(A, U, n, k)
}

// singularLeadingSubmatrix is the function of that name; v is sw's.
func (sw *singularWork) singularLeadingSubmatrix(A, U []float64, n, k int) (float64, []float64) {
	var sum float64 // np.sum(U[:k-1, k-1]**2), in order
	for i := range k - 1 {
		sum += U[i*n+(k-1)] * U[i*n+(k-1)]
	}
	delta := sum - A[(k-1)*n+(k-1)]
	v := sw.lead
	clear(v)
	v[k-1] = 1
	if k != 1 {
		for i := range k - 1 {
			v[i] = -U[i*n+(k-1)]
		}
		solveUpperM(U, v[:k-1], n, k-1)
	}
	return delta, v
}

// smallestSingular is scipy's estimate_smallest_singular_value for an
// upper triangular U: the estimate of its smallest singular value and the
// corresponding unit vector (Cline, Moler, Stewart and Wilkinson 1979).
func smallestSingular(U []float64, n int) (float64, []float64) {
	var sw singularWork
	sw.make(n)
	return sw.smallestSingular(U, n)
}

// smallestSingular is the function of that name; the vector is sw's.
func (sw *singularWork) smallestSingular(U []float64, n int) (float64, []float64) {
	p, w, pp, pm := sw.p, sw.w, sw.pp, sw.pm
	// p starts at zero (scipy's np.zeros); w, pp and pm are written
	// before they are read.
	clear(p)
	for k := range n {
		ukk := U[k*n+k]
		wp := (1 - p[k]) / ukk
		wm := (-1 - p[k]) / ukk
		var sp, sm float64
		for j := k + 1; j < n; j++ {
			pp[j] = p[j] + U[k*n+j]*wp
			pm[j] = p[j] + U[k*n+j]*wm
			sp += math.Abs(pp[j])
			sm += math.Abs(pm[j])
		}
		if math.Abs(wp)+sp >= math.Abs(wm)+sm {
			w[k] = wp
			copy(p[k+1:], pp[k+1:])
		} else {
			w[k] = wm
			copy(p[k+1:], pm[k+1:])
		}
	}
	v := sw.v
	copy(v, w)
	solveUpper(U, v, n)
	vNorm := math.Sqrt(dot(v, v))
	wNorm := math.Sqrt(dot(w, w))
	for i := range v {
		v[i] /= vNorm
	}
	return wNorm / vNorm, v
}
