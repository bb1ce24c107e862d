package coco

import (
	"math"
	"math/big"
)

// scaledLog10 is 20 log10(v) for v > 0 as COCO's C computes it with glibc;
// its ceiling is the bin of COCO's logarithmic targets v falls in.
//
// A last-bit difference in log10 moves v across a target when v is within a
// few ulps of a boundary 10^(k/20): Go's math.Log10 differs from glibc's in
// 16% of doubles and puts 616 of the 9,009 doubles nearest the boundaries
// k = -400..600 in another bin. So log10 follows glibc's algorithm (fdlibm's
// e_log10.c), and near a boundary it is evaluated on a correctly rounded
// log, which glibc's log is in practice: then the bins equal glibc's on all
// 9,009 boundary doubles and 200,000 random ones (TestLog10Boundaries keeps a
// sample made by glibc).
func scaledLog10(v float64) float64 {
	switch v {
	case logTargetPrecision: // every Δf below 1e-8
		return scaledPrecision
	case logTargetPrecision / 10: // Δf = 0
		return scaledZero
	}
	return log10Scaled(v, targetsPerDecade)
}

// log10Scaled is k log10(v) for v > 0 as C computes it with glibc (see
// scaledLog10), for a ceiling or a floor: the slow, exact path is taken only
// near an integer.
func log10Scaled(v, k float64) float64 {
	t := log10(v, math.Log) * k
	if math.Abs(t-math.Round(t)) > 1e-6 {
		return t
	}
	return log10(v, roundedLog) * k
}

// 20 log10 of the two values the trigger meets most, computed once.
var (
	scaledPrecision = log10(logTargetPrecision, roundedLog) * targetsPerDecade
	scaledZero      = log10(logTargetPrecision/10, roundedLog) * targetsPerDecade
)

// log10 is glibc's log10 (sysdeps/ieee754/dbl-64/e_log10.c): with x = m 2^k,
// m in [1, 2) (or [0.5, 1) when x < 1), log10(x) = k log10(2) + log(m)/ln(10),
// log10(2) split in a high and a low part. x must be a positive normal double.
func log10(x float64, log func(float64) float64) float64 {
	const (
		ivln10   = 4.34294481903251816668e-01 // 1/ln(10)
		log102hi = 3.01029995663611771306e-01 // log10(2), high part
		log102lo = 3.69423907715893078616e-13 // log10(2), low part
	)
	if !(x >= 0x1p-1022) || math.IsInf(x, 1) {
		return math.Log10(x) // never a Δf the trigger sees (it is >= 1e-9)
	}
	b := math.Float64bits(x)
	hx := int32(b >> 32)
	k := hx>>20 - 1023
	i := int32(uint32(k) >> 31) // 1 if x < 1
	hx = hx&0x000fffff | (0x3ff-i)<<20
	y := float64(k + i)
	m := math.Float64frombits(uint64(uint32(hx))<<32 | b&0xffffffff)
	z := y*log102lo + ivln10*log(m)
	return z + y*log102hi
}

// roundedLog is log(m) correctly rounded for m in [0.5, 2), from the series
// log(m) = 2 atanh(z) = 2 (z + z^3/3 + z^5/5 + ...), z = (m-1)/(m+1), |z| <= 1/3,
// in 160-bit arithmetic (about 100 terms at most). It allocates; it is only
// called near a target boundary.
func roundedLog(m float64) float64 {
	const prec = 160
	if m == 1 {
		return 0
	}
	nf := func() *big.Float { return new(big.Float).SetPrec(prec) }
	x := nf().SetFloat64(m)
	z := nf().Quo(nf().Sub(x, big.NewFloat(1)), nf().Add(x, big.NewFloat(1)))
	z2 := nf().Mul(z, z)
	sum, power, term, div := nf().Set(z), nf().Set(z), nf(), nf()
	for k := int64(1); k < 200; k++ {
		power.Mul(power, z2)
		term.Quo(power, div.SetInt64(2*k+1))
		if term.Sign() == 0 || term.MantExp(nil)-sum.MantExp(nil) < -prec {
			break
		}
		sum.Add(sum, term)
	}
	f, _ := sum.Mul(sum, big.NewFloat(2)).Float64()
	return f
}
