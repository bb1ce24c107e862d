package objective

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
)

// BenchmarkLayerProducts compares the two ways of computing the matrix
// products of one chunk (n samples): the axpy and dot loops the loss uses
// (gonum's assembly kernels, one per row) and one gonum BLAS Gemm per
// product. Both compute the output activations A = V Z, the output-weight
// gradient D2 Z^T and the back-propagated deltas V^T D2.
func BenchmarkLayerProducts(b *testing.B) {
	for _, size := range []struct{ n, m, k int }{{100, 2, 3}, {256, 32, 3}} {
		n, M, K := size.n, size.m, size.k
		rng := rand.New(rand.NewPCG(1, 1))
		fill := func(s []float64) []float64 {
			for i := range s {
				s[i] = rng.NormFloat64()
			}
			return s
		}
		V := fill(make([]float64, K*M))
		Z := fill(make([]float64, M*n))
		D2 := fill(make([]float64, K*n))
		A := make([]float64, K*n)
		G := make([]float64, K*M)
		D1 := make([]float64, M*n)
		b.Run(fmt.Sprintf("loops/n=%d/M=%d", n, M), func(b *testing.B) {
			for b.Loop() {
				for k := range K {
					ak := A[k*n : (k+1)*n]
					clear(ak)
					for j := range M {
						floats.AddScaled(ak, V[k*M+j], Z[j*n:(j+1)*n])
					}
					for j := range M {
						G[k*M+j] = floats.Dot(D2[k*n:(k+1)*n], Z[j*n:(j+1)*n])
					}
				}
				for j := range M {
					dj := D1[j*n : (j+1)*n]
					clear(dj)
					for k := range K {
						floats.AddScaled(dj, V[k*M+j], D2[k*n:(k+1)*n])
					}
				}
			}
		})
		b.Run(fmt.Sprintf("gemm/n=%d/M=%d", n, M), func(b *testing.B) {
			v := blas64.General{Rows: K, Cols: M, Stride: M, Data: V}
			z := blas64.General{Rows: M, Cols: n, Stride: n, Data: Z}
			d2 := blas64.General{Rows: K, Cols: n, Stride: n, Data: D2}
			a := blas64.General{Rows: K, Cols: n, Stride: n, Data: A}
			g := blas64.General{Rows: K, Cols: M, Stride: M, Data: G}
			d1 := blas64.General{Rows: M, Cols: n, Stride: n, Data: D1}
			for b.Loop() {
				blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, v, z, 0, a)
				blas64.Gemm(blas.NoTrans, blas.Trans, 1, d2, z, 0, g)
				blas64.Gemm(blas.Trans, blas.NoTrans, 1, v, d2, 0, d1)
			}
		})
	}
}
