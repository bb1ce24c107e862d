package scipy

import "math"

// The LINPACK routines L-BFGS-B 3.0 calls (scipy's lbfgsb_src/linpack.f)
// and the reference BLAS level-1 loops it uses, in their order of
// operations. Matrices are column-major with a leading dimension, as in
// Fortran: a(i,j) is a[(i-1)+(j-1)*lda] with 1-based i and j, and a
// matrix argument is the slice starting at its (1,1) element.

// ix is the offset of the 1-based element (i, j) of a column-major matrix
// with leading dimension ld.
func ix(i, j, ld int) int { return i - 1 + (j-1)*ld }

// ddot is the reference BLAS ddot with unit strides: x.y summed in index
// order.
func ddot(x, y []float64) float64 {
	y = y[:len(x)]
	var s float64
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

// daxpy is the reference BLAS daxpy with unit strides: y += a x. Like the
// reference, it does nothing when a is 0.
func daxpy(a float64, x, y []float64) {
	if a == 0 {
		return
	}
	y = y[:len(x)]
	for i, v := range x {
		y[i] += a * v
	}
}

// dpofa is LINPACK's Cholesky factorization of the symmetric positive
// definite n x n matrix a (upper triangle used, lda its leading
// dimension): on return the upper triangle holds R with a = R'R. info is
// 0, or the order k of the leading minor that is not positive definite.
func dpofa(a []float64, lda, n int) (info int) {
	for j := 1; j <= n; j++ {
		var s float64
		for k := 1; k <= j-1; k++ {
			t := a[ix(k, j, lda)] - ddot(a[ix(1, k, lda):ix(1, k, lda)+k-1], a[ix(1, j, lda):ix(1, j, lda)+k-1])
			t /= a[ix(k, k, lda)]
			a[ix(k, j, lda)] = t
			s += t * t
		}
		s = a[ix(j, j, lda)] - s
		if s <= 0 {
			return j
		}
		a[ix(j, j, lda)] = math.Sqrt(s)
	}
	return 0
}

// dtrsl is LINPACK's solution of T x = b (job 01) or T' x = b (job 11)
// for an upper triangular n x n T (leading dimension ldt), in place in b;
// the lower triangular jobs 00 and 10 are not used by L-BFGS-B and not
// ported. info is 0, or the index of the first zero on T's diagonal (b is
// then unchanged).
func dtrsl(t []float64, ldt, n int, b []float64, job int) (info int) {
	for info = 1; info <= n; info++ {
		if t[ix(info, info, ldt)] == 0 {
			return info
		}
	}
	switch job {
	case 1: // T x = b, T upper triangular
		b[n-1] /= t[ix(n, n, ldt)]
		for jj := 2; jj <= n; jj++ {
			j := n - jj + 1
			temp := -b[j]
			daxpy(temp, t[ix(1, j+1, ldt):ix(1, j+1, ldt)+j], b[:j])
			b[j-1] /= t[ix(j, j, ldt)]
		}
	case 11: // T' x = b, T upper triangular
		b[0] /= t[ix(1, 1, ldt)]
		for j := 2; j <= n; j++ {
			b[j-1] -= ddot(t[ix(1, j, ldt):ix(1, j, ldt)+j-1], b[:j-1])
			b[j-1] /= t[ix(j, j, ldt)]
		}
	default:
		panic("lbfgsb: dtrsl job not ported")
	}
	return 0
}
