package objective

// The Hessian's kernel: sums over a chunk's samples of rows of samples
// (sample-contiguous) times columns of a sample-major matrix, twelve sums
// per row at a time.

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

// wwWeights3 sets the w-w weights of one sample for three classes,
// c[m] = sj sp[m] (q0[m] y0 + q1[m] y1 + q2[m] y2 - bj b[m]), in the AVX2
// kernel where it can run and in Go for the rest, the same bits.
func wwWeights3(c, sp, b, q0, q1, q2 []float64, sj, bj, y0, y1, y2 float64) {
	n := len(c)
	sp, b, q0, q1, q2 = sp[:n], b[:n], q0[:n], q1[:n], q2[:n]
	done := 0
	if haveMul3x12 && n >= 4 {
		done = wwWeights3AVX2(&c[0], &sp[0], &b[0], &q0[0], &q1[0], &q2[0], n, sj, bj, y0, y1, y2)
	}
	wwWeights3Go(c[done:], sp[done:], b[done:], q0[done:], q1[done:], q2[done:], sj, bj, y0, y1, y2)
}

func wwWeights3Go(c, sp, b, q0, q1, q2 []float64, sj, bj, y0, y1, y2 float64) {
	n := len(c)
	sp, b, q0, q1, q2 = sp[:n], b[:n], q0[:n], q1[:n], q2[:n]
	for m := range c {
		// float64(): never fused, as in the kernel.
		t := float64(float64(float64(q0[m]*y0)+float64(q1[m]*y1))+float64(q2[m]*y2)) - float64(bj*b[m])
		c[m] = float64(sj*sp[m]) * t
	}
}
