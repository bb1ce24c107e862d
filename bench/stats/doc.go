// Package stats is the statistics of optbench's analysis: quantiles and
// medians as numpy computes them, distribution-free confidence intervals
// for medians (benchstat's), Wilson's interval for shares, and the rank
// tests that tell two samples apart, Wilcoxon's signed-rank test for
// paired samples and Mann-Whitney's U test for unpaired ones, both as
// scipy.stats 1.10 computes them by default (checked against its p-values
// in testdata), with Holm's correction for many comparisons.
//
// It knows nothing of runs or problems: every function takes plain
// samples. NaN is left out of a sample; +Inf counts as larger than any
// number (a run that never reached a target).
package stats
