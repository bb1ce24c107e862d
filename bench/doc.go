// Package bench compares optimizers on any objective, as the optimization
// literature does. A Problem gives the value, gradient and Hessian as
// available, the starting points, the known minimum f* when there is one
// and extra metrics and figures; Specs makes the runs of problems x methods
// x gradient modes x starts, Execute runs them on several goroutines, and
// Analyze computes what they show: summaries over starts, COCO's targets
// f* + Δf with runtime ECDFs and average runtimes (aRT), and Dolan-Moré
// performance and Moré-Wild data profiles, as typed tables (text,
// Markdown, CSV), JSON lines, figures and one report.html.
//
// The generic code knows nothing of particular problems. Two families ship
// with optbench: bench/network (the classroom network's cross-entropy, on
// its own data, a CSV file or synthetic data) and bench/mgh (the
// Moré-Garbow-Hillstrom test set from gonum); FuncProblem makes one of a
// plain function. The go test -bench benchmarks are in bench_test.go and
// minimize_bench_test.go.
package bench
