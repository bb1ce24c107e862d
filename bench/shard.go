package bench

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Shard is the part of a sweep one process runs: runs whose index in the
// sweep's order is Index modulo Count. The zero value (and 0/1) is the whole
// sweep. Any Count >= 1 is allowed, however much larger than the sweep: a
// shard whose Index is past the sweep's last run has no runs (Specs is
// empty), which is harmless, so that a job array may have more tasks than
// a sweep has runs.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

func (s Shard) whole() bool { return s.Count <= 1 }

func (s Shard) String() string {
	if s.whole() {
		return "0/1"
	}
	return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Count)
}

// ErrShard is what every error of a shard wraps: a shard text or
// environment that names no shard.
var ErrShard = errors.New("bad shard")

// Check says whether s names a shard: 0 <= Index < Count, or the zero
// value.
func (s Shard) Check() error {
	switch {
	case s == Shard{}:
		return nil
	case s.Count < 1:
		return shardError(fmt.Sprintf("shard %d/%d: the count n must be at least 1", s.Index, s.Count))
	case s.Index < 0 || s.Index >= s.Count:
		return shardError(fmt.Sprintf("shard %d/%d: the index i must be from 0 to %d", s.Index, s.Count, s.Count-1))
	}
	return nil
}

// shardError is an error of a shard's text (quoted) or environment.
type shardError string

func (e shardError) Error() string { return string(e) }
func (e shardError) Unwrap() error { return ErrShard }

func shardErrorf(text, format string, args ...any) error {
	return shardError(fmt.Sprintf("shard %q: ", text) + fmt.Sprintf(format, args...))
}

func envErrorf(format string, args ...any) error {
	return shardError(fmt.Sprintf(format, args...))
}

// ParseShard reads "i/n", 0 <= i < n. Both are ints (strconv.Atoi: a
// number out of int's range is refused, never wrapped).
func ParseShard(text string) (Shard, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(text), "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	switch {
	case !ok || err1 != nil || err2 != nil:
		return Shard{}, shardErrorf(text, "want i/n, two whole numbers (at most %d)", maxInt)
	case n < 1:
		return Shard{}, shardErrorf(text, "the count n must be at least 1")
	case i < 0 || i >= n:
		return Shard{}, shardErrorf(text, "the index i must be from 0 to %d", n-1)
	}
	return Shard{Index: i, Count: n}, nil
}

const maxInt = int(^uint(0) >> 1)

// ShardFromEnv is the shard of a SLURM array task or of a Kubernetes
// Indexed Job's pod.
//
// SLURM: task SLURM_ARRAY_TASK_ID of an array of SLURM_ARRAY_TASK_COUNT
// tasks whose ids run from SLURM_ARRAY_TASK_MIN (default 0) by
// SLURM_ARRAY_TASK_STEP (default 1): ids MIN, MIN+STEP, MIN+2 STEP, ... are
// shards 0, 1, 2, ... of COUNT (--array=1-15:2 is 8 tasks, ids 1, 3, ...,
// 15). An id off that grid (an array given as a list, --array=1,4,9) is
// refused: give -shard i/n explicitly then.
//
// Kubernetes: JOB_COMPLETION_INDEX of OPTBENCH_SHARDS, which the Job sets
// to its completions.
//
// Every number is an int read by strconv.Atoi (out of range: refused), ids
// are at least 0, and no arithmetic on them can overflow.
func ShardFromEnv(getenv func(string) string) (Shard, error) {
	num := func(name string, lo int) (int, error) {
		text := getenv(name)
		if text == "" {
			return 0, envErrorf("%s is not set", name)
		}
		v, err := strconv.Atoi(strings.TrimSpace(text))
		if err != nil {
			return 0, envErrorf("%s=%q is not a whole number", name, text)
		}
		if v < lo {
			return 0, envErrorf("%s=%d: want at least %d", name, v, lo)
		}
		return v, nil
	}
	optional := func(name string, lo, def int) (int, error) {
		if getenv(name) == "" {
			return def, nil
		}
		return num(name, lo)
	}
	switch {
	case getenv("SLURM_ARRAY_TASK_ID") != "":
		id, err := num("SLURM_ARRAY_TASK_ID", 0)
		if err != nil {
			return Shard{}, err
		}
		count, err := num("SLURM_ARRAY_TASK_COUNT", 1)
		if err != nil {
			return Shard{}, err
		}
		first, err := optional("SLURM_ARRAY_TASK_MIN", 0, 0)
		if err != nil {
			return Shard{}, err
		}
		step, err := optional("SLURM_ARRAY_TASK_STEP", 1, 1)
		if err != nil {
			return Shard{}, err
		}
		if id < first {
			return Shard{}, envErrorf("SLURM_ARRAY_TASK_ID=%d is below SLURM_ARRAY_TASK_MIN=%d", id, first)
		}
		// id >= first >= 0: id-first cannot overflow.
		if (id-first)%step != 0 {
			return Shard{}, fmt.Errorf("%w: SLURM_ARRAY_TASK_ID=%d is not SLURM_ARRAY_TASK_MIN=%d plus a multiple of SLURM_ARRAY_TASK_STEP=%d (an array given as a list: use -shard i/n)",
				ErrShard, id, first, step)
		}
		index := (id - first) / step
		if index >= count {
			return Shard{}, fmt.Errorf("%w: SLURM_ARRAY_TASK_ID=%d is task %d of SLURM_ARRAY_TASK_MIN=%d by SLURM_ARRAY_TASK_STEP=%d, but SLURM_ARRAY_TASK_COUNT=%d: the index i must be from 0 to %d",
				ErrShard, id, index, first, step, count, count-1)
		}
		return Shard{Index: index, Count: count}, nil
	case getenv("JOB_COMPLETION_INDEX") != "":
		id, err := num("JOB_COMPLETION_INDEX", 0)
		if err != nil {
			return Shard{}, err
		}
		count, err := num("OPTBENCH_SHARDS", 1)
		if err != nil {
			return Shard{}, envErrorf("%v (set it to the Indexed Job's completions)", err)
		}
		if id >= count {
			return Shard{}, envErrorf("JOB_COMPLETION_INDEX=%d of OPTBENCH_SHARDS=%d: the index i must be from 0 to %d", id, count, count-1)
		}
		return Shard{Index: id, Count: count}, nil
	}
	return Shard{}, errors.New("neither SLURM_ARRAY_TASK_ID (a SLURM job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set")
}

// ShardOf reads a shard as the command line gives it: "i/n" (ParseShard),
// or "auto" (any case) for the shard of the job array or Indexed Job the
// process runs in (ShardFromEnv, with getenv).
func ShardOf(text string, getenv func(string) string) (Shard, error) {
	if strings.EqualFold(strings.TrimSpace(text), "auto") {
		s, err := ShardFromEnv(getenv)
		if err != nil {
			return s, &AutoShardError{err}
		}
		return s, nil
	}
	return ParseShard(text)
}

// AutoShardError is the error of a shard "auto" that the environment does
// not give.
type AutoShardError struct{ Err error }

func (e *AutoShardError) Error() string { return "auto: " + e.Err.Error() }
func (e *AutoShardError) Unwrap() error { return e.Err }
