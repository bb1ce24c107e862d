package bench

// SplitWorkers divides cpus between the runs of a sweep and their
// objectives: with runs at once (at most the number of runs), each
// objective gets cpus/runs goroutines, at least one, so the two never
// oversubscribe the processors together. Objectives of data that fit in
// one block use one goroutine whatever they get.
func SplitWorkers(cpus, runsAtOnce, runs int) int {
	return max(1, cpus/max(1, min(runsAtOnce, runs)))
}
