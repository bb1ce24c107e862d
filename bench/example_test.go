package bench_test

import (
	"context"
	"fmt"
	"os"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/report"
	"github.com/optbench/optbench/solvers"
)

// Compare three methods on your own function over ten starts: the summary,
// then every table, figure and report.html of a sweep in a directory.
func Example_ownFunction() {
	himmelblau := bench.FuncProblem("Himmelblau", 2, solvers.Problem{
		Func: func(x []float64) float64 {
			a, b := x[0]*x[0]+x[1]-11, x[0]+x[1]*x[1]-7
			return a*a + b*b
		},
		Grad: func(g, x []float64) {
			a, b := x[0]*x[0]+x[1]-11, x[0]+x[1]*x[1]-7
			g[0], g[1] = 4*a*x[0]+2*b, 2*a+4*b*x[1]
		},
	})
	himmelblau.FStar = 0 // at each of its four minima
	sweep, _ := bench.NewSweep([]*bench.Problem{himmelblau}, 10, 1, solvers.Options{})
	configs, _ := bench.Configs("BFGS", "CG", "Nelder-Mead")
	sweep.Add(configs, solvers.Analytic)
	specs, _ := sweep.Specs()
	a := analysis.Analyze(bench.Execute(context.Background(), specs, 0, nil))
	for _, s := range a.Summaries {
		fmt.Printf("%-11s success %3.0f%%, targets reached %3.0f%%, aRT to f* + 1e-3: %4.0f evaluations\n", s.Label, 100*s.Success.V, 100*s.Targets, s.ART)
	}
	notes := a.Notes() // what f* is, the intervals, the targets and the minima
	fmt.Println(notes[0])
	dir, _ := os.MkdirTemp("", "himmelblau")
	defer os.RemoveAll(dir)
	rep, _ := report.New(a, "Himmelblau's function", nil, notes)
	if err := report.WriteDir(dir, a.Runs, rep); err != nil {
		fmt.Println(err)
	}
	files, _ := os.ReadDir(dir)
	fmt.Println(len(files), "files, report.html among them")
	// (table.Print(os.Stdout, a, "table", a.Notes()) prints the tables as optbench does.)

	// Output:
	// BFGS        success 100%, targets reached 100%, aRT to f* + 1e-3:   21 evaluations
	// CG          success 100%, targets reached 100%, aRT to f* + 1e-3:   25 evaluations
	// Nelder-Mead success 100%, targets reached 100%, aRT to f* + 1e-3:   62 evaluations
	// f*: the known minimum, 0.
	// 23 files, report.html among them
}
