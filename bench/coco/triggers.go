package coco

import "math"

// COCO's defaults for the bbob observer (coco_observer.c).
const (
	targetsPerDecade     = 20   // OBSERVER_DEFAULT_NUMBER_OF_TARGET_TRIGGERS
	logTargetPrecision   = 1e-8 // log_target_precision
	linTargetPrecision   = 1e5  // lin_target_precision
	evaluationsPerDecade = 20   // OBSERVER_DEFAULT_NUMBER_OF_EVALUATION_TRIGGERS
	nanForLogging        = 2e21 // NAN_FOR_LOGGING (coco.h)
	infinityForLogging   = 3e21 // INFINITY_FOR_LOGGING (coco.h)
	xThreshold           = 7    // LOGGER_BBOB_NUMBER_OF_VARIABLES_THRESHOLD: x logged below it
)

// baseEvaluations are the bbob observer's base_evaluation_triggers "1,2,5".
var baseEvaluations = [...]int64{1, 2, 5}

// targetTrigger is COCO's coco_observer_targets_t with logarithmic and linear
// targets (the bbob suite's optima are known). It fires when Δf reaches a
// target not reached before.
type targetTrigger struct {
	exponent int     // last logarithmic exponent hit; starts at INT_MAX
	lin      float64 // last linear target hit; starts at DBL_MAX
	// above: a Δf > above is still in the bin of exponent or higher, so it
	// cannot fire the logarithmic trigger; it saves the log10 of most
	// improvements. It is 10^((exponent-1)/20) (1 + 1e-9), far above what
	// separates C's log10 from the exact one.
	above float64
}

func newTargetTrigger() targetTrigger {
	return targetTrigger{exponent: math.MaxInt32, lin: math.MaxFloat64, above: math.Inf(1)}
}

// fire reports whether Δf = d reaches a new target. Both the logarithmic and
// the linear trigger are updated, as COCO's coco_observer_targets_trigger does.
func (t *targetTrigger) fire(d float64) bool {
	l := t.fireLog(d)
	return t.fireLin(d) || l
}

// fireLog is coco_observer_log_targets_trigger.
func (t *targetTrigger) fireLog(d float64) bool {
	if d > t.above {
		return false
	}
	if d >= 0 {
		v := d
		switch {
		case d == 0:
			v = logTargetPrecision / 10
		case d < logTargetPrecision:
			v = logTargetPrecision
		}
		e := int(math.Ceil(scaledLog10(v)))
		if e < t.exponent {
			t.exponent = e
			t.above = math.Pow(10, float64(e-1)/targetsPerDecade) * (1 + 1e-9)
			return true
		}
		return false
	}
	// Δf < 0 happens only when f_opt is not the optimum; COCO mirrors the
	// targets below zero and counts them down with floor instead of ceil.
	v := -d
	if d > -logTargetPrecision {
		v = logTargetPrecision
	}
	e := int(math.Floor(scaledLog10(v)))
	adjusted := 2*int(math.Ceil(scaledZero)) - e - 1
	if adjusted < t.exponent {
		t.exponent = adjusted
		t.above = math.Inf(1) // below zero, every Δf is computed
		return true
	}
	return false
}

// fireLin is coco_observer_lin_targets_trigger.
func (t *targetTrigger) fireLin(d float64) bool {
	r := roundUpWithPrecision(d, linTargetPrecision)
	if r < t.lin {
		t.lin = r
		return true
	}
	return false
}

// roundUpWithPrecision is coco_double_round_up_with_precision.
func roundUpWithPrecision(x, precision float64) float64 {
	const minPrecision = 1e-12
	up := math.Ceil(x/precision) * precision
	rounded := math.Floor(x/precision+0.5) * precision
	if math.Abs(rounded-up) < precision {
		return up
	}
	if math.Abs(x-rounded) < minPrecision {
		return rounded
	}
	return up
}

// evaluationTrigger is COCO's coco_observer_evaluations_t: it fires at the
// evaluations floor(10^(k/20)), k = 0, 1, ..., and at b x dim x 10^k for b
// in baseEvaluations.
type evaluationTrigger struct {
	value1    int64 // next evaluation of the first trigger
	exponent1 int
	value2    int64 // next evaluation of the second trigger
	exponent2 int
	base      int // index into baseEvaluations
	dim       int64
}

func newEvaluationTrigger(dim int) evaluationTrigger {
	return evaluationTrigger{value1: 1, value2: int64(dim) * baseEvaluations[0], dim: int64(dim)}
}

// fire reports whether evaluation number n (1, 2, ... in order) is logged.
// Both triggers are advanced, as COCO's coco_observer_evaluations_trigger does.
func (t *evaluationTrigger) fire(n int64) bool {
	first := false
	if n >= t.value1 {
		for decadeFloor(t.exponent1) <= t.value1 {
			t.exponent1++
		}
		t.value1 = decadeFloor(t.exponent1)
		first = true
	}
	second := false
	if n >= t.value2 {
		if t.base < len(baseEvaluations)-1 {
			t.base++
		} else {
			t.base = 0
			t.exponent2++
		}
		t.value2 = int64(math.Floor(math.Pow(10, float64(t.exponent2))*float64(t.dim)*float64(baseEvaluations[t.base]) + 0.5))
		second = true
	}
	return first || second
}

// decadeFloor is floor(10^(k/20)) rounded to an integer, as COCO computes it.
// 10^(k/20) is an integer only for k a multiple of 20, where Pow is exact, and
// at least 1e-6 away from one otherwise (TestDecadeFloorAwayFromIntegers), so
// Pow's last-bit differences from C's pow cannot change the floor.
func decadeFloor(k int) int64 {
	return int64(math.Floor(math.Floor(math.Pow(10, float64(k)/evaluationsPerDecade)) + 0.5))
}
