package bbob

import "fmt"

// names are the 24 functions' names as COCO's post-processor cocopp labels them
// (bbob-benchmarkshortinfos.txt), so optbench's tables and figures match cocopp's; index 0 is
// unused.
var names = [25]string{
	"",
	"Sphere",
	"Ellipsoid separable",
	"Rastrigin separable",
	"Skew Rastrigin-Bueche",
	"Linear slope",
	"Attractive sector",
	"Step-ellipsoid",
	"Rosenbrock original",
	"Rosenbrock rotated",
	"Ellipsoid",
	"Discus",
	"Bent cigar",
	"Sharp ridge",
	"Sum of different powers",
	"Rastrigin",
	"Weierstrass",
	"Schaffer F7, condition 10",
	"Schaffer F7, condition 1000",
	"Griewank-Rosenbrock F8F2",
	"Schwefel x*sin(x)",
	"Gallagher 101 peaks",
	"Gallagher 21 peaks",
	"Katsuura",
	"Lunacek bi-Rastrigin",
}

// FunctionName is "fID name" for a bbob function, e.g. "f1 Sphere" or "f24 Lunacek bi-Rastrigin",
// and "" for an id outside 1..24.
func FunctionName(id int) string {
	if id < 1 || id > 24 {
		return ""
	}
	return fmt.Sprintf("f%d %s", id, names[id])
}

// Name is FunctionName of f's function.
func (f *Function) Name() string { return FunctionName(f.ID) }

// ProblemID is COCO's problem id, e.g. "bbob_f001_i01_d02": what coco_problem_get_id returns and
// what COCO's logger writes.
func (f *Function) ProblemID() string {
	return fmt.Sprintf("bbob_f%03d_i%02d_d%02d", f.ID, f.Instance, f.Dim)
}
