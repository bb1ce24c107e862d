package network

import (
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
		"gradient": func() (any, error) { return c.Gradient() },
		"Hessian":  func() (any, error) { return c.Hessian() },
	} {
		if _, err := check(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	tab, err := c.Gradient()
	if err != nil || len(tab.Rows) != 4 || tab.Rows[0][0] != "x0" || tab.Rows[3][0] != "random 3" {
		t.Errorf("gradient table %v, err %v", tab.Rows, err)
	}
	c.Tol = 1e-30
	if _, err := c.Gradient(); err == nil || !strings.Contains(err.Error(), "gradient check failed: relative error") {
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
	if _, err := bc.Hessian(); !errors.As(err, &ue) || !strings.Contains(err.Error(), "the exact Hessian takes at most") {
		t.Errorf("a %d-parameter Hessian: %v", big.Net.NumParams(), err)
	}
}
