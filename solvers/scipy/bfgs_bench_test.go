package scipy

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkBFGSUpdate is one update of scipy:BFGS's inverse Hessian at n
// parameters, by scipy's two products (exact) and by the rank-two form
// (which also makes the next direction -H g), from a dense, nearly
// symmetric H: what exactBFGSUpTo was chosen by.
//
//	go test ./solvers/scipy -run '^$' -bench BFGSUpdate
func BenchmarkBFGSUpdate(b *testing.B) {
	for _, n := range []int{8, 16, 24, 32, 48, 64, 100, 200, 771} {
		rng := rand.New(rand.NewPCG(1, uint64(n)))
		vec := func() []float64 {
			v := make([]float64, n)
			for i := range v {
				v[i] = rng.NormFloat64()
			}
			return v
		}
		H0 := identity(n)
		for i := range H0 {
			H0[i] += 0.01 * rng.NormFloat64()
		}
		s, y, g := vec(), vec(), vec()
		rho := 1 / dot(s, y)
		H := make([]float64, n*n)
		b.Run(fmt.Sprintf("n=%d/exact", n), func(b *testing.B) {
			if n > 200 && testing.Short() {
				b.Skip("seconds per op")
			}
			T, A := make([]float64, n*n), make([]float64, n*n)
			for b.Loop() {
				copy(H, H0)
				exactUpdate(H, T, A, s, y, rho, func() {})
			}
		})
		b.Run(fmt.Sprintf("n=%d/rank2", n), func(b *testing.B) {
			u, w, pk := make([]float64, n), make([]float64, n), make([]float64, n)
			for b.Loop() {
				copy(H, H0)
				rank2Update(H, s, y, rho, u, w, g, pk)
			}
		})
	}
}
