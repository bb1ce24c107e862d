package objective

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkHessWidth is the Hessian of a 2-M-3 network on 5000 samples
// with two workers, by blocks of samples (hessChunkBlock) and by tiles
// (hessChunk), around hessKernelHidden:
//
//	go test ./objective -run '^$' -bench HessWidth -benchtime 20x
func BenchmarkHessWidth(b *testing.B) {
	defer func(h int) { hessKernelHidden = h }(hessKernelHidden)
	rng := rand.New(rand.NewPCG(41, 42))
	for _, M := range []int{2, 4, 8, 16, 32} {
		net := Network{Inputs: 2, Hidden: M, Classes: 3}
		data, x := randomProblem(rng, net, 5000, 0.7)
		for _, way := range []struct {
			name      string
			threshold int
		}{{"blocks", M + 1}, {"tiles", M}} {
			b.Run(fmt.Sprintf("M=%d/%s", M, way.name), func(b *testing.B) {
				hessKernelHidden = way.threshold
				ce, _ := NewCrossEntropy(net, data, 0)
				ce.SetWorkers(2)
				defer ce.Close()
				H := make([]float64, len(x)*len(x))
				for b.Loop() {
					ce.Hess(H, x)
				}
			})
		}
	}
}
