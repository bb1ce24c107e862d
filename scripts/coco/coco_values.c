/*
 * coco_values.c: reference values of COCO's 24 bbob functions for optbench's bench/bbob tests.
 *
 * Built and run by make_reference.sh (read it for how to rerun); it #includes the amalgamation of
 * COCO's C sources (numbbo/coco-experiment), so coco_get_bbob_problem, the very function COCO's "bbob"
 * suite calls for each problem, is what is evaluated.
 *
 * For every function 1..24, dimension 2, 3, 5, 10, 20, 40 and instance 1, 2, 5, 71, 80, 1000 (and
 * dimension 1 for the functions that are defined there: f1, f2, f10, f11; instance 1e9 in
 * dimensions 2 and 10) it prints the problem id,
 * f_opt (coco_problem_get_best_value), x_opt (coco_problem_get_best_parameter; for d <= 10) and f at
 * NPOINTS points. The points are not stored: they come from the tiny generator below, which
 * bench/bbob/points_test.go defines identically, so Go rebuilds the same x bit for bit.
 */
#include "coco_all.c"

#include <stdint.h>

#define NPOINTS 6

/* splitmix64: the same 64-bit integer operations in C and Go give the same doubles. */
static uint64_t point_state;

static double point_uniform(void) {
  uint64_t z;
  point_state += 0x9E3779B97F4A7C15ULL;
  z = point_state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return (double)(z >> 11) * (1.0 / 9007199254740992.0); /* [0, 1) with 53 bits */
}

/*
 * make_point writes point k of problem (f, d, i) to x, given x_opt:
 *   k = 0: the origin (COCO's initial solution);
 *   k = 1: x_opt itself (f must be f_opt);
 *   k = 2: x_opt + uniform in [-1e-3, 1e-3]^d (near the optimum);
 *   k = 3, 4: uniform in [-5, 5]^d;
 *   k = 5: uniform in [-7, 7]^d with x[0] = 6.5 (outside [-5, 5]^d: the penalty).
 */
static void make_point(double *x, size_t f, size_t d, size_t i, int k, const double *xopt) {
  size_t j;
  double u;
  point_state = (uint64_t)f * 1000003ULL + (uint64_t)d * 1009ULL + (uint64_t)i * 17ULL + (uint64_t)k;
  for (j = 0; j < d; j++) {
    u = point_uniform();
    switch (k) {
    case 0: x[j] = 0.0; break;
    case 1: x[j] = xopt[j]; break;
    case 2: x[j] = xopt[j] + 2e-3 * (u - 0.5); break;
    case 3:
    case 4: x[j] = 10.0 * (u - 0.5); break;
    default: x[j] = 14.0 * (u - 0.5); break;
    }
  }
  if (k == 5)
    x[0] = 6.5;
}

static void problem_values(size_t f, size_t d, size_t i, int first) {
  double x[40], xopt[40], y;
  int k;
  size_t j;
  coco_problem_t *p = coco_get_bbob_problem(f, d, i);
  if (!coco_problem_get_best_parameter(p, xopt)) {
    fprintf(stderr, "no best parameter for f%lu d%lu i%lu\n", (unsigned long)f, (unsigned long)d,
            (unsigned long)i);
    exit(1);
  }
  printf("%s\n{\"id\":\"%s\",\"f\":%lu,\"d\":%lu,\"i\":%lu,\"fopt\":%.17g,", first ? "" : ",",
         coco_problem_get_id(p), (unsigned long)f, (unsigned long)d, (unsigned long)i,
         coco_problem_get_best_value(p));
  if (d <= 10) {
    printf("\"xopt\":[");
    for (j = 0; j < d; j++)
      printf("%s%.17g", j ? "," : "", xopt[j]);
    printf("],");
  }
  printf("\"fx\":[");
  for (k = 0; k < NPOINTS; k++) {
    make_point(x, f, d, i, k, xopt);
    coco_evaluate_function(p, x, &y);
    printf("%s%.17g", k ? "," : "", y);
  }
  printf("]}");
  coco_problem_free(p);
}

/*
 * Extreme points in dimension 3 (instance 1): overflow inside the transformations, subnormals,
 * infinities and NaNs, where COCO's checks at every nested coco_evaluate_function decide f. Values
 * are strings, since JSON has no inf or nan. bench/bbob/coco_test.go lists the same points.
 */
static void extreme_values(void) {
  static const double pts[][3] = {{1e10, -1e10, 3},      {1e200, 1, -1},      {-1e300, 2e300, 0},
                                  {1e-300, -1e-310, 0},  {1e308, -1e308, 1e308}, {1, INFINITY, NAN},
                                  {NAN, 1, 2},           {40, -50, 60}};
  size_t f, k;
  double y;
  printf("],\"extreme\":[");
  for (f = 1; f <= 24; f++) {
    coco_problem_t *p = coco_get_bbob_problem(f, 3, 1);
    printf("%s\n{\"f\":%lu,\"fx\":[", f > 1 ? "," : "", (unsigned long)f);
    for (k = 0; k < sizeof(pts) / sizeof(pts[0]); k++) {
      coco_evaluate_function(p, pts[k], &y);
      if (isnan(y))
        printf("%s\"nan\"", k ? "," : "");
      else
        printf("%s\"%.17g\"", k ? "," : "", y);
    }
    printf("]}");
    coco_problem_free(p);
  }
}

int main(void) {
  static const size_t dims[] = {2, 3, 5, 10, 20, 40};
  static const size_t insts[] = {1, 2, 5, 71, 80, 1000};
  static const size_t dim1[] = {1, 2, 10, 11}; /* the functions defined for d = 1 */
  size_t a, b, f;
  int first = 1;
  coco_set_log_level("error");
  printf("{\"source\":\"numbbo/coco-experiment e6356d2e, coco_get_bbob_problem + coco_evaluate_function\",");
  printf("\"points\":%d,\"problems\":[", NPOINTS);
  for (f = 1; f <= 24; f++) {
    for (a = 0; a < sizeof(dims) / sizeof(dims[0]); a++) {
      for (b = 0; b < sizeof(insts) / sizeof(insts[0]); b++) {
        problem_values(f, dims[a], insts[b], first);
        first = 0;
      }
    }
  }
  for (a = 0; a < sizeof(dim1) / sizeof(dim1[0]); a++)
    for (b = 0; b < sizeof(insts) / sizeof(insts[0]); b++)
      problem_values(dim1[a], 1, insts[b], 0);
  /* The largest instance optbench accepts (bench/bbob.MaxInstance): seeds near 1e13. */
  for (f = 1; f <= 24; f++) {
    problem_values(f, 2, 1000000000, 0);
    problem_values(f, 10, 1000000000, 0);
  }
  extreme_values();
  printf("\n]}\n");
  return 0;
}
