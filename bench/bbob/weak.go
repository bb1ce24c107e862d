package bbob

import "math"

// The multi-modal functions with weak global structure, f20-f24.

// schwefelRaw is f_schwefel_raw: 0.01 (418.98... - 1/n sum z_i sin(sqrt|z_i|)) plus 0.01 times
// the squared excess of |z_i| over 500.
func schwefelRaw(z []float64) float64 {
	pen := 0.0
	for _, v := range z {
		t := math.Abs(v) - 500.0
		if t > 0.0 {
			pen += t * t
		}
	}
	s := 0.0
	for _, v := range z {
		s += v * math.Sin(math.Sqrt(math.Abs(v)))
	}
	return 0.01 * (pen + 418.9828872724339 - s/float64(len(z)))
}

// schwefel is f20: with x^ = 2 sign(x_opt) x, z^_1 = x^_1 and z^_i = x^_i + (x^_{i-1} -
// 2|x_opt_{i-1}|)/4, the raw Schwefel function at 100 (Lambda^10 (z^ - 2|x_opt|) + 2|x_opt|).
func schwefel(d *data, w *workspace, x []float64) float64 {
	n := len(x)
	a, z := w.a, w.b
	for i, v := range x {
		if d.sign[i] < 0 { // COCO's x_hat: -x where its uniform number is below 1/2
			a[i] = -v
		} else {
			a[i] = v
		}
		a[i] = 2 * a[i]
	}
	// COCO's x_hat and scale stages: a sign change cannot make an infinity or NaN, so one check.
	if y, bad := nonFinite(a); bad {
		return y
	}
	z[0] = a[0]
	for i := 1; i < n; i++ {
		z[i] = a[i] + 0.25*(a[i-1]-2.0*math.Abs(d.xopt[i-1]))
	}
	if y, bad := nonFinite(z); bad {
		return y
	}
	// The shift, conditioning, shift and scale stages keep finite numbers finite but for
	// overflow, and infinities infinite: one check.
	for i := range z {
		v := z[i] - 2*math.Abs(d.xopt[i])
		v = d.c[i] * v
		v = v - (-2 * math.Abs(d.xopt[i]))
		z[i] = 100 * v
	}
	if y, bad := nonFinite(z); bad {
		return y
	}
	return schwefelRaw(z) + d.fopt
}

// gallagherRaw is f_gallagher_raw: T_osz(10 - max_i w_i exp(-1/(2n) (y - y_i)^T C_i (y - y_i)))^2
// with y = R x, plus the box penalty.
func gallagherRaw(d *data, w *workspace, x []float64) float64 {
	const a = 0.1
	n := len(x)
	fac := -0.5 / float64(n)
	fpen := 0.
	for _, v := range x {
		t := math.Abs(v) - 5.
		if t > 0. {
			fpen += t * t
		}
	}
	fpen = fpen * d.pen
	tmx := w.c
	affine(tmx, d.r1, nil, x)
	f := 0.
	for i, pv := range d.peakValues {
		loc := d.xLocal[i*n : i*n+n]
		sc := d.arrScales[i*n : i*n+n]
		t2 := 0.
		for j, v := range tmx {
			t := v - loc[j]
			t2 += sc[j] * t * t
		}
		t2 = pv * math.Exp(fac*t2)
		f = coMax(f, t2)
	}
	f = 10. - f
	var ft float64
	switch {
	case f > 0:
		ft = math.Log(f) / a
		ft = math.Pow(math.Exp(ft+0.49*(math.Sin(ft)+math.Sin(0.79*ft))), a)
	case f < 0:
		ft = math.Log(-f) / a
		ft = -math.Pow(math.Exp(ft+0.49*(math.Sin(0.55*ft)+math.Sin(0.31*ft))), a)
	default:
		ft = f
	}
	ft *= ft
	ft += fpen
	return ft
}

// gallagher is f21 (101 peaks) and f22 (21 peaks).
func gallagher(d *data, w *workspace, x []float64) float64 {
	return gallagherRaw(d, w, x) + d.fopt
}

// katsuura is f23: 10/n^2 (prod_i (1 + i sum_{j=1}^{32} |2^j z_i - round(2^j z_i)| 2^-j)^(10/n^1.2)
// - 1) at z = Q Lambda^100 R (x - x_opt), plus the box penalty. Nowhere differentiable: no
// gradient.
func katsuura(d *data, w *workspace, x []float64) float64 {
	n := len(x)
	pen := boxPenalty(x)
	if y, bad := rotated(d, w, x, d.m); bad {
		return y
	}
	r := 1.0
	for i, v := range w.a {
		t := 0.0
		for j := 1; j < 33; j++ {
			t2 := pow2[j]
			t += math.Abs(t2*v-roundHalfUp(t2*v)) / t2
		}
		t = 1.0 + (float64(i)+1)*t
		r *= math.Pow(t, d.kexp)
	}
	r = 10. / float64(n) / float64(n) * (-1. + r)
	return r + d.fopt + d.pen*pen
}

// pow2[j] = 2^j, exactly COCO's pow(2., j), without a call per term.
var pow2 = func() (p [33]float64) {
	for j := range p {
		p[j] = math.Ldexp(1, j)
	}
	return p
}()

// lunacekZ sets w.a to x^ = 2 sign(x_opt) x and w.c to z = R Lambda^100
// Q (x^ - mu0), as COCO computes them (w.b holds Q (x^ - mu0)), and
// returns them.
func lunacekZ(d *data, w *workspace, x []float64) (xh, z []float64) {
	const mu0 = 2.5
	n := len(x)
	xh = w.a
	for i, v := range x {
		xh[i] = 2. * v
		if d.xopt[i] < 0. {
			xh[i] *= -1.
		}
	}
	t := w.b
	for i := 0; i < n; i++ {
		row := d.m[i*n : i*n+n]
		s := 0.0
		for j, v := range xh {
			s += row[j] * (v - mu0)
		}
		t[i] = s
	}
	z = w.c
	affine(z, d.r1, nil, t)
	return xh, z
}

// lunacekRaw is f_lunacek_bi_rastrigin_raw: min(sum (x^_i - mu0)^2, n + s sum (x^_i - mu1)^2) +
// 10 (n - sum cos(2 pi z_i)) + 1e4 penalty, with x^ = 2 sign(x_opt) x and z = R Lambda^100 Q
// (x^ - mu0).
func lunacekRaw(d *data, w *workspace, x []float64) float64 {
	const mu0 = 2.5
	const dd = 1.
	n := len(x)
	pen := 0.0
	for _, v := range x {
		t := math.Abs(v) - 5.0
		if t > 0.0 {
			pen += t * t
		}
	}
	xh, z := lunacekZ(d, w, x)
	s1, s2, s3 := 0., 0., 0.
	for i, v := range xh {
		s1 += (v - mu0) * (v - mu0)
		s2 += (v - d.mu1) * (v - d.mu1)
		s3 += math.Cos(2 * math.Pi * z[i])
	}
	return coMin(s1, dd*float64(n)+d.s*s2) + 10.*(float64(n)-s3) + 1e4*pen
}

// lunacek is f24.
func lunacek(d *data, w *workspace, x []float64) float64 {
	return lunacekRaw(d, w, x) + d.fopt
}
