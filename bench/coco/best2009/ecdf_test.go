package best2009

import (
	"errors"
	"math"
	"testing"
)

// TestValidate: every way ECDF can have no line is an error naming the
// value, matched by its sentinel, and ECDF then returns nil.
func TestValidate(t *testing.T) {
	all := make([]int, Functions)
	for i := range all {
		all[i] = i + 1
	}
	targets := optbenchDeltaFs()
	for _, c := range []struct {
		name    string
		dim     int
		fns     []int
		deltaFs []float64
		want    error
	}{
		{"all functions", 10, all, targets, nil},
		{"one function one target", 2, []int{24}, []float64{1e-8}, nil},
		{"dimension 4", 4, all, targets, ErrNoData},
		{"dimension 0", 0, all, targets, ErrNoData},
		{"function 25", 10, []int{1, 25}, targets, ErrNoData},
		{"function 0", 10, []int{0}, targets, ErrNoData},
		{"no functions", 10, nil, targets, ErrFunctions},
		{"function twice", 10, []int{3, 5, 3}, targets, ErrFunctions},
		{"no targets", 10, all, nil, ErrTarget},
		{"target 0", 10, all, []float64{1, 0}, ErrTarget},
		{"target -1e-8", 10, all, []float64{-1e-8}, ErrTarget},
		{"target NaN", 10, all, []float64{math.NaN()}, ErrTarget},
		{"target +Inf", 10, all, []float64{math.Inf(1)}, ErrTarget},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Validate(c.dim, c.fns, c.deltaFs)
			if !errors.Is(err, c.want) || (err == nil) != (c.want == nil) {
				t.Fatalf("Validate = %v, want %v", err, c.want)
			}
			b, f := ECDF(c.dim, c.fns, c.deltaFs)
			if c.want != nil && (b != nil || f != nil) {
				t.Errorf("ECDF = %v, %v despite %v", b, f, err)
			}
			if c.want == nil && (len(b) == 0 || len(b) != len(f)) {
				t.Errorf("ECDF = %d budgets, %d fractions", len(b), len(f))
			}
		})
	}
}

// TestECDFShape: budgets increase, fractions increase within (0, 1], and
// the last fraction is the share of pairs with a finite aRT (within
// XLimit), counted independently through ART.
func TestECDFShape(t *testing.T) {
	targets := optbenchDeltaFs()
	for _, dim := range dimensions {
		for _, fns := range [][]int{{1}, {24}, {1, 2, 3, 4, 5}, {20, 21, 22, 23, 24}} {
			b, f := ECDF(dim, fns, targets)
			solved := 0
			for _, fn := range fns {
				for _, df := range targets {
					if a, _ := ART(fn, dim, df); a/float64(dim) <= XLimit {
						solved++
					}
				}
			}
			want := float64(solved) / float64(len(fns)*len(targets))
			if len(b) == 0 || f[len(f)-1] != want {
				t.Errorf("%d-D f%v: ECDF ends at %v, want %v", dim, fns, f, want)
				continue
			}
			for i := 1; i < len(b); i++ {
				if !(b[i] > b[i-1]) || !(f[i] > f[i-1]) {
					t.Errorf("%d-D f%v: point %d (%v, %v) does not rise from (%v, %v)", dim, fns, i, b[i], f[i], b[i-1], f[i-1])
				}
			}
			if !(f[0] > 0) || f[len(f)-1] > 1 || !(b[0] > 0) {
				t.Errorf("%d-D f%v: ECDF from (%v, %v) to %v", dim, fns, b[0], f[0], f[len(f)-1])
			}
		}
	}
}

// BenchmarkECDF: best 2009's line over all 24 functions with COCO's 51
// targets, as a figure of a bbob sweep needs it once per dimension.
func BenchmarkECDF(b *testing.B) {
	fns := make([]int, Functions)
	for i := range fns {
		fns[i] = i + 1
	}
	deltaFs := optbenchDeltaFs()
	for b.Loop() {
		ECDF(20, fns, deltaFs)
	}
}
