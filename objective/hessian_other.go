//go:build !amd64 || purego

package objective

const haveMul3x12 = false

func mul3x12AVX2(out *float64, ldo int, u0, u1, u2, w *float64, ldw, n int) {
	panic("objective: mul3x12AVX2 without AVX2")
}
