// Package bench runs optimizers on the classroom problem and reports on
// them: the runs of a comparison, their tables in text, Markdown, CSV and
// JSON lines, and the go test -bench benchmarks (bench_test.go).
package bench
