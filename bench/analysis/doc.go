// Package analysis computes what a set of runs shows, as the optimization
// literature measures it: summaries over starts (medians with their
// confidence intervals, success and "best at" marks by rank tests),
// convergence at checkpoints, COCO's targets f* + Δf with runtime ECDFs and
// average runtimes (aRT), Dolan-Moré performance and Moré-Wild data
// profiles, and diffs of two method configurations.
//
// Analyze computes them all at once, as an Analysis, with the
// DefaultSettings; AnalyzeWith takes Settings of your own (other targets,
// tolerances, checkpoints, levels). A Measure (f, time, evaluations,
// iterations, a problem's metric, iterations to a target) is defined once
// and used by summaries, best-at marks and diffs alike; Pairing is the one
// rule by which two groups of runs are compared, paired by start or not.
// Groups of runs (a problem and a solver over its starts) come in order of
// first appearance.
//
// Evaluations are the cost everywhere (EvalsAt): every f counts one, every
// analytic gradient and exact Hessian one more; finite differences are
// charged the f they take.
package analysis
