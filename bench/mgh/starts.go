package mgh

import (
	"math"
	"math/rand/v2"
	"slices"
)

// startDoc is the StartDoc of every problem of the set: one rule, so that
// reports list the set on one line.
const startDoc = "start 0: the standard point x0; 1: 10 x0; 2: 100 x0 (Moré, Garbow and Hillstrom; " +
	"Watson, whose x0 = 0: ones and 10 ones); k >= 3: x0_i (1 + u_i) where |x0_i| >= 1, else x0_i + u_i, " +
	"u uniform in (-1, 1)^n, seeded by (seed, k)"

// far is the paper's scale of start k = 1, 2: 10^k.
var far = [3]float64{1, 10, 100}

// starts returns the Start of a problem whose standard point is x0:
//
//   - start 0 is x0, starts 1 and 2 are 10 x0 and 100 x0, the starts of
//     Moré, Garbow and Hillstrom (1981). Where x0 = 0 (Watson), 10 x0 would
//     be start 0 again: starts 1 and 2 are then 1 and 10 times the vector
//     of ones, two far starts a factor 10 apart as the paper's are (and
//     the points optbench used before, so that sweeps of 3 starts keep
//     their runs).
//   - start k >= 3 is random around x0 at x0's scale: coordinate i is
//     x0_i (1 + u_i) where |x0_i| >= 1 and x0_i + u_i elsewhere, u uniform
//     in (-1, 1)^n, the generator seeded by (seed, k) alone as
//     bench.RandomStarts seeds it, so that a start does not depend on which
//     other runs exist or in what order they are made.
//
// A random start lies in the box |x_i - x0_i| < max(|x0_i|, 1): it is finite
// for every k, and f is finite there for every function of the set (the
// tests evaluate it at 2,000 starts of each). A coordinate with
// |x0_i| >= 1 keeps its sign and is never 0: HelicalValley is undefined at
// x_1 = 0 (its x0_1 = -1) and GulfResearchAndDevelopment divides by its
// x_1 (x0_1 = 5), which makes f infinite where x_1 < 0.
//
// k < 0 is not a start a sweep makes; it gets a random start like k >= 3.
func starts(x0 []float64) func(k int, seed uint64) []float64 {
	x0 = slices.Clone(x0)
	random := randomAround(x0)
	zero := !slices.ContainsFunc(x0, func(v float64) bool { return v != 0 })
	return func(k int, seed uint64) []float64 {
		x := slices.Clone(x0)
		switch {
		case k == 0:
		case (k == 1 || k == 2) && zero:
			for i := range x {
				x[i] = far[k] / 10
			}
		case k == 1 || k == 2:
			for i := range x {
				x[i] *= far[k]
			}
		default:
			return random(rand.NewPCG(seed, uint64(k)))
		}
		return x
	}
}

// randomAround returns the random points around x0 of starts k >= 3,
// drawn from a source.
func randomAround(x0 []float64) func(src rand.Source) []float64 {
	return func(src rand.Source) []float64 {
		rng := rand.New(src)
		x := slices.Clone(x0)
		for i, v := range x {
			u := open(rng)
			if math.Abs(v) >= 1 {
				// 1 + u is in (0, 2): the sign stays and 0 is never reached.
				x[i] = v * (1 + u)
			} else {
				x[i] = v + u
			}
		}
		return x
	}
}

// restarts returns the Restart of a problem whose standard point is x0,
// under COCO's protocol (bench.Sweep.Budget): restart r of start k is a
// random point around x0 as starts k >= 3 are, drawn from (seed, k, r)
// alone, in a stream of its own (the starts' streams are (seed, k)).
func restarts(x0 []float64) func(k, r int, seed uint64) []float64 {
	random := randomAround(slices.Clone(x0))
	return func(k, r int, seed uint64) []float64 {
		return random(rand.NewPCG(seed^0x9e3779b97f4a7c15, uint64(k)<<24^uint64(r)))
	}
}

// open is uniform in the open interval (-1, 1): Float64 is in [0, 1), and
// its 0 (one draw in 2^53) is drawn again, so that 1 + open(rng) > 0.
func open(rng *rand.Rand) float64 {
	for {
		if f := rng.Float64(); f > 0 {
			return 2*f - 1
		}
	}
}

// gulfNote is GulfResearchAndDevelopment's Note: from its starts 1 and 2
// runs measure only how a method stops.
const gulfNote = "GulfResearchAndDevelopment: start 1, 10 x0 = (50, 25, 1.5), is its minimizer " +
	"(f = f* = 0 up to rounding), and start 2, 100 x0, lies on a plateau where exp underflows " +
	"(gradient exactly 0, f = 32.8): gradient methods stop at once from both."
