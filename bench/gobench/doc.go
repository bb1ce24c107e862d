// Package gobench joins optbench to Go's benchmark tooling, both ways.
//
// Run and Suite run methods on optbench's problems under go test -bench: from
// a _test.go file of any module, one call benchmarks a method
// configuration (a built-in one with its parameters, or one of your own,
// registered with solvers.Register) on a problem, a problem family (the
// Moré-Garbow-Hillstrom set, COCO's bbob suite, the classroom network) or
// problems of your own (bench.FuncProblem), as sub-benchmarks named
// <problem>/<label>. Each op is one run from a fixed start, and besides its
// time it reports the final f, log10(f - f*) where f* is known, the
// evaluations, the iterations and the time per evaluation, so that a change
// that makes a method faster but stop earlier shows in benchstat's tables.
//
// Write writes a sweep's runs in Go's benchmark format
// (https://go.dev/design/14313-benchmark-format), one result line per run,
// so that benchstat compares two sweeps, or two methods of one sweep, with
// its own statistics: optbench compare -format gobench and optbench report
// -format gobench print it.
//
// The problem families are imported here, so that their names (mgh,
// bbob:f1-24:d2, classroom) need no blank imports.
package gobench
