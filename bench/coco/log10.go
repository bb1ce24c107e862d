package coco

import "math"

// log10 is glibc's log10 (sysdeps/ieee754/dbl-64/e_log10.c, fdlibm's
// algorithm: log10(x) = k log10(2) + log(m) / ln(10) with x = m 2^k) computed
// on Go's math.Log. COCO's target trigger takes ceil(20 log10(Δf)), so a last-
// bit difference from the C library moves Δf across a target when Δf is within
// a few ulps of 10^(k/20). Go's math.Log10 differs from glibc's in 16% of
// doubles and moves 616 of 9,009 points within 4 ulps of the boundaries
// 10^(k/20), k = -400..600; this function differs from glibc's log10 in 0.14%
// and moves 3 of them (TestLog10Boundaries keeps a sample from glibc).
// Powers of ten, 1e-8 and 1e-9 (Δf below COCO's precision and Δf = 0) are exact.
func log10(x float64) float64 {
	const (
		ivln10   = 4.34294481903251816668e-01 // 1/ln(10)
		log102hi = 3.01029995663611771306e-01 // log10(2), high part
		log102lo = 3.69423907715893078616e-13 // log10(2), low part
	)
	if !(x >= 0x1p-1022) || math.IsInf(x, 1) {
		// Zero, subnormal, negative, NaN, +Inf: never a Δf the triggers see
		// (Δf < 1e-8 is replaced by 1e-8 before).
		return math.Log10(x)
	}
	b := math.Float64bits(x)
	hx := int32(b >> 32)
	k := hx>>20 - 1023
	i := int32(uint32(k) >> 31) // 1 if x < 1: take m in [0.5, 1) then
	hx = hx&0x000fffff | (0x3ff-i)<<20
	y := float64(k + i)
	m := math.Float64frombits(uint64(uint32(hx))<<32 | b&0xffffffff)
	z := y*log102lo + ivln10*math.Log(m)
	return z + y*log102hi
}
