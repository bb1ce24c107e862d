package core

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestBoundsCheck(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		name         string
		lower, upper []float64
		want         string // "" when the bounds hold
	}{
		{"box", []float64{-1, 0}, []float64{1, 0}, ""},
		{"infinite sides", []float64{-inf, 0}, []float64{inf, inf}, ""},
		{"count", []float64{0}, []float64{1, 2}, "1 lower and 2 upper bounds for 2 parameters"},
		{"nan", []float64{0, math.NaN()}, []float64{1, 1}, "bound 1 is NaN"},
		{"crossed", []float64{0, 2}, []float64{1, 1}, "bound 1 has lower 2 > upper 1"},
		{"lower +inf", []float64{inf, 0}, []float64{inf, 1}, "bound 0 (lower +Inf, upper +Inf) leaves no finite value"},
	} {
		err := (&Bounds{c.lower, c.upper}).Check(2)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (!errors.Is(err, ErrBadBounds) || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want ErrBadBounds saying %q", c.name, err, c.want)
		}
	}
}

func TestBoundsClip(t *testing.T) {
	b := &Bounds{[]float64{-1, math.Inf(-1)}, []float64{1, 0}}
	dst := make([]float64, 2)
	if moved := b.Clip(dst, []float64{0.5, -3}); moved || dst[0] != 0.5 || dst[1] != -3 {
		t.Errorf("inside: %v, moved %v", dst, moved)
	}
	if moved := b.Clip(dst, []float64{2, 3}); !moved || dst[0] != 1 || dst[1] != 0 {
		t.Errorf("outside: %v, moved %v", dst, moved)
	}
}

// TestBoundsRefused: a method without Method.Bounds refuses a bounded
// problem, naming the ones that take bounds; bad bounds are refused before
// the method is looked at.
func TestBoundsRefused(t *testing.T) {
	run := func(s *Search, x0 []float64, _ Params) { s.Iterate(x0, s.Func(x0), nil) }
	reg, err := NewRegistry(Method{Name: "free", Run: run}, Method{Name: "boxed", Bounds: true, Run: run})
	if err != nil {
		t.Fatal(err)
	}
	p := rosenbrock
	p.Bounds = &Bounds{[]float64{-2, -2}, []float64{2, 2}}
	if _, err := Minimize(p, []float64{0, 0}, Options{Method: "free", Registry: reg}); !errors.Is(err, ErrNoBounds) || !strings.Contains(err.Error(), "the methods that can: boxed") {
		t.Errorf("free: %v", err)
	}
	if _, err := Minimize(p, []float64{0, 0}, Options{Method: "boxed", Registry: reg}); err != nil {
		t.Errorf("boxed: %v", err)
	}
	p.Bounds = &Bounds{[]float64{-2}, []float64{2}}
	if _, err := Minimize(p, []float64{0, 0}, Options{Method: "boxed", Registry: reg}); !errors.Is(err, ErrBadBounds) {
		t.Errorf("one bound for two parameters: %v", err)
	}
}
