package scipy

import (
	"math"
	"math/rand/v2"
	"testing"
)

// cholUpperRowByRow is dpotf2's upper loop as written: each element of a
// row from the columns above it. TestCholUpperRowByRow holds cholUpper to
// it bit for bit.
func cholUpperRowByRow(U, H []float64, n int) int {
	clear(U)
	for j := range n {
		ajj := H[j*n+j]
		for k := range j {
			ajj -= U[k*n+j] * U[k*n+j]
		}
		if ajj <= 0 || math.IsNaN(ajj) {
			U[j*n+j] = ajj
			return j + 1
		}
		ujj := math.Sqrt(ajj)
		U[j*n+j] = ujj
		for c := j + 1; c < n; c++ {
			v := H[j*n+c]
			for k := range j {
				v -= U[k*n+j] * U[k*n+c]
			}
			U[j*n+c] = v / ujj
		}
	}
	return 0
}

// TestCholUpperRowByRow: the right-looking cholUpper gives every bit of
// the row-by-row loop's factor, its failing order and what it leaves in U
// where a leading minor is not positive definite, on positive definite,
// indefinite, singular and NaN matrices of many sizes (the lower triangle
// of H, which neither reads, holds garbage).
func TestCholUpperRowByRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 5, 8, 15, 33, 64, 100} {
		for kind := range 5 {
			H := make([]float64, n*n)
			B := make([]float64, n*n)
			for i := range B {
				B[i] = rng.NormFloat64()
			}
			for i := range n {
				for j := i; j < n; j++ {
					var s float64
					for k := range n {
						s += B[i*n+k] * B[j*n+k]
					}
					H[i*n+j] = s
				}
				H[i*n+i] += 1e-3
			}
			switch kind {
			case 1: // indefinite somewhere down the diagonal
				H[(n/2)*n+n/2] -= 10 * float64(n)
			case 2: // a zero leading block
				H[0] = 0
			case 3: // a NaN
				H[(n-1)*n+n-1] = math.NaN()
			case 4: // badly scaled
				for i := range n {
					for j := i; j < n; j++ {
						H[i*n+j] *= math.Pow(10, float64(i+j-n))
					}
				}
			}
			for i := range n {
				for j := range i {
					H[i*n+j] = rng.NormFloat64() * 1e300 // never read
				}
			}
			got, want := make([]float64, n*n), make([]float64, n*n)
			kg, kw := cholUpper(got, H, n), cholUpperRowByRow(want, H, n)
			if kg != kw {
				t.Fatalf("n %d kind %d: cholUpper fails at %d, the row-by-row loop at %d", n, kind, kg, kw)
			}
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("n %d kind %d: U[%d][%d] = %v, the row-by-row loop's %v", n, kind, i/n, i%n, got[i], want[i])
				}
			}
		}
	}
}
