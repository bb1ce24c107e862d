/*
 * experiment.c: the golden experiment for optbench's bench/coco (see run.sh).
 *
 * A deterministic (1+1)-ES with the 1/5th success rule and two restarts runs on
 * bbob f1 (sphere), f8 (Rosenbrock) and f15 (Rastrigin), dimensions 2 and 5,
 * instances 1 and 2, budget 100 n evaluations, then on f1 in dimension 10
 * (where COCO no longer logs x), instance 1, budget 20 n, all under one of
 * COCO's own "bbob" observers, which writes the data
 * files cocopp reads. Every evaluation is also written to stdout so that the Go
 * test can replay it through Recorder and Write and compare the files:
 *
 *   p FUNCTION DIMENSION INSTANCE FOPT    a new problem
 *   r                                     coco_observer_signal_restart was called
 *   e F X1 ... Xn                         one evaluation, in order
 *
 * Numbers are printed with %.17g (exact round trip); an infinite f prints as inf.
 * The first run starts at COCO's initial solution (the origin), the others
 * uniform in [-4, 4]^n; on f1 instance 1 the third run starts with one
 * evaluation at x = 1e200 (f = +inf: COCO logs it as 3e21). On f1 the first
 * run ends with the sphere's centre found from 2n central differences and a
 * few points at distance 1e-3 ... 0 from it, so that the targets near and
 * below 1e-8 and f = f_opt exactly (Δf = 0) are logged too.
 */
#include <stdio.h>
#include <math.h>
#include "coco_all.c"

static coco_problem_t *problem;

static double evaluate(const double *x, size_t n) {
  double f;
  size_t i;
  coco_evaluate_function(problem, x, &f);
  printf("e %.17g", f);
  for (i = 0; i < n; i++)
    printf(" %.17g", x[i]);
  printf("\n");
  return f;
}

int main(void) {
  const char *suites[] = {"dimensions: 2,5 function_indices: 1,8,15 instance_indices: 1-2",
                          "dimensions: 10 function_indices: 1 instance_indices: 1"};
  size_t s;
  coco_suite_t *suite;
  coco_observer_t *observer;
  coco_random_state_t *rng = coco_random_new(20);
  double x[40], y[40];

  coco_set_log_level("error");
  observer = coco_observer("bbob", "result_folder: golden algorithm_name: ES11 "
                                   "algorithm_info: \"golden test: (1+1)-ES, 2 restarts\"");
  for (s = 0; s < 2; s++) {
  suite = coco_suite("bbob", "", suites[s]);
  while ((problem = coco_suite_get_next_problem(suite, observer)) != NULL) {
    const size_t n = coco_problem_get_dimension(problem);
    const size_t budget = (s == 0 ? 100 : 20) * n;
    unsigned fn, in, dn;
    size_t run, i, evals = 0;
    sscanf(coco_problem_get_id(problem), "bbob_f%u_i%u_d%u", &fn, &in, &dn);
    printf("p %u %lu %u %.17g\n", fn, (unsigned long)n, in, coco_problem_get_best_value(problem));
    for (run = 0; run < 3; run++) {
      for (i = 0; i < n; i++)
        y[i] = x[i] = 0;
      /* runs of 60%, 20% and 20% of the budget */
      const size_t end = run == 0 ? budget * 6 / 10 : run == 1 ? budget * 8 / 10 : budget;
      double sigma = 2, fx;
      if (run == 0) {
        coco_problem_get_initial_solution(problem, x);
      } else {
        coco_observer_signal_restart(observer, problem);
        printf("r\n");
        for (i = 0; i < n; i++)
          x[i] = -4 + 8 * coco_random_uniform(rng);
        if (run == 2 && fn == 1 && in == 1) {
          for (i = 0; i < n; i++)
            y[i] = 1e200;
          evaluate(y, n);
          evals++;
        }
      }
      fx = evaluate(x, n);
      evals++;
      while (evals < end) {
        double fy;
        for (i = 0; i < n; i++)
          y[i] = x[i] + sigma * coco_random_normal(rng);
        fy = evaluate(y, n);
        evals++;
        if (fy <= fx) {
          fx = fy;
          for (i = 0; i < n; i++)
            x[i] = y[i];
          sigma *= 1.5;
        } else {
          sigma *= pow(1.5, -0.25);
        }
      }
      if (run == 0 && fn == 1) {
        /* f1 is |x - x_opt|^2 + f_opt: x_opt_i = x_i - (f(x + e_i) - f(x - e_i)) / 4 */
        const double steps[] = {1e-3, 1e-4, 3e-5, 1e-5, 0, 0};
        double c[40];
        for (i = 0; i < n; i++) {
          double fp, fm;
          y[i] = x[i] + 1;
          fp = evaluate(y, n);
          y[i] = x[i] - 1;
          fm = evaluate(y, n);
          y[i] = x[i];
          c[i] = x[i] - (fp - fm) / 4;
          evals += 2;
        }
        for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
          size_t j;
          for (j = 0; j < n; j++)
            y[j] = c[j];
          y[0] += steps[i];
          evaluate(y, n);
          evals++;
        }
      }
    }
  }
  coco_suite_free(suite);
  }
  coco_observer_free(observer);
  coco_random_free(rng);
  return 0;
}
