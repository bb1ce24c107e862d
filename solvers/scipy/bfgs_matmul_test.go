package scipy

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// matmulIKJ is matmul as the naive i-k-j loop, each element's chain
// through memory: the reference TestMatmulBitForBit holds matmul to.
func matmulIKJ(dst, a, b []float64, n int) {
	for i := range n {
		row := dst[i*n : i*n+n]
		for j := range row {
			row[j] = 0
		}
		for k := range n {
			aik := a[i*n+k]
			bk := b[k*n : k*n+n]
			for j := range row {
				row[j] = math.FMA(aik, bk[j], row[j])
			}
		}
	}
}

// TestMatmulBitForBit: matmul's blocked loop gives every element the
// same chain of fused multiply-adds as the naive i-k-j loop, bit for bit,
// at every n from 1 to 40 (all remainders of its 2 x 4 blocks) and at
// 65, 100 and 131, on matrices whose entries span many magnitudes and
// signs (so that any change of order would show in the last bits).
func TestMatmulBitForBit(t *testing.T) {
	sizes := []int{65, 100, 131}
	for n := 1; n <= 40; n++ {
		sizes = append(sizes, n)
	}
	for _, n := range sizes {
		rng := rand.New(rand.NewPCG(uint64(n), 7))
		mat := func() []float64 {
			m := make([]float64, n*n)
			for i := range m {
				m[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4))
			}
			return m
		}
		a, b := mat(), mat()
		got, want := make([]float64, n*n), make([]float64, n*n)
		for i := range got {
			got[i] = math.NaN() // matmul must set every element
		}
		matmul(got, a, b, n, func() {})
		matmulIKJ(want, a, b, n)
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("n = %d: element (%d, %d) is %v, the i-k-j loop's %v", n, i/n, i%n, got[i], want[i])
			}
		}
	}
}

// BenchmarkMatmul is one n x n product by matmul and by the naive i-k-j
// loop it reproduces.
//
//	go test ./solvers/scipy -run '^$' -bench Matmul
func BenchmarkMatmul(b *testing.B) {
	for _, n := range []int{9, 15, 32} {
		x, y, dst := identity(n), identity(n), make([]float64, n*n)
		b.Run(fmt.Sprintf("n=%d/blocked", n), func(b *testing.B) {
			for b.Loop() {
				matmul(dst, x, y, n, func() {})
			}
		})
		b.Run(fmt.Sprintf("n=%d/ikj", n), func(b *testing.B) {
			for b.Loop() {
				matmulIKJ(dst, x, y, n)
			}
		})
	}
}
