package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDataFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("sepal,petal,species\r\n")
	for i := range 60 {
		species := []string{"setosa", "virginica", "versicolor"}[i%3]
		b.WriteString(strings.Join([]string{
			[]string{"1.0", "2.5", "4.0"}[i%3] + "1", []string{"0.2", "1.9", "1.3"}[i%3] + "5", species,
		}, ",") + "\r\n")
	}
	path := writeFile(t, "iris.csv", "\ufeff"+b.String())
	code, out, errOut := runCLI(t, "-data", path, "-label", "species", "-methods", "L-BFGS", "-standardize")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(flat(out), "Classes of "+path+" (column species): 0=setosa, 1=versicolor, 2=virginica.") {
		t.Errorf("no class mapping in\n%s", out)
	}
	if !strings.Contains(flat(out), "2-2-3 network (15 parameters), L2 weight 0, on "+path+", label column species (30 training, 30 test samples), standardized") {
		t.Errorf("split not half and half:\n%s", out)
	}
	// Machine formats keep the mapping off stdout.
	code, out, errOut = runCLI(t, "-data", path, "-label", "species", "-methods", "BFGS", "-format", "json")
	if code != 0 || strings.Contains(out, "Classes of") || !strings.Contains(errOut, "0=setosa") {
		t.Errorf("json: exit %d, stdout has mapping %v, stderr %q", code, strings.Contains(out, "Classes of"), errOut)
	}
}

func TestBadDataIsRefusedAndNothingIsWritten(t *testing.T) {
	good := "x0,x1,class\n1,2,0\n2,1,1\n"
	for _, tc := range []struct {
		name, text string
		args       []string
		code       int
		want       string
	}{
		{"ragged.csv", good + "3,4\n", nil, 1, "ragged.csv:4: 2 fields, the header has 3"},
		{"word.csv", good + "3,four,1\n", nil, 1, `word.csv:4: field 2 (x1): "four" is not a number`},
		{"nolabel.csv", good, []string{"-label", "y"}, 1, `nolabel.csv:1: no label column "y" among x0, x1, class`},
		{"oneclass.csv", "x0,class\n1,0\n2,0\n", nil, 1, "holds a single class"},
		{"empty.csv", "", nil, 1, "empty.csv: empty file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.name, tc.text)
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"-data", path, "-out", out}, tc.args...)
			code, stdout, errOut := runCLI(t, args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) || stdout != "" {
				t.Errorf("exit %d, stderr %q, stdout %q; want exit %d with %q", code, errOut, stdout, tc.code, tc.want)
			}
			if strings.Count(errOut, "\n") != 1 {
				t.Errorf("stderr is not one line: %q", errOut)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("-out was created for refused data")
			}
		})
	}
	code, _, errOut := runCLI(t, "-data", filepath.Join(t.TempDir(), "missing.csv"))
	if code != 1 || !strings.Contains(errOut, "missing.csv: no such file") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}

func TestDataFlagUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-data", "a.csv", "-synthetic", "100"}, "-data and -synthetic exclude each other"},
		{[]string{"-label", "y"}, "-label applies to -data files only"},
		{[]string{"-features", "3"}, "-features and -classes apply to -synthetic data only"},
		{[]string{"-synthetic", "1"}, "-synthetic 1: want a whole number >= 2"},
		{[]string{"-synthetic", "100", "-classes", "1"}, "-classes 1"},
		{[]string{"-test-frac", "1"}, "-test-frac 1: want a share strictly between 0 and 1"},
		{[]string{"-objective-workers", "-1"}, "-objective-workers -1"},
	} {
		code, _, errOut := runCLI(t, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 with %q", tc.args, code, errOut, tc.want)
		}
	}
}

func TestSynthetic(t *testing.T) {
	code, out, errOut := runCLI(t, "-synthetic", "3000", "-features", "4", "-classes", "5", "-hidden", "3", "-methods", "L-BFGS", "-maxiter", "30", "-seed", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(flat(out), "4-3-5 network (35 parameters), L2 weight 0, on 3000 synthetic samples of the classroom mixture, 4 features, 5 classes (1500 training, 1500 test)") {
		t.Errorf("unexpected setup:\n%s", out)
	}
	_, again, _ := runCLI(t, "-synthetic", "3000", "-features", "4", "-classes", "5", "-hidden", "3", "-methods", "L-BFGS", "-maxiter", "30", "-seed", "3", "-format", "csv")
	_, again2, _ := runCLI(t, "-synthetic", "3000", "-features", "4", "-classes", "5", "-hidden", "3", "-methods", "L-BFGS", "-maxiter", "30", "-seed", "3", "-format", "csv")
	fields := func(s string) string { // drop the time columns
		var keep []string
		for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
			f := strings.Split(line, ",")
			keep = append(keep, strings.Join(f[:len(f)-2], ","))
		}
		return strings.Join(keep, "\n")
	}
	if fields(again) != fields(again2) {
		t.Errorf("same seed, different results:\n%s\n%s", again, again2)
	}
}

func TestGradcheckOnSyntheticData(t *testing.T) {
	code, out, errOut := runCLI(t, "gradcheck", "-synthetic", "5000", "-features", "3", "-classes", "4", "-hidden", "5", "-points", "2", "-l2", "0.01")
	if code != 0 || strings.Count(out, "\n") != 4 {
		t.Errorf("exit %d, stderr %q, output\n%s", code, errOut, out)
	}
}
