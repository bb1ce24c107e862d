// Package best2009 is COCO's "best 2009" reference algorithm on the bbob
// suite, as data: the line cocopp, COCO's post-processor, draws beside new
// data in its ECDFs and the aRTs its tables divide by.
//
// Best 2009 is a virtual algorithm: on each bbob function and dimension,
// at each target precision Δf, it is the algorithm of the BBOB-2009
// workshop (31 of them: BIPOP-CMA-ES, NEWUOA, BFGS, MCS, ...) with the
// lowest aRT there. cocopp ships it as one virtual run per function and
// dimension (src/cocopp/refalgs/best2009-bbob.tar.gz in
// numbbo/coco-postprocess), whose evaluations at each Δf are that aRT.
// best2009.txt holds those runs, copied by
// scripts/coco/best2009_export.py; the data are the NumBBO/CoCO team's,
// under the 3-clause BSD licence whose text the file's header carries, and
// Notice is the attribution to print under tables and figures that show
// them.
//
// Units: aRTs and budgets count f-evaluations (ECDF divides them by the
// dimension, as cocopp's ECDF over functions does); Δf is f - f_opt.
// Targets are read as cocopp reads them (see ART), and the tests compare
// every aRT, success count and ECDF point with what cocopp itself computes
// (testdata/cocopp.json, made by scripts/coco/best2009_dump.py).
package best2009

import "slices"

// Name is the label cocopp gives the reference algorithm in its figures
// and tables (testbedsettings' reference_algorithm_displayname for bbob).
const Name = "best 2009"

// Notice is the attribution to print under a table or figure that shows
// best 2009's data.
const Notice = "best 2009: COCO's reference algorithm (the best of the BBOB-2009 algorithms " +
	"per function, dimension and target), data from cocopp, github.com/numbbo/coco-postprocess " +
	"(refalgs/best2009-bbob.tar.gz), copyright 2013-2024 the NumBBO/CoCO team, 3-clause BSD licence."

// Functions is the range of bbob functions with data: 1..Functions.
const Functions = 24

// dimensions are the bbob dimensions with data, increasing.
var dimensions = [...]int{2, 3, 5, 10, 20, 40}

// Dimensions are the bbob dimensions best 2009 has data for, increasing:
// 2, 3, 5, 10, 20, 40 (a new slice each call).
func Dimensions() []int { return slices.Clone(dimensions[:]) }
