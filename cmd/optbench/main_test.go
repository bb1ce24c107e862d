package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// flat is s with every run of white space one space: the notes under a
// table are wrapped.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestMain runs optbench itself when OPTBENCH_TEST_MAIN is set, so that a
// test can run the command as a process (to signal it) without building
// it; and it removes the sweeps the tests shared.
func TestMain(m *testing.M) {
	if os.Getenv("OPTBENCH_TEST_MAIN") == "1" {
		main()
		return
	}
	code := m.Run()
	if swept.root != "" {
		os.RemoveAll(swept.root)
	}
	os.Exit(code)
}

// command is optbench with args as a process: this test binary, which
// TestMain makes optbench.
func command(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "OPTBENCH_TEST_MAIN=1")
	return cmd
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestDefaultCompare(t *testing.T) {
	code, out, errOut := runCLI(t)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "method") || !strings.Contains(lines[0], "time/iter") {
		t.Errorf("header %q", lines[0])
	}
	var rows []string
	for _, l := range lines[1:] {
		if l == "" {
			break
		}
		rows = append(rows, l)
	}
	want := []string{"GD-fixed analytic", "GD analytic", "CG analytic", "BFGS analytic", "BFGS[linesearch=more-thuente,c1=0.0001] analytic",
		"scipy:BFGS analytic", "L-BFGS analytic", "Newton analytic", "Nelder-Mead none", "Adam[lr=0.01] analytic", "BFGS 3-point", "GD-fixed 3-point"}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d:\n%s", len(rows), len(want), out)
	}
	for i, w := range want {
		if got := strings.Join(strings.Fields(rows[i])[:2], " "); got != w {
			t.Errorf("row %d is %q, want %q", i, got, w)
		}
	}
	if !strings.Contains(out, "12 runs in") {
		t.Errorf("no summary line in\n%s", out)
	}
}

func TestJSONLines(t *testing.T) {
	code, out, _ := runCLI(t, "-methods", "GD-fixed,Nelder-Mead", "-gradient", "analytic,2-point", "-maxiter", "50", "-format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	keys := []string{"problem", "f_star", "method", "label", "params", "gradient", "status", "success", "message", "x", "fun", "metrics", "grad_norm", "nit", "nfev", "njev", "nhev", "time_s", "trace"}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		n++
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("line %d has no %q", n, k)
			}
		}
		if m["problem"] != "classroom" || m["f_star"] != nil {
			t.Errorf("line %d: problem %v, f_star %v; want classroom and null (unknown)", n, m["problem"], m["f_star"])
		}
		if metrics, _ := m["metrics"].(map[string]any); len(metrics) != 3 || metrics["test_fun"] == nil || metrics["train_acc"] == nil || metrics["test_acc"] == nil {
			t.Errorf("line %d: metrics %v", n, m["metrics"])
		}
		if m["method"] == "Nelder-Mead" {
			if m["grad_norm"] != nil {
				t.Errorf("Nelder-Mead grad_norm = %v, want null", m["grad_norm"])
			}
		} else if _, ok := m["grad_norm"].(float64); !ok {
			t.Errorf("%v grad_norm = %v, want a number", m["method"], m["grad_norm"])
		}
		trace := m["trace"].([]any)
		if len(trace) != int(m["nit"].(float64))+1 {
			t.Errorf("line %d: %d trace rows for nit %v", n, len(trace), m["nit"])
		}
		first := trace[0].(map[string]any)
		for _, k := range []string{"iter", "time_s", "fun", "grad_norm", "nfev", "njev", "nhev"} {
			if _, ok := first[k]; !ok {
				t.Errorf("trace row has no %q", k)
			}
		}
	}
	if n != 3 { // GD-fixed x 2 gradients, Nelder-Mead once
		t.Errorf("%d lines, want 3", n)
	}
	if strings.Contains(out, "NaN") {
		t.Error("output contains NaN")
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct{ format, want string }{
		{"markdown", "|:---"},
		{"csv", "method,label,gradient,start,status,fun,test_fun,train_acc"},
		{"table", "method "},
	} {
		code, out, _ := runCLI(t, "-methods", "BFGS", "-format", tc.format)
		if code != 0 || !strings.Contains(out, tc.want) {
			t.Errorf("-format %s: exit %d, output\n%s", tc.format, code, out)
		}
	}
}

// TestScipyNames: scipy's own names resolve to the canonical scipy:NAME
// label, in the tables and in optbench methods.
func TestScipyNames(t *testing.T) {
	code, out, errOut := runCLI(t, "-problems", "Beale", "-methods", "Powell,newton-cg[xtol=1e-6],trust-exact", "-format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"\nBeale,scipy:Powell,scipy:Powell,none,", "\nBeale,scipy:Newton-CG,scipy:Newton-CG[xtol=1e-06],analytic,", "\nBeale,scipy:trust-exact,scipy:trust-exact,analytic,"} {
		if !strings.Contains(out, want) {
			t.Errorf("no row %q in\n%s", want, out)
		}
	}
	if code, out, _ := runCLI(t, "methods", "dogleg"); code != 0 || !strings.HasPrefix(out, "scipy:dogleg: ") {
		t.Errorf("optbench methods dogleg: exit %d, %q", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-methods", "SLSQP"}, `-methods: unknown method "SLSQP" (valid: GD-fixed, GD, CG, BFGS, L-BFGS, Newton, Nelder-Mead, scipy:BFGS, scipy:CG, scipy:Nelder-Mead, scipy:Newton-CG, scipy:trust-ncg, scipy:trust-exact, scipy:dogleg, Momentum, Nesterov, Adam, AdamW, RMSprop, Adagrad, scipy:Powell, scipy:L-BFGS-B, scipy:TNC, scipy:trust-krylov, all)`},
		{[]string{"-methods", "Nelder-Maed"}, `, all); did you mean "Nelder-Mead"?`},
		{[]string{"-methods", "scipy:bfsg"}, `did you mean "scipy:BFGS"?`},
		{[]string{"methods", "Powel"}, `unknown method "Powel" (valid: GD-fixed,`},
		{[]string{"-methods", "BFGS[memory=5]"}, `-methods: unknown parameter "memory" for BFGS (valid: linesearch, c1, c2, h0)`},
		{[]string{"-methods", "BFGS[linesearch=wolfe|bisection]"}, `-methods: bad parameter value: BFGS linesearch="wolfe": want one of bisection|more-thuente|backtracking`},
		{[]string{"-methods", "L-BFGS[memory=0]"}, `L-BFGS memory="0": want a whole number in [1, 1e+06]`},
		{[]string{"-methods", "BFGS[c1=0.1]"}, "c1 does not apply to linesearch=bisection"},
		{[]string{"-methods", "BFGS[h0=identity"}, "'[' not closed"},
		{[]string{"-methods", ","}, "-methods is empty"},
		{[]string{"-problems", "Rosenbrok"}, `-problems: unknown problem "Rosenbrok" (valid: classroom, mgh, Beale, BiggsEXP6,`},
		{[]string{"-problems", "Beale:3"}, "-problems: Beale:3: Beale has dimension 2 only"},
		{[]string{"-problems", "ExtendedPowellSingular:5"}, "dimension must be a multiple of 4"},
		{[]string{"-problems", " , "}, "-problems is empty"},
		{[]string{"-problems", "Beale", "-hidden", "3"}, `-hidden applies to the classroom problem (the network), which -problems "Beale" leaves out`},
		{[]string{"-hessian", "exakt"}, `-hessian "exakt": unknown value (valid: auto, exact, 2-point, 3-point)`},
		{[]string{"-gradient", "complex"}, `-gradient "complex": unknown value (valid: analytic, 2-point, 3-point)`},
		{[]string{"-hidden", "0"}, "-hidden 0: want a whole number from 1 to 10000"},
		{[]string{"-maxiter", "ten"}, `invalid value "ten" for flag -maxiter`},
		{[]string{"-alpha", "0"}, "-alpha 0: want a finite number > 0"},
		{[]string{"-alpha", "Inf"}, "-alpha +Inf"},
		{[]string{"-format", "xml"}, `-format "xml": unknown value (valid: table, markdown, csv, json, gobench)`},
		{[]string{"-nosuch"}, "flag provided but not defined: -nosuch"},
		{[]string{"extra"}, `unknown command "extra"`},
		{[]string{"compare", "extra"}, `unexpected argument "extra"`},
		{[]string{"gradcheck", "-points", "-1"}, "-points -1"},
	} {
		code, out, errOut := runCLI(t, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit 2 with %q and no output", tc.args, code, errOut, out, tc.want)
		}
		if strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: stderr is not one line: %q", tc.args, errOut)
		}
	}
}

// TestMethodGrid runs a grid of parameters: one row per combination, each
// labelled with its non-default parameters, and each run's full parameter
// set in its JSON line.
func TestMethodGrid(t *testing.T) {
	code, out, errOut := runCLI(t, "-methods", "BFGS[linesearch=bisection|more-thuente],GD-fixed[alpha=0.1|0.5],bfgs", "-maxiter", "30")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var labels []string
	for _, l := range strings.Split(out, "\n")[1:] {
		if l == "" {
			break
		}
		labels = append(labels, strings.Fields(l)[0])
	}
	if got := strings.Join(labels, " "); got != "BFGS BFGS[linesearch=more-thuente] GD-fixed[alpha=0.1] GD-fixed" {
		t.Errorf("rows %q", got)
	}
	code, out, _ = runCLI(t, "-methods", "BFGS[linesearch=more-thuente],GD-fixed", "-alpha", "0.25", "-maxiter", "5", "-format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var params []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m struct {
			Method, Label string
			Params        json.RawMessage
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		params = append(params, m.Method+" "+m.Label+" "+string(m.Params))
	}
	want := []string{
		`BFGS BFGS[linesearch=more-thuente] {"linesearch":"more-thuente","c1":"auto","c2":"auto","h0":"scaled"}`,
		`GD-fixed GD-fixed[alpha=0.25] {"alpha":0.25}`,
	}
	if strings.Join(params, "\n") != strings.Join(want, "\n") {
		t.Errorf("JSON method, label, params:\n%s\nwant\n%s", strings.Join(params, "\n"), strings.Join(want, "\n"))
	}
}

func TestMethodsCommand(t *testing.T) {
	code, out, _ := runCLI(t, "methods", "l_bfgs")
	if code != 0 || !strings.HasPrefix(out, "L-BFGS:") || strings.Contains(out, "\nBFGS:") {
		t.Errorf("methods l_bfgs: exit %d\n%s", code, out)
	}
	if code, _, errOut := runCLI(t, "methods", "nope"); code != 2 || !strings.Contains(errOut, `unknown method "nope"`) {
		t.Errorf("methods nope: exit %d, %q", code, errOut)
	}
	code, out, _ = runCLI(t, "methods")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"scipy:Nelder-Mead:", "  memory ", "  linesearch ", "bisection|more-thuente|backtracking", "  alpha "} {
		if !strings.Contains(out, want) {
			t.Errorf("optbench methods does not show %q", want)
		}
	}
}

func TestHelp(t *testing.T) {
	code, out, _ := runCLI(t, "-h")
	if code != 0 || !strings.Contains(out, "optbench gradcheck") || !strings.Contains(out, "optbench methods") || !strings.Contains(out, `"optbench CMD -h"`) {
		t.Errorf("-h: exit %d, output %q", code, out)
	}
	code, out, _ = runCLI(t, "compare", "-h")
	if code != 0 || !strings.Contains(out, "-methods") || !strings.Contains(out, "-fd-step") || strings.Contains(out, "NaN") {
		t.Errorf("compare -h: exit %d, output %q", code, out)
	}
}

func TestGradcheck(t *testing.T) {
	code, out, errOut := runCLI(t, "gradcheck", "-points", "3", "-hidden", "4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if n := strings.Count(out, "\n"); n != 5 {
		t.Errorf("%d lines, want a header and 4 points:\n%s", n, out)
	}
	// A step far too large must fail the check, with status 1.
	code, _, errOut = runCLI(t, "gradcheck", "-fd-step", "0.5")
	if code != 1 || !strings.Contains(errOut, "gradient check failed") {
		t.Errorf("-fd-step 0.5: exit %d, stderr %q; want 1 and a failed check", code, errOut)
	}
}
