package analysis

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/stats"
)

// Settings are the choices an analysis makes, as a value: COCO's targets,
// the profiles' tolerances, the convergence table's checkpoints and the
// statistics' levels. DefaultSettings gives optbench's; change a copy to
// analyse otherwise. Notes and column docs are written from the value
// they were computed with.
type Settings struct {
	// DeltaFs are the target precisions, decreasing: a run reaches target
	// f* + Δf at the first point of its trace at or below it.
	DeltaFs []float64
	// MiddleDeltaF is the precision of the summary's aRT and "reached"
	// columns and of diff's iter_to_target; one of DeltaFs.
	MiddleDeltaF float64
	// ARTDeltaFs are the precisions of the aRT table; each one of DeltaFs.
	ARTDeltaFs []float64
	// ProfileTaus are the tolerances of the performance and data
	// profiles.
	ProfileTaus []float64
	// IterCheckpoints and TimeCheckpoints are the convergence table's
	// columns: the median f after so many iterations, so much solver time.
	IterCheckpoints []int
	TimeCheckpoints []time.Duration
	// Confidence is the level of every interval; Alpha the significance
	// level of the tests, after Holm's correction.
	Confidence, Alpha float64
	// MinimaTol is the relative tolerance within which two final values
	// are the same minimum (SameMinimum).
	MinimaTol float64
	// BestMeasures are the measures Summarize marks the best groups of a
	// problem by: the final value, the solver time, the evaluations.
	BestMeasures []Measure
}

// DefaultSettings are optbench's: COCO's 51 precisions 10^2, 10^1.8, ...,
// 10^-8 with the summary's at 1e-3 and the aRT table's at every other
// decade, profiles at τ = 1e-1, 1e-3, 1e-5 and 1e-7, checkpoints at 1, 10,
// 100 and 1000 iterations and 1 ms ... 1 s, 95 % intervals and alpha 0.05
// (benchstat's), minima within 1e-4, best-at marks by f, time and
// evaluations. Every call returns new slices.
func DefaultSettings() Settings {
	deltaFs := bench.COCODeltaFs() // correctly rounded, as cocopp's: 10^-3 is 0.001
	return Settings{
		DeltaFs:         deltaFs,
		MiddleDeltaF:    1e-3,
		ARTDeltaFs:      []float64{10, 1e-1, 1e-3, 1e-5, 1e-7},
		ProfileTaus:     []float64{1e-1, 1e-3, 1e-5, 1e-7},
		IterCheckpoints: []int{1, 10, 100, 1000},
		TimeCheckpoints: []time.Duration{time.Millisecond, 10 * time.Millisecond, 100 * time.Millisecond, time.Second},
		Confidence:      stats.DefaultConfidence,
		Alpha:           stats.DefaultAlpha,
		MinimaTol:       1e-4,
		BestMeasures:    []Measure{F, Time, Evals},
	}
}

// middle is the index of MiddleDeltaF in DeltaFs, -1 when it is not one
// of them.
// SameMinimum says whether final values a and b of a problem whose f* is
// ref are the same minimum: |a - b| <= MinimaTol |l| + abs, l the lower
// of the two measured from f* when f* is known (a - f*, b - f*: f*'s
// offset, bbob's arbitrary ±1000, must not widen the tolerance), from 0
// otherwise, and abs the last target's Δf (COCO's 1e-8), times |f*| when
// f* is known and beyond 1. So near 0 a local minimum of 3e-5 is not the
// global one at 1e-11 (an absolute floor of MinimaTol made it so), and a
// run at a known f* is one that solved the problem as COCO counts it.
func (s Settings) SameMinimum(ref Reference, a, b float64) bool {
	rel, abs, shift := s.minimumTols(ref)
	return math.Abs(a-b) <= rel*math.Abs(min(a, b)-shift)+abs
}

// minimumTols are SameMinimum's relative and absolute tolerances and the
// value the relative one is measured from.
func (s Settings) minimumTols(ref Reference) (rel, abs, shift float64) {
	abs = s.LastDeltaF()
	if ref.Known && !math.IsNaN(ref.FStar) {
		return s.MinimaTol, abs * max(1, math.Abs(ref.FStar)), ref.FStar
	}
	return s.MinimaTol, abs, 0
}

// LastDeltaF is the smallest of DeltaFs (COCO's 1e-8), 0 without targets.
func (s Settings) LastDeltaF() float64 {
	if len(s.DeltaFs) == 0 {
		return 0
	}
	return slices.Min(s.DeltaFs)
}

func (s Settings) middle() int { return slices.Index(s.DeltaFs, s.MiddleDeltaF) }

// TargetsDoc says what the targets are, for notes and glossaries: "f* +
// Δf for 51 Δf from 100 to 1e-8 (COCO's)" with the default settings.
func (s Settings) TargetsDoc() string {
	if len(s.DeltaFs) == 0 {
		return "no targets"
	}
	short := func(v float64) string {
		return strings.NewReplacer("e-0", "e-", "e+0", "e+").Replace(strconv.FormatFloat(v, 'g', -1, 64))
	}
	doc := fmt.Sprintf("f* + Δf for %d Δf from %s to %s", len(s.DeltaFs), short(s.DeltaFs[0]), short(s.DeltaFs[len(s.DeltaFs)-1]))
	if slices.Equal(s.DeltaFs, DefaultSettings().DeltaFs) {
		doc += " (COCO's)"
	}
	return doc
}

// Percent is a level or share as people read it: 0.95 is "95 %".
func Percent(v float64) string { return strconv.FormatFloat(100*v, 'g', 4, 64) + " %" }
