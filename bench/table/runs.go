package table

import (
	"math"

	"github.com/optbench/optbench/bench"
)

// RunsTable is the table of single runs: one row per run; the start column
// for people only withStart.
func RunsTable(runs []bench.Run, withStart bool) Table {
	fields := solverFields(len(bench.Problems(runs)), func(r bench.Run) (*bench.Problem, bench.Solver) { return r.Problem, r.Solver })
	fields = append(fields,
		field[bench.Run]{forPeople(Column{Name: "start", Key: "start", Kind: Int, Doc: "the starting point's number: 0 is the problem's standard start"}, withStart),
			func(r bench.Run) any { return r.Start }},
		field[bench.Run]{Column{Name: "status", Key: "status", Kind: Text}, func(r bench.Run) any { return r.Result.Status.String() }},
		field[bench.Run]{Column{Name: fName(runs), Key: "fun", Kind: Sig, Doc: fDoc(runs)}, func(r bench.Run) any { return r.Result.Fun }})
	for _, m := range metrics(runs) {
		fields = append(fields, field[bench.Run]{MetricColumn(m), func(r bench.Run) any { return r.Metric(m.Key) }})
	}
	fields = append(fields,
		field[bench.Run]{Column{Name: "nit", Key: "nit", Kind: Int, Doc: "iterations: the steps taken from the start"},
			func(r bench.Run) any { return r.Result.Nit }},
		field[bench.Run]{Column{Name: "nfev", Key: "nfev", Kind: Int, Doc: "evaluations of f, line-search trials and finite differences included, as scipy counts them"},
			func(r bench.Run) any { return r.Result.Nfev }},
		field[bench.Run]{Column{Name: "njev", Key: "njev", Kind: Int, Doc: "evaluations of the gradient, as scipy counts them"},
			func(r bench.Run) any { return r.Result.Njev }},
		field[bench.Run]{Column{Name: "time", Key: "time_s", Kind: Seconds, Doc: "the solver's wall time for the run"},
			func(r bench.Run) any { return r.Result.Runtime.Seconds() }},
		field[bench.Run]{Column{Name: "time/iter", Key: "time_per_iter_s", Kind: Seconds, Doc: "time over nit"},
			func(r bench.Run) any {
				if r.Result.Nit == 0 {
					return math.NaN()
				}
				return r.Result.Runtime.Seconds() / float64(r.Result.Nit)
			}})
	return made("Runs", "", fields, runs)
}
