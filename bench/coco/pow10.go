package coco

import (
	"math"
	"math/big"
	"sync"
)

// cocoppLevel is cocopp's alignment level numpy.power(10, k/5) for the
// integer k: 10^y for the double y = k/5, correctly rounded as glibc's pow
// (which numpy calls) returns it in practice. Go's math.Pow is not correctly
// rounded and is one ulp off for some k, which moves a target to the next
// level in cocopp's lookups. Levels for k in [-200, 110] (Δf up to 1e22;
// COCO logs at most 3e21) are computed once; they equal numpy's there
// (TestCocoppLevel).
func cocoppLevel(k float64) float64 {
	const lo, hi = -200, 110
	levelsOnce.Do(func() {
		levels = make([]float64, hi-lo+1)
		for i := range levels {
			levels[i] = roundedPow10(float64(lo+i) / 5)
		}
	})
	if k >= lo && k <= hi && k == math.Trunc(k) {
		return levels[int(k)-lo]
	}
	return math.Pow(10, k/5)
}

var (
	levelsOnce sync.Once
	levels     []float64
)

// roundedPow10 is 10^y correctly rounded, from exp(y ln 10) in 200-bit
// arithmetic: 10^y = 2^n e^r with r = y ln 10 - n ln 2 in [0, ln 2).
func roundedPow10(y float64) float64 {
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
