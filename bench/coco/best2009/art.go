package best2009

import "math"

// snapTol is how close (relative) a Δf must be to a level 10^(k/5) to be
// read as that level. Callers compute 10^(2 - i/5) in different ways (Go's
// math.Pow, numpy's 10**np.arange, the source files' printed values),
// which differ in the last bits; cocopp's comparisons at its own floats
// equal comparisons of levels (scripts/coco/best2009_export.py checks it),
// so every such float gets cocopp's answer.
const snapTol = 1e-9

// ART is best 2009's aRT, in f-evaluations, on bbob function fn in
// dimension dim at target precision deltaF (Δf = f - f_opt), as cocopp's
// tables and ECDFs read it: the evaluations of the virtual run's first
// record at or below deltaF, +Inf when the run never got there. ok is
// false, with art NaN, when there is no data for fn/dim (functions 1..24,
// dimensions 2, 3, 5, 10, 20, 40) or deltaF is not positive and finite.
//
// A deltaF within 1e-9 (relative) of a level 10^(k/5), such as COCO's
// 10^(2 - i/5), i = 0..50, is read as that level, so the answer does not
// depend on how the caller rounded it; any other deltaF is compared as it
// is, as cocopp compares any target. cocopp's aRT tables show a method's
// aRT divided by this one; where this one is +Inf they show the method's
// own aRT instead (in italics). ART allocates nothing.
func ART(fn, dim int, deltaF float64) (art float64, ok bool) {
	t, r, ok := lookup(fn, dim, deltaF)
	if !ok {
		return math.NaN(), false
	}
	i := t.reach(r, deltaF)
	if i < 0 {
		return math.Inf(1), true
	}
	return r.evals[i], true
}

// Successes is, as cocopp's aRT table prints it beside best 2009's aRTs
// (at Δf 1e-8), how many of the runs of the 2009 algorithm that gave best
// 2009 its aRT at deltaF reached deltaF: succ of runs. When best 2009
// never reached deltaF, succ is 0 and runs is that of its last record.
// ok is false as for ART.
func Successes(fn, dim int, deltaF float64) (succ, runs int, ok bool) {
	t, r, ok := lookup(fn, dim, deltaF)
	if !ok {
		return 0, 0, false
	}
	i := t.reach(r, deltaF)
	if i < 0 {
		return 0, r.runs[len(r.runs)-1], true
	}
	return r.succ[i], r.runs[i], true
}

// HasData tells whether best 2009 has data for bbob function fn in
// dimension dim.
func HasData(fn, dim int) bool {
	t, err := load()
	return err == nil && t.runs[key{fn, dim}] != nil
}

func lookup(fn, dim int, deltaF float64) (*table, *run, bool) {
	t, err := load()
	if err != nil || !validDeltaF(deltaF) {
		return nil, nil, false
	}
	r := t.runs[key{fn, dim}]
	return t, r, r != nil
}

func validDeltaF(deltaF float64) bool {
	return deltaF > 0 && !math.IsInf(deltaF, 1)
}

// reach is the index of r's first record at or below deltaF, -1 if none:
// by level when deltaF is (within snapTol) a level, else by the record's
// Δf as the source prints it.
func (t *table) reach(r *run, deltaF float64) int {
	if k, ok := level(deltaF); ok {
		for i, l := range r.level {
			if l <= k {
				return i
			}
		}
		return -1
	}
	for i, l := range r.level {
		if t.deltaF[l-t.minLevel] <= deltaF {
			return i
		}
	}
	return -1
}

// level is the k with deltaF = 10^(k/5) to within snapTol, ok false if
// there is none.
func level(deltaF float64) (k int, ok bool) {
	x := math.Round(5 * math.Log10(deltaF))
	if math.Abs(deltaF/math.Pow(10, x/5)-1) > snapTol {
		return 0, false
	}
	return int(x), true
}
