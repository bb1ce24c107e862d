package bbob_test

import (
	"fmt"

	"github.com/optbench/optbench/bench/bbob"
)

func ExampleNewFunction() {
	f, err := bbob.NewFunction(1, 2, 1)
	if err != nil {
		panic(err)
	}
	fmt.Println(f.ProblemID(), f.Name())
	fmt.Printf("f_opt %.2f at x_opt %.4f\n", f.FOpt, f.XOpt)
	fmt.Printf("f(0) = %.8f\n", f.Value([]float64{0, 0}))
	_, err = bbob.NewFunction(8, 1, 1)
	fmt.Println(err)
	// Output:
	// bbob_f001_i01_d02 f1 Sphere
	// f_opt 79.48 at x_opt [0.2528 -1.1568]
	// f(0) = 80.88209408
	// bbob: bad dimension: 1 for f8: f8 needs dimension >= 2 (its definition divides by n - 1; only f1, f2, f10 and f11 are defined for n = 1)
}
