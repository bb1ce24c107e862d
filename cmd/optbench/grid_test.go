package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/optbench/optbench/solvers"
)

// gridOf is KEY=1|2|...|n.
func gridOf(key string, n int) string {
	vs := make([]string, n)
	for i := range vs {
		vs[i] = fmt.Sprint(i + 1)
	}
	return key + "=" + strings.Join(vs, "|")
}

// TestGridRefusedAtOnce: -methods is checked before its grids are
// expanded. Twenty unknown keys of twenty values (once 53 s and a crash)
// are refused by the first key's name, and a grid of a known key past
// solvers.MaxConfigs by its size, with the cap named: exit 2, one line,
// little memory, no -out folder made.
func TestGridRefusedAtOnce(t *testing.T) {
	var pairs []string
	for k := 1; k <= 20; k++ {
		pairs = append(pairs, gridOf(fmt.Sprintf("k%d", k), 20))
	}
	for _, tc := range []struct{ methods, want string }{
		{"Adagrad[" + strings.Join(pairs, ",") + "]", `-methods: unknown parameter "k1" for Adagrad (valid: lr, eps, lr-decay, initial-accumulator, weight-decay)`},
		{"GD-fixed[" + gridOf("alpha", 8000) + "]", fmt.Sprintf("-methods: the method list expands to 8000 configurations (most of them GD-fixed's); at most %d are allowed", solvers.MaxConfigs)},
		{"BFGS,Adam[" + gridOf("lr", 40) + "," + gridOf("beta1", 30) + "]", "expands to 1201 configurations (most of them Adam's)"},
		{"Adagrad[lr_dcay=0.1]", `unknown parameter "lr_dcay" for Adagrad (valid: lr, eps, lr-decay, initial-accumulator, weight-decay); did you mean "lr-decay"?`},
	} {
		out := filepath.Join(t.TempDir(), "sweep")
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		code, stdout, stderr := runCLI(t, "-methods", tc.methods, "-out", out)
		runtime.ReadMemStats(&after)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%.50s: exit %d, stderr %q; want exit 2 with %q", tc.methods, code, stderr, tc.want)
		}
		if b := after.TotalAlloc - before.TotalAlloc; b > 8<<20 {
			t.Errorf("%.50s: %d bytes allocated", tc.methods, b)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%.50s: -out folder made (%v)", tc.methods, err)
		}
	}
}

// TestGridHelpNamesTheCap: compare -h and methods -h state the cap that
// is applied.
func TestGridHelpNamesTheCap(t *testing.T) {
	want := fmt.Sprintf("at most %d configurations", solvers.MaxConfigs)
	for _, args := range [][]string{{"compare", "-h"}, {"methods", "-h"}} {
		_, out, _ := runCLI(t, args...)
		if !strings.Contains(flat(out), want) {
			t.Errorf("%v does not say %q", args, want)
		}
	}
}

// TestDuplicateKeySpellings: two spellings of one key in one configuration
// are a usage error naming both, the same on every run (it once took one
// value or the other by map order).
func TestDuplicateKeySpellings(t *testing.T) {
	const want = `optbench compare: -methods: bad parameter value: Adagrad: "lr_decay" and "lr-decay" are both the parameter lr-decay: give it once` + "\n"
	for range 10 {
		code, stdout, stderr := runCLI(t, "-methods", "Adagrad[lr_decay=0.1,lr-decay=0.2]", "-maxiter", "5")
		if code != 2 || stdout != "" || stderr != want {
			t.Fatalf("exit %d, stderr %q, want exit 2 with %q", code, stderr, want)
		}
	}
	code, _, stderr := runCLI(t, "-methods", "GD-fixed[alpha=0.1,ALPHA=0.1]", "-maxiter", "5")
	if code != 2 || !strings.Contains(stderr, `"alpha" and "ALPHA" are both the parameter alpha`) {
		t.Errorf("alpha, ALPHA: exit %d, %q", code, stderr)
	}
}

// TestGridAlphaFlag: -alpha is GD-fixed's alpha where -methods sets none;
// an alpha in the list wins, and configurations that come out the same
// run once. GD-fixed[alpha=0.1],GD-fixed with -alpha 0.1 once exited 1
// with an internal message; GD-fixed,GD-fixed[alpha=0.5] dropped the 0.5
// configuration. Each runs the same way twice.
func TestGridAlphaFlag(t *testing.T) {
	for _, tc := range []struct {
		methods string
		want    []string
	}{
		{"GD-fixed[alpha=0.1],GD-fixed", []string{`GD-fixed[alpha=0.1] {"alpha":0.1}`}},
		{"GD-fixed,GD-fixed[alpha=0.5]", []string{`GD-fixed[alpha=0.1] {"alpha":0.1}`, `GD-fixed {"alpha":0.5}`}},
		{"GD-fixed[alpha=0.5|0.1],BFGS,GD-fixed", []string{`GD-fixed {"alpha":0.5}`, `GD-fixed[alpha=0.1] {"alpha":0.1}`, `BFGS {"linesearch":"bisection","c1":"auto","c2":"auto","h0":"scaled"}`}},
	} {
		for i := range 2 {
			code, out, stderr := runCLI(t, "-alpha", "0.1", "-methods", tc.methods, "-maxiter", "3", "-format", "json")
			if code != 0 {
				t.Fatalf("%s (run %d): exit %d: %s", tc.methods, i, code, stderr)
			}
			var got []string
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				var r struct {
					Label  string
					Params json.RawMessage
				}
				if err := json.Unmarshal([]byte(line), &r); err != nil {
					t.Fatalf("%s: %v: %q", tc.methods, err, line)
				}
				got = append(got, r.Label+" "+string(r.Params))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("%s (run %d):\n%s\nwant\n%s", tc.methods, i, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		}
	}
}
