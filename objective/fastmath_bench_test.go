package objective

import (
	"math"
	"testing"
)

func BenchmarkExpInPlace(b *testing.B) {
	src := make([]float64, 300)
	for i := range src {
		src[i] = -float64(i%37) * 0.1
	}
	a := make([]float64, 300)
	for b.Loop() {
		copy(a, src)
		expInPlace(a)
	}
}

func BenchmarkMathExp(b *testing.B) {
	src := make([]float64, 300)
	for i := range src {
		src[i] = -float64(i%37) * 0.1
	}
	a := make([]float64, 300)
	for b.Loop() {
		for i, x := range src {
			a[i] = math.Exp(x)
		}
	}
}
