package objective

import (
	"fmt"
	"math"
)

// Predict writes into classes the most probable class of every sample of d
// under the network net with parameters x, and returns classes (allocated
// when it is too short). Ties go to the lower class.
func Predict(net Network, x []float64, d *Dataset, classes []int) []int {
	if d.Features != net.Inputs {
		panic(fmt.Sprintf("objective: data has %d features, network %v takes %d", d.Features, net, net.Inputs))
	}
	w, v := net.Split(x)
	D, M, K := net.Inputs, net.Hidden, net.Classes
	n := d.Len()
	if cap(classes) < n {
		classes = make([]int, n)
	}
	classes = classes[:n]
	z := make([]float64, M)
	for i := range n {
		for j := range M {
			row := w[j*(D+1) : (j+1)*(D+1)]
			b := row[D]
			for f := range D {
				b += row[f] * d.At(i, f)
			}
			z[j] = 1 / (1 + math.Exp(-b))
		}
		best, bestA := 0, math.Inf(-1)
		for k := range K {
			row := v[k*(M+1) : (k+1)*(M+1)]
			a := row[M]
			for j, zj := range z {
				a += row[j] * zj
			}
			if a > bestA {
				best, bestA = k, a
			}
		}
		classes[i] = best
	}
	return classes
}

// Accuracy is the fraction of samples of d, in [0, 1], whose label is the
// class Predict gives them.
func Accuracy(net Network, x []float64, d *Dataset) float64 {
	pred := Predict(net, x, d, nil)
	hits := 0
	for i, c := range pred {
		if c == d.Labels[i] {
			hits++
		}
	}
	return float64(hits) / float64(len(pred))
}
