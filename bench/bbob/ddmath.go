package bbob

import "math"

// Correctly rounded logarithm and cosine for COCO's normal numbers.
//
// COCO's rotations, x_opt of some functions and f_opt come from Box-Muller normals,
// sqrt(-2 log u) cos(2 pi v), computed with C's libm. Go's math.Log and math.Cos are accurate to
// about one unit in the last place but round differently from glibc in about a quarter of the
// calls, and functions such as Weierstrass or Griewank-Rosenbrock magnify such a last-bit change of
// a rotation to 1e-11 in f. glibc's log and cos round correctly in all but rare cases, so computing
// both in double-double arithmetic (about 100 bits) and rounding once reproduces glibc's numbers.
// Only the instance generation uses these (a few thousand calls per instance); the functions
// themselves use package math.

// dd is an unevaluated sum hi + lo with |lo| <= ulp(hi)/2.
type dd struct{ hi, lo float64 }

func twoSum(a, b float64) dd {
	s := a + b
	bb := s - a
	return dd{s, (a - (s - bb)) + (b - bb)}
}

func quickTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

func twoProd(a, b float64) dd {
	p := a * b
	return dd{p, math.FMA(a, b, -p)}
}

func ddAdd(a, b dd) dd {
	s := twoSum(a.hi, b.hi)
	t := twoSum(a.lo, b.lo)
	s.lo += t.hi
	s = quickTwoSum(s.hi, s.lo)
	s.lo += t.lo
	return quickTwoSum(s.hi, s.lo)
}

func ddMul(a, b dd) dd {
	p := twoProd(a.hi, b.hi)
	p.lo += a.hi*b.lo + a.lo*b.hi
	return quickTwoSum(p.hi, p.lo)
}

func ddDiv(a, b dd) dd {
	q1 := a.hi / b.hi
	r := ddAdd(a, ddMul(dd{-q1, 0}, b))
	q2 := r.hi / b.hi
	r = ddAdd(r, ddMul(dd{-q2, 0}, b))
	q3 := r.hi / b.hi
	q := quickTwoSum(q1, q2)
	return ddAdd(q, dd{q3, 0})
}

func ddFrom(a float64) dd { return dd{a, 0} }

var (
	ddLn2   = dd{0.6931471805599453, 2.3190468138462996e-17}
	ddPiO2a = 1.5707963267948966      // pi/2 in three parts: about 160 bits
	ddPiO2b = 6.123233995736766e-17   //
	ddPiO2c = -1.4973849048591698e-33 //
)

// logTerms is the number of terms of the atanh series after the first: s^2 < 0.0295 makes the
// remainder below 2^-110.
const logTerms = 24

// invOdd[k] = 1/(2k+1) and invPair[n] = 1/(n(n-1)) in double-double, computed once.
var invOdd, invPair = func() (o [logTerms + 1]dd, p [30]dd) {
	for k := range o {
		o[k] = ddDiv(ddFrom(1), ddFrom(float64(2*k+1)))
	}
	for n := 2; n < len(p); n++ {
		p[n] = ddDiv(ddFrom(1), ddFrom(float64(n*(n-1))))
	}
	return o, p
}()

// logCR returns log(u) correctly rounded (but for vanishingly rare ties) for u > 0.
func logCR(u float64) float64 {
	if u <= 0 || math.IsInf(u, 0) || math.IsNaN(u) {
		return math.Log(u)
	}
	m, e := math.Frexp(u) // u = m 2^e, m in [1/2, 1)
	if m < math.Sqrt2/2 {
		m *= 2
		e--
	}
	// log m = 2 atanh(s), s = (m-1)/(m+1), |s| < 0.172: 2 sum s^(2k+1)/(2k+1).
	s := ddDiv(ddFrom(m-1), twoSum(m, 1))
	s2 := ddMul(s, s)
	p := invOdd[logTerms]
	for k := logTerms - 1; k >= 0; k-- {
		p = ddAdd(ddMul(p, s2), invOdd[k])
	}
	lm := ddMul(ddMul(s, p), ddFrom(2))
	r := ddAdd(ddMul(ddFrom(float64(e)), ddLn2), lm)
	return r.hi + r.lo
}

// cosCR returns cos(x) correctly rounded (but for vanishingly rare ties) for |x| <= 1e6.
func cosCR(x float64) float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) || math.Abs(x) > 1e6 {
		return math.Cos(x)
	}
	k := math.Round(x / ddPiO2a)
	// r = x - k pi/2 in double-double.
	r := ddAdd(ddFrom(x), ddMul(ddFrom(-k), dd{ddPiO2a, ddPiO2b}))
	r = ddAdd(r, twoProd(-k, ddPiO2c))
	var v dd
	switch q := int64(k) & 3; q {
	case 0:
		v = cosSeries(r)
	case 1:
		v = sinSeries(r)
		v = dd{-v.hi, -v.lo}
	case 2:
		v = cosSeries(r)
		v = dd{-v.hi, -v.lo}
	default:
		v = sinSeries(r)
	}
	return v.hi + v.lo
}

// cosSeries and sinSeries are the Taylor series for |r| <= pi/4, summed to about 2^-110.
func cosSeries(r dd) dd {
	r2 := ddMul(r, r)
	sum := ddFrom(0)
	for n := 28; n >= 2; n -= 2 {
		// sum = (sum - 1) r^2 / (n (n-1)) built from the inside out: 1 - r2/2!(1 - r2/(3 4)(...)).
		sum = ddMul(ddMul(ddAdd(ddFrom(1), dd{-sum.hi, -sum.lo}), r2), invPair[n])
	}
	return ddAdd(ddFrom(1), dd{-sum.hi, -sum.lo})
}

func sinSeries(r dd) dd {
	r2 := ddMul(r, r)
	sum := ddFrom(0)
	for n := 29; n >= 3; n -= 2 {
		sum = ddMul(ddMul(ddAdd(ddFrom(1), dd{-sum.hi, -sum.lo}), r2), invPair[n])
	}
	return ddMul(r, ddAdd(ddFrom(1), dd{-sum.hi, -sum.lo}))
}
