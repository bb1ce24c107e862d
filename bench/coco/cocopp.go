package coco

import (
	"errors"
	"fmt"
	"math"
)

// CocoppART returns, for each target Δf, the aRT and the number of
// successful runs that cocopp 2.x (numbbo/coco-postprocess, pproc.DataSet:
// detERT and detSuccesses) computes from the .dat files Write makes for runs,
// which must all be of one function and dimension (one cocopp data set),
// with one run per instance (cocopp reweights repeated instances; this does
// not). aRT is +Inf where no run succeeded.
//
// It follows cocopp's reading and not only the definition of aRT
// (evaluations of the successful runs until success + all evaluations of
// the others, over the number of successes), because cocopp's alignment of
// the runs (readalign.HMultiReader) has quirks that change the result:
//   - Δf is what the .dat file prints, to 10 significant digits;
//   - runs are aligned on levels 10^(k/5); when all runs jump past several
//     levels at once, the row is labelled with the level of the worst run's
//     Δf minus 1e-12, so a Δf up to 1e-12 above a level can count as reaching
//     it (1e-8 + 8e-15 reached 1e-8 in the golden data), depending on the
//     other runs;
//   - a target between levels gets the aRT of the next level below it, so
//     targets should be cocopp's levels, numpy.power(10, k/5) (10^(2 - i/5)
//     computed otherwise can be one ulp below the level and get the next
//     harder target's aRT);
//   - the data are cut below the final target 1e-8 (Precision in the .info).
func CocoppART(runs []RunLog, targets []float64) (art []float64, successes []int, err error) {
	if len(runs) == 0 {
		return nil, nil, errors.New("coco: CocoppART: no runs")
	}
	var readers []*cocoppReader
	var maxEvals []float64
	for i := range runs {
		r := &runs[i]
		if err := checkRun(r); err != nil {
			return nil, nil, &RunError{Index: i, Function: r.Function, Dim: r.Dim, Instance: r.Instance, Err: err}
		}
		if r.Function != runs[0].Function || r.Dim != runs[0].Dim {
			return nil, nil, &RunError{Index: i, Function: r.Function, Dim: r.Dim, Instance: r.Instance,
				Err: fmt.Errorf("not f%d in dimension %d as run 0: one data set at a time", runs[0].Function, runs[0].Dim)}
		}
		if r.Log.Evaluations == 0 {
			continue // Write leaves it out
		}
		readers = append(readers, newCocoppReader(r))
		maxEvals = append(maxEvals, float64(r.Log.Evaluations))
	}
	if len(readers) == 0 {
		return nil, nil, errors.New("coco: CocoppART: no run has evaluations")
	}
	rows, err := cocoppAlign(readers)
	if err != nil {
		return nil, nil, err
	}
	rows = cocoppCut(rows)
	// _detMaxEvals: a run that reached the final target ends there.
	if final := cocoppDetEvals(rows, logTargetPrecision); final != nil {
		for j, e := range final {
			if !math.IsNaN(e) {
				maxEvals[j] = e
			}
		}
	}
	// computeERTfromEvals: one aRT a row, down to the first row without success.
	var ertRows []cocoppRow
	var erts []float64
	for _, row := range rows {
		sum, succ := 0.0, 0
		for j, e := range row.evals {
			if math.IsNaN(e) {
				sum += maxEvals[j]
			} else {
				sum += e
				succ++
			}
		}
		if succ == 0 {
			break
		}
		ertRows = append(ertRows, row)
		erts = append(erts, sum/float64(succ))
	}
	art = make([]float64, len(targets))
	successes = make([]int, len(targets))
	for i, t := range targets {
		// detERT: the aRT of the largest level <= t.
		art[i] = math.Inf(1)
		for k := len(ertRows) - 1; k >= 0 && ertRows[k].level <= t; k-- {
			art[i] = erts[k]
		}
		for _, e := range cocoppDetEvals(rows, t) {
			if !math.IsNaN(e) {
				successes[i]++
			}
		}
	}
	return art, successes, nil
}

// cocoppRow is a row of cocopp's aligned data: a level of Δf and, for each
// run, the evaluation at which it reached the level (NaN: not reached).
type cocoppRow struct {
	level float64
	evals []float64
}

// cocoppDetEvals is DataSet.detEvals for one target: the row with the
// largest level <= t, nil if there is none.
func cocoppDetEvals(rows []cocoppRow, t float64) []float64 {
	if len(rows) == 0 || rows[len(rows)-1].level > t {
		return nil
	}
	i := len(rows) - 1
	for i > 0 && rows[i-1].level <= t {
		i--
	}
	return rows[i].evals
}

// cocoppCut is DataSet._cut_data: rows below the final target are dropped
// but the first, whose level is raised to just below it.
func cocoppCut(rows []cocoppRow) []cocoppRow {
	const precision = logTargetPrecision
	i := len(rows)
	for i > 1 && rows[i-1].level <= precision {
		i--
	}
	i++
	if i < len(rows) {
		rows = rows[:i]
	}
	if last := &rows[len(rows)-1]; last.level < precision {
		last.level = math.Max(precision/1.001, last.level)
	}
	return rows
}

// cocoppLine is a .dat line as cocopp reads it.
type cocoppLine struct{ evals, f float64 }

// cocoppReader is readalign.MultiReader.SingleReader on one run's .dat lines.
type cocoppReader struct {
	lines          []cocoppLine
	pos            int // index of next
	cur, next      cocoppLine
	nearlyFinished bool
	finished       bool
}

// newCocoppReader reads the .dat lines Write writes for r, with Δf as printed.
func newCocoppReader(r *RunLog) *cocoppReader {
	l := &r.Log.Dat
	lines := make([]cocoppLine, 0, l.Len()+1)
	for i := range l.Len() {
		lines = append(lines, cocoppLine{float64(l.Evaluations[i]), printed(l.Best[i] - r.FOpt)})
	}
	if l.Evaluations[l.Len()-1] != r.Log.Evaluations {
		lines = append(lines, cocoppLine{float64(r.Log.Evaluations), printed(r.Log.Best - r.FOpt)})
	}
	return &cocoppReader{lines: lines, next: lines[0]}
}

// advance is SingleReader.next: past the last line, the reader is finished
// and its current evaluation is NaN (its f stays).
func (r *cocoppReader) advance() {
	if r.finished {
		return
	}
	if r.nearlyFinished {
		r.finished = true
		r.cur.evals = math.NaN()
		return
	}
	r.cur = r.next
	if r.pos+1 < len(r.lines) {
		r.pos++
		r.next = r.lines[r.pos]
	} else {
		r.nearlyFinished = true
	}
}

// cocoppAlign is readalign.align_data with an HMultiReader: the runs
// aligned on the levels 10^(k/5) of cocopp's bbob testbed.
func cocoppAlign(readers []*cocoppReader) ([]cocoppRow, error) {
	const perDecade = 5 // testbedsettings: number_of_points
	idx, idxOld, negative := math.Inf(1), 0.0, false
	level := func() float64 {
		v := cocoppLevel(idx)
		if negative {
			return -v
		}
		return v
	}
	isClose := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }
	isFinished := func() bool {
		l := level()
		reached := false
		for _, r := range readers {
			for r.next.f > l && !r.finished {
				r.advance()
			}
			reached = reached || r.next.f <= l
		}
		return !reached
	}
	align := func(l float64) (cocoppRow, error) {
		maxf, found := math.Inf(-1), false
		for _, r := range readers {
			for !r.finished && !(r.cur.f <= l || isClose(r.cur.f, l)) {
				r.advance()
			}
			if r.cur.f <= l || isClose(r.cur.f, l) {
				maxf, found = math.Max(maxf, r.cur.f), true
			}
		}
		if !found {
			return cocoppRow{}, fmt.Errorf("coco: CocoppART: level %g reached by no run", l)
		}
		if maxf <= 0 {
			if l > 0 {
				idxOld, idx = idx, math.Inf(-1)
				l = 0
			} else {
				idx = math.Max(idx, math.Floor(log10Scaled(-maxf+1e-12, perDecade)))
				l = level()
			}
		} else {
			// cocopp: "it is not quite clear what this correction is for"
			if maxf >= 2e-12 {
				maxf -= 1e-12
			} else {
				maxf /= 2
			}
			idx = math.Min(idx, math.Ceil(log10Scaled(maxf, perDecade)))
			l = level()
		}
		row := cocoppRow{level: l, evals: make([]float64, len(readers))}
		for j, r := range readers {
			row.evals[j] = r.cur.evals
		}
		return row, nil
	}

	// getInitialValue
	maxf := math.Inf(-1)
	for _, r := range readers {
		r.advance()
		maxf = math.Max(maxf, r.cur.f)
	}
	if !(maxf > 0) {
		maxf = 1e-19
	}
	idx = math.Ceil(log10Scaled(maxf, perDecade))
	l := level()
	var rows []cocoppRow
	if isFinished() {
		row, err := align(l)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	for !isFinished() {
		row, err := align(l)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
		// newCurrentValue
		switch {
		case math.IsInf(idx, -1):
			idx, negative = idxOld, true
		case negative:
			idx++
		default:
			idx--
		}
		l = level()
	}
	return rows, nil
}
