//go:build amd64 && !purego

package objective

import (
	"math"

	"golang.org/x/sys/cpu"
)

// haveVectorExp: the AVX2 kernel of exp_amd64.s can run here.
var haveVectorExp = cpu.X86.HasAVX2

// expShiftedAVX2 replaces a[i] by e^(a[i]-m[i]) for the first whole blocks
// of 4 of the n elements at a, reading m with a stride of mStride bytes per
// block (32: a slice; 0: the same 4 values, zero4). It stops before the
// first block with an argument outside [-708, 708] or a NaN, and returns
// how many elements it did.
//
//go:noescape
func expShiftedAVX2(a, m *float64, n, mStride int) int

// expConsts is read by the vector kernel in exp_amd64.s: the constants above, then
// 1/2, 1/6, 1/24, and integer masks as float64 bit patterns.
//
//lint:ignore U1000 read by exp_amd64.s
var expConsts = [...]float64{
	expInvLn2x256, expShift, expLn2Hi, expLn2Lo, 1.0 / 2, 1.0 / 6, 1.0 / 24, expLimit,
	math.Float64frombits(1<<63 - 1), // |x| mask
	math.Float64frombits(255),       // table index mask
	math.Float64frombits(1023),      // exponent bias
}
