package bench

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Shard is the part of a sweep one process runs: runs whose index in the
// sweep's order is Index modulo Count. The zero value (and 0/1) is the whole
// sweep.
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

// ParseShard reads "i/n", 0 <= i < n.
func ParseShard(text string) (Shard, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(text), "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	switch {
	case !ok || err1 != nil || err2 != nil:
		return Shard{}, fmt.Errorf("shard %q: want i/n, two whole numbers", text)
	case n < 1:
		return Shard{}, fmt.Errorf("shard %q: the count n must be at least 1", text)
	case i < 0 || i >= n:
		return Shard{}, fmt.Errorf("shard %q: the index i must be from 0 to %d", text, n-1)
	}
	return Shard{Index: i, Count: n}, nil
}

// ShardFromEnv is the shard of a SLURM array task (SLURM_ARRAY_TASK_ID
// counted from SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT) or of a
// Kubernetes Indexed Job's pod (JOB_COMPLETION_INDEX, of OPTBENCH_SHARDS,
// which the Job sets to its completions).
func ShardFromEnv(getenv func(string) string) (Shard, error) {
	num := func(name string) (int, error) {
		v, err := strconv.Atoi(strings.TrimSpace(getenv(name)))
		if err != nil {
			return 0, fmt.Errorf("%s=%q is not a whole number", name, getenv(name))
		}
		return v, nil
	}
	switch {
	case getenv("SLURM_ARRAY_TASK_ID") != "":
		id, err := num("SLURM_ARRAY_TASK_ID")
		if err != nil {
			return Shard{}, err
		}
		count, err := num("SLURM_ARRAY_TASK_COUNT")
		if err != nil {
			return Shard{}, err
		}
		first := 0
		if getenv("SLURM_ARRAY_TASK_MIN") != "" {
			if first, err = num("SLURM_ARRAY_TASK_MIN"); err != nil {
				return Shard{}, err
			}
		}
		return ParseShard(fmt.Sprintf("%d/%d", id-first, count))
	case getenv("JOB_COMPLETION_INDEX") != "":
		id, err := num("JOB_COMPLETION_INDEX")
		if err != nil {
			return Shard{}, err
		}
		count, err := num("OPTBENCH_SHARDS")
		if err != nil {
			return Shard{}, fmt.Errorf("%v (set it to the Indexed Job's completions)", err)
		}
		return ParseShard(fmt.Sprintf("%d/%d", id, count))
	}
	return Shard{}, errors.New("neither SLURM_ARRAY_TASK_ID (a SLURM job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set")
}

// ShardOf reads a shard as the command line gives it: "i/n" (ParseShard),
// or "auto" for the shard of the job array or Indexed Job the process runs
// in (ShardFromEnv, with getenv).
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
