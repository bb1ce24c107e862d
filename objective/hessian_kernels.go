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
