//go:build amd64 && !purego

package objective

import "golang.org/x/sys/cpu"

// haveMul3x12: the AVX2 kernel of hessian_amd64.s can run here.
var haveMul3x12 = cpu.X86.HasAVX2

// mul3x12AVX2 is mul3x12Go in AVX2, with the same bits; see
// hessian_amd64.s.
//
//go:noescape
func mul3x12AVX2(out *float64, ldo int, u0, u1, u2, w *float64, ldw, n int)

// wwWeights3AVX2 is wwWeights3Go in AVX2 for the whole blocks of 4, with
// the same bits; it returns how many elements it did. See hessian_amd64.s.
//
//go:noescape
func wwWeights3AVX2(c, sp, b, q0, q1, q2 *float64, n int, sj, bj, y0, y1, y2 float64) int
