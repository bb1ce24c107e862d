package bbob

import "math"

// The functions of high conditioning, f10-f14 (all unimodal).

// ellipsoid is f10: the ellipsoid of condition 1e6 at T_osz(R (x - x_opt)).
func ellipsoid(d *data, w *workspace, x []float64) float64 {
	if y, bad := rotatedOsz(d, w, x); bad {
		return y
	}
	return ellipsoidRaw(d.c, w.a) + d.fopt
}

// rotated sets w.a = M (x - x_opt) with COCO's checks after both stages (see nonFinite); w.b
// holds x - x_opt.
func rotated(d *data, w *workspace, x, m []float64) (float64, bool) {
	shift(w.b, x, d.xopt)
	if y, bad := nonFinite(w.b); bad {
		return y, true
	}
	affine(w.a, m, nil, w.b)
	return nonFinite(w.a)
}

// rotatedOsz sets w.a = T_osz(R (x - x_opt)) with COCO's checks after each stage.
func rotatedOsz(d *data, w *workspace, x []float64) (float64, bool) {
	if y, bad := rotated(d, w, x, d.r1); bad {
		return y, true
	}
	tosz(w.a, w.a)
	return nonFinite(w.a)
}

// discusRaw is f_discus_raw: 1e6 z_1^2 + sum_{i>1} z_i^2.
func discusRaw(z []float64) float64 {
	const condition = 1.0e6
	r := condition * z[0] * z[0]
	for _, v := range z[1:] {
		r += v * v
	}
	return r
}

// discus is f11: the discus at T_osz(R (x - x_opt)).
func discus(d *data, w *workspace, x []float64) float64 {
	if y, bad := rotatedOsz(d, w, x); bad {
		return y
	}
	return discusRaw(w.a) + d.fopt
}

// bentCigarRaw is f_bent_cigar_raw: z_1^2 + 1e6 sum_{i>1} z_i^2.
func bentCigarRaw(z []float64) float64 {
	const condition = 1.0e6
	r := z[0] * z[0]
	for _, v := range z[1:] {
		r += condition * v * v
	}
	return r
}

// bentCigar is f12: the bent cigar at R T_asy^0.5(R (x - x_opt)).
func bentCigar(d *data, w *workspace, x []float64) float64 {
	if y, bad := rotated(d, w, x, d.r1); bad {
		return y
	}
	tasy(w.a, w.a, 0.5)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	affine(w.b, d.r1, nil, w.a)
	if y, bad := nonFinite(w.b); bad {
		return y
	}
	return bentCigarRaw(w.b) + d.fopt
}

// sharpRidgeRaw is f_sharp_ridge_raw: z_1^2 + 100 sqrt(sum_{i>1} z_i^2).
func sharpRidgeRaw(z []float64) float64 {
	const alpha = 100.0
	const dVars40 = 1.0 // COCO's generalisation to large n; 1 in the bbob suite
	r := 0.0
	for _, v := range z[1:] {
		r += v * v
	}
	r = alpha * math.Sqrt(r/dVars40)
	r += z[0] * z[0] / dVars40
	return r
}

// sharpRidge is f13: the sharp ridge at Q Lambda^10 R (x - x_opt).
func sharpRidge(d *data, w *workspace, x []float64) float64 {
	if y, bad := rotated(d, w, x, d.m); bad {
		return y
	}
	return sharpRidgeRaw(w.a) + d.fopt
}

// differentPowers is f14: sqrt(sum |z_i|^(2 + 4 i/(n-1))) at z = R (x - x_opt).
func differentPowers(d *data, w *workspace, x []float64) float64 {
	if y, bad := rotated(d, w, x, d.r1); bad {
		return y
	}
	s := 0.0
	for i, v := range w.a {
		s += math.Pow(math.Abs(v), d.c[i])
	}
	return math.Sqrt(s) + d.fopt
}
