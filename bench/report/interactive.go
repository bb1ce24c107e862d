package report

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/figure"
)

// The interactive figures of report.html draw from data embedded in the
// page (see docs/report.md for its fields): every run's final values and a
// thinned trace, the ECDFs and the profiles. These bound the data's size,
// whatever the number of runs: 1.6 MB for a 100-start, 7-method sweep, at
// most about 12 MB (measured: 32 bytes a trace point, 107 a run), and the
// page says what it left out.
const (
	// tracePoints is the most points of one run's trace the page holds:
	// the first, the last, and the rest spread evenly in log(1+iteration),
	// so that a log axis of iterations or evaluations sees every decade.
	tracePoints = 64
	// pageTracePoints is the most trace points of all runs together:
	// about 32 bytes each, a budget of 6 MB.
	pageTracePoints = 200_000
	// pageRuns is the most runs whose final values the page holds: about
	// 107 bytes each.
	pageRuns = 50_000
	// curvePoints is the most steps of one ECDF or profile curve: a step
	// of y is then at most 1/curvePoints, below a pixel of the figure.
	curvePoints = 400
)

// ixData is the page's data, as docs/report.md describes it. Its field
// names are stable: the script in interactive.js reads them.
type ixData struct {
	Version  int         `json:"version"`
	Problems []ixProblem `json:"problems"`
	Configs  []ixConfig  `json:"configs"`
	Measures []ixMeasure `json:"measures"`
	Axes     []ixAxis    `json:"axes"`
	Runs     []ixRun     `json:"runs"`
	ECDFs    []ixCurve   `json:"ecdfs"`
	Profiles []ixCurve   `json:"profiles"`
	Notes    []string    `json:"notes"`
}

type ixProblem struct {
	Name  string `json:"name"`
	Dim   int    `json:"dim"`
	FStar num    `json:"fstar"`
	Known bool   `json:"known"`
	Floor num    `json:"floor"`
	Value string `json:"value"`
}

type ixConfig struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Method   string `json:"method"`
	Gradient string `json:"gradient"`
}

type ixMeasure struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Trace bool   `json:"trace"`
	Log   bool   `json:"log"`
}

type ixAxis struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

type ixRun struct {
	Problem int            `json:"p"`
	Config  int            `json:"c"`
	Start   int            `json:"start"`
	Status  string         `json:"status"`
	Final   map[string]num `json:"final"`
	Trace   *ixTrace       `json:"trace"`
}

// has reports whether the run has a finite value of the measure key at
// its end or in its trace.
func (r ixRun) has(key string) bool {
	if f, ok := r.Final[key]; ok && f.finite() {
		return true
	}
	return r.Trace != nil && key == "grad_norm" && slices.ContainsFunc(r.Trace.GradNorm, num.finite)
}

// ixTrace is a thinned trace as columns of one length.
type ixTrace struct {
	Iter     []int `json:"iter"`
	Evals    []num `json:"evals"`
	Time     []num `json:"time"`
	Gap      []num `json:"gap"`
	GradNorm []num `json:"grad_norm"`
}

// ixCurve is a step function of an ECDF (Cost set) or a profile (Kind and
// Tau set).
type ixCurve struct {
	Config    int     `json:"c"`
	Cost      string  `json:"cost,omitempty"`
	Kind      string  `json:"kind,omitempty"`
	Tau       float64 `json:"tau,omitempty"`
	X         []num   `json:"x"`
	Y         []num   `json:"y"`
	Triples   int     `json:"triples,omitempty"`
	Instances int     `json:"instances,omitempty"`
}

// num is a float64 written with 4 significant digits (what a figure
// shows), null when not finite: JSON has no NaN or infinity.
type num float64

func (v num) finite() bool { return !math.IsNaN(float64(v)) && !math.IsInf(float64(v), 0) }

func (v num) MarshalJSON() ([]byte, error) {
	if !v.finite() {
		return []byte("null"), nil
	}
	f := float64(v)
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.AppendFloat(nil, f, 'f', -1, 64), nil
	}
	b := strconv.AppendFloat(nil, f, 'g', 4, 64)
	if r, err := strconv.ParseFloat(string(b), 64); err != nil || math.IsInf(r, 0) {
		// Near the largest float, 4 digits round past it (1.798e+308),
		// which is no float64: a reader would fail or read infinity.
		return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
	}
	return b, nil
}

// Interactive is the data of report.html's interactive figures for the
// analysis a, as JSON safe to place in a <script> element (encoding/json
// escapes <, > and &).
func Interactive(a analysis.Analysis) ([]byte, error) {
	if len(a.Runs) == 0 {
		return nil, nil
	}
	return json.Marshal(interactiveData(a, pageRuns, pageTracePoints))
}

func interactiveData(a analysis.Analysis, runBudget, pointBudget int) ixData {
	d := ixData{Version: 1, Notes: []string{},
		Axes: []ixAxis{{"iter", "iterations"}, {"evals", "evaluations"}, {"evals_per_dim", "evaluations / dimension"}, {"time", "seconds"}}}
	problems := a.Problems()
	problemAt := map[string]int{}
	fname := problems[0].ValueName()
	for i, p := range problems {
		ref := a.Refs[p.Name]
		d.Problems = append(d.Problems, ixProblem{Name: p.Name, Dim: p.Dim, FStar: num(ref.FStar), Known: ref.Known, Floor: num(figure.GapFloor(a, p)), Value: p.ValueName()})
		problemAt[p.Name] = i
		if p.ValueName() != fname {
			fname = "f"
		}
	}
	d.Measures = []ixMeasure{{"gap", fname + " - f*", true, true}, {"f", fname, true, false}, {"grad_norm", "gradient norm", true, true}}
	for _, p := range problems {
		for _, m := range p.Metrics {
			if !slices.ContainsFunc(d.Measures, func(x ixMeasure) bool { return x.Key == m.Key }) {
				d.Measures = append(d.Measures, ixMeasure{Key: m.Key, Name: m.Name})
			}
		}
	}
	configAt := map[bench.Solver]int{}
	for _, s := range bench.SolversOf(a.Runs) {
		configAt[s] = len(d.Configs)
		d.Configs = append(d.Configs, ixConfig{Name: s.String(), Label: s.Label, Method: s.Method, Gradient: string(s.Gradient)})
	}

	keep, traced, units := keptUnits(a, runBudget, pointBudget)
	for _, r := range a.Runs {
		u := unit{r.Problem.Name, r.Start}
		if !keep[u] {
			continue
		}
		fstar := a.Refs[r.Problem.Name].FStar
		run := ixRun{Problem: problemAt[r.Problem.Name], Config: configAt[r.Solver], Start: r.Start, Status: r.Result.Status.String(),
			Final: map[string]num{"f": num(r.Result.Fun), "gap": num(r.Result.Fun - fstar), "grad_norm": num(r.GradNorm)}}
		for i, m := range r.Problem.Metrics {
			if i < len(r.Metrics) {
				run.Final[m.Key] = num(r.Metrics[i])
			}
		}
		if traced[u] && r.TraceLen() > 0 {
			run.Trace = thinTrace(r, fstar)
		}
		d.Runs = append(d.Runs, run)
	}
	d.Notes = append(d.Notes, leftOutNotes(a, keep, traced, units)...)
	// A measure no run has (the gradient norm of mini-batch runs, a
	// metric of runs that all failed) would only offer empty figures.
	d.Measures = slices.DeleteFunc(d.Measures, func(m ixMeasure) bool {
		return m.Key != "gap" && m.Key != "f" && !slices.ContainsFunc(d.Runs, func(r ixRun) bool { return r.has(m.Key) })
	})

	for _, e := range a.ECDFs {
		x, y := thinSteps(e.Budgets, e.Fraction)
		d.ECDFs = append(d.ECDFs, ixCurve{Config: configAt[e.Solver], Cost: e.CostKind, X: x, Y: y, Triples: e.Triples})
	}
	for _, p := range a.Profiles {
		x, y := thinSteps(p.X, p.Fraction)
		d.Profiles = append(d.Profiles, ixCurve{Config: configAt[p.Solver], Kind: p.Kind, Tau: p.Tau, X: x, Y: y, Instances: p.Instances})
	}
	return d
}

// unit is what the page keeps or leaves out whole: the runs of one start
// of one problem, every configuration's, so that the configurations are
// compared on the same starts.
type unit struct {
	problem string
	start   int
}

// keptUnits are the (problem, start) pairs whose runs the page holds
// (keep), and those whose traces it holds too (traced): all of them when
// the budgets of runs and of trace points allow, else as many as they
// allow, evenly spaced in the order start by start, problem by problem, so
// that a sweep of many starts keeps some of every problem's starts and a
// sweep of many problems and one start (bbob's instances) some of its
// problems.
func keptUnits(a analysis.Analysis, runBudget, pointBudget int) (keep, traced map[unit]bool, units int) {
	problemAt := map[string]int{}
	for i, p := range a.Problems() {
		problemAt[p.Name] = i
	}
	seen := map[unit]bool{}
	var all []unit
	points := 0
	for _, r := range a.Runs {
		u := unit{r.Problem.Name, r.Start}
		if !seen[u] {
			seen[u] = true
			all = append(all, u)
		}
		points += min(r.TraceLen(), tracePoints)
	}
	slices.SortFunc(all, func(x, y unit) int {
		return cmp.Or(cmp.Compare(x.start, y.start), cmp.Compare(problemAt[x.problem], problemAt[y.problem]))
	})
	runsPerUnit := float64(len(a.Runs)) / float64(len(all))
	pointsPerUnit := float64(points) / float64(len(all))
	kept := spread(all, int(float64(runBudget)/runsPerUnit))
	keep = set(kept)
	traced = keep
	if pointsPerUnit > 0 && float64(len(kept))*pointsPerUnit > float64(pointBudget) {
		traced = set(spread(kept, int(float64(pointBudget)/pointsPerUnit)))
	}
	return keep, traced, len(all)
}

// spread is n of xs (at least 1), evenly spaced from the first to the
// last.
func spread[T any](xs []T, n int) []T {
	n = max(1, min(n, len(xs)))
	if n == len(xs) {
		return xs
	}
	out := make([]T, n)
	for j := range n {
		i := 0
		if n > 1 {
			i = int(math.Round(float64(j) * float64(len(xs)-1) / float64(n-1)))
		}
		out[j] = xs[i]
	}
	return out
}

func set[T comparable](xs []T) map[T]bool {
	out := make(map[T]bool, len(xs))
	for _, x := range xs {
		out[x] = true
	}
	return out
}

// leftOutNotes say which runs or traces the page does not hold, of units
// (problem, start) pairs in all.
func leftOutNotes(a analysis.Analysis, keep, traced map[unit]bool, units int) []string {
	what := func(n int) string {
		if len(a.Problems()) == 1 {
			return fmt.Sprintf("%s of the %s starts", figure.Thousands(n), figure.Thousands(units))
		}
		return fmt.Sprintf("%s of the %s pairs of a problem and a start", figure.Thousands(n), figure.Thousands(units))
	}
	var notes []string
	if len(keep) < units {
		notes = append(notes, "The interactive figures hold the runs of "+what(len(keep))+" (evenly spaced, the same for every configuration; a page of every run would be too large to open): their curves and strip charts are of those. The tables and the printed figures are of every run.")
	}
	if len(traced) < len(keep) {
		notes = append(notes, "The curves are drawn from the traces of "+what(len(traced))+" (evenly spaced, the same for every configuration): their medians and bands are of those. The tables and the printed figures are of every run; trace.csv has every trace.")
	}
	if len(traced) > 0 {
		notes = append(notes, fmt.Sprintf("Each trace is thinned to at most %d points (the first, the last and the rest spread evenly on a log scale of the iteration), and values are shown to 4 significant digits.", tracePoints))
	}
	return notes
}

// thinTrace is r's trace at most tracePoints rows of it, with f as its
// gap to fstar.
func thinTrace(r bench.Run, fstar float64) *ixTrace {
	// The rows' iterations first, then the rows kept: a long trace is
	// never decoded whole.
	iters := make([]int, 0, r.TraceLen())
	for p := range r.TraceRows() {
		iters = append(iters, p.Iter)
	}
	idx := logIters(len(iters), tracePoints, func(i int) int { return iters[i] })
	t := &ixTrace{Iter: make([]int, len(idx)), Evals: make([]num, len(idx)), Time: make([]num, len(idx)), Gap: make([]num, len(idx)), GradNorm: make([]num, len(idx))}
	i, j := -1, 0 // the row, and the next of idx (increasing)
	for p := range r.TraceRows() {
		if i++; j == len(idx) {
			break
		} else if i != idx[j] {
			continue
		}
		t.Iter[j] = p.Iter
		t.Evals[j] = num(analysis.EvalsAt(r, p))
		t.Time[j] = num(p.Time.Seconds())
		t.Gap[j] = num(p.Fun - fstar)
		t.GradNorm[j] = num(p.GradNorm)
		j++
	}
	return t
}

// logIters are at most k of the indexes 0..n-1 of a trace whose row i is
// iteration iter(i) (increasing), in order: all of them when n <= k, else
// 0, n-1 and, for k-2 iterations spread evenly in log(1+iteration), the
// first row at or past each, or the row after the last taken when that is
// further. By iteration, not by row: a trace kept on a log scale of
// iterations (-trace log) is already thinned, and spreading its rows again
// would leave its late iterations with a point a decade.
func logIters(n, k int, iter func(int) int) []int {
	if n <= k {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := []int{0}
	first, last := float64(iter(0)), float64(iter(n-1))
	top := math.Log1p(last - first)
	i := 0
	for j := 1; j < k-1 && i < n-1; j++ {
		target := first + math.Expm1(top*float64(j)/float64(k-1))
		i++ // past the last taken
		for i < n-1 && float64(iter(i)) < target {
			i++
		}
		if i < n-1 {
			out = append(out, i)
		}
	}
	return append(out, n-1)
}

// thinSteps is the step function (x, y), y nondecreasing, with at most
// about curvePoints steps: a step is kept when y has risen by 1/curvePoints
// of its range since the last kept, and the last always, so that no kept
// curve is off by more than that in y.
func thinSteps(x, y []float64) (xs, ys []num) {
	if len(x) <= curvePoints {
		return nums(x), nums(y)
	}
	step := (y[len(y)-1] - y[0]) / curvePoints
	last := math.Inf(-1)
	for i := range x {
		if i == len(x)-1 || y[i] >= last+step {
			xs, ys = append(xs, num(x[i])), append(ys, num(y[i]))
			last = y[i]
		}
	}
	return xs, ys
}

func nums(v []float64) []num {
	out := make([]num, len(v))
	for i, f := range v {
		out[i] = num(f)
	}
	return out
}

// The script and style of the interactive figures, inlined in
// report.html: the page needs no network.
var (
	//go:embed interactive.js
	interactiveJS string
	//go:embed interactive.css
	interactiveCSS string
)
