package solvers_test

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/optimize"

	"github.com/optbench/optbench/solvers"
)

// Minimize a function of two variables, as with scipy.optimize.minimize:
// here Rosenbrock's, whose minimum is at (1, 1).
func ExampleMinimize() {
	rosen := func(x []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		return a*a + 100*b*b
	}
	grad := func(g, x []float64) {
		g[0] = -2*(1-x[0]) - 400*x[0]*(x[1]-x[0]*x[0])
		g[1] = 200 * (x[1] - x[0]*x[0])
	}
	res, err := solvers.Minimize(solvers.Problem{Func: rosen, Grad: grad}, []float64{-1.2, 1}, solvers.Options{Method: "BFGS"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %s\nx = (%.5f, %.5f)\n", res.Status, res.Message, res.X[0], res.X[1])
	// Output:
	// success: Optimization terminated successfully.
	// x = (1.00000, 1.00000)
}

// Without a gradient, a method that needs one can use finite differences;
// their evaluations count in Nfev.
func ExampleMinimize_finiteDifferences() {
	sphere := func(x []float64) float64 { return (x[0]-3)*(x[0]-3) + (x[1]+2)*(x[1]+2) }
	res, _ := solvers.Minimize(solvers.Problem{Func: sphere}, []float64{0, 1}, solvers.Options{Method: "L-BFGS", Gradient: solvers.Central3})
	fmt.Printf("%s after %d iterations: x = (%.4f, %.4f), %d evaluations of f\n", res.Status, res.Nit, res.X[0], res.X[1], res.Nfev)
	// Output:
	// success after 2 iterations: x = (3.0000, -2.0000), 15 evaluations of f
}

// A method of your own joins a registry and then runs like the built-in
// ones, with the same counts, limits, trace and Result. Here gonum's
// CMA-ES, driven by optimize.Minimize through GonumRun, with a parameter
// of its own.
func ExampleRegistry_Register() {
	reg, _ := solvers.NewRegistry()
	err := reg.Register(solvers.Method{
		Name:   "CMA-ES",
		Doc:    "gonum's CmaEsChol, a global method that needs no gradient",
		Params: []solvers.ParamSpec{{Key: "step", Default: "0.5", Min: 0, MinOpen: true, Doc: "initial step size"}},
		Run: solvers.GonumRun(func(p solvers.Params) (optimize.Method, error) {
			step, _ := p.Float("step")
			return &optimize.CmaEsChol{InitStepSize: step, Src: rand.NewPCG(1, 2)}, nil
		}, nil),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	rosen := func(x []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		return a*a + 100*b*b
	}
	res, err := solvers.Minimize(solvers.Problem{Func: rosen}, []float64{-1.2, 1},
		solvers.Options{Method: "cma-es", Registry: reg, Params: map[string]string{"step": "1"}, MaxIter: 5000})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %s\nx = (%.4f, %.4f)\n", res.Label, res.Status, res.X[0], res.X[1])
	// Output:
	// CMA-ES[step=1]: success
	// x = (1.0000, 1.0000)
}

// Your own function, as the README shows it: a 5-dimensional quadratic
// with its minimum at (1, 2, 3, 4, 5), minimized by two methods, one of
// them with a parameter set.
func ExampleMinimize_ownFunction() {
	f := func(x []float64) float64 {
		var s float64
		for i, v := range x {
			d := v - float64(i+1)
			s += float64(i+1) * d * d
		}
		return s
	}
	grad := func(g, x []float64) {
		for i, v := range x {
			g[i] = 2 * float64(i+1) * (v - float64(i+1))
		}
	}
	x0 := make([]float64, 5)
	for _, o := range []solvers.Options{
		{Method: "L-BFGS"},
		{Method: "BFGS", Params: map[string]string{"linesearch": "more-thuente"}},
	} {
		res, err := solvers.Minimize(solvers.Problem{Func: f, Grad: grad}, x0, o)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-30s %s after %d iterations, f < 1e-10: %v, x = %.4f\n", res.Label, res.Status, res.Nit, res.Fun < 1e-10, res.X)
	}
	// Output:
	// L-BFGS                         success after 9 iterations, f < 1e-10: true, x = [1.0000 2.0000 3.0000 4.0000 5.0000]
	// BFGS[linesearch=more-thuente]  success after 12 iterations, f < 1e-10: true, x = [1.0000 2.0000 3.0000 4.0000 5.0000]
}

// A mean over samples can be stepped on mini-batches: here the mean of
// (x - y_i)^2 over 100 samples y_i = i/99, whose minimum is their mean,
// 0.5. Adam on batches of 10 makes 5 passes over the samples (50 steps)
// and ends as status epochs: such a run has no convergence test, so it
// neither succeeds nor fails.
func ExampleMinimize_miniBatches() {
	const n = 100
	y := func(i int) float64 { return float64(i) / (n - 1) }
	mean := func(x []float64, idx []int) (f, g float64) {
		for _, i := range idx {
			d := x[0] - y(i)
			f += d * d
			g += 2 * d
		}
		return f / float64(len(idx)), g / float64(len(idx))
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	p := solvers.Problem{
		FuncGrad: func(grad, x []float64) float64 { f, g := mean(x, all); grad[0] = g; return f },
		Batches: &solvers.Batches{N: n, Size: 10, Seed: [2]uint64{1, 2}, FuncGrad: func(grad, x []float64, idx []int) float64 {
			f, g := mean(x, idx)
			grad[0] = g
			return f
		}},
	}
	res, err := solvers.Minimize(p, []float64{0}, solvers.Options{Method: "Adam", Params: map[string]string{"lr": "0.1"}, Epochs: 5})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s (%s) after %d steps, success %v, x within 0.1 of 0.5: %v\n", res.Status, res.Message, res.Nit, res.Success, res.X[0] > 0.4 && res.X[0] < 0.6)
	// Output:
	// epochs (5 epochs done.) after 50 steps, success false, x within 0.1 of 0.5: true
}
