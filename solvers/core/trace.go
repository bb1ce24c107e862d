package core

import (
	"fmt"
	"math"
	"strings"
)

// TraceMode says which iterations a run keeps in its Result's Trace. The
// Callback sees every iteration whatever the mode.
type TraceMode string

const (
	// TraceAll keeps every iteration (the default: the zero value).
	TraceAll TraceMode = "all"
	// TraceLog keeps iterations 0 to LogTraceDense, then the first
	// iteration of every twentieth of a decade (101, 106, 112, ..., 1000,
	// 1122, ...: every power of 10 included), and the last one: about 20
	// more rows per decade, so a run of any length keeps a few hundred.
	TraceLog TraceMode = "log"
	// TraceNone keeps x0 and the last iteration only.
	TraceNone TraceMode = "none"
)

// TraceModes lists the trace modes.
var TraceModes = []TraceMode{TraceAll, TraceLog, TraceNone}

// LogTraceDense is the last iteration TraceLog keeps every iteration up to.
const LogTraceDense = 100

// ParseTraceMode reads a trace mode, case-insensitively.
func ParseTraceMode(s string) (TraceMode, error) {
	for _, m := range TraceModes {
		if strings.EqualFold(strings.TrimSpace(s), string(m)) {
			return m, nil
		}
	}
	return "", fmt.Errorf("%w: trace mode %q (valid: all, log, none)", ErrBadOptions, s)
}

// traceKeeper decides which iterations a trace keeps, one iteration at a
// time in increasing order, in O(1) each.
type traceKeeper struct {
	mode TraceMode
	next int // log: the next iteration kept after the dense ones
	step int // log: next is the first iteration >= 10^(step/20)
}

func (k *traceKeeper) keep(iter int) bool {
	switch k.mode {
	case TraceNone:
		return iter == 0
	case TraceLog:
		if iter <= LogTraceDense {
			return true
		}
		if k.step == 0 {
			k.step = 40 // 10^(40/20) = 100, already kept
			k.advance(LogTraceDense)
		}
		if iter < k.next {
			return false
		}
		k.advance(iter)
		return true
	}
	return true
}

// advance moves next to the first grid iteration after iter.
func (k *traceKeeper) advance(iter int) {
	for k.next <= iter {
		k.step++
		// The small margin makes exact powers of ten land on themselves.
		k.next = int(math.Ceil(math.Pow(10, float64(k.step)/20) - 1e-9))
	}
}
