package core

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// walk is a method that steps x0 by 1 until Iterate stops it: its runs take
// every iteration their limits allow.
var walk = Method{Name: "BFGS", Run: func(s *Search, x0 []float64, _ Params) {
	x := append([]float64(nil), x0...)
	for {
		if s.Iterate(x, s.Func(x), nil) {
			return
		}
		x[0]++
	}
}}

// TestIterationBudget: a method without MaxIter keeps Options' rule, the
// limit its runs stop at; a method's own MaxIter answers for it; bad input
// is an error naming what is wrong.
func TestIterationBudget(t *testing.T) {
	own := Method{Name: "own", Run: walk.Run, MaxIter: func(n int, given Options) int {
		if given.MaxFev > 0 {
			return min(given.MaxFev, 7*n)
		}
		return -3 // clamped to 0
	}}
	r := MustRegistry(walk, own)
	p := Problem{Func: func(x []float64) float64 { return x[0] }}
	for _, tc := range []struct {
		name  string
		n     int
		given Options
		want  int
		run   bool // the budget is walk's: a run takes exactly that many
	}{
		{"BFGS", 1, Options{}, 200, true},
		{"", 3, Options{}, 600, true},
		{"bfgs", 2, Options{MaxIter: 17}, 17, true},
		{"BFGS", 2, Options{MaxIter: 17, MaxFev: 5}, 17, false}, // MaxFev does not lower Options' rule
		{"BFGS", math.MaxInt / 100, Options{}, math.MaxInt, false},
		{"BFGS", math.MaxInt / 200, Options{}, math.MaxInt / 200 * 200, false},
		{"own", 4, Options{MaxFev: 100}, 28, false},
		{"own", 4, Options{MaxFev: 9}, 9, false},
		{"own", 4, Options{}, 0, false},
	} {
		got, err := r.IterationBudget(tc.name, tc.n, tc.given)
		if err != nil || got != tc.want {
			t.Errorf("%q, n %d, %+v: %d, %v; want %d", tc.name, tc.n, tc.given, got, err, tc.want)
		}
		if !tc.run {
			continue
		}
		o := tc.given
		o.Method, o.Registry = tc.name, r
		res, err := Minimize(p, make([]float64, tc.n), o)
		if err != nil || res.Nit != got || res.Status != MaxIter {
			t.Errorf("%q, n %d, %+v: a run takes %d iterations (%v, %v), the budget is %d", tc.name, tc.n, tc.given, res.Nit, res.Status, err, got)
		}
	}
	for _, tc := range []struct {
		name  string
		n     int
		given Options
		is    error
		want  string
	}{
		{"BFSG", 2, Options{}, ErrUnknownMethod, "BFSG"},
		{"BFGS", 0, Options{}, ErrBadOptions, "BFGS: 0 parameters"},
		{"own", -1, Options{}, ErrBadOptions, "own: -1 parameters"},
		{"BFGS", 2, Options{MaxIter: -1}, ErrBadOptions, "MaxIter -1"},
		{"BFGS", 2, Options{MaxFev: -2}, ErrBadOptions, "MaxFev -2"},
	} {
		got, err := r.IterationBudget(tc.name, tc.n, tc.given)
		if !errors.Is(err, tc.is) || err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q, n %d, %+v: %d, %v; want %v naming %q", tc.name, tc.n, tc.given, got, err, tc.is, tc.want)
		}
	}
}
