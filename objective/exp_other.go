//go:build !amd64 || purego

package objective

const haveVectorExp = false

func expShiftedAVX2(a, m *float64, n, mStride int) int { return 0 }
