package bbob

import "math"

// The transformations of COCO's transform_vars_*.c and transform_obj_*.c, written as functions on
// slices (dst may equal src where noted). Each repeats COCO's floating-point expression in COCO's
// order (toszUV's exp(0.1 a) is the one exception), so values agree with COCO's to rounding of the
// math library, not just algebraically.

// shift sets dst = x - off (transform_vars_shift).
func shift(dst, x, off []float64) {
	for i, v := range x {
		dst[i] = v - off[i]
	}
}

// affine sets dst = M x + b for the row-major n x n matrix m (transform_vars_affine); b nil means 0.
// dst must not alias x.
func affine(dst, m, b, x []float64) {
	n := len(x)
	for i := range dst {
		row := m[i*n : i*n+n]
		s := 0.0
		if b != nil {
			s = b[i]
		}
		for j, v := range x {
			s += v * row[j]
		}
		dst[i] = s
	}
}

// toszUV is the oscillation T_osz of one coordinate (transform_vars_oscillate's tosz_uv, alpha 0.1):
// a smooth, sign- and order-preserving map that adds small regular ripples, with T_osz(0) = 0.
//
// COCO computes pow(exp(a), 0.1); this computes exp(0.1 a), the same number to within the
// rounding both already carry (the error of a = 10 ln|x|), at 2.3 times the speed: Go's math.Pow
// is Exp(0.1 Log(Exp(a))) anyway. Where exp(a) overflows or underflows in COCO's form, the result
// is COCO's (+-Inf, 0).
func toszUV(x float64) float64 {
	const alpha = 0.1
	switch {
	case x > 0:
		t := math.Log(x) / alpha
		return expAlpha(t+0.49*(math.Sin(t)+math.Sin(0.79*t)), alpha)
	case x < 0:
		t := math.Log(-x) / alpha
		return -expAlpha(t+0.49*(math.Sin(0.55*t)+math.Sin(0.31*t)), alpha)
	}
	return 0
}

// exp(a) is +Inf from expOverflow on and 0 below about expUnderflow.
const (
	expOverflow  = 709.782712893384
	expUnderflow = -745.1332191019412
)

// expAlpha is pow(exp(a), alpha) for 0 < alpha < 1, computed as exp(alpha a), with the infinity
// and zero of the two-step form.
func expAlpha(a, alpha float64) float64 {
	switch {
	case a >= expOverflow:
		return math.Inf(1)
	case a < expUnderflow:
		return 0
	}
	return math.Exp(alpha * a)
}

// tosz applies T_osz to every coordinate; dst may equal x.
func tosz(dst, x []float64) {
	for i, v := range x {
		dst[i] = toszUV(v)
	}
}

// tasy applies T_asy^beta (transform_vars_asymmetric): a positive coordinate i of n becomes
// x^(1 + beta i/(n-1) sqrt(x)), others stay. dst may equal x.
func tasy(dst, x []float64, beta float64) {
	n := len(x)
	for i, v := range x {
		if v > 0 {
			e := 1.0 + ((beta*float64(i))/(float64(n)-1.0))*math.Sqrt(v)
			dst[i] = math.Pow(v, e)
		} else {
			dst[i] = v
		}
	}
}

// scaleBy sets dst_i = c_i x_i (the diagonal transforms: transform_vars_conditioning and the
// like, with c precomputed as COCO computes it at every call).
func scaleBy(dst, c, x []float64) {
	for i, v := range x {
		dst[i] = c[i] * v
	}
}

// boxPenalty is the sum of squared excesses of x over [-5, 5]^n (transform_obj_penalize's
// penalty, before its factor).
func boxPenalty(x []float64) float64 {
	p := 0.0
	for _, v := range x {
		c1 := v - 5.0
		c2 := -5.0 - v
		if c1 > 0 {
			p += c1 * c1
		} else if c2 > 0 {
			p += c2 * c2
		}
	}
	return p
}

// oscillateObj is transform_obj_oscillate: T_osz applied to a function value.
func oscillateObj(y float64) float64 {
	const factor = 0.1
	if y == 0 {
		return y
	}
	l := math.Log(math.Abs(y)) / factor
	if y > 0 {
		return math.Pow(math.Exp(l+0.49*(math.Sin(l)+math.Sin(0.79*l))), factor)
	}
	return -math.Pow(math.Exp(l+0.49*(math.Sin(0.55*l)+math.Sin(0.31*l))), factor)
}

// roundHalfUp is COCO's coco_double_round, floor(x + 0.5) (not Go's math.Round, which rounds
// half away from zero).
func roundHalfUp(x float64) float64 { return math.Floor(x + 0.5) }

// powers returns the n per-coordinate factors f(0), ..., f(n-1): COCO recomputes such factors
// (pow(condition, i/(n-1)) and the like) at every evaluation; computing them once with the same
// expression gives the same numbers without the cost.
func powers(n int, f func(i int) float64) []float64 {
	c := make([]float64, n)
	for i := range c {
		c[i] = f(i)
	}
	return c
}

var nan = math.NaN()

// nonFinite is COCO's check at the entry of every nested coco_evaluate_function: each
// transformation evaluates the next one through it, so when a stage's output has an infinite
// coordinate COCO's f is +Inf (the |x_i| it returns, which no outer shift or penalty changes),
// and otherwise a NaN coordinate makes f NaN, whatever the inner function would have computed.
// It reports (that value, true) for such a z. One pass of v*0 sums finds either; the common
// finite case costs n multiply-adds.
func nonFinite(z []float64) (float64, bool) {
	s := 0.0
	for _, v := range z {
		s += v * 0
	}
	if s == 0 {
		return 0, false
	}
	for _, v := range z {
		if math.IsInf(v, 0) {
			return math.Inf(1), true
		}
	}
	return nan, true
}
