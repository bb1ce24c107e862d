package scipy

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/optbench/optbench/solvers/core"
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

// BenchmarkScipyBFGSNetwork is scipy:BFGS per iteration on the network of
// `-synthetic 10000 -hidden 128` (P = 771), with the inverse Hessian
// updated by scipy's two products (exact, as before exactBFGSUpTo) and by
// the rank-two form (what the registry runs at this size): 3 iterations
// per op, reported as ns/iter. scripts/dense_speed.py times scipy's own
// BFGS on the same problem.
//
//	go test ./solvers/scipy -run '^$' -bench ScipyBFGSNetwork -benchtime 1x -count 3
func BenchmarkScipyBFGSNetwork(b *testing.B) {
	p, x0 := syntheticNetwork(b, 10000, 128)
	for _, c := range []struct {
		name      string
		exactUpTo int
	}{{"exact", math.MaxInt}, {"rank2", exactBFGSUpTo}} {
		m := newScipyBFGS(c.exactUpTo)
		reg := core.MustRegistry(m)
		b.Run(fmt.Sprintf("%s/P=%d", c.name, len(x0)), func(b *testing.B) {
			var res core.Result
			for b.Loop() {
				var err error
				res, err = minimize(p, x0, core.Options{Method: m.Name, Registry: reg, MaxIter: 3, Gtol: 1e-300, Trace: core.TraceNone})
				if err != nil || res.Nit != 3 {
					b.Fatalf("%v: nit %d (%s)", err, res.Nit, res.Message)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(res.Nit), "ns/iter")
		})
	}
}
