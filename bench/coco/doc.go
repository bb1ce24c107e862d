// Package coco writes optbench's runs in the data format of COCO's "bbob"
// observer (numbbo/coco-experiment, src/logger_bbob.c, observer_bbob.c and
// coco_observer.c), the format COCO's post-processor cocopp reads.
//
// The work is split in two so that a run can be recorded while it runs and
// written much later, from results.jsonl, shards or resumed sweeps:
//
//   - A [Recorder] is COCO's logger for one run: it sees every f evaluation in
//     order, applies COCO's triggers and keeps only the lines COCO would write.
//     Its [Log] is JSON-encodable and bounded by the triggers, not by the
//     number of evaluations.
//   - [Write] turns the logs of one algorithm (one optbench method
//     configuration) into COCO's folder: bbobexp_fNN.info and
//     data_fNN/bbobexp_fNN_DIMd.{dat,tdat,rdat,mdat}.
//
// The triggers are COCO's defaults for the bbob observer: a .dat line at the
// first evaluation and whenever the best Δf = f - f_opt reaches a new target
// 10^(k/20) (20 per decade, Δf below 1e-8 counting as 1e-8 and Δf = 0 as 1e-9)
// or a new multiple of 1e5; a .tdat line at the evaluations floor(10^(k/20))
// and {1, 2, 5} x dim x 10^k; a .rdat line at the first evaluation after each
// restart; the last evaluation closes .dat and .tdat with the best point. x is
// logged only for fewer than 7 variables, as COCO does.
//
// [CocoppART] computes, from the logs, the aRT and successes cocopp computes
// from the written files, quirks included, so that optbench's own aRT can be
// checked against cocopp's without Python.
//
// The golden test replays the evaluations of an experiment run under COCO's
// own C observer (testdata/cexp: f1, f8, f15 in dimensions 2 and 5 and f1 in
// dimension 10, with restarts, an infinite f and Δf = 0) and compares every
// file byte for byte; cocopp's aRT of those files (scripts/coco/cocopp_art.py)
// is kept in testdata/golden/cocopp_art.json. scripts/coco/cocopp_check.sh
// runs cocopp offline on a folder Write made.
package coco
