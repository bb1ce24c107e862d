package bbob

import "fmt"

// names are COCO's names of the 24 noiseless bbob functions (Hansen et al., "Real-parameter
// black-box optimization benchmarking 2009: noiseless functions definitions"); index 0 is unused.
var names = [25]string{
	"",
	"sphere",
	"separable ellipsoid",
	"Rastrigin",
	"Bueche-Rastrigin",
	"linear slope",
	"attractive sector",
	"step ellipsoid",
	"Rosenbrock",
	"rotated Rosenbrock",
	"ellipsoid",
	"discus",
	"bent cigar",
	"sharp ridge",
	"different powers",
	"rotated Rastrigin",
	"Weierstrass",
	"Schaffers F7",
	"Schaffers F7, ill-conditioned",
	"composite Griewank-Rosenbrock F8F2",
	"Schwefel x sin(x)",
	"Gallagher's Gaussian 101-me peaks",
	"Gallagher's Gaussian 21-hi peaks",
	"Katsuura",
	"Lunacek bi-Rastrigin",
}

// FunctionName is "fID name" for a bbob function, e.g. "f1 sphere" or "f24 Lunacek bi-Rastrigin",
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
