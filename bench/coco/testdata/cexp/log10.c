/*
 * log10.c: ceil(20 log10(v)) as glibc computes it, for COCO's target trigger
 * (coco_observer_log_targets_trigger), at the 9 doubles nearest each target
 * boundary 10^(k/20), k = -200..200 (Δf from 1e-10 to 1e10), and at 1e-8, 1e-9.
 * Output lines: v (%a) and the exponent. Remake with run.sh.
 */
#include <math.h>
#include <stdio.h>

int main(void) {
  int k, j;
  printf("%a %d\n", 1e-8, (int)ceil(log10(1e-8) * 20));
  printf("%a %d\n", 1e-9, (int)ceil(log10(1e-9) * 20));
  for (k = -200; k <= 200; k++) {
    double w = pow(10, (double)k / 20);
    for (j = 0; j < 4; j++)
      w = nextafter(w, 0);
    for (j = 0; j < 9; j++) {
      printf("%a %d\n", w, (int)ceil(log10(w) * 20));
      w = nextafter(w, INFINITY);
    }
  }
  return 0;
}
