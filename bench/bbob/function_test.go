package bbob

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestNewFunctionErrors(t *testing.T) {
	tests := []struct {
		f, d, i int
		want    error
		say     string // the message must name the bad value
	}{
		{0, 2, 1, ErrFunction, "0"},
		{25, 2, 1, ErrFunction, "25"},
		{-3, 2, 1, ErrFunction, "-3"},
		{1, 0, 1, ErrDimension, "0"},
		{1, 41, 1, ErrDimension, "41"},
		{8, 1, 1, ErrDimension, "n >= 2"},
		{3, 1, 1, ErrDimension, "n - 1"},
		{24, 1, 1, ErrDimension, "dimension >= 2"},
		{1, 2, 0, ErrInstance, "0"},
		{1, 2, -1, ErrInstance, "-1"},
		{1, 2, MaxInstance + 1, ErrInstance, "1000000001"},
	}
	for _, tt := range tests {
		f, err := NewFunction(tt.f, tt.d, tt.i)
		if !errors.Is(err, tt.want) || f != nil {
			t.Errorf("NewFunction(%d, %d, %d) = %v, %v; want nil, %v", tt.f, tt.d, tt.i, f, err, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.say) {
			t.Errorf("NewFunction(%d, %d, %d): %q does not say %q", tt.f, tt.d, tt.i, err, tt.say)
		}
	}
	// The functions defined in dimension 1, and the largest dimension and instance.
	for _, id := range []int{1, 2, 10, 11} {
		if _, err := NewFunction(id, 1, 1); err != nil {
			t.Errorf("NewFunction(%d, 1, 1): %v", id, err)
		}
	}
	for id := 1; id <= 24; id++ {
		if _, err := NewFunction(id, MaxDimension, MaxInstance); err != nil {
			t.Errorf("NewFunction(%d, %d, %d): %v", id, MaxDimension, MaxInstance, err)
		}
	}
}

func TestNames(t *testing.T) {
	tests := []struct {
		id              int
		name, problemID string
	}{
		{1, "f1 Sphere", "bbob_f001_i03_d05"},
		{24, "f24 Lunacek bi-Rastrigin", "bbob_f024_i03_d05"},
		{21, "f21 Gallagher 101 peaks", "bbob_f021_i03_d05"},
	}
	for _, tt := range tests {
		f, err := NewFunction(tt.id, 5, 3)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name() != tt.name || f.ProblemID() != tt.problemID {
			t.Errorf("f%d: Name %q, ProblemID %q; want %q, %q", tt.id, f.Name(), f.ProblemID(), tt.name, tt.problemID)
		}
	}
	if FunctionName(0) != "" || FunctionName(25) != "" {
		t.Errorf("FunctionName outside 1..24 is not empty")
	}
}

// TestValueSpecial checks COCO's handling of non-finite and badly sized points.
func TestValueSpecial(t *testing.T) {
	f, err := NewFunction(3, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	if v := f.Value([]float64{1, math.Inf(-1), math.NaN(), 0}); v != math.Inf(1) {
		t.Errorf("Value with -Inf = %v, want +Inf (COCO's |x_i|)", v)
	}
	if v := f.Value([]float64{1, 2, math.NaN(), 0}); !math.IsNaN(v) {
		t.Errorf("Value with NaN = %v, want NaN", v)
	}
	if v := f.Value([]float64{1, 2}); !math.IsNaN(v) {
		t.Errorf("Value of a short x = %v, want NaN", v)
	}
}

// TestOptimum checks that XOpt is in the box, f(XOpt) = FOpt and that nearby points are no
// better, for every function.
func TestOptimum(t *testing.T) {
	for id := 1; id <= 24; id++ {
		for _, n := range []int{2, 7, 40} {
			f, err := NewFunction(id, n, 7)
			if err != nil {
				t.Fatal(err)
			}
			for j, v := range f.XOpt {
				if v < BoxLow || v > BoxHigh {
					t.Errorf("%s: XOpt[%d] = %v outside [BoxLow, BoxHigh]", f.ProblemID(), j, v)
				}
			}
			if v := f.Value(f.XOpt); relErr(v, f.FOpt) > 1e-13 {
				t.Errorf("%s: f(XOpt) = %.17g, FOpt %.17g", f.ProblemID(), v, f.FOpt)
			}
			x := make([]float64, n)
			for k := 0; k < 20; k++ {
				makePoint(x, id, n, 7, 2, f.XOpt) // within 1e-3 of XOpt
				x[0] += 1e-4 * float64(k)
				if v := f.Value(x); v < f.FOpt-1e-9*math.Abs(f.FOpt) {
					t.Errorf("%s: f = %.17g below FOpt %.17g near XOpt", f.ProblemID(), v, f.FOpt)
				}
			}
		}
	}
}

// TestClone checks that a clone gives the same values, shares the instance data and has its own
// workspace (so clones may run in parallel goroutines).
func TestClone(t *testing.T) {
	f, err := NewFunction(21, 10, 2)
	if err != nil {
		t.Fatal(err)
	}
	c := f.Clone()
	if c.d != f.d || &c.w.a[0] == &f.w.a[0] {
		t.Fatalf("Clone shares workspace or copies data")
	}
	x, y := make([]float64, 10), make([]float64, 10)
	makePoint(x, 21, 10, 2, 3, nil)
	makePoint(y, 21, 10, 2, 4, nil)
	fx, fy := f.Value(x), f.Value(y)
	done := make(chan bool)
	go func() {
		ok := true
		for k := 0; k < 200; k++ {
			ok = ok && c.Value(y) == fy
		}
		done <- ok
	}()
	ok := true
	for k := 0; k < 200; k++ {
		ok = ok && f.Value(x) == fx
	}
	if !<-done || !ok {
		t.Errorf("a clone in another goroutine changed the values")
	}
}

// TestValueAllocs checks that Value (and Grad) allocate nothing in dimension 40.
func TestValueAllocs(t *testing.T) {
	for id := 1; id <= 24; id++ {
		f, err := NewFunction(id, 40, 1)
		if err != nil {
			t.Fatal(err)
		}
		x := make([]float64, 40)
		g := make([]float64, 40)
		makePoint(x, id, 40, 1, 3, nil)
		if a := testing.AllocsPerRun(20, func() { f.Value(x) }); a != 0 {
			t.Errorf("f%d: Value allocates %v times per call", id, a)
		}
		if a := testing.AllocsPerRun(20, func() { f.Grad(g, x) }); a != 0 {
			t.Errorf("f%d: Grad allocates %v times per call", id, a)
		}
	}
}
