//go:build !amd64 || purego

package objective

const haveMul3x12 = false

func mul3x12AVX2(out *float64, ldo int, u0, u1, u2, w *float64, ldw, n int) {
	panic("objective: mul3x12AVX2 without AVX2")
}

func wwWeights3AVX2(c, sp, b, q0, q1, q2 *float64, n int, sj, bj, y0, y1, y2 float64) int {
	return 0
}
