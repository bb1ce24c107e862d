package network

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
)

// TestCheck: the classroom network's gradient and Hessian pass their
// checks at x0 and 3 random points; a tolerance nobody meets fails with the
// worst error; the step scan has a row per step and names the best ones;
// too large a network for the exact Hessian is a usage error.
func TestCheck(t *testing.T) {
	c, err := NewCheck(ClassroomConfig(2, 0.01, 0.5), 1)
	if err != nil {
		t.Fatal(err)
	}
	c.Points = 3
	for name, check := range map[string]func() (any, error){
		"gradient": func() (any, error) { return c.Gradient(context.Background()) },
		"Hessian":  func() (any, error) { return c.Hessian(context.Background()) },
	} {
		if _, err := check(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	tab, err := c.Gradient(context.Background())
	if err != nil || len(tab.Rows) != 4 || tab.Rows[0][0] != "x0" || tab.Rows[3][0] != "random 3" {
		t.Errorf("gradient table %v, err %v", tab.Rows, err)
	}
	c.Tol = 1e-30
	if _, err := c.Gradient(context.Background()); err == nil || !strings.Contains(err.Error(), "gradient check failed: relative error") {
		t.Errorf("tolerance 1e-30: %v", err)
	}
	steps, best, fig, err := c.Steps()
	if err != nil || len(steps.Rows) != 12 || !strings.HasPrefix(best, "Smallest error: forward differences at h = ") || fig.Name() != "gradcheck_steps" {
		t.Errorf("steps: %d rows, %q, %s, %v", len(steps.Rows), best, fig.Name(), err)
	}
	big := ClassroomConfig(700, 0, 0.5) // 4903 parameters
	bc, err := NewCheck(big, 1)
	if err != nil {
		t.Fatal(err)
	}
	var ue *bench.UsageError
	if _, err := bc.Hessian(context.Background()); !errors.As(err, &ue) || !strings.Contains(err.Error(), "the exact Hessian takes at most") {
		t.Errorf("a %d-parameter Hessian: %v", big.Net.NumParams(), err)
	}
}

// TestCheckPointsBounded: a number of points past MaxPoints is refused
// before any is computed, and a done context stops the loop between
// points (gradcheck -points 100000000 grew to 3.6 GB, deaf to Ctrl-C).
func TestCheckPointsBounded(t *testing.T) {
	c, err := NewCheck(ClassroomConfig(2, 0.01, 0.5), 1)
	if err != nil {
		t.Fatal(err)
	}
	var ue *bench.UsageError
	for _, n := range []int{MaxPoints + 1, 100_000_000, -1} {
		c.Points = n
		if _, err := c.Gradient(context.Background()); !errors.As(err, &ue) || !strings.Contains(err.Error(), "-points") {
			t.Errorf("gradient, %d points: %v, want a usage error naming -points", n, err)
		}
		if _, err := c.Hessian(context.Background()); !errors.As(err, &ue) {
			t.Errorf("Hessian, %d points: %v, want a usage error", n, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c.Points = MaxPoints
	if _, err := c.Gradient(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("gradient, cancelled: %v, want context.Canceled", err)
	}
	if _, err := c.Hessian(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Hessian, cancelled: %v, want context.Canceled", err)
	}
}
