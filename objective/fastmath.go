package objective

import (
	"math"
	"math/big"
)

// The loss spends most of its time in exp and log: math.Exp and math.Log take
// about 14 and 12 ns here, with each call a barrier to overlapping the next.
// exp and logNormal below are short enough to inline, so the loops over a
// block of samples run many of them at once. Both stay within about 1 ulp of
// the math package's results (see fastmath_test.go); outside their fast
// ranges they call the math package.

// exp2Table[j] is 2^(j/256), correctly rounded.
var exp2Table = func() [256]float64 {
	var t [256]float64
	for j := range t {
		// 2^(j/256) is the eighth repeated square root of 2^j.
		v := new(big.Float).SetPrec(512).SetMantExp(big.NewFloat(1), j)
		for range 8 {
			v.Sqrt(v)
		}
		t[j], _ = v.Float64()
	}
	return t
}()

// expInPlace replaces every a[i] by e^a[i].
func expInPlace(a []float64) { expShifted(a, nil) }

// expShifted replaces every a[i] by e^(a[i]-m[i]), or e^a[i] when m is nil.
// For |x| <= 708 it reduces x = (256m + j) ln2/256 + r with |r| <= ln2/512
// and evaluates 2^m * 2^(j/256) * e^r with a degree-4 polynomial
// (truncation error below 4e-17); elsewhere (and for NaN) it defers to
// math.Exp. The body is written out in a loop, not called per element,
// because a call per element would keep the processor from overlapping
// them; where the processor has AVX2, an assembly kernel does four at a
// time with the same operations in the same order, so the results are
// bit-identical either way.
func expShifted(a, m []float64) {
	if m != nil {
		m = m[:len(a)]
	}
	for i := 0; i < len(a); {
		// The vector kernel takes whole blocks of 4 and stops before a block
		// with an argument outside [-708, 708] (or NaN); the scalar loop
		// does that block, or the tail, and the vector kernel goes on.
		if n := len(a) - i; n >= 4 && haveVectorExp {
			var mp *float64
			stride := 0
			if m != nil {
				mp, stride = &m[i], 32
			} else {
				mp = &zero4[0]
			}
			i += expShiftedAVX2(&a[i], mp, n, stride)
		}
		end := min(i+4, len(a))
		if m != nil {
			expShiftedScalar(a[i:end], m[i:end])
		} else {
			expShiftedScalar(a[i:end], nil)
		}
		i = end
	}
}

// The constants of exp's argument reduction and polynomial, shared by the
// scalar loop and the vector kernel (expConsts) so that both compute the
// same roundings.
const (
	expInvLn2x256 = 256 / math.Ln2
	expShift      = 0x1.8p52                         // adding it rounds to an integer
	expLn2Hi      = 6.93147180369123816490e-01 / 256 // few bits: k*ln2Hi is exact
	expLn2Lo      = 1.90821492927058770002e-10 / 256
	expLimit      = 708
)

var zero4 [4]float64

// expShiftedScalar is expShifted one element at a time.
func expShiftedScalar(a, m []float64) {
	if m != nil {
		m = m[:len(a)]
	}
	for i, x := range a {
		if m != nil {
			x -= m[i]
		}
		if !(math.Abs(x) <= expLimit) {
			a[i] = math.Exp(x)
			continue
		}
		kf := float64(x*expInvLn2x256) + expShift // float64(): never fused (GOAMD64=v3), as the AVX2 kernel does not
		kf -= expShift
		k := int64(kf)
		r := x - float64(kf*expLn2Hi) - float64(kf*expLn2Lo)
		r2 := r * r
		q := r + float64(r2*(1.0/2+float64(r*(1.0/6)))) + float64(float64(r2*r2)*(1.0/24))
		t := exp2Table[k&255]
		a[i] = (t + float64(t*q)) * math.Float64frombits(uint64(1023+(k>>8))<<52)
	}
}

// sigmoidInPlace replaces every z[i] by 1/(1+e^-z[i]), computed from
// e^-|z[i]| so that no intermediate overflows. e is scratch of len(z).
func sigmoidInPlace(z, e []float64) {
	e = e[:len(z)]
	for i, b := range z {
		e[i] = -math.Abs(b)
	}
	expInPlace(e)
	for i, b := range z {
		// sigmoid(b) = 1/(1+e) for b >= 0 and e/(1+e) for b < 0, with
		// e = exp(-|b|). The sign selects the numerator without a branch:
		// the signs of the data are unpredictable and a mispredicted branch
		// costs more than the arithmetic.
		neg := float64(math.Float64bits(b) >> 63)
		z[i] = (neg*e[i] + (1 - neg)) / (1 + e[i])
	}
}

// sumLog returns the sum of ln(s[i]) for s[i] >= 1, such as softmax
// normalizers, as the logarithm of their product: one call of math.Log per
// slice instead of one per element. The product is renormalized to [1, 2)
// every 8 factors, so it neither overflows (for values below 2^127) nor
// loses more than one rounding per factor: the result is as accurate as a
// sum of logarithms. A NaN or infinite element gives NaN or +Inf.
func sumLog(s []float64) float64 {
	m := 1.0
	var e int64
	for len(s) > 0 {
		p0, p1 := 1.0, 1.0
		g := s[:min(8, len(s))]
		s = s[len(g):]
		for i := 0; i+1 < len(g); i += 2 {
			p0 *= g[i]
			p1 *= g[i+1]
		}
		if len(g)%2 == 1 {
			p0 *= g[len(g)-1]
		}
		m *= p0 * p1
		if !(m <= math.MaxFloat64) {
			return m
		}
		bits := math.Float64bits(m)
		e += int64(bits>>52) - 1023
		m = math.Float64frombits(bits&(1<<52-1) | 1023<<52)
	}
	const (
		ln2Hi = 6.93147180369123816490e-01
		ln2Lo = 1.90821492927058770002e-10
	)
	return float64(e)*ln2Hi + (math.Log(m) + float64(e)*ln2Lo)
}
