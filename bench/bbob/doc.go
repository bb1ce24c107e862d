// Package bbob is COCO's bbob suite: the 24 noiseless black-box optimization benchmark
// functions of Hansen, Finck, Ros and Auger (f1 sphere ... f24 Lunacek bi-Rastrigin), ported from
// COCO's C code (numbbo/coco-experiment: suite_bbob.c, f_*.c, transform_*.c and the BBOB-2009
// legacy generator), with COCO's instance generation: for function f, dimension n and instance i
// the seed f + 10000 i gives x_opt, f_opt, the rotations and each function's own data exactly as
// COCO draws them.
//
// NewFunction(f, n, i) returns a *Function whose Value is f(x) as COCO's coco_evaluate_function
// computes it: tested against values COCO's C code wrote (testdata/coco_values.json, remade by
// scripts/coco/make_reference.sh) for every function, dimensions 2 to 40 and instances 1 to 1000,
// at the optimum, near it, inside and outside [-5, 5]^n. The domain of interest is [-5, 5]^n; f4,
// f7, f16-f18, f21-f24 add COCO's quadratic penalty outside it. Grad gives analytic gradients for
// the 22 functions that are differentiable almost everywhere (all but f7 step ellipsoid and f23
// Katsuura).
//
// Value and Grad allocate nothing: a Function carries its workspace and is not safe for concurrent
// use; Clone shares the read-only instance data and makes a new workspace.
package bbob
