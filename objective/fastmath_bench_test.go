package objective

import (
	"math"
	"testing"
)

// expArgs are 300 arguments of the kind the softmax gives exp: in (-4, 0].
func expArgs() []float64 {
	src := make([]float64, 300)
	for i := range src {
		src[i] = -float64(i%37) * 0.1
	}
	return src
}

func BenchmarkExpInPlace(b *testing.B) {
	src := expArgs()
	a := make([]float64, len(src))
	for b.Loop() {
		copy(a, src)
		expInPlace(a)
	}
}

func BenchmarkMathExp(b *testing.B) {
	src := expArgs()
	a := make([]float64, len(src))
	for b.Loop() {
		for i, x := range src {
			a[i] = math.Exp(x)
		}
	}
}
