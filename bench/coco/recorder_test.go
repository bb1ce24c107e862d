package coco

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestRecorderErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		dim  int
		fopt float64
		xs   [][]float64
		fs   []float64
		want error
		n    int64 // evaluations recorded before the error
	}{
		{"dimension 0", 0, 1, [][]float64{{}}, []float64{2}, ErrDimension, 0},
		{"negative dimension", -3, 1, nil, nil, ErrDimension, 0},
		{"NaN f_opt", 2, math.NaN(), [][]float64{{0, 0}}, []float64{2}, ErrFOpt, 0},
		{"infinite f_opt", 2, math.Inf(-1), nil, nil, ErrFOpt, 0},
		{"short point", 2, 1, [][]float64{{0, 0}, {0}, {0, 0}}, []float64{2, 3, 4}, ErrDimension, 1},
		{"f below f_opt", 2, 1, [][]float64{{0, 0}, {1, 1}, {2, 2}}, []float64{2, 1 - 1e-12, 3}, ErrBelowOptimum, 1},
		{"within COCO's 1e-13", 2, 1, [][]float64{{0, 0}, {1, 1}}, []float64{2, 1 - 1e-14}, nil, 2},
	} {
		r := NewRecorder(tc.dim, tc.fopt)
		for i := range tc.xs {
			r.Observe(tc.xs[i], tc.fs[i])
			r.Restart()
		}
		if err := r.Err(); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: Err() = %v, want %v", tc.name, err, tc.want)
		}
		if got := r.Log().Evaluations; got != tc.n {
			t.Errorf("%s: %d evaluations recorded, want %d", tc.name, got, tc.n)
		}
	}
}

// TestRecorderLines follows a short run line by line: first evaluation,
// targets, non-finite f, restarts, the evaluation triggers in dimension 2
// (1, 2, 3, 4, 5, 6, 7, 8, 10, ...).
func TestRecorderLines(t *testing.T) {
	r := NewRecorder(2, 10)
	r.Restart() // before the first evaluation: nothing
	steps := []struct {
		f       float64
		restart bool // Restart() before this evaluation
	}{
		{math.NaN(), false},  // 1: dat (first), tdat; logged as 2e21
		{math.Inf(1), false}, // 2: tdat; 3e21, not better than 2e21
		{110, false},         // 3: dat (Δf 100), tdat
		{109, true},          // 4: rdat, tdat; Δf 99 same bin as 100
		{20, false},          // 5: dat, tdat
		{15, true},           // 6: rdat, dat, tdat
		{10, false},          // 7: dat (Δf 0), tdat
		{10, false},          // 8: tdat
		{11, false},          // 9: nothing
	}
	for i, s := range steps {
		if s.restart {
			r.Restart()
			r.Restart() // twice: still one .rdat line
		}
		r.Observe([]float64{float64(i + 1), -float64(i + 1)}, s.f)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	l := r.Log()
	check := func(name string, got *Lines, evals []int64, fs, best []float64) {
		t.Helper()
		if !slices.Equal(got.Evaluations, evals) || !slices.Equal(got.F, fs) || !slices.Equal(got.Best, best) {
			t.Errorf("%s: evaluations %v f %v best %v, want %v %v %v", name, got.Evaluations, got.F, got.Best, evals, fs, best)
		}
		var x []float64
		for _, e := range evals {
			x = append(x, float64(e), -float64(e))
		}
		if !slices.Equal(got.X, x) {
			t.Errorf("%s: x %v, want %v", name, got.X, x)
		}
	}
	check("dat", &l.Dat, []int64{1, 3, 5, 6, 7}, []float64{2e21, 110, 20, 15, 10}, []float64{2e21, 110, 20, 15, 10})
	check("tdat", &l.Tdat, []int64{1, 2, 3, 4, 5, 6, 7, 8}, []float64{2e21, 3e21, 110, 109, 20, 15, 10, 10}, []float64{2e21, 2e21, 110, 109, 20, 15, 10, 10})
	check("rdat", &l.Rdat, []int64{4, 6}, []float64{109, 15}, []float64{109, 15})
	if l.Evaluations != 9 || l.Best != 10 || !slices.Equal(l.BestX, []float64{7, -7}) {
		t.Errorf("final state %d evaluations, best %g at %v, want 9, 10 at [7 -7]", l.Evaluations, l.Best, l.BestX)
	}
}

// TestRecorderX: COCO logs x below 7 variables only; non-finite coordinates
// are kept JSON-encodable.
func TestRecorderX(t *testing.T) {
	for _, tc := range []struct {
		dim   int
		wantX bool
	}{{1, true}, {6, true}, {7, false}, {40, false}} {
		r := NewRecorder(tc.dim, 0)
		x := make([]float64, tc.dim)
		x[0] = math.Inf(-1)
		r.Observe(x, 1)
		l := r.Log()
		if got := len(l.Dat.X) > 0 && len(l.BestX) == tc.dim; got != tc.wantX {
			t.Errorf("dim %d: x logged %v, want %v", tc.dim, got, tc.wantX)
		}
		if tc.wantX && l.Dat.X[0] != -3e21 {
			t.Errorf("dim %d: -Inf coordinate logged as %g, want -3e21", tc.dim, l.Dat.X[0])
		}
		if _, err := json.Marshal(l); err != nil {
			t.Errorf("dim %d: %v", tc.dim, err)
		}
	}
}

// TestLogJSON: the keys are snake_case and stable.
func TestLogJSON(t *testing.T) {
	r := NewRecorder(2, 0)
	r.Observe([]float64{1, 2}, 3)
	b, err := json.Marshal(r.Log())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"evaluations":1,"best_f":3,"best_x":[1,2],` +
		`"dat":{"evaluations":[1],"f":[3],"best_f":[3],"x":[1,2]},` +
		`"tdat":{"evaluations":[1],"f":[3],"best_f":[3],"x":[1,2]},` +
		`"rdat":{"evaluations":null,"f":null,"best_f":null}}`
	if string(b) != want {
		t.Errorf("JSON\n%s\nwant\n%s", b, want)
	}
}

// TestLogBounded: a long run with an improvement at every evaluation keeps
// lines by the triggers, not by the evaluations.
func TestLogBounded(t *testing.T) {
	const n = 1_000_000
	r := NewRecorder(3, 0)
	x := []float64{1, 2, 3}
	for i := range n {
		r.Observe(x, 1e3*math.Pow(1e-12, float64(i)/n)) // 1e3 down to 1e-9
	}
	l := r.Log()
	// dat: 20 a decade over 1e3 .. 1e-8, tdat: 20 + 3 a decade over 6 decades.
	t.Logf("%d dat and %d tdat lines for %d evaluations", l.Dat.Len(), l.Tdat.Len(), n)
	if l.Dat.Len() > 20*11+3 || l.Tdat.Len() > 23*6+2 {
		t.Errorf("%d dat and %d tdat lines for %d evaluations", l.Dat.Len(), l.Tdat.Len(), n)
	}
}

// TestObserveAllocs: an evaluation that keeps no line allocates nothing,
// improving or not. In dimension 40, evaluations 2001 to 2237 trigger no
// line (the next are floor(10^(67/20)) = 2238 and 5 x 40 x 10^1 = 2000).
func TestObserveAllocs(t *testing.T) {
	r := NewRecorder(40, 1)
	x := make([]float64, 40)
	for range 2000 {
		r.Observe(x, 5)
	}
	f := 4.0
	r.Observe(x, f) // 2001: a new target, a .dat line
	allocs := testing.AllocsPerRun(200, func() {
		f -= 1e-9 // improves every time, within one target bin
		r.Observe(x, f)
	})
	if allocs != 0 {
		t.Errorf("Observe allocates %g times an evaluation", allocs)
	}
}

// BenchmarkObserve: an evaluation that improves on the best (a target
// bin computed each time) and one that does not.
func BenchmarkObserve(b *testing.B) {
	for _, dim := range []int{2, 40} {
		for _, improve := range []bool{true, false} {
			b.Run(fmt.Sprintf("dim%d/improving=%v", dim, improve), func(b *testing.B) {
				r := NewRecorder(dim, 0)
				x := make([]float64, dim)
				f := 1e3
				for b.Loop() {
					if improve {
						f *= 0.99999
					}
					r.Observe(x, f)
				}
			})
		}
	}
}
