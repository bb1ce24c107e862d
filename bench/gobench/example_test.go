package gobench_test

import (
	"context"
	"fmt"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/gobench"
	"github.com/optbench/optbench/solvers"
)

// The benchmarks of a Suite, as its Run runs them. In a _test.go
// file, func BenchmarkMine(b *testing.B) { bm.Run(b) } runs them.
func ExampleSuite_Cases() {
	himmelblau := bench.FuncProblem("Himmelblau", 2, solvers.Problem{
		Func: func(x []float64) float64 {
			a, b := x[0]*x[0]+x[1]-11, x[0]+x[1]*x[1]-7
			return a*a + b*b
		},
	})
	bm := gobench.Suite{
		Problems:  "Beale,ExtendedRosenbrock:10",
		Own:       []*bench.Problem{himmelblau},
		Methods:   "L-BFGS,Nelder-Mead,GD-fixed[alpha=0.01|0.001]",
		Gradients: []solvers.GradientMode{solvers.Central3}, // Himmelblau has no gradient here
		Options:   solvers.Options{MaxIter: 500},
	}
	cases, err := bm.Cases(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range cases {
		fmt.Printf("%-52s from x0 = %.3g\n", c.Name, c.Spec.X0[:2])
	}
	// Output:
	// Beale/L-BFGS/3-point                                 from x0 = [1 1]
	// Beale/Nelder-Mead                                    from x0 = [1 1]
	// Beale/GD-fixed[alpha=0.01]/3-point                   from x0 = [1 1]
	// Beale/GD-fixed[alpha=0.001]/3-point                  from x0 = [1 1]
	// ExtendedRosenbrock:10/L-BFGS/3-point                 from x0 = [-1.2 1]
	// ExtendedRosenbrock:10/Nelder-Mead                    from x0 = [-1.2 1]
	// ExtendedRosenbrock:10/GD-fixed[alpha=0.01]/3-point   from x0 = [-1.2 1]
	// ExtendedRosenbrock:10/GD-fixed[alpha=0.001]/3-point  from x0 = [-1.2 1]
	// Himmelblau/L-BFGS/3-point                            from x0 = [-0.802 0.425]
	// Himmelblau/Nelder-Mead                               from x0 = [-0.802 0.425]
	// Himmelblau/GD-fixed[alpha=0.01]/3-point              from x0 = [-0.802 0.425]
	// Himmelblau/GD-fixed[alpha=0.001]/3-point             from x0 = [-0.802 0.425]
}
