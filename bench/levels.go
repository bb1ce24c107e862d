package bench

import (
	"math"
	"math/big"
	"slices"
	"sync"
)

// COCOLevel is 10^(k/5) as COCO and cocopp compute their precision levels:
// numpy.power(10, k/5), the correctly rounded power of the double k/5.
// Go's math.Pow(10, k/5) is one ulp off for 19 of the 51 levels from 1e2
// to 1e-8, enough to put a run that reached a level exactly on the other
// side of it; the levels are computed once, in 200-bit arithmetic, for
// |k| <= 200 (math.Pow beyond).
func COCOLevel(k int) float64 {
	const lim = 200
	if k < -lim || k > lim {
		return math.Pow(10, float64(k)/5)
	}
	cocoLevels.once.Do(func() {
		for i := range cocoLevels.v {
			cocoLevels.v[i] = RoundedPow10(float64(i-lim) / 5)
		}
	})
	return cocoLevels.v[k+lim]
}

var cocoLevels struct {
	once sync.Once
	v    [401]float64
}

// COCODeltaFs are COCO's 51 target precisions, 10^2, 10^1.8, ..., 10^-8
// (COCOLevel(10), ..., COCOLevel(-40)), decreasing: a new slice on every
// call.
func COCODeltaFs() []float64 { return slices.Clone(cocoDeltaFs()) }

// cocoDeltaFs are COCODeltaFs, computed on first use (200-bit arithmetic
// at every start of the program would cost it 30 ms, half a second under
// the race detector).
var cocoDeltaFs = sync.OnceValue(func() []float64 {
	out := make([]float64, 51)
	for i := range out {
		out[i] = RoundedPow10(float64(10-i) / 5) // COCOLevel(10 - i), without its 401-level table
	}
	return out
})

// RoundedPow10 is 10^y correctly rounded, from exp(y ln 10) in 200-bit
// arithmetic: 10^y = 2^n e^r with r = y ln 10 - n ln 2 in [0, ln 2).
func RoundedPow10(y float64) float64 {
	const prec = 200
	nf := func() *big.Float { return new(big.Float).SetPrec(prec) }
	ln2 := bigAtanh2(3)                                             // ln 2 = 2 atanh(1/3)
	ln10 := nf().Add(nf().Mul(ln2, nf().SetInt64(3)), bigAtanh2(9)) // ln 10 = 3 ln 2 + ln(5/4), ln(5/4) = 2 atanh(1/9)
	z := nf().Mul(nf().SetFloat64(y), ln10)
	q, _ := nf().Quo(z, ln2).Float64()
	n := math.Floor(q)
	r := nf().Sub(z, nf().Mul(ln2, nf().SetFloat64(n)))
	// e^r by its Taylor series, |r| < 1.
	sum, term := nf().SetInt64(1), nf().SetInt64(1)
	for k := int64(1); k < 200; k++ {
		term.Mul(term, r)
		term.Quo(term, nf().SetInt64(k))
		if term.Sign() == 0 || term.MantExp(nil)-sum.MantExp(nil) < -prec {
			break
		}
		sum.Add(sum, term)
	}
	sum.SetMantExp(sum, int(n))
	f, _ := sum.Float64()
	return f
}

// bigAtanh2 is 2 atanh(1/m) = ln((m+1)/(m-1)) in 200-bit arithmetic.
func bigAtanh2(m int64) *big.Float {
	const prec = 200
	nf := func() *big.Float { return new(big.Float).SetPrec(prec) }
	z := nf().Quo(nf().SetInt64(1), nf().SetInt64(m))
	z2 := nf().Mul(z, z)
	sum, power, term := nf().Set(z), nf().Set(z), nf()
	for k := int64(1); k < 400; k++ {
		power.Mul(power, z2)
		term.Quo(power, nf().SetInt64(2*k+1))
		if term.Sign() == 0 || term.MantExp(nil)-sum.MantExp(nil) < -prec {
			break
		}
		sum.Add(sum, term)
	}
	return sum.Mul(sum, nf().SetInt64(2))
}
