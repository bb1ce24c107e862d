package mgh_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/bench/mgh"
	"github.com/optbench/optbench/solvers"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in, name string
		dim      int
	}{
		{"beale", "Beale", 2},
		{"EXTENDEDROSENBROCK:10", "ExtendedRosenbrock:10", 10},
		{"ExtendedRosenbrock", "ExtendedRosenbrock:2", 2},
		{"Watson:9", "Watson:9", 9},
		{" wood ", "Wood", 4},
		{"PenaltyII:3000", "PenaltyII:3000", 3000},
	} {
		p, err := mgh.Parse(tc.in)
		if err != nil || p.Name != tc.name || p.Dim != tc.dim || len(p.Start(0, 1)) != tc.dim {
			t.Errorf("Parse(%q) = %v, %v", tc.in, p, err)
		}
	}
	for in, want := range map[string]string{
		"Rosenbrok":                  `unknown MGH function "Rosenbrok" (valid: Beale,`,
		"classroom":                  `unknown MGH function "classroom" (valid: Beale,`,
		"Be\u0430le":                 `unknown MGH function "Be\u0430le"`,
		"Beale:3":                    "Beale has dimension 2 only",
		"ExtendedPowellSingular:6":   "dimension must be a multiple of 4",
		"Watson:40":                  "dimension must be from 2 to 31",
		"ExtendedRosenbrock:x":       `dimension "x" is not a whole number`,
		"ExtendedRosenbrock:1":       "dimension must be at least 2",
		"ExtendedRosenbrock:1000000": "dimension 1000000 is more than 4096",
		"PenaltyII:3001":             "PenaltyII's dimension must be from 1 to 3000",
	} {
		if _, err := mgh.Parse(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q): %v, want %q", in, err, want)
		}
	}
}

// TestRebuildChecksSweepJSON: a Ref from sweep.json names a function of
// the set at a dimension it takes, or is refused naming the field.
func TestRebuildChecksSweepJSON(t *testing.T) {
	for config, want := range map[string]string{
		`{"function":"classroom","n":2}`:                   `sweep.json: function "classroom" is not one of the MGH set`,
		`{"function":"beale","n":2}`:                       `sweep.json: function "beale"`,
		`{"function":"Beale","n":3}`:                       "sweep.json: n 3: Beale:3: Beale has dimension 2 only",
		`{"function":"ExtendedRosenbrock","n":-1}`:         "sweep.json: n -1",
		`{"function":"ExtendedRosenbrock","n":1000000000}`: "sweep.json: n 1000000000: ExtendedRosenbrock:1000000000: dimension 1000000000 is more than 4096",
		`{"function":"ExtendedRosenbrock","n":4}`:          "",
	} {
		p, err := mgh.Family.Rebuild(t.Context(), []byte(config))
		if want == "" && (err != nil || p.Dim != 4) || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("%s: %v, want %q", config, err, want)
		}
	}
}

// TestTheSet: every problem of the set at the paper's dimensions has a
// known minimum, a finite value at each start, and a gradient and
// (where gonum has one) a Hessian that agree with finite differences.
func TestTheSet(t *testing.T) {
	all := mgh.All()
	if len(all) != 17 {
		t.Fatalf("%d problems, want 17", len(all))
	}
	for _, p := range all {
		if math.IsNaN(p.FStar) {
			t.Errorf("%s: f* unknown", p.Name)
		}
		sp, _, err := p.New(1)
		if err != nil {
			t.Fatal(err)
		}
		x := p.Start(0, 1)
		for k := range 3 {
			if f := sp.Func(p.Start(k, 1)); math.IsNaN(f) || math.IsInf(f, 0) {
				t.Errorf("%s start %d: f = %v", p.Name, k, f)
			}
		}
		for i := range x {
			// Off the axes, where HelicalValley is defined, and off the
			// start's special values: at Beale's (1.1, 1) every residual
			// term vanishes and hid gonum's wrong Hessian.
			x[i] += 0.1 * float64(i+1)
		}
		g := make([]float64, p.Dim)
		sp.Grad(g, x)
		want := fd.Gradient(nil, sp.Func, x, &fd.Settings{Formula: fd.Central})
		scale := 1.0 // relative to the largest component: BrownBadlyScaled's differ by 1e8
		for _, w := range want {
			scale = max(scale, math.Abs(w))
		}
		for i := range g {
			if math.Abs(g[i]-want[i]) > 1e-5*scale {
				t.Errorf("%s: gradient %v, differences %v", p.Name, g, want)
				break
			}
		}
		if sp.Hess == nil {
			continue
		}
		n := p.Dim
		h := make([]float64, n*n)
		sp.Hess(h, x)
		for j := range n {
			col := fd.Gradient(nil, func(y []float64) float64 { gy := make([]float64, n); sp.Grad(gy, y); return gy[j] }, x, &fd.Settings{Formula: fd.Central})
			for i := range n {
				if math.Abs(h[i*n+j]-col[i]) > 1e-4*max(1, math.Abs(col[i])) || h[i*n+j] != h[j*n+i] {
					t.Fatalf("%s: Hessian[%d][%d] = %v, differences %v", p.Name, i, j, h[i*n+j], col[i])
				}
			}
		}
	}
}

// TestSanity is what a user checks first: no run of the sweep ends
// below a known f* beyond rounding, and gonum's BFGS from Rosenbrock's
// standard point reaches 1e-10.
func TestSanity(t *testing.T) {
	cs, err := bench.Configs("BFGS", "L-BFGS", "CG", "Newton", "Nelder-Mead")
	if err != nil {
		t.Fatal(err)
	}
	specs := benchtest.Specs(t, mgh.All(), cs, []solvers.GradientMode{solvers.Analytic}, 3, 1, solvers.Options{})
	runs := bench.Execute(context.Background(), specs, 2, nil)
	for _, r := range runs {
		for _, p := range r.TracePoints(nil) {
			if p.Fun < r.Problem.FStar-1e-12*max(1, math.Abs(r.Problem.FStar)) {
				t.Errorf("%s %s start %d: f = %v below f* = %v", r.Problem.Name, r.Label, r.Start, p.Fun, r.Problem.FStar)
				break
			}
		}
		if r.Problem.Name == "ExtendedRosenbrock:2" && r.Label == "BFGS" && r.Start == 0 && !(r.Result.Fun <= 1e-10) {
			t.Errorf("BFGS from Rosenbrock's standard point ends at %v", r.Result.Fun)
		}
	}
}
