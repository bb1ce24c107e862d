package bench

import (
	"math"
	"strconv"
)

// Bounds on a sweep, checked before anything is run: MaxRuns runs in all,
// and MaxTraceBytes of traces kept in memory.
const (
	MaxRuns       = 1000000
	MaxTraceBytes = 4 << 30
	traceRowBytes = 72 // one trace row in memory
)

// MaxIter is the iteration budget of a run on p: Options.MaxIter, or 200
// times the dimension when it is not set or when mini-batch epochs are the
// limit (Options.Epochs with MaxIter math.MaxInt32).
func (s *Sweep) MaxIter(p *Problem) int {
	if o := s.Options; o.MaxIter > 0 && !(o.Epochs > 0 && o.MaxIter == math.MaxInt32) {
		return o.MaxIter
	}
	return 200 * p.Dim
}

// CheckSize refuses, with a UsageError, a sweep of more than MaxRuns runs
// or whose shard would keep more than MaxTraceBytes of traces: every run
// keeps up to MaxIter+1 trace rows.
func (s *Sweep) CheckSize() error {
	if n := s.Runs(); n > MaxRuns {
		return Usagef("-starts %d: %d runs in all (problems x method configurations x gradient modes x starts); at most %d", s.Starts, n, MaxRuns)
	}
	bytes, most := 0.0, 0
	runs := float64(len(s.Solvers) * s.Starts)
	if !s.Shard.whole() {
		runs /= float64(s.Shard.Count)
	}
	for _, p := range s.Problems {
		maxIter := s.MaxIter(p)
		bytes += runs * (float64(maxIter+1)*traceRowBytes + float64(p.Dim)*16)
		most = max(most, maxIter)
	}
	if bytes > MaxTraceBytes {
		return Usagef("%d runs of up to %d iterations would keep %s of traces, more than %d GiB: lower -starts or -maxiter",
			int(runs)*len(s.Problems), most, sizeOf(bytes), MaxTraceBytes>>30)
	}
	return nil
}

// sizeOf is a number of bytes with 3 significant digits: 4.5 GiB.
func sizeOf(b float64) string {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }
	switch {
	case b >= 1<<30:
		return g(b/(1<<30)) + " GiB"
	case b >= 1<<20:
		return g(b/(1<<20)) + " MiB"
	}
	return g(b) + " B"
}
