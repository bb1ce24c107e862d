package bbob

import "math"

// The multi-modal functions with adequate global structure, f15-f19.

// rastriginRotated is f15: Rastrigin at R Lambda^10 Q T_asy^0.2(T_osz(R (x - x_opt))).
func rastriginRotated(d *data, w *workspace, x []float64) float64 {
	if y, bad := rotatedOsz(d, w, x); bad {
		return y
	}
	tasy(w.a, w.a, 0.2)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	affine(w.b, d.m, nil, w.a)
	if y, bad := nonFinite(w.b); bad {
		return y
	}
	return rastriginRaw(w.b) + d.fopt
}

// weierstrassRaw is f_weierstrass_raw: 10 (1/n sum_i sum_k a_k cos(2 pi (z_i + 1/2) b_k) - f0)^3
// with a_k = 2^-k, b_k = 3^k, k = 0..11.
func weierstrassRaw(d *data, z []float64) float64 {
	r := 0.0
	for _, v := range z {
		for j := range d.ak {
			r += math.Cos(2*math.Pi*(v+0.5)*d.bk[j]) * d.ak[j]
		}
	}
	return 10.0 * math.Pow(r/float64(len(z))-d.f0, 3.0)
}

// weierstrass is f16: Weierstrass at R Lambda^(1/100) Q T_osz(R (x - x_opt)), plus 10/n times the
// box penalty.
func weierstrass(d *data, w *workspace, x []float64) float64 {
	pen := boxPenalty(x)
	if y, bad := rotatedOsz(d, w, x); bad {
		return y
	}
	affine(w.b, d.m, nil, w.a)
	if y, bad := nonFinite(w.b); bad {
		return y
	}
	return weierstrassRaw(d, w.b) + d.fopt + d.pen*pen
}

// schaffersRaw is f_schaffers_raw: (1/(n-1) sum s_i^(1/2) (1 + sin^2(50 s_i^(1/5))))^2 with
// s_i = z_i^2 + z_{i+1}^2.
func schaffersRaw(z []float64) float64 {
	r := 0.0
	for i := 0; i < len(z)-1; i++ {
		t := z[i]*z[i] + z[i+1]*z[i+1]
		sn := math.Sin(50.0 * math.Pow(t, 0.1))
		if math.IsInf(t, 0) && math.IsNaN(sn) { // sin(inf) is NaN; COCO returns t
			return t
		}
		r += math.Pow(t, 0.25) * (1.0 + math.Pow(sn, 2.0))
	}
	return math.Pow(r/(float64(len(z))-1.0), 2.0)
}

// schaffers is f17 (condition 10) and f18 (condition 1000): Schaffers F7 at Lambda Q T_asy^0.5(R
// (x - x_opt)), plus 10 times the box penalty.
func schaffers(d *data, w *workspace, x []float64) float64 {
	pen := boxPenalty(x)
	if y, bad := rotated(d, w, x, d.r1); bad {
		return y
	}
	tasy(w.a, w.a, 0.5)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	affine(w.b, d.m, nil, w.a)
	if y, bad := nonFinite(w.b); bad {
		return y
	}
	return schaffersRaw(w.b) + d.fopt + d.pen*pen
}

// griewankRosenbrock is f19: 10/(n-1) sum (s_i/4000 - cos s_i) + 10 with s_i the Rosenbrock
// terms at z = max(1, sqrt(n)/8) R x + 1/2.
func griewankRosenbrock(d *data, w *workspace, x []float64) float64 {
	const facftrue = 10.0
	affine(w.a, d.m, nil, x)
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	for i, v := range w.a {
		w.a[i] = v - (-0.5)
	}
	if y, bad := nonFinite(w.a); bad {
		return y
	}
	z := w.a
	r := 0.0
	for i := 0; i < len(z)-1; i++ {
		c1 := z[i]*z[i] - z[i+1]
		c2 := 1.0 - z[i]
		t := 100.0*c1*c1 + c2*c2
		r += t/4000. - math.Cos(t)
	}
	r = facftrue + facftrue*r/float64(len(z)-1)
	return r + d.fopt
}
