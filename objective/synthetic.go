package objective

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// The classroom mixture: means and per-axis standard deviations of its
// three Gaussian components in two dimensions (the priors are in
// SyntheticPriors).
var (
	mixtureMeans = [][2]float64{{-0.5, -0.5}, {0.5, 1.0}, {1.0, -0.5}}
	mixtureSDs   = [][2]float64{{0.7, 0.7}, {0.8, 0.3}, {0.3, 0.8}}
)

// SyntheticPriors returns the class shares Synthetic draws from: the
// classroom's 0.4, 0.4, 0.2 for K = 3; in general weight 0.4 for the first
// two classes and 0.2 for every other, normalized (K = 2: 0.5, 0.5).
func SyntheticPriors(classes int) []float64 {
	p := make([]float64, classes)
	var sum float64
	for k := range p {
		p[k] = 0.2
		if k < 2 {
			p[k] = 0.4
		}
		sum += p[k]
	}
	for k := range p {
		p[k] /= sum
	}
	return p
}

// Synthetic draws n samples of the classroom mixture recipe, widened to
// features >= 1 and classes >= 2, with a generator seeded by seed alone:
//   - class k has probability SyntheticPriors(classes)[k];
//   - features 0 and 1 of classes 0-2 follow the classroom components
//     (means (-0.5,-0.5), (0.5,1), (1,-0.5); standard deviations (0.7,0.7),
//     (0.8,0.3), (0.3,0.8)); a class k >= 3 is centred on
//     1.5*(cos 2pi k/K, sin 2pi k/K) with standard deviation 0.5;
//   - every further feature f >= 2 is 0.5*sin(1+k+2f) plus standard normal
//     noise, so it carries a little information about the class.
//
// It returns the features row-major and the labels. (The classroom file
// itself came from numpy's generator, which this does not reproduce.)
func Synthetic(n, features, classes int, seed uint64) (rows []float64, labels []int, err error) {
	switch {
	case n < 2:
		return nil, nil, fmt.Errorf("objective: synthetic data needs at least 2 samples, asked for %d", n)
	case features < 1:
		return nil, nil, fmt.Errorf("objective: synthetic data needs at least 1 feature, asked for %d", features)
	case classes < 2:
		return nil, nil, fmt.Errorf("objective: synthetic data needs at least 2 classes, asked for %d", classes)
	}
	rng := rand.New(rand.NewPCG(seed, 0x5e1ec7))
	priors := SyntheticPriors(classes)
	cum := make([]float64, classes)
	var c float64
	for k, p := range priors {
		c += p
		cum[k] = c
	}
	cum[classes-1] = 1
	rows = make([]float64, 0, n*features)
	labels = make([]int, n)
	for i := range n {
		u := rng.Float64()
		k := 0
		for k < classes-1 && u >= cum[k] {
			k++
		}
		labels[i] = k
		for f := range features {
			mean, sd := 0.5*math.Sin(float64(1+k+2*f)), 1.0
			if f < 2 {
				if k < 3 {
					mean, sd = mixtureMeans[k][f], mixtureSDs[k][f]
				} else {
					angle := 2 * math.Pi * float64(k) / float64(classes)
					mean, sd = 1.5*math.Cos(angle), 0.5
					if f == 1 {
						mean = 1.5 * math.Sin(angle)
					}
				}
			}
			rows = append(rows, mean+sd*rng.NormFloat64())
		}
	}
	return rows, labels, nil
}
