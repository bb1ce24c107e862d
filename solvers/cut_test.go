package solvers

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats"
)

// TestFiniteDifferencesStopAtTheLimit: a 2-point or 3-point gradient of n
// parameters is n or 2n evaluations (minutes on the 60,003 parameters of
// -hidden 10000), and it used to run to its end after Ctrl-C or past the
// time limit. Cancelled after 50 evaluations, or with a time limit already
// past, every method stops within a few dozen evaluations of a 3,000-
// parameter gradient, with status Interrupted or TimeLimit.
func TestFiniteDifferencesStopAtTheLimit(t *testing.T) {
	const n = 3000
	x0 := make([]float64, n)
	for i := range x0 {
		x0[i] = 1
	}
	for _, m := range []string{"GD-fixed", "CG", "L-BFGS", "scipy:BFGS", "scipy:CG", "scipy:trust-ncg", "Adam"} {
		for _, g := range []GradientMode{Forward2, Central3} {
			for _, cancelled := range []bool{true, false} {
				t.Run(fmt.Sprintf("%s/%s/cancelled=%v", m, g, cancelled), func(t *testing.T) {
					ctx, cancel := context.WithCancel(context.Background())
					defer cancel()
					calls := 0
					p := Problem{Func: func(x []float64) float64 {
						if calls++; calls == 50 && cancelled {
							cancel()
						}
						return floats.Dot(x, x)
					}}
					o := Options{Method: m, Gradient: g, MaxIter: 5}
					want := Interrupted
					if !cancelled {
						o.TimeLimit, want = time.Nanosecond, TimeLimit
					}
					res, err := MinimizeContext(ctx, p, x0, o)
					if err != nil {
						t.Fatal(err)
					}
					if res.Status != want || calls > 200 || res.Nfev != calls || len(res.X) != n {
						t.Errorf("%v (%s) after %d evaluations (nfev %d), want %v within 200", res.Status, res.Message, calls, res.Nfev, want)
					}
				})
			}
		}
	}
}
