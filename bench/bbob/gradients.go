package bbob

import "math"

// Analytic gradients: the chain rule through COCO's transformations, in the order the value
// functions apply them. Each writes the gradient of f (penalties included) to g and uses the
// workspace only (no allocation). Kinks (T_osz and T_asy at 0, the box edges, a max or min
// changing branch) take one of the one-sided values.

// gradients[id] is the gradient of function id; nil for f7 (steps) and f23 (Katsuura).
var gradients = [25]func(d *data, w *workspace, g, x []float64){
	1: sphereGrad, 2: ellipsoidSepGrad, 3: rastriginGrad, 4: buecheRastriginGrad, 5: linearSlopeGrad,
	6: attractiveSectorGrad, 8: rosenbrockGrad, 9: rosenbrockRotatedGrad,
	10: ellipsoidGrad, 11: discusGrad, 12: bentCigarGrad, 13: sharpRidgeGrad, 14: differentPowersGrad,
	15: rastriginRotatedGrad, 16: weierstrassGrad, 17: schaffersGrad, 18: schaffersGrad,
	19: griewankRosenbrockGrad, 20: schwefelGrad, 21: gallagherGrad, 22: gallagherGrad, 24: lunacekGrad,
}

// toszDeriv is dT_osz/dx at x: (T_osz(x)/x)(1 + 0.49 (cos t + 0.79 cos 0.79 t)) with t = 10 ln x
// for x > 0, the 0.55, 0.31 form for x < 0, and 1 (the slope of the envelope) at 0.
func toszDeriv(x float64) float64 {
	switch {
	case x > 0:
		t := math.Log(x) / 0.1
		return toszUV(x) / x * (1 + 0.49*(math.Cos(t)+0.79*math.Cos(0.79*t)))
	case x < 0:
		t := math.Log(-x) / 0.1
		return toszUV(x) / x * (1 + 0.49*(0.55*math.Cos(0.55*t)+0.31*math.Cos(0.31*t)))
	}
	return 1
}

// tasyDeriv is dT_asy/dx of coordinate i of n: x^e (c ln x/(2 sqrt x) + e/x), e = 1 + c sqrt x,
// c = beta i/(n-1), for x > 0; 1 elsewhere.
func tasyDeriv(x float64, i, n int, beta float64) float64 {
	if x <= 0 {
		return 1
	}
	c := (beta * float64(i)) / (float64(n) - 1.0)
	sq := math.Sqrt(x)
	e := 1.0 + c*sq
	return math.Pow(x, e) * (c*math.Log(x)/(2*sq) + e/x)
}

// mulT sets dst = M^T v for the row-major n x n matrix m; dst must not alias v.
func mulT(dst, m, v []float64) {
	n := len(v)
	for j := range dst {
		dst[j] = 0
	}
	for i, vi := range v {
		row := m[i*n : i*n+n]
		for j, mij := range row {
			dst[j] += mij * vi
		}
	}
}

// addPenaltyGrad adds the gradient of factor * boxPenalty(x) to g.
func addPenaltyGrad(g, x []float64, factor float64) {
	for i, v := range x {
		if v > 5 {
			g[i] += 2 * factor * (v - 5)
		} else if v < -5 {
			g[i] += 2 * factor * (v + 5)
		}
	}
}

// rastriginRawGrad sets dz to the gradient of rastriginRaw at z.
func rastriginRawGrad(dz, z []float64) {
	for i, v := range z {
		dz[i] = 20*math.Pi*math.Sin(2*math.Pi*v) + 2*v
	}
}

func sphereGrad(d *data, w *workspace, g, x []float64) {
	for i, v := range x {
		g[i] = 2 * (v - d.xopt[i])
	}
}

func ellipsoidSepGrad(d *data, w *workspace, g, x []float64) {
	shift(w.a, x, d.xopt)
	for i, a := range w.a {
		z := toszUV(a)
		c := 1.0
		if i > 0 {
			c = d.c[i]
		}
		g[i] = 2 * c * z * toszDeriv(a)
	}
}

func rastriginGrad(d *data, w *workspace, g, x []float64) {
	n := len(x)
	shift(w.a, x, d.xopt) // a
	tosz(w.b, w.a)        // b = T_osz(a)
	tasy(w.c, w.b, 0.2)   // c = T_asy(b)
	scaleBy(w.e, d.c, w.c)
	rastriginRawGrad(g, w.e)
	for i := range g {
		g[i] *= d.c[i] * tasyDeriv(w.b[i], i, n, 0.2) * toszDeriv(w.a[i])
	}
}

func buecheRastriginGrad(d *data, w *workspace, g, x []float64) {
	shift(w.a, x, d.xopt)
	for i, a := range w.a {
		b := toszUV(a)
		factor := d.c[i]
		if b > 0.0 && i%2 == 0 {
			factor *= 10.0
		}
		z := factor * b
		g[i] = (20*math.Pi*math.Sin(2*math.Pi*z) + 2*z) * factor * toszDeriv(a)
	}
	addPenaltyGrad(g, x, d.pen)
}

func linearSlopeGrad(d *data, w *workspace, g, x []float64) {
	for i, v := range x {
		if v*d.bestX[i] < 25.0 {
			g[i] = -d.c[i]
		} else {
			g[i] = 0
		}
	}
}

func attractiveSectorGrad(d *data, w *workspace, g, x []float64) {
	shift(w.b, x, d.xopt)
	affine(w.a, d.m, nil, w.b)
	r := 0.0
	for i, v := range w.a {
		wt := 1.0
		if d.xopt[i]*v > 0.0 {
			wt = 100.0 * 100.0
		}
		r += wt * v * v
		w.c[i] = 2 * wt * v
	}
	if r == 0 {
		for i := range g {
			g[i] = 0
		}
		return
	}
	y := oscillateObj(r)
	dr := 0.9 * math.Pow(y, -0.1) * toszDeriv(r)
	for i := range w.c {
		w.c[i] *= dr
	}
	mulT(g, d.m, w.c)
}

// rosenbrockRawGrad sets dz to the gradient of rosenbrockRaw at z.
func rosenbrockRawGrad(dz, z []float64) {
	for i := range dz {
		dz[i] = 0
	}
	for i := 0; i < len(z)-1; i++ {
		t := z[i]*z[i] - z[i+1]
		dz[i] += 400*z[i]*t + 2*(z[i]-1)
		dz[i+1] -= 200 * t
	}
}

func rosenbrockGrad(d *data, w *workspace, g, x []float64) {
	for i, v := range x {
		w.a[i] = d.scale*(v-d.xopt[i]) - (-1.0)
	}
	rosenbrockRawGrad(g, w.a)
	for i := range g {
		g[i] *= d.scale
	}
}

func rosenbrockRotatedGrad(d *data, w *workspace, g, x []float64) {
	affine(w.a, d.m, d.b, x)
	rosenbrockRawGrad(w.b, w.a)
	mulT(g, d.m, w.b)
}

// rotatedOszGrad is the gradient of raw(T_osz(R (x - x_opt))) given the raw gradient rawGrad.
func rotatedOszGrad(d *data, w *workspace, g, x []float64, rawGrad func(dz, z []float64)) {
	shift(w.b, x, d.xopt)
	affine(w.a, d.r1, nil, w.b) // v
	tosz(w.c, w.a)              // z
	rawGrad(w.e, w.c)
	for i := range w.e {
		w.e[i] *= toszDeriv(w.a[i])
	}
	mulT(g, d.r1, w.e)
}

func ellipsoidGrad(d *data, w *workspace, g, x []float64) {
	rotatedOszGrad(d, w, g, x, func(dz, z []float64) {
		for i, v := range z {
			c := 1.0
			if i > 0 {
				c = d.c[i]
			}
			dz[i] = 2 * c * v
		}
	})
}

func discusGrad(d *data, w *workspace, g, x []float64) {
	rotatedOszGrad(d, w, g, x, func(dz, z []float64) {
		for i, v := range z {
			dz[i] = 2 * v
		}
		dz[0] *= 1e6
	})
}

func bentCigarGrad(d *data, w *workspace, g, x []float64) {
	n := len(x)
	shift(w.b, x, d.xopt)
	affine(w.a, d.r1, nil, w.b) // v
	tasy(w.c, w.a, 0.5)         // a
	affine(w.e, d.r1, nil, w.c) // z
	for i, v := range w.e {
		w.e[i] = 2e6 * v
	}
	w.e[0] /= 1e6
	mulT(w.b, d.r1, w.e) // dF/da
	for i := range w.b {
		w.b[i] *= tasyDeriv(w.a[i], i, n, 0.5)
	}
	mulT(g, d.r1, w.b)
}

func sharpRidgeGrad(d *data, w *workspace, g, x []float64) {
	shift(w.b, x, d.xopt)
	affine(w.a, d.m, nil, w.b)
	s := 0.0
	for _, v := range w.a[1:] {
		s += v * v
	}
	s = math.Sqrt(s)
	w.c[0] = 2 * w.a[0]
	for i := 1; i < len(w.a); i++ {
		if s > 0 {
			w.c[i] = 100 * w.a[i] / s
		} else {
			w.c[i] = 0
		}
	}
	mulT(g, d.m, w.c)
}

func differentPowersGrad(d *data, w *workspace, g, x []float64) {
	shift(w.b, x, d.xopt)
	affine(w.a, d.r1, nil, w.b)
	s := 0.0
	for i, v := range w.a {
		s += math.Pow(math.Abs(v), d.c[i])
	}
	if s == 0 {
		for i := range g {
			g[i] = 0
		}
		return
	}
	h := 0.5 / math.Sqrt(s)
	for i, v := range w.a {
		w.c[i] = h * d.c[i] * math.Pow(math.Abs(v), d.c[i]-1) * math.Copysign(1, v)
	}
	mulT(g, d.r1, w.c)
}

func rastriginRotatedGrad(d *data, w *workspace, g, x []float64) {
	n := len(x)
	shift(w.b, x, d.xopt)
	affine(w.a, d.r1, nil, w.b) // v
	tosz(w.c, w.a)              // a = T_osz(v)
	tasy(w.e, w.c, 0.2)         // b = T_asy(a)
	affine(w.b, d.m, nil, w.e)  // z
	rastriginRawGrad(w.e, w.b)
	mulT(w.b, d.m, w.e) // dF/db
	for i := range w.b {
		w.b[i] *= tasyDeriv(w.c[i], i, n, 0.2) * toszDeriv(w.a[i])
	}
	mulT(g, d.r1, w.b)
}

func weierstrassGrad(d *data, w *workspace, g, x []float64) {
	n := len(x)
	shift(w.b, x, d.xopt)
	affine(w.a, d.r1, nil, w.b) // v
	tosz(w.c, w.a)              // a
	affine(w.b, d.m, nil, w.c)  // z
	s := 0.0
	for i, v := range w.b {
		ds := 0.0
		for k := range d.ak {
			arg := 2 * math.Pi * (v + 0.5) * d.bk[k]
			s += math.Cos(arg) * d.ak[k]
			ds -= math.Sin(arg) * d.ak[k] * 2 * math.Pi * d.bk[k]
		}
		w.e[i] = ds
	}
	u := s/float64(n) - d.f0
	h := 30 * u * u / float64(n)
	for i := range w.e {
		w.e[i] *= h
	}
	mulT(w.c, d.m, w.e) // dF/da
	for i := range w.c {
		w.c[i] *= toszDeriv(w.a[i])
	}
	mulT(g, d.r1, w.c)
	addPenaltyGrad(g, x, d.pen)
}

func schaffersGrad(d *data, w *workspace, g, x []float64) {
	n := len(x)
	shift(w.b, x, d.xopt)
	affine(w.a, d.r1, nil, w.b) // v
	tasy(w.c, w.a, 0.5)         // a
	affine(w.b, d.m, nil, w.c)  // z
	z, dz := w.b, w.e
	t := 0.0
	for i := range dz {
		dz[i] = 0
	}
	for i := 0; i < n-1; i++ {
		s := z[i]*z[i] + z[i+1]*z[i+1]
		sn := math.Sin(50.0 * math.Pow(s, 0.1))
		t += math.Pow(s, 0.25) * (1.0 + sn*sn)
		if s == 0 {
			continue // the optimum of the term: a cusp, take 0
		}
		cs := math.Cos(50.0 * math.Pow(s, 0.1))
		ds := 0.25*math.Pow(s, -0.75)*(1+sn*sn) + math.Pow(s, 0.25)*2*sn*cs*5*math.Pow(s, -0.9)
		dz[i] += ds * 2 * z[i]
		dz[i+1] += ds * 2 * z[i+1]
	}
	h := 2 * t / ((float64(n) - 1) * (float64(n) - 1))
	for i := range dz {
		dz[i] *= h
	}
	mulT(w.g, d.m, dz) // dF/da
	for i := range w.g {
		w.g[i] *= tasyDeriv(w.a[i], i, n, 0.5)
	}
	mulT(g, d.r1, w.g)
	addPenaltyGrad(g, x, d.pen)
}

func griewankRosenbrockGrad(d *data, w *workspace, g, x []float64) {
	n := len(x)
	affine(w.a, d.m, nil, x)
	for i, v := range w.a {
		w.a[i] = v - (-0.5)
	}
	z, dz := w.a, w.b
	for i := range dz {
		dz[i] = 0
	}
	for i := 0; i < n-1; i++ {
		c1 := z[i]*z[i] - z[i+1]
		c2 := 1.0 - z[i]
		t := 100.0*c1*c1 + c2*c2
		dt := 10.0 / float64(n-1) * (1.0/4000 + math.Sin(t))
		dz[i] += dt * (400*z[i]*c1 - 2*c2)
		dz[i+1] -= dt * 200 * c1
	}
	mulT(g, d.m, dz)
}

func schwefelGrad(d *data, w *workspace, g, x []float64) {
	n := len(x)
	a, z := w.a, w.b
	for i, v := range x {
		a[i] = 2 * d.sign[i] * v
	}
	z[0] = a[0]
	for i := 1; i < n; i++ {
		z[i] = a[i] + 0.25*(a[i-1]-2.0*math.Abs(d.xopt[i-1]))
	}
	dzh := w.c // dF/dz^
	for i := range z {
		v := d.c[i]*(z[i]-2*math.Abs(d.xopt[i])) + 2*math.Abs(d.xopt[i])
		q := 100 * v
		aq := math.Abs(q)
		df := 0.0
		if aq > 500 {
			df += 2 * (aq - 500) * math.Copysign(1, q)
		}
		sq := math.Sqrt(aq)
		df -= (math.Sin(sq) + 0.5*sq*math.Cos(sq)) / float64(n)
		dzh[i] = 0.01 * df * 100 * d.c[i]
	}
	for i := range g {
		da := dzh[i]
		if i+1 < n {
			da += 0.25 * dzh[i+1]
		}
		g[i] = da * 2 * d.sign[i]
	}
}

func gallagherGrad(d *data, w *workspace, g, x []float64) {
	n := len(x)
	fac := -0.5 / float64(n)
	y := w.c
	affine(y, d.r1, nil, x)
	best, bi := 0., -1
	for i, pv := range d.peakValues {
		loc := d.xLocal[i*n : i*n+n]
		sc := d.arrScales[i*n : i*n+n]
		t2 := 0.
		for j, v := range y {
			t := v - loc[j]
			t2 += sc[j] * t * t
		}
		if t2 = pv * math.Exp(fac*t2); t2 > best { // the first of equal peaks, as coMax keeps it
			best, bi = t2, i
		}
	}
	for i := range g {
		g[i] = 0
	}
	if bi >= 0 {
		f := 10. - best
		o := oscillateObj(f)
		dfdv := -2 * o * toszDeriv(f) // dF/d(peak value)
		loc := d.xLocal[bi*n : bi*n+n]
		sc := d.arrScales[bi*n : bi*n+n]
		for j, v := range y {
			w.e[j] = dfdv * best * fac * 2 * sc[j] * (v - loc[j])
		}
		mulT(g, d.r1, w.e)
	}
	addPenaltyGrad(g, x, d.pen)
}

func lunacekGrad(d *data, w *workspace, g, x []float64) {
	const mu0 = 2.5
	n := len(x)
	xh, z := lunacekZ(d, w, x)
	s1, s2 := 0., 0.
	for _, v := range xh {
		s1 += (v - mu0) * (v - mu0)
		s2 += (v - d.mu1) * (v - d.mu1)
	}
	for i, v := range z {
		w.e[i] = 20 * math.Pi * math.Sin(2*math.Pi*v)
	}
	mulT(w.g, d.r1, w.e) // dF/dt
	mulT(w.e, d.m, w.g)  // dF/dxh from the Rastrigin part
	first := s1 <= float64(n)+d.s*s2
	for i, v := range xh {
		dv := w.e[i]
		if first {
			dv += 2 * (v - mu0)
		} else {
			dv += d.s * 2 * (v - d.mu1)
		}
		sgn := 2.
		if d.xopt[i] < 0 {
			sgn = -2.
		}
		g[i] = dv * sgn
	}
	addPenaltyGrad(g, x, d.pen)
}
