package solvers

import "testing"

// TestLabel: a label names the parameters set to other than their
// defaults, in the method's order, as their canonical text; a value equal
// to its default in another spelling is the default, and -0 is not 0.
func TestLabel(t *testing.T) {
	for _, c := range []struct {
		method string
		given  map[string]string
		want   string
	}{
		{"GD-fixed", nil, "GD-fixed"},
		{"GD-fixed", map[string]string{"alpha": "0.1"}, "GD-fixed[alpha=0.1]"},
		{"scipy:BFGS", map[string]string{"c1": "0.0001"}, "scipy:BFGS"}, // 1e-4, the default
		{"scipy:BFGS", map[string]string{"xrtol": "-0"}, "scipy:BFGS[xrtol=-0]"},
		{"scipy:BFGS", map[string]string{"xrtol": "0e5", "c2": "0.5"}, "scipy:BFGS[c2=0.5]"},
		{"BFGS", map[string]string{"linesearch": "MORE-THUENTE"}, "BFGS[linesearch=more-thuente]"},
	} {
		m, err := Default.Lookup(c.method)
		if err != nil {
			t.Fatal(err)
		}
		p, err := m.Resolve(c.given)
		if err != nil {
			t.Fatalf("%s %v: %v", c.method, c.given, err)
		}
		if got := Label(m, p); got != c.want {
			t.Errorf("%s %v: label %q, want %q", c.method, c.given, got, c.want)
		}
	}
}
