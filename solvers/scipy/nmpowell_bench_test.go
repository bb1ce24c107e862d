package scipy

import (
	"testing"

	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers/core"
)

// BenchmarkNMPowellClassroom times scipy:Nelder-Mead and scipy:Powell on
// the classroom problem from the exercise's x0 with scipy's default
// options, and with the box [-5, 5] on every weight. scipy 1.10.1 on the
// same machine, best of 5 (`minimize(fun, x0, method=...)` with
// scipy_traces.py's numpy loss): see docs/performance.md.
func BenchmarkNMPowellClassroom(b *testing.B) {
	p := classroomWithHessian(b)
	x0 := objective.ClassroomInit()
	lo, hi := make([]float64, len(x0)), make([]float64, len(x0))
	for i := range lo {
		lo[i], hi[i] = -5, 5
	}
	for _, m := range []string{"scipy:Nelder-Mead", "scipy:Powell"} {
		for _, bounded := range []bool{false, true} {
			name, q := m, p
			if bounded {
				name += "/bounded"
				q.Bounds = &core.Bounds{Lower: lo, Upper: hi}
			}
			b.Run(name, func(b *testing.B) {
				var res core.Result
				for b.Loop() {
					var err error
					if res, err = minimize(q, x0, core.Options{Method: m}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(res.Nfev), "nfev")
				b.ReportMetric(float64(res.Nit), "nit")
				b.ReportMetric(res.Fun, "f")
			})
		}
	}
}
