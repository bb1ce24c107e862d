package best2009

import "math"

// Ratio is the entry cocopp's aRT tables (pptable, compall/pptables) show
// for a method whose aRT on bbob function fn in dimension dim at target
// deltaF is art (f-evaluations, +Inf if it never got there): art divided
// by best 2009's aRT there. Where best 2009 never reached deltaF there is
// nothing to divide by, and cocopp shows art itself, marked (in bold or
// italics) as evaluations: ratio is then art and raw is true. A method
// that never reached deltaF has ratio +Inf. ok is false, with ratio NaN,
// when ART has no answer or art is NaN or negative.
func Ratio(art float64, fn, dim int, deltaF float64) (ratio float64, raw, ok bool) {
	ref, ok := ART(fn, dim, deltaF)
	if !ok || !(art >= 0) {
		return math.NaN(), false, false
	}
	if math.IsInf(ref, 1) {
		return art, true, true
	}
	return art / ref, false, true
}
