package bbob

import "math"

// The separable functions f1-f5. Each value function takes x of length n and the workspace, and
// returns f(x) + f_opt computed in COCO's order of operations (raw function, then its output
// transformations).

// sphereRaw is f_sphere_raw: sum x_i^2.
func sphereRaw(z []float64) float64 {
	r := 0.0
	for _, v := range z {
		r += v * v
	}
	return r
}

// sphere is f1: ||x - x_opt||^2 + f_opt.
func sphere(d *data, w *workspace, x []float64) float64 {
	shift(w.a, x, d.xopt)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	return sphereRaw(w.a) + d.fopt
}

// ellipsoidRaw is f_ellipsoid_raw with weights c_i = cond^(i/(n-1)) (c_0 = 1).
func ellipsoidRaw(c, z []float64) float64 {
	r := z[0] * z[0]
	for i := 1; i < len(z); i++ {
		r += c[i] * z[i] * z[i]
	}
	return r
}

// ellipsoidSep is f2: the ellipsoid of condition 1e6 at T_osz(x - x_opt).
func ellipsoidSep(d *data, w *workspace, x []float64) float64 {
	shift(w.a, x, d.xopt)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	tosz(w.a, w.a)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	return ellipsoidRaw(d.c, w.a) + d.fopt
}

// rastriginRaw is f_rastrigin_raw: 10 (n - sum cos(2 pi z_i)) + ||z||^2.
func rastriginRaw(z []float64) float64 {
	s1, s2 := 0.0, 0.0
	for _, v := range z {
		s1 += math.Cos(2 * math.Pi * v)
		s2 += v * v
	}
	if math.IsInf(s2, 0) { // cos(inf) is NaN; COCO returns the sum of squares
		return s2
	}
	return 10.0*(float64(len(z))-s1) + s2
}

// rastrigin is f3: Rastrigin at Lambda^10 T_asy^0.2(T_osz(x - x_opt)).
func rastrigin(d *data, w *workspace, x []float64) float64 {
	shift(w.a, x, d.xopt)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	tosz(w.a, w.a)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	tasy(w.a, w.a, 0.2)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	scaleBy(w.a, d.c, w.a)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	return rastriginRaw(w.a) + d.fopt
}

// buecheRastrigin is f4: Rastrigin at s T_osz(x - x_opt), where s_i = 10^(i/(n-1)/2) and ten
// times that for the positive coordinates of even index, plus 100 times the box penalty.
func buecheRastrigin(d *data, w *workspace, x []float64) float64 {
	pen := boxPenalty(x)
	shift(w.a, x, d.xopt)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	tosz(w.a, w.a)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	for i, v := range w.a {
		factor := d.c[i]
		if v > 0.0 && i%2 == 0 {
			factor *= 10.0
		}
		w.a[i] = factor * v
	}
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	t, t2 := 0.0, 0.0
	for _, v := range w.a {
		t += math.Cos(2 * math.Pi * v)
		t2 += v * v
	}
	r := 10.0*(float64(len(x))-t) + t2 + 0
	return r + d.fopt + d.pen*pen
}

// linearSlope is f5: sum 5|s_i| - s_i x_i with slopes s_i = +-10^(i/(n-1)) pointing to the
// corner x_opt in {-5, 5}^n; beyond the corner (x_i x_opt_i >= 25) the term is 0.
func linearSlope(d *data, w *workspace, x []float64) float64 {
	r := 0.0
	for i, v := range x {
		si := d.c[i]
		if v*d.bestX[i] < 25.0 {
			r += 5.0*math.Abs(si) - si*v
		} else {
			r += 5.0*math.Abs(si) - si*d.bestX[i]
		}
	}
	return r + d.fopt
}
