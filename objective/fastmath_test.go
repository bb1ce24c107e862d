package objective

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestExpInPlaceMatchesMathExp(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	var xs []float64
	for range 200000 {
		xs = append(xs, -50*rng.Float64(), -750*rng.Float64(), 750*rng.Float64()-20)
	}
	xs = append(xs, 0, math.Copysign(0, -1), 1e-300, -708, 708, -708.5, 709.9, -745.2, -800, 800, math.NaN(), math.Inf(-1), math.Inf(1))
	got := append([]float64(nil), xs...)
	expInPlace(got)
	for i, x := range xs {
		want := math.Exp(x)
		if math.IsNaN(want) != math.IsNaN(got[i]) || (!math.IsNaN(want) && !closeUlps(got[i], want, 2)) {
			t.Fatalf("exp(%v) = %v, math.Exp gives %v", x, got[i], want)
		}
	}
}

// closeUlps reports whether a and b are at most n units in the last place
// apart (exact for infinities and zero).
func closeUlps(a, b float64, n uint64) bool {
	if a == b {
		return true
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) || a == 0 || b == 0 {
		return false
	}
	ua, ub := math.Float64bits(a), math.Float64bits(b)
	if ua > ub {
		ua, ub = ub, ua
	}
	return ub-ua <= n
}

func TestSigmoidInPlace(t *testing.T) {
	zs := []float64{0, 1e-300, -1e-300, 0.5, -0.5, 20, -20, 40, -40, 700, -700, 800, -800, 1e6, -1e6, math.MaxFloat64, -math.MaxFloat64}
	got := append([]float64(nil), zs...)
	sigmoidInPlace(got, make([]float64, len(zs)))
	for i, b := range zs {
		var want float64
		if b >= 0 {
			want = 1 / (1 + math.Exp(-b))
		} else {
			want = math.Exp(b) / (1 + math.Exp(b))
		}
		if !closeUlps(got[i], want, 2) {
			t.Errorf("sigmoid(%v) = %v, want %v", b, got[i], want)
		}
	}
}

func TestSumLogMatchesSumOfLogs(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, n := range []int{1, 2, 7, 8, 9, 100, 256} {
		for _, k := range []float64{2, 3, 10, 1000} {
			s := make([]float64, n)
			// The reference is a compensated (Neumaier) sum, so that the
			// rounding of the sum itself does not count.
			var want, comp float64
			for i := range s {
				s[i] = 1 + (k-1)*rng.Float64()
				l := math.Log(s[i])
				tot := want + l
				if math.Abs(want) >= math.Abs(l) {
					comp += (want - tot) + l
				} else {
					comp += (l - tot) + want
				}
				want = tot
			}
			want += comp
			got := sumLog(s)
			// Each factor and each log adds at most about an ulp of relative error.
			if math.Abs(got-want) > 2.5e-16*(float64(n)+math.Abs(want)) {
				t.Errorf("n=%d k=%v: sumLog = %.17g, sum of logs = %.17g", n, k, got, want)
			}
		}
	}
	if got := sumLog([]float64{1, math.NaN(), 2}); !math.IsNaN(got) {
		t.Errorf("sumLog with a NaN = %v, want NaN", got)
	}
	if got := sumLog([]float64{1, math.Inf(1)}); !math.IsInf(got, 1) {
		t.Errorf("sumLog with +Inf = %v, want +Inf", got)
	}
}

// TestVectorExpMatchesScalar: the AVX2 kernel (where the processor has it)
// gives the scalar loop's results bit for bit, with and without shifts, and
// hands blocks with out-of-range arguments or NaNs to the scalar loop.
func TestVectorExpMatchesScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, n := range []int{1, 3, 4, 5, 8, 17, 256, 1000} {
		for trial := range 20 {
			a := make([]float64, n)
			m := make([]float64, n)
			for i := range a {
				a[i] = 40 * rng.NormFloat64()
				m[i] = 10 * rng.NormFloat64()
				switch rng.IntN(50) {
				case 0:
					a[i] = 720 * (2*rng.Float64() - 1) * 1.1 // sometimes beyond 708
				case 1:
					a[i] = math.NaN()
				case 2:
					a[i] = math.Inf(-1)
				}
			}
			for _, shift := range [][]float64{nil, m} {
				got := append([]float64(nil), a...)
				want := append([]float64(nil), a...)
				expShifted(got, shift)
				expShiftedScalar(want, shift)
				for i := range got {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
						t.Fatalf("n=%d trial %d shift %v: element %d: %v, scalar %v (vector kernel: %v)", n, trial, shift != nil, i, got[i], want[i], haveVectorExp)
					}
				}
			}
		}
	}
}
