package objective_test

import (
	"fmt"

	"github.com/optbench/optbench/objective"
)

// The classroom loss and its gradient at the exercise's initial weights.
func ExampleCrossEntropy() {
	train, test := objective.Classroom()
	ce, err := objective.NewCrossEntropy(objective.ClassroomNetwork, train, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	x := objective.ClassroomInit()
	grad := make([]float64, ce.NumParams())
	e := ce.FuncGrad(grad, x)
	fmt.Printf("%d parameters, %d training and %d test samples\n", len(x), train.Len(), test.Len())
	fmt.Printf("E(x0) = %.6f\n", e)
	fmt.Println("gradient within 1e-6 of central differences:", objective.CheckGradient(ce, x, 0).Max() < 1e-6)
	// Output:
	// 15 parameters, 100 training and 100 test samples
	// E(x0) = 1.101080
	// gradient within 1e-6 of central differences: true
}
