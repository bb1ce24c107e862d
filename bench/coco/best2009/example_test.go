package best2009_test

import (
	"fmt"
	"math"

	"github.com/optbench/optbench/bench/coco/best2009"
)

// Best 2009's aRT on the sphere in 2-D, a method's ratio to it as cocopp's
// tables print it, and the attribution.
func ExampleART() {
	ref, _ := best2009.ART(1, 2, 1e-8)
	method := 63.0 // a method's aRT at the same target, f-evaluations
	fmt.Printf("best 2009: %g evaluations; the method's ratio: %.1f\n", ref, method/ref)
	succ, runs, _ := best2009.Successes(1, 2, 1e-8)
	fmt.Printf("%d of %d runs of the 2009 algorithm it took this from reached 1e-8\n", succ, runs)
	_, ok := best2009.ART(1, 4, 1e-8)
	fmt.Println("data for 4-D:", ok)
	// Output:
	// best 2009: 6 evaluations; the method's ratio: 10.5
	// 15 of 15 runs of the 2009 algorithm it took this from reached 1e-8
	// data for 4-D: false
}

// Best 2009's line in cocopp's ECDF over the sphere in 2-D, with COCO's 51
// targets 10^2 ... 10^-8: f-evaluations per dimension, fraction solved. The
// virtual run reached Δf 15.8 after 1 evaluation (5 of the 51 targets, at
// 1/2 an evaluation per dimension), 6.3 after 2, 2.5 after 3, 1.6 after 5
// and 1e-8 after 6.
func ExampleECDF() {
	deltaFs := make([]float64, 51)
	for i := range deltaFs {
		deltaFs[i] = math.Pow(10, 2-float64(i)/5)
	}
	budgets, fractions := best2009.ECDF(2, []int{1}, deltaFs)
	for i := range budgets {
		fmt.Printf("%g %.4f\n", budgets[i], fractions[i])
	}
	// Output:
	// 0.5 0.0980
	// 1 0.1373
	// 1.5 0.1765
	// 2.5 0.1961
	// 3 1.0000
}
