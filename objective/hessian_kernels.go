package objective

import "gonum.org/v1/gonum/floats"

// The Hessian's kernels: each makes several sums over a chunk's samples in
// one pass, its sums in registers, so that a factor common to them is
// loaded or computed once per sample. Columns are a chunk's values of one
// quantity, n samples, laid out one after the other in a flat slice (cols
// holds len(out) columns of len(u) values). Each sum adds its terms in
// sample order from zero.

// dotsTable sets out[a*nc+b] = sum_i us[a][i] cols_b[i] for each row
// us[a] (n values) and each of the nc columns of cols, taking three rows
// and three columns at a time (nine sums in registers for six loads per
// sample). Every sum is made the same way whatever the rows around it.
func dotsTable(out []float64, us [][]float64, cols []float64, nc, n int) {
	col := func(b int) []float64 { return cols[b*n:][:n] }
	a := 0
	for ; a+3 <= len(us); a += 3 {
		u0, u1, u2 := us[a][:n], us[a+1][:n], us[a+2][:n]
		b := 0
		for ; b+3 <= nc; b += 3 {
			o := out[a*nc+b:]
			o[0], o[1], o[2], o[nc], o[nc+1], o[nc+2], o[2*nc], o[2*nc+1], o[2*nc+2] =
				dots3x3(u0, u1, u2, col(b), col(b+1), col(b+2))
		}
		for ; b < nc; b++ {
			out[a*nc+b], out[(a+1)*nc+b], out[(a+2)*nc+b] = dots1x3(col(b), u0, u1, u2)
		}
	}
	for ; a < len(us); a++ {
		u := us[a][:n]
		b := 0
		for ; b+3 <= nc; b += 3 {
			out[a*nc+b], out[a*nc+b+1], out[a*nc+b+2] = dots1x3(u, col(b), col(b+1), col(b+2))
		}
		for ; b < nc; b++ {
			out[a*nc+b] = dot1(u, col(b))
		}
	}
}

// dots3x3 is the nine sums of u_a c_b over the samples.
func dots3x3(u0, u1, u2, c0, c1, c2 []float64) (s00, s01, s02, s10, s11, s12, s20, s21, s22 float64) {
	n := len(u0)
	u1, u2, c0, c1, c2 = u1[:n], u2[:n], c0[:n], c1[:n], c2[:n]
	for i, a0 := range u0 {
		a1, a2 := u1[i], u2[i]
		b0, b1, b2 := c0[i], c1[i], c2[i]
		s00 += a0 * b0
		s01 += a0 * b1
		s02 += a0 * b2
		s10 += a1 * b0
		s11 += a1 * b1
		s12 += a1 * b2
		s20 += a2 * b0
		s21 += a2 * b1
		s22 += a2 * b2
	}
	return
}

// dots1x3 is the three sums of u c_b over the samples.
func dots1x3(u, c0, c1, c2 []float64) (s0, s1, s2 float64) {
	n := len(u)
	c0, c1, c2 = c0[:n], c1[:n], c2[:n]
	for i, a := range u {
		s0 += a * c0[i]
		s1 += a * c1[i]
		s2 += a * c2[i]
	}
	return
}

// dot1 is the sum of u c over the samples, in the order of the others.
func dot1(u, c []float64) float64 {
	c = c[:len(u)]
	var s float64
	for i, a := range u {
		s += a * c[i]
	}
	return s
}

// ww2Index[a][b] is where wwWeighted2 and wwPair23 put the sum of
// c x~_a x~_b, a <= b, with x~ = (x0, x1, 1).
var ww2Index = [3][3]int{{0, 1, 2}, {-1, 3, 4}, {-1, -1, 5}}

// wwWeighted2 sets out (6) to the sums of c x~_a x~_b, a <= b, for two
// features x0, x1 (ww2Index), each product formed as (c x~_a) x~_b.
func wwWeighted2(out, c, x0, x1 []float64) {
	n := len(c)
	x0, x1 = x0[:n], x1[:n]
	var s00, s01, s02, s11, s12, s22 float64
	for i, ci := range c {
		cx0, cx1 := ci*x0[i], ci*x1[i]
		s00 += cx0 * x0[i]
		s01 += cx0 * x1[i]
		s02 += cx0
		s11 += cx1 * x1[i]
		s12 += cx1
		s22 += ci
	}
	out[0], out[1], out[2], out[3], out[4], out[5] = s00, s01, s02, s11, s12, s22
}

// wwPair23 is wwWeighted2 for the w-w weight of hidden units j != m with
// three classes, made on the fly: c = s'_j s'_m (sum_k q_k y_k - ybar_j
// ybar_m), q_k = v_kj v_km, y the chunk's three columns of softmax outputs.
func wwPair23(out, q, y, spj, spm, bj, bm, x0, x1 []float64) {
	n := len(spj)
	y0, y1, y2 := y[:n], y[n:][:n], y[2*n:][:n]
	spm, bj, bm, x0, x1 = spm[:n], bj[:n], bm[:n], x0[:n], x1[:n]
	q0, q1, q2 := q[0], q[1], q[2]
	var s00, s01, s02, s11, s12, s22 float64
	for i, spji := range spj {
		c := spji * spm[i] * (q0*y0[i] + q1*y1[i] + q2*y2[i] - bj[i]*bm[i])
		cx0, cx1 := c*x0[i], c*x1[i]
		s00 += cx0 * x0[i]
		s01 += cx0 * x1[i]
		s02 += cx0
		s11 += cx1 * x1[i]
		s12 += cx1
		s22 += c
	}
	out[0], out[1], out[2], out[3], out[4], out[5] = s00, s01, s02, s11, s12, s22
}

// dot3n is sum_i a_i b_i c_i, nil standing for ones.
func dot3n(a, b, c []float64) float64 {
	switch {
	case b == nil && c == nil:
		return floats.Sum(a)
	case b == nil:
		return floats.Dot(a, c)
	case c == nil:
		return floats.Dot(a, b)
	}
	return dot3(a, b, c)
}

// dot3 is sum_i a_i b_i c_i.
func dot3(a, b, c []float64) float64 {
	b, c = b[:len(a)], c[:len(a)]
	var s0, s1 float64
	i := 0
	for ; i+1 < len(a); i += 2 {
		s0 += a[i] * b[i] * c[i]
		s1 += a[i+1] * b[i+1] * c[i+1]
	}
	if i < len(a) {
		s0 += a[i] * b[i] * c[i]
	}
	return s0 + s1
}

// mul3x12 sets out[a*ldo+b] = sum_{i<n} u_a[i] w[i*ldw+b] for a < 3 and
// b < 12: three rows of samples (sample-contiguous) times twelve columns of
// w (sample-major, ldw values per sample), each sum a product then an add
// per sample in sample order from zero, the same bits in the AVX2 kernel
// and in Go.
func mul3x12(out []float64, ldo int, u0, u1, u2, w []float64, ldw, n int) {
	_ = out[2*ldo+11]
	_, _, _ = u0[n-1], u1[n-1], u2[n-1]
	_ = w[(n-1)*ldw+11]
	if haveMul3x12 {
		mul3x12AVX2(&out[0], ldo, &u0[0], &u1[0], &u2[0], &w[0], ldw, n)
		return
	}
	mul3x12Go(out, ldo, u0, u1, u2, w, ldw, n)
}

func mul3x12Go(out []float64, ldo int, u0, u1, u2, w []float64, ldw, n int) {
	for a, u := range [3][]float64{u0[:n], u1[:n], u2[:n]} {
		for b := range 12 {
			var s float64
			for i, ui := range u {
				s += float64(ui * w[i*ldw+b]) // float64(): never fused
			}
			out[a*ldo+b] = s
		}
	}
}

// rowsTimesCols sets out[a*ldo+b] = sum_{i<n} rows[a][i] w[i*ldw+b] for
// each row a and each column b in [c0, c1), c0 and c1 - c0 multiples of 12,
// len(rows) a multiple of 3 (mul3x12).
func rowsTimesCols(out []float64, ldo int, rows [][]float64, w []float64, ldw, c0, c1, n int) {
	for a := 0; a < len(rows); a += 3 {
		for b := c0; b < c1; b += 12 {
			mul3x12(out[a*ldo+b:], ldo, rows[a], rows[a+1], rows[a+2], w[b:], ldw, n)
		}
	}
}
