package bench

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"

	"github.com/optbench/optbench/solvers"
)

// Bounds on a sweep, checked before anything is run: MaxRuns runs in all,
// and MaxTraceBytes of traces kept in memory by one process (its shard),
// so that a sweep stays well under 2 GiB of memory or is refused at once.
const (
	MaxRuns = 1000000
	// MaxShardRuns bounds the runs one process (a shard, or the whole
	// sweep) runs and analyses: the analysis keeps every run in memory,
	// about 10 kB a run at its peak, so 100,000 runs stay under 2 GiB.
	// A larger sweep is split into shards, each reported on its own,
	// until the analysis streams.
	MaxShardRuns  = 100_000
	MaxTraceBytes = 1 << 30
	// traceRowBytes is one solvers.TracePoint in memory: 7 words and a
	// slice header (a test checks it against unsafe.Sizeof).
	traceRowBytes = 80
)

// EpochsMaxIter is the Options.MaxIter of a sweep whose mini-batch runs end
// on Options.Epochs alone (the command line's -batch without -maxiter):
// the problems that do not step on mini-batches run with their plain
// limit instead (see OptionsFor).
const EpochsMaxIter = math.MaxInt32

// ErrTooLarge is what the error of a sweep too large to run matches
// (errors.Is): too many runs or too many trace rows.
var ErrTooLarge = errors.New("sweep too large")

// tooLarge is a message that matches ErrTooLarge.
type tooLarge string

func (e tooLarge) Error() string        { return string(e) }
func (e tooLarge) Is(target error) bool { return target == ErrTooLarge }

func tooLargef(format string, args ...any) error {
	return &UsageError{tooLarge(fmt.Sprintf(format, args...))}
}

// OptionsFor are the options of every run on p: the sweep's Options, but
// for a problem that does not step on mini-batches (BatchesPerEpoch 0)
// without the Epochs, which count passes over mini-batches, and with its
// plain iteration limit (Options.MaxIter, or 200 times its dimension)
// where the sweep's was EpochsMaxIter, the mark of the epochs being the
// limit. So a sweep of the network on mini-batches and of an MGH function
// runs the function as a sweep of it alone would.
func (s *Sweep) OptionsFor(p *Problem) solvers.Options {
	o := s.Options
	if p.BatchesPerEpoch <= 0 && o.Epochs > 0 {
		o.Epochs = 0
		if o.MaxIter == EpochsMaxIter {
			o.MaxIter = 0
		}
	}
	return o
}

// maxIterShare bounds what MaxIter returns, so that a sum of MaxIter over
// MaxRuns runs (a progress bar's budget) cannot overflow.
const maxIterShare = math.MaxInt / MaxRuns

// MaxIter is the iteration budget of a run on p as OptionsFor says it:
// Options.MaxIter, or 200 times the dimension when it is not set; on a
// problem that steps on mini-batches with Epochs, the steps of those
// epochs when fewer. It is at most math.MaxInt / MaxRuns, so that the sum
// over a sweep's runs does not overflow.
func (s *Sweep) MaxIter(p *Problem) int {
	return min(s.maxIter(p), maxIterShare)
}

// maxIter is MaxIter without the cap, saturated at math.MaxInt.
func (s *Sweep) maxIter(p *Problem) int {
	o := s.OptionsFor(p)
	iters := o.MaxIter
	if iters <= 0 {
		iters = mulSat(200, p.Dim)
	}
	if p.BatchesPerEpoch > 0 && o.Epochs > 0 {
		iters = min(iters, mulSat(o.Epochs, p.BatchesPerEpoch))
	}
	return iters
}

// TraceRows is the most trace rows a run on p keeps (solvers.Result.Trace)
// under the sweep's trace mode, iterations 0 to MaxIter:
//   - all: every iteration, MaxIter+1; on mini-batches x0, at most
//     solvers.EvalsPerEpoch an epoch and the last;
//   - log: LogTraceRows(MaxIter), a few hundred at most;
//   - none: x0 and the last, 2.
//
// It saturates at math.MaxInt.
func (s *Sweep) TraceRows(p *Problem) int {
	o := s.OptionsFor(p)
	iters := s.maxIter(p)
	all := addSat(iters, 1)
	if p.BatchesPerEpoch > 0 && o.Epochs > 0 {
		// runBatched records x0, then f itself at most EvalsPerEpoch
		// times an epoch, and once more where a limit stops it.
		all = min(all, addSat(mulSat(o.Epochs, min(p.BatchesPerEpoch, solvers.EvalsPerEpoch)), 2))
	}
	switch o.Trace {
	case solvers.TraceNone:
		return min(all, 2)
	case solvers.TraceLog:
		return min(all, LogTraceRows(iters))
	}
	return all
}

// LogTraceRows is the number of rows solvers.TraceLog keeps of a run of
// iterations 0 to n: every one up to solvers.LogTraceDense, then one in
// each twentieth of a decade (the first iteration at or past each
// ceil(10^(k/20)), k > 40), and the last: 161 for n = 100,000, 441 for
// math.MaxInt64. It mirrors the keeper in solvers/core, which a test runs
// against it; for a run of fewer iterations or with gaps (mini-batches) it
// is an upper bound.
func LogTraceRows(n int) int {
	if n <= solvers.LogTraceDense {
		return max(n, 0) + 1
	}
	rows, last := solvers.LogTraceDense+1, 0.0
	for k := 2*20 + 1; ; k++ {
		g := math.Ceil(math.Pow(10, float64(k)/20) - 1e-9)
		if g > float64(n) {
			break
		}
		rows, last = rows+1, g
	}
	if last != float64(n) {
		rows++ // the last iteration, between two grid points
	}
	return rows
}

// runsOf is the number of the shard's runs that are problem p's (p's
// place in Problems): of the sweep order's indexes [p*per, (p+1)*per),
// those congruent to Shard.Index modulo Shard.Count. Runs() must not
// saturate.
func (s *Sweep) runsOf(p int) int {
	per := len(s.Solvers) * s.Starts
	if s.Shard.whole() {
		return per
	}
	below := func(n int) int { // indexes i < n with i % Count == Index
		c, r := s.Shard.Count, s.Shard.Index
		k := n / c
		if n%c > r {
			k++
		}
		return k
	}
	return below((p+1)*per) - below(p*per)
}

// CheckSize refuses, with a UsageError that matches ErrTooLarge, a sweep
// of more than MaxRuns runs or whose shard would keep more than
// MaxTraceBytes of traces: each run of problem p keeps up to TraceRows(p)
// rows (with KeepX, a copy of x in each row of start 0's runs) and its
// result's x and gradient. It refuses a bad Starts or Shard too. The
// arithmetic is exact, in integers that saturate rather than wrap.
func (s *Sweep) CheckSize() error {
	if s.Starts < 1 {
		return Usagef("-starts %d: want at least 1", s.Starts)
	}
	if err := s.Shard.Check(); err != nil {
		return &UsageError{err}
	}
	if n := s.Runs(); n > MaxRuns {
		return tooLargef("-starts %d: %s runs in all (problems x method configurations x gradient modes x starts); at most %d", s.Starts, count(n), MaxRuns)
	}
	bytes, runs, most := 0, 0, 0
	for i, p := range s.Problems {
		n := s.runsOf(i)
		perRun := addSat(mulSat(s.TraceRows(p), traceRowBytes), mulSat(p.Dim, 16))
		bytes = addSat(bytes, mulSat(n, perRun))
		if s.KeepX {
			// Start 0 of every solver keeps x in every row.
			withX := min(n, len(s.Solvers))
			bytes = addSat(bytes, mulSat(withX, mulSat(s.TraceRows(p), mulSat(p.Dim, 8))))
		}
		runs += n
		most = max(most, s.maxIter(p))
	}
	if runs > MaxShardRuns {
		return tooLargef("%s runs in this process, more than the %s one process analyses in memory: split the sweep with -shard i/n into shards of at most %s runs (or lower -starts)",
			count(runs), count(MaxShardRuns), count(MaxShardRuns))
	}
	if bytes > MaxTraceBytes {
		return tooLargef("%s of up to %s iterations would keep %s of traces (-trace %s), more than %d GiB: lower -starts or -maxiter, or use -trace log or none",
			plural(runs, "run"), strconv.Itoa(most), sizeOf(bytes), s.traceMode(), MaxTraceBytes>>30)
	}
	return nil
}

func (s *Sweep) traceMode() solvers.TraceMode {
	if s.Options.Trace == "" {
		return solvers.TraceAll
	}
	return s.Options.Trace
}

// mulSat is a*b for a, b >= 0, math.MaxInt when that overflows; 0 when
// either is negative.
func mulSat(a, b int) int {
	if a <= 0 || b <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > math.MaxInt {
		return math.MaxInt
	}
	return int(lo)
}

// addSat is a+b for a, b >= 0, math.MaxInt when that overflows.
func addSat(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// count is n, or "more than 9.2e18" where it saturated.
func count(n int) string {
	if n == math.MaxInt {
		return "more than " + strconv.FormatFloat(math.MaxInt, 'g', 2, 64)
	}
	return strconv.Itoa(n)
}

// sizeOf is a number of bytes with 3 significant digits: 4.5 GiB; "more
// than 8 EiB" where it saturated.
func sizeOf(b int) string {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }
	switch {
	case b == math.MaxInt:
		return "more than 8 EiB"
	case b >= 1<<30:
		return g(float64(b)/(1<<30)) + " GiB"
	case b >= 1<<20:
		return g(float64(b)/(1<<20)) + " MiB"
	}
	return strconv.Itoa(b) + " B"
}

// plural is "1 run", "2 runs".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return count(n) + " " + what + "s"
}
