package bench

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strconv"

	"github.com/optbench/optbench/solvers"
)

// Bounds on a sweep, checked before anything is run: MaxRuns runs in all,
// and MaxKeptBytes of runs and traces kept in memory by one process (its
// shard; see KeptBytes), so that a sweep stays under about 2 GiB of memory
// (with cmd/optbench's soft limit, MemoryLimit) or is refused at once.
const (
	MaxRuns = 1000000
	// MaxShardRuns bounds the runs one process (a shard, or the whole
	// sweep) runs and analyses: the analysis keeps every run in memory
	// (KeptBytes), and a report reads them back (results.MaxLoadRuns).
	// A larger sweep is split into shards, each reported on its own,
	// until the analysis streams. With its traces kept compactly, a
	// sweep of 249,600 Beale runs (the default methods, -starts 20800)
	// peaked at 1.24 GB with -out, and its report at 1.21 GB; with them
	// in a TraceStore, at 0.75-0.97 GB and 652-669 MB, and a sweep of
	// 499,992 (-starts 41666) at 1.47 GB with -out, its report at 1.25 GB
	// (1.20 GB with -out): under MemoryLimit.
	MaxShardRuns = 500_000
	MaxKeptBytes = 3 << 29 // 1.5 GiB
	// MaxStoredBytes bounds the traces a sweep keeps in its TraceStore,
	// a file of the temporary directory, about 28 bytes a row.
	MaxStoredBytes = 16 << 30
	// MemoryLimit is the soft limit (runtime/debug.SetMemoryLimit) the
	// command sets: a sweep's garbage is collected before the process
	// grows past it, where Go's default would let it reach twice what
	// is kept.
	MemoryLimit = 2 << 30
	// ObservedRunBytes is what a run under COCO's protocol with an
	// observer (bbob's COCO logger) keeps besides its trace, counted
	// against MaxKeptBytes: its log (7 kB of JSON for the median run of
	// COCO's default suite, 126 kB for the largest; bench/coco bounds it
	// whatever the budget), decoded again when DIR/coco is written, and its
	// share of the analysis and report (51 aRT rows a run, as each bbob
	// run is a problem of its own). Measured with -out: 7,200 runs peak at
	// 720-890 MB, 14,880 runs at 1.52 GB: about 100 kB a run.
	ObservedRunBytes = 96 << 10
	// traceRowBytes is one solvers.TracePoint in memory: 7 words and a
	// slice header (a test checks it against unsafe.Sizeof). A run under
	// way holds its trace so, up to twice its rows as the slice grows by
	// appending, until it ends (see Sweep.Workers).
	traceRowBytes = 80
	// keptRowBytes is about a row of a finished run's trace, kept
	// compactly (Trace): its iteration, time and counts as varint
	// differences from the row before and its f and gradient norm as 8
	// bytes each. Measured with the allocator's rounding: 21-25 bytes for
	// iterations of microseconds to milliseconds (bench/analysis's
	// TestKeptBytes), 27 for the log trace of a run of 10^6 iterations,
	// 31 for iterations of 40 s and 10,000 evaluations each; at most 66.
	keptRowBytes = 28
	// RunBytes is what a run holds at the peak of a sweep's analysis
	// besides its trace and vectors: its Spec and Run and its share of
	// the analysis. bench/analysis's TestKeptBytes measured 1.25-1.4 kB
	// with GD-fixed; AdamW with three parameters set, about 2 kB.
	RunBytes = 2048
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

// runOptions are the options of sv's runs on p as Minimize is given them
// (before defaults): OptionsFor(p) with sv's method, parameters and
// gradient mode, as Spec sets them.
func (s *Sweep) runOptions(p *Problem, sv Solver) solvers.Options {
	o := s.OptionsFor(p)
	o.Method, o.Params, o.Gradient = sv.Method, s.Params[sv.Label], sv.Gradient
	return o
}

// MaxIter is the iteration budget of solver sv's runs on p: the most
// iterations its method may take on p's dimension with the options
// OptionsFor(p) gives (solvers.Registry.IterationBudget: Options.MaxIter
// or 200n for most methods, scipy's own limits for scipy:Powell, 1000n,
// scipy:L-BFGS-B, 15000, scipy:TNC, its maxfun, ...); on a problem that
// steps on mini-batches with Epochs, the steps of those epochs when fewer.
// It is at most math.MaxInt / MaxRuns, so that the sum over a sweep's runs
// does not overflow. A method the sweep's registry does not know (a run
// of it fails; a sweep.json of another program names it) counts Options'
// rule.
func (s *Sweep) MaxIter(p *Problem, sv Solver) int {
	return min(s.maxIterOr(p, sv), maxIterShare)
}

// maxIterOr is maxIter, or Options' rule where the method is unknown.
func (s *Sweep) maxIterOr(p *Problem, sv Solver) int {
	if iters, err := s.maxIter(p, sv); err == nil {
		return iters
	}
	o := s.OptionsFor(p)
	iters := o.MaxIter
	if iters <= 0 {
		iters = mulSat(200, p.Dim)
	}
	return s.epochSteps(p, o, iters)
}

// maxIter is MaxIter without the cap, saturated at math.MaxInt; the error
// is the registry's for a method it does not know.
func (s *Sweep) maxIter(p *Problem, sv Solver) (int, error) {
	o := s.runOptions(p, sv)
	iters, err := s.Registry().IterationBudget(sv.Method, p.Dim, o)
	if err != nil {
		return 0, err
	}
	return s.epochSteps(p, o, iters), nil
}

// epochSteps is iters, or the steps of o.Epochs epochs on a problem that
// steps on mini-batches when fewer.
func (s *Sweep) epochSteps(p *Problem, o solvers.Options, iters int) int {
	if p.BatchesPerEpoch > 0 && o.Epochs > 0 {
		iters = min(iters, mulSat(o.Epochs, p.BatchesPerEpoch))
	}
	return iters
}

// TraceRows is the most trace rows a run of sv on p keeps
// (solvers.Result.Trace) under the sweep's trace mode, iterations 0 to
// MaxIter(p, sv) (uncapped):
//   - all: every iteration, MaxIter+1; on mini-batches x0, at most
//     solvers.EvalsPerEpoch an epoch and the last;
//   - log: LogTraceRows(MaxIter), a few hundred at most;
//   - none: x0 and the last, 2.
//
// It saturates at math.MaxInt.
func (s *Sweep) TraceRows(p *Problem, sv Solver) int {
	return s.traceRows(p, s.maxIterOr(p, sv), LogTraceRows)
}

// traceRows is TraceRows for a run of at most iters iterations, with
// logRows for LogTraceRows (CheckSize remembers its answers).
func (s *Sweep) traceRows(p *Problem, iters int, logRows func(int) int) int {
	if s.Budget > 0 {
		// A run under COCO's protocol keeps its first evaluation, the
		// first hit of each precision and its end (see executeBudget).
		return 51 + 2
	}
	o := s.OptionsFor(p)
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
		return min(all, logRows(iters))
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

// runsOf is the number of the shard's runs that are problem p's runs of
// solver sv (their places in Problems and Solvers): of the sweep order's
// indexes [(p*S+sv)*Starts, (p*S+sv+1)*Starts), S solvers, those congruent
// to Shard.Index modulo Shard.Count; and whether the first of them, start
// 0, is one. Runs() must not saturate.
func (s *Sweep) runsOf(p, sv int) (n int, start0 bool) {
	first := (p*len(s.Solvers) + sv) * s.Starts
	if s.Shard.whole() {
		return s.Starts, true
	}
	c, r := s.Shard.Count, s.Shard.Index
	below := func(n int) int { // indexes i < n with i % Count == Index
		k := n / c
		if n%c > r {
			k++
		}
		return k
	}
	return below(first+s.Starts) - below(first), first%c == r
}

// CheckSize refuses, with a UsageError that matches ErrTooLarge, a sweep
// of more than MaxRuns runs or whose shard would keep more than
// MaxKeptBytes: its starts, and for each run RunBytes, up to TraceRows(p,
// sv) rows of trace (with KeepX, a copy of x in each row of start 0's
// runs) and its result's x and gradient (see KeptBytes); a sweep under
// COCO's protocol with observers, ObservedRunBytes a run more. It refuses a bad Starts or Shard
// too. A method the sweep's registry does not know (in a sweep.json read
// to be reported, not run) counts Options' rule. The arithmetic is exact,
// in integers that saturate rather than wrap.
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
	// LogTraceRows takes a few hundred steps; the budgets are few.
	logRows := map[int]int{}
	memoLog := func(iters int) int {
		rows, ok := logRows[iters]
		if !ok {
			rows = LogTraceRows(iters)
			logRows[iters] = rows
		}
		return rows
	}
	bytes, observed, runs, most, vectors, stored := s.kept(memoLog)
	if runs > MaxShardRuns {
		return tooLargef("%s runs in this process, more than the %s one process analyses in memory: split the sweep with -shard i/n into shards of at most %s runs (or lower -starts)",
			count(runs), count(MaxShardRuns), count(MaxShardRuns))
	}
	if total := addSat(bytes, observed); observed > 0 && total > MaxKeptBytes {
		return tooLargef("%s under COCO's protocol would keep %s of runs, traces and COCO logs (%s a run, with the analysis and the report), more than %s: split the sweep with -shard i/n, or name fewer problems",
			plural(runs, "run"), sizeOf(total), sizeOf(ObservedRunBytes), sizeOf(MaxKeptBytes))
	}
	if bytes > MaxKeptBytes {
		// The advice is for what is most of it.
		hint := "lower -starts or -maxiter (-epochs with -batch), or use -trace log or none"
		switch {
		case vectors > bytes/2:
			hint = fmt.Sprintf("the vectors (the starts, each run's x and gradient) are %s of it: lower -starts, or make the problem smaller", sizeOf(vectors))
		case s.traceMode() == solvers.TraceLog:
			hint = "lower -starts or -maxiter (-epochs with -batch), or use -trace none"
		case s.traceMode() == solvers.TraceNone:
			hint = "lower -starts, or split the sweep with -shard i/n"
		}
		return tooLargef("%s of up to %s iterations would keep %s of runs and traces (-trace %s), more than %s: %s",
			plural(runs, "run"), strconv.Itoa(most), sizeOf(bytes), s.traceMode(), sizeOf(MaxKeptBytes), hint)
	}
	if stored > MaxStoredBytes {
		hint := "lower -starts or -maxiter (-epochs with -batch), or use -trace log or none"
		if s.traceMode() == solvers.TraceLog {
			hint = "lower -starts or -maxiter (-epochs with -batch), or use -trace none"
		}
		return tooLargef("%s of up to %s iterations would keep %s of traces (-trace %s) in a temporary file, more than %s: %s",
			plural(runs, "run"), strconv.Itoa(most), sizeOf(stored), s.traceMode(), sizeOf(MaxStoredBytes), hint)
	}
	return nil
}

// kept is KeptBytes with logRows for LogTraceRows, the bytes of observers'
// logs apart (ObservedRunBytes a run), the shard's runs, the largest
// iteration budget of any, the bytes of vectors among bytes (the starts,
// the results' x and gradients), and the bytes of traces kept in the
// sweep's TraceStore (0 without one).
func (s *Sweep) kept(logRows func(int) int) (bytes, observed, runs, most, vectors, stored int) {
	type rowsOf struct{ rows, runs int }
	var traces []rowsOf // each solver's trace rows on each problem, and its runs
	for i, p := range s.Problems {
		// The starts, made once for the whole sweep (a shard too) and
		// shared by the runs.
		vector := allocated(mulSat(p.Dim, 8))
		if s.Starts > 0 {
			bytes = addSat(bytes, mulSat(s.Starts, vector))
			vectors = addSat(vectors, mulSat(s.Starts, vector))
		}
		for j, sv := range s.Solvers {
			n, start0 := s.runsOf(i, j)
			if n == 0 {
				continue
			}
			iters := s.maxIterOr(p, sv)
			rows := s.traceRows(p, iters, logRows)
			// The trace, kept compactly (in memory, unless in a
			// TraceStore), and the result's x and gradient, as the
			// allocator rounds them.
			trace := allocated(mulSat(rows, keptRowBytes))
			if s.TraceStore != nil {
				stored = addSat(stored, mulSat(n, mulSat(rows, keptRowBytes)))
				trace = 0
			}
			perRun := addSat(RunBytes, addSat(trace, mulSat(2, vector)))
			traces = append(traces, rowsOf{rows, n})
			bytes = addSat(bytes, mulSat(n, perRun))
			vectors = addSat(vectors, mulSat(n, mulSat(2, vector)))
			if s.Budget > 0 && p.Observer != nil {
				observed = addSat(observed, mulSat(n, ObservedRunBytes))
			}
			if s.KeepX && start0 {
				// Start 0 keeps x in every row, and the compact trace
				// a slice header for each.
				bytes = addSat(bytes, mulSat(rows, addSat(allocated(mulSat(p.Dim, 8)), 24)))
			}
			runs += n
			most = max(most, iters)
		}
	}
	// The runs under way hold their traces as they grow, uncompacted:
	// counted as the Workers longest.
	slices.SortFunc(traces, func(a, b rowsOf) int { return cmp.Compare(b.rows, a.rows) })
	growing, left := 0, s.workers()
	for _, t := range traces {
		k := min(left, t.runs)
		growing = addSat(growing, mulSat(k, allocated(mulSat(2, mulSat(t.rows, traceRowBytes)))))
		if left -= k; left == 0 {
			break
		}
	}
	if s.TraceStore != nil {
		// The store's buffer of traces not yet written.
		bytes = addSat(bytes, 2*pendingBytes)
	}
	return addSat(bytes, growing), observed, runs, most, vectors, stored
}

// allocated is what an allocation of b bytes takes: b and up to an eighth
// more in the allocator's size classes (32 kB and less), whole 8 kB pages
// above. It saturates.
func allocated(b int) int {
	if b <= 32<<10 {
		return b + b/8
	}
	if b > math.MaxInt-8191 {
		return math.MaxInt
	}
	return (b + 8191) &^ 8191
}

// KeptBytes estimates the memory the shard's runs hold at the peak of
// their analysis: the sweep's starts (all of them, made once and shared),
// and for each run RunBytes, its trace rows kept compactly (TraceRows of
// them, about 28 bytes each, unless in the sweep's TraceStore; with KeepX a
// copy of x in each row of start 0's runs) and its result's x and gradient; and, for each of Workers runs
// under way, the longest trace as it grows (80 bytes a row, twice over).
// It saturates at math.MaxInt.
func (s *Sweep) KeptBytes() int {
	bytes, _, _, _, _, _ := s.kept(func(iters int) int { return LogTraceRows(iters) })
	return bytes
}

// workers is Workers, or GOMAXPROCS when 0.
func (s *Sweep) workers() int {
	if s.Workers > 0 {
		return s.Workers
	}
	return runtime.GOMAXPROCS(0)
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
