// Package bench compares optimizers on any objective, as the optimization
// literature does. It is the core of a pipeline whose stages are packages
// of their own, data flowing one way, as in benchstat:
//
//	bench           problems, sweeps, runs and their execution (this package)
//	bench/results   storage: results.jsonl, sweep.json, resume, shards, loading and merging
//	bench/stats     statistics: medians and shares with their intervals, rank tests
//	bench/analysis  summaries, COCO's targets with runtime ECDFs and aRT, profiles, diffs
//	bench/table     typed tables, rendered for people (text, Markdown) and machines (CSV)
//	bench/figure    the figures, as PNG and SVG
//	bench/report    report.html and a sweep's directory of files
//
// A Problem is an objective a sweep minimizes: what the solvers see of it
// (value, gradient, Hessian as available), its starting points, its known
// minimum f* when there is one, and the metrics and figures its family
// adds. FuncProblem makes one of a plain function. Problem families make
// problems from the command line and again from sweep.json; they register
// themselves (RegisterFamily), as image decoders do: bench/network (the
// classroom network's cross-entropy) and bench/mgh (the
// Moré-Garbow-Hillstrom set) ship with optbench.
//
// A Sweep is a comparison as a value, shaped like sweep.json: problems x
// solvers (a Solver is a method configuration with its gradient mode) x
// starts, with a seed and options. It yields its runs (Specs) in one
// order, for the whole sweep or a Shard of it, names each by a RunID, and
// sorts runs read back into its order. Execute runs specs on several
// goroutines; a failure, a NaN or a panic in one run is that run's status,
// and a cancelled context stops the runs under way at their next
// evaluation.
//
//	sweep, _ := bench.NewSweep(problems, 10, 1, solvers.Options{})
//	sweep.Add(configs, solvers.Analytic)
//	specs, _ := sweep.Specs()
//	a := analysis.Analyze(bench.Execute(ctx, specs, 0, nil))
//
// GroupBy is the one way rows, curves and problems are ordered: by first
// appearance. The go test -bench benchmarks of the solvers on the
// problems are in this package's tests.
package bench
