package analysis

import (
	"math"

	"github.com/optbench/optbench/bench"
)

// A Measure is one number a run is judged by, lower better: the final f,
// a problem's metric, the solver time, the evaluations, the iterations,
// the iterations to a target. Summaries take medians of measures, "best
// at" marks the best groups of a problem by them, and diffs compare two
// groups on them: each is defined once, here.
type Measure struct {
	Key  string // for machines, as CSV and JSON name it: fun, time_s, evals, nit, nfev, njev, iter_to_target, a metric's key
	Name string // for people: f, time, evals, ...
	// Of is the run's value; target is f* + Settings.MiddleDeltaF of the
	// run's problem. NaN where the run has none (a failed run's f).
	Of func(r bench.Run, target float64) float64
}

// The measures of every run.
var (
	F     = Measure{Key: "fun", Name: "f", Of: func(r bench.Run, _ float64) float64 { return r.Result.Fun }}
	Time  = Measure{Key: "time_s", Name: "time", Of: func(r bench.Run, _ float64) float64 { return r.Result.Runtime.Seconds() }}
	Evals = Measure{Key: "evals", Name: "evals", Of: func(r bench.Run, _ float64) float64 { return TotalEvals(r) }}
	Nit   = Measure{Key: "nit", Name: "nit", Of: func(r bench.Run, _ float64) float64 { return float64(r.Result.Nit) }}
	Nfev  = Measure{Key: "nfev", Name: "nfev", Of: func(r bench.Run, _ float64) float64 { return float64(r.Result.Nfev) }}
	Njev  = Measure{Key: "njev", Name: "njev", Of: func(r bench.Run, _ float64) float64 { return float64(r.Result.Njev) }}
	// IterToTarget is the iterations a run took to reach f* +
	// Settings.MiddleDeltaF, +Inf for a run that never did (ranked after
	// every run that did).
	IterToTarget = Measure{Key: "iter_to_target", Name: "iter to target", Of: func(r bench.Run, target float64) float64 {
		for p := range r.TraceRows() {
			if reached(p.Fun, target) {
				return float64(p.Iter)
			}
		}
		return math.Inf(1)
	}}
)

// MetricMeasure is the measure of a problem's metric.
func MetricMeasure(m bench.Metric) Measure {
	key := m.Key
	return Measure{Key: key, Name: m.Name, Of: func(r bench.Run, _ float64) float64 { return r.Metric(key) }}
}

// DiffMeasures are the measures a diff compares, in order: the final
// value, the problem's metrics, the solver time, the evaluations, the
// iterations, and the iterations to the middle target.
func DiffMeasures(p *bench.Problem) []Measure {
	out := []Measure{F}
	for _, m := range p.Metrics {
		out = append(out, MetricMeasure(m))
	}
	return append(out, Time, Evals, Nit, IterToTarget)
}

// values are the measure of each run.
func (m Measure) values(runs []bench.Run, target float64) []float64 {
	out := make([]float64, len(runs))
	for i, r := range runs {
		out[i] = m.Of(r, target)
	}
	return out
}

// worstIfNaN makes NaN (a failed run's value) rank after every number.
func worstIfNaN(xs []float64) []float64 {
	for i, v := range xs {
		if math.IsNaN(v) {
			xs[i] = math.Inf(1)
		}
	}
	return xs
}

// Values are the measure of each run, for measures that need no target.
func (m Measure) Values(runs []bench.Run) []float64 { return m.values(runs, math.NaN()) }
