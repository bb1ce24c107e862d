package gonum

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// newtonDirection is gonum's Newton NextDirectioner (optimize/newton.go,
// v0.17.0: Nocedal and Wright's Algorithm 3.3, Cholesky with an added
// multiple of the identity, tau kept from one iteration to the next) with
// mat.Cholesky's steps done by the same LAPACK routines (Lansy, Potrf,
// Potrs), so its iterates are bit-identical to gonum's (tested), save one:
// mat.Cholesky estimates the condition number with Pocon after every
// factorization, and refuses the solve above 1e16. Here a cheap upper bound
// on the condition number, |A|_inf |U^-1|_1 |U^-1|_inf, is computed first,
// and Pocon only when the bound does not show the condition number below
// 1e15: Pocon's estimate never exceeds the true condition number, so the
// decision is gonum's. That halves the cost of a direction on the classroom
// problem.
type newtonDirection struct {
	increase float64
	tau      float64

	n       int
	a       blas64.Symmetric // the shifted Hessian, then its factor U (upper)
	b       blas64.General   // the right-hand side, then the direction
	uinv    []float64        // n x n: U^-1, for the bound
	colSums []float64        // n: its column sums of |.|
	work    []float64
	iwork   []int
}

var _ optimize.NextDirectioner = (*newtonDirection)(nil)

func (d *newtonDirection) InitDirection(loc *optimize.Location, dir []float64) float64 {
	d.tau = 0
	return d.NextDirection(loc, dir)
}

func (d *newtonDirection) NextDirection(loc *optimize.Location, dir []float64) float64 {
	n := len(loc.X)
	if d.n != n {
		d.n = n
		d.a = blas64.Symmetric{N: n, Stride: n, Data: make([]float64, n*n), Uplo: blas.Upper}
		d.b = blas64.General{Rows: n, Cols: 1, Stride: 1}
		d.uinv = make([]float64, n)
		d.colSums = make([]float64, n)
		d.work = make([]float64, 3*n)
		d.iwork = make([]int, n)
	}
	H := loc.Hessian
	minA := H.At(0, 0)
	for i := 1; i < n; i++ {
		if a := H.At(i, i); a < minA {
			minA = a
		}
	}
	if minA > 0 {
		d.tau = 0
	} else if d.tau == 0 {
		d.tau = -minA + 0.001
	}
	raw := H.RawSymmetric()
	for k := 0; k < 20; k++ {
		// The upper triangle of H + tau I, as copySymIntoTriangle and the
		// SetSym of the shift write it.
		for i := range n {
			copy(d.a.Data[i*n+i:i*n+n], raw.Data[i*raw.Stride+i:i*raw.Stride+n])
			if d.tau != 0 {
				d.a.Data[i*n+i] = raw.Data[i*raw.Stride+i] + d.tau
			}
		}
		norm := lapack64.Lansy(mat.CondNorm, d.a, d.work)
		if _, ok := lapack64.Potrf(d.a); ok {
			d.b.Data = dir
			copy(dir, loc.Gradient)
			tri := blas64.Triangular{N: n, Stride: n, Data: d.a.Data, Uplo: blas.Upper, Diag: blas.NonUnit}
			lapack64.Potrs(tri, d.b)
			if !d.illConditioned(tri, norm) {
				for i := range dir {
					dir[i] = -dir[i]
				}
				return 1
			}
		}
		d.tau = math.Max(d.increase*d.tau, 0.001)
	}
	for i, g := range loc.Gradient {
		dir[i] = -g
	}
	return 1
}

// illConditioned is mat.Cholesky's test, cond > 1e16 with cond from
// Pocon, answered from a cheap upper bound when it can be.
func (d *newtonDirection) illConditioned(U blas64.Triangular, norm float64) bool {
	n := d.n
	// |U^-1|_inf <= |M(U)^-1 e|_inf and |U^-1|_1 <= |M(U)^-T e|_inf, M(U)
	// the comparison matrix (|u_ii| on the diagonal, -|u_ij| off it), whose
	// inverse is nonnegative (Higham, Accuracy and Stability of Numerical
	// Algorithms, 8.3): two triangular solves instead of U^-1.
	y, z := d.uinv[:n], d.colSums
	var row, col float64
	for i := n - 1; i >= 0; i-- {
		s := 1.0
		for j := i + 1; j < n; j++ {
			s += math.Abs(U.Data[i*n+j]) * y[j]
		}
		y[i] = s / math.Abs(U.Data[i*n+i])
		row = math.Max(row, y[i])
	}
	for j := range n {
		s := 1.0
		for i := range j {
			s += math.Abs(U.Data[i*n+j]) * z[i]
		}
		z[j] = s / math.Abs(U.Data[j*n+j])
		col = math.Max(col, z[j])
	}
	// |A^-1| <= |U^-1| |U^-T| and |U^-T|_1 = |U^-1|_inf; the norms of a
	// symmetric matrix agree.
	if bound := norm * col * row; bound <= 1e15 {
		return false
	}
	sym := blas64.Symmetric{N: n, Stride: n, Data: U.Data, Uplo: blas.Upper}
	return 1/lapack64.Pocon(sym, norm, d.work, d.iwork) > mat.ConditionTolerance
}
