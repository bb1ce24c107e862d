package bbob

import "math"

// The functions of low or moderate conditioning, f6-f9.

// attractiveSector is f6: T_osz of sum (100 z_i)^2 over the coordinates where z_i has the sign of
// x_opt_i (z_i^2 elsewhere), to the power 0.9, with z = Q Lambda^10 R (x - x_opt).
func attractiveSector(d *data, w *workspace, x []float64) float64 {
	shift(w.b, x, d.xopt)
	if y, bad := nonFinite(w.b); bad {
		return y
	}
	affine(w.a, d.m, nil, w.b)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	r := 0.0
	for i, v := range w.a {
		if d.xopt[i]*v > 0.0 {
			r += 100.0 * 100.0 * v * v
		} else {
			r += v * v
		}
	}
	return math.Pow(oscillateObj(r), 0.9) + d.fopt
}

// stepEllipsoid is f7: 0.1 max(|z_1|/1e4, sum 100^(i/(n-1)) (R z~)_i^2) + penalty + f_opt, where
// z = Lambda^10 Q (x - x_opt) and z~ rounds z to integers (|z_i| > 0.5) or to tenths. Piecewise
// constant: no gradient.
func stepEllipsoid(d *data, w *workspace, x []float64) float64 {
	n := len(x)
	pen := 0.0
	for _, v := range x {
		t := math.Abs(v) - 5.0
		if t > 0.0 {
			pen += t * t
		}
	}
	pen = pen * d.pen
	for i := 0; i < n; i++ {
		row := d.m[i*n : i*n+n]
		s := 0.0
		for j, v := range x {
			s += row[j] * (v - d.xopt[j])
		}
		w.a[i] = s
	}
	x1 := w.a[0]
	for i, v := range w.a {
		if math.Abs(v) > 0.5 {
			w.a[i] = roundHalfUp(v)
		} else {
			w.a[i] = roundHalfUp(10.0*v) / 10.0
		}
	}
	affine(w.b, d.r1, nil, w.a)
	r := 0.0
	for i, v := range w.b {
		r += d.c[i] * v * v
	}
	return 0.1*coMax(math.Abs(x1)*1.0e-4, r) + pen + d.fopt
}

// coMax is COCO's coco_double_max (a >= b ? a : b), which differs from math.Max on NaN and -0.
func coMax(a, b float64) float64 {
	if a >= b {
		return a
	}
	return b
}

// coMin is COCO's coco_double_min (a <= b ? a : b).
func coMin(a, b float64) float64 {
	if a <= b {
		return a
	}
	return b
}

// rosenbrockRaw is f_rosenbrock_raw: sum 100 (z_i^2 - z_{i+1})^2 + (z_i - 1)^2.
func rosenbrockRaw(z []float64) float64 {
	s1, s2 := 0.0, 0.0
	for i := 0; i < len(z)-1; i++ {
		t := z[i]*z[i] - z[i+1]
		s1 += t * t
		t = z[i] - 1.0
		s2 += t * t
	}
	return 100.0*s1 + s2
}

// rosenbrock is f8: Rosenbrock at max(1, sqrt(n)/8) (x - x_opt) + 1.
func rosenbrock(d *data, w *workspace, x []float64) float64 {
	for i, v := range x {
		w.a[i] = d.scale*(v-d.xopt[i]) - (-1.0)
	}
	// One check for COCO's three stages (shift, scale, shift): none makes a NaN of finite numbers
	// or a finite number of an infinite one.
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	return rosenbrockRaw(w.a) + d.fopt
}

// rosenbrockRotated is f9: Rosenbrock at max(1, sqrt(n)/8) R x + 1/2.
func rosenbrockRotated(d *data, w *workspace, x []float64) float64 {
	affine(w.a, d.m, d.b, x)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	return rosenbrockRaw(w.a) + d.fopt
}
