package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
)

// jsonRuns are the runs of compare -format json's output, by problem.
func jsonRuns(t *testing.T, out string) map[string][]map[string]any {
	t.Helper()
	runs := map[string][]map[string]any{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		p, _ := r["problem"].(string)
		runs[p] = append(runs[p], r)
	}
	return runs
}

// TestHugeShards: shard counts up to math.MaxInt64, from -shard or the
// environment, run the shard's runs (none past the sweep's last) and never
// panic; SLURM's step maps task ids to shards.
func TestHugeShards(t *testing.T) {
	args := []string{"-methods", "GD", "-starts", "6", "-maxiter", "1", "-format", "json"}
	for _, tc := range []struct {
		shard string
		env   map[string]string
		want  []float64 // the starts the shard runs
	}{
		{"1/9223372036854775807", nil, []float64{1}},
		{"9223372036854775806/9223372036854775807", nil, nil},
		{"auto", map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "9223372036854775807"}, []float64{1}},
		{"auto", map[string]string{"JOB_COMPLETION_INDEX": "0", "OPTBENCH_SHARDS": "9223372036854775807"}, []float64{0}},
		// --array=1-5:2: tasks 1, 3, 5 are shards 0, 1, 2 of 3.
		{"AUTO", map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "3"}, []float64{2, 5}},
	} {
		for _, k := range []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_STEP", "JOB_COMPLETION_INDEX", "OPTBENCH_SHARDS"} {
			t.Setenv(k, tc.env[k])
		}
		code, out, errOut := runCLI(t, append(args, "-shard", tc.shard)...)
		if code != 0 {
			t.Errorf("-shard %s %v: exit %d: %s", tc.shard, tc.env, code, errOut)
			continue
		}
		var starts []float64
		if strings.TrimSpace(out) != "" {
			for _, r := range jsonRuns(t, out)["classroom"] {
				starts = append(starts, r["start"].(float64))
			}
		}
		if len(starts) != len(tc.want) || len(starts) > 0 && starts[len(starts)-1] != tc.want[len(tc.want)-1] {
			t.Errorf("-shard %s %v: starts %v, want %v", tc.shard, tc.env, starts, tc.want)
		}
	}
	for _, env := range []map[string]string{
		{"SLURM_ARRAY_TASK_ID": "9223372036854775808", "SLURM_ARRAY_TASK_COUNT": "2"},
		{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "3"},
		{"JOB_COMPLETION_INDEX": "0", "OPTBENCH_SHARDS": "-9223372036854775808"},
	} {
		for _, k := range []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_STEP", "JOB_COMPLETION_INDEX", "OPTBENCH_SHARDS"} {
			t.Setenv(k, env[k])
		}
		if code, _, errOut := runCLI(t, append(args, "-shard", "auto")...); code != 2 || !strings.HasPrefix(errOut, "optbench compare: -shard auto: ") {
			t.Errorf("%v: exit %d, %q; want 2", env, code, errOut)
		}
	}
}

// TestSizeCheckEveryMode: the size check counts what each trace mode
// keeps, exactly: a maxiter that would wrap, or epochs without end, are
// refused at once; the log trace of a long sweep is not.
func TestSizeCheckEveryMode(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // "" for accepted
	}{
		{[]string{"-maxiter", "9223372036854775807", "-gtol", "0", "-trace", "all"}, "iterations would keep more than 8 EiB of runs and traces (-trace all)"},
		{[]string{"-maxiter", "9223372036854775806", "-trace", "all"}, "of runs and traces (-trace all)"},
		{[]string{"-batch", "1", "-epochs", "1000000000", "-trace", "all"}, "7 runs of up to 2147483647 iterations would keep"},
		{[]string{"-batch", "1", "-epochs", "1000000000", "-trace", "all", "-maxiter", "9223372036854775807"}, "of runs and traces (-trace all)"},
		{[]string{"-starts", "20000", "-maxiter", "100000", "-methods", "GD-fixed", "-trace", "all", "-j", "2"}, "20000 runs of up to 100000 iterations would keep 52.2 GiB of traces (-trace all) in a temporary file"},
		// The default log trace of the same sweep keeps ~161 rows a run:
		// accepted (one shard of it runs here, cut short by its time).
		{[]string{"-starts", "20000", "-maxiter", "100000", "-methods", "GD-fixed", "-shard", "0/20000", "-time-limit", "20ms"}, ""},
		{[]string{"-starts", "20000", "-maxiter", "100000", "-methods", "GD-fixed", "-trace", "all", "-shard", "0/20000", "-time-limit", "20ms"}, ""},
		{[]string{"-maxiter", "9223372036854775807", "-trace", "none", "-methods", "BFGS"}, ""}, // BFGS converges
	} {
		code, _, errOut := runCLI(t, tc.args...)
		if tc.want == "" && code != 0 || tc.want != "" && (code != 2 || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1) {
			t.Errorf("%v: exit %d, %q; want %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestLimitsPerProblem: with -batch, the epochs limit the network's runs
// only; an MGH function runs as it does without -batch, gtol 0 or not.
func TestLimitsPerProblem(t *testing.T) {
	for _, gtol := range []string{"1e-5", "0"} {
		code, out, errOut := runCLI(t, "-batch", "10", "-methods", "Adam", "-problems", "classroom,Beale", "-gtol", gtol, "-format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		mixed := jsonRuns(t, out)
		code, out, errOut = runCLI(t, "-methods", "Adam", "-problems", "Beale", "-gtol", gtol, "-format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		alone := jsonRuns(t, out)
		b, a := mixed["Beale"][0], alone["Beale"][0]
		if b["nit"] != 400.0 || b["nit"] != a["nit"] || b["fun"] != a["fun"] || b["status"] != a["status"] {
			t.Errorf("-gtol %s: Beale beside the network on mini-batches: nit %v, f %v, %v; alone: nit %v, f %v, %v",
				gtol, b["nit"], b["fun"], b["status"], a["nit"], a["fun"], a["status"])
		}
		if c := mixed["classroom"][0]; c["nit"] != 100.0 { // 10 epochs of 10 batches of 10
			t.Errorf("-gtol %s: the network ran %v steps, want 100", gtol, c["nit"])
		}
	}
}

// TestEpochsAndBatch: -epochs 0 and a batch larger than the training set
// are usage errors naming the numbers.
func TestEpochsAndBatch(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-batch", "10", "-epochs", "0"}, "-epochs 0: want a whole number >= 1"},
		{[]string{"-batch", "10", "-epochs", "-3"}, "-epochs -3"},
		{[]string{"-batch", "101"}, "-batch 101: more than the 100 training samples of classroom"},
		{[]string{"-batch", "9223372036854775807"}, "-batch 9223372036854775807: more than the 100 training samples"},
		{[]string{"-batch", "31", "-synthetic", "40"}, "-batch 31: more than the 20 training samples of synthetic"},
	} {
		if code, _, errOut := runCLI(t, tc.args...); code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	if code, _, errOut := runCLI(t, "-batch", "100", "-epochs", "1", "-methods", "Adam"); code != 0 {
		t.Errorf("-batch 100 of 100 samples: exit %d: %s", code, errOut)
	}
}

// TestSyntheticCapIsInstant: the -synthetic cap refuses at once what
// would need gigabytes, and says the arithmetic.
func TestSyntheticCapIsInstant(t *testing.T) {
	for _, args := range [][]string{
		{"-synthetic", "268435456", "-features", "1"},
		{"-synthetic", "8388609", "-features", "1"},
		{"-synthetic", "4194305", "-features", "2"},
	} {
		if code, _, errOut := runCLI(t, args...); code != 2 || !strings.Contains(errOut, "values, at most 8388608 (about 73 bytes each") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	_, out, _ := runCLI(t, "compare", "-h")
	if !strings.Contains(flat(out), "N x D at most 8388608 values (about 73 bytes a value at D = 1") {
		t.Errorf("-h does not give the -synthetic cap's arithmetic:\n%s", out)
	}
}

// TestChoicesTakeAnyCase: every flag value that names something of
// optbench's is taken in any case.
func TestChoicesTakeAnyCase(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "-format", "CSV", "-gradient", "ANALYTIC,3-Point", "-hessian", "EXACT", "-trace", "Log",
		"-methods", "bfgs,NEWTON", "-problems", "CLASSROOM,beale", "-maxiter", "2", "-starts", "2", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, args := range [][]string{
		{"report", dir, "-format", "Markdown"},
		{"diff", "-a", "bfgs", "-b", "NEWTON", dir, "-format", "CSV"},
		{"gradcheck", "-format", "MARKDOWN", "-points", "1"},
		{"-shard", "AUTO", "-methods", "GD", "-maxiter", "1"},
	} {
		if args[0] == "-shard" {
			t.Setenv("JOB_COMPLETION_INDEX", "0")
			t.Setenv("OPTBENCH_SHARDS", "1")
		}
		if code, _, errOut := runCLI(t, args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errOut)
		}
	}
	// An item that only looks like classroom is shown as it is.
	if code, _, errOut := runCLI(t, "-problems", "\u0441lassroom"); code != 2 || !strings.Contains(errOut, `unknown problem "\u0441lassroom" (it holds characters outside ASCII)`) {
		t.Errorf("a Cyrillic с: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "-problems", "classroom:3"); code != 2 || !strings.Contains(errOut, "classroom takes no dimension") {
		t.Errorf("classroom:3: exit %d, %q", code, errOut)
	}
}

// editSweepJSON runs a small sweep into a new folder and changes its
// sweep.json with edit.
func editSweepJSON(t *testing.T, edit func(d map[string]any)) string {
	t.Helper()
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "-methods", "GD", "-maxiter", "2", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	path := filepath.Join(dir, "sweep.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	edit(d)
	if b, err = json.Marshal(d); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// networkSource sets the config of sweep.json's first problem (the
// classroom network) to src's fields over its own.
func networkSource(d map[string]any, src map[string]any) {
	p := d["problems"].([]any)[0].(map[string]any)
	cfg := p["config"].(map[string]any)
	for k, v := range src {
		cfg[k] = v
	}
}

// TestSweepJSONIsChecked: report and resume apply the flags' checks to
// sweep.json before acting on it, naming it and the field.
func TestSweepJSONIsChecked(t *testing.T) {
	dir := editSweepJSON(t, func(d map[string]any) { d["starts"] = 1000000000 })
	for _, args := range [][]string{{"report", dir}, {"-methods", "GD", "-maxiter", "2", "-out", dir}} {
		code, _, errOut := runCLI(t, args...)
		if code == 0 || !strings.Contains(errOut, filepath.Join(dir, "sweep.json")+": starts 1000000000: want a whole number from 1 to 1000000") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	dir = editSweepJSON(t, func(d map[string]any) {
		networkSource(d, map[string]any{"data": "synthetic", "synthetic": 1e12, "features": 2, "classes": 3})
	})
	code, out, errOut := runCLI(t, "report", dir)
	if code != 0 || !strings.Contains(flat(out+errOut), "Problem classroom is not rebuilt (sweep.json: synthetic 1000000000000 with 2 features: 2e+12 values, at most 8388608") {
		t.Errorf("synthetic 1e12: exit %d:\n%s%s", code, out, errOut)
	}
}

// TestReportNeverQuotesSweepJSONsFile: a data file named by sweep.json
// (any file on the machine) is named with its line and what is wrong,
// never quoted.
func TestReportNeverQuotesSweepJSONsFile(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(secret, []byte("root:x:0:0:root:/root:/bin/bash\nsecret:x:1:1::/:/bin/sh\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{secret, "/etc/passwd"} {
		if _, err := os.Stat(file); err != nil {
			continue
		}
		dir := editSweepJSON(t, func(d map[string]any) {
			networkSource(d, map[string]any{"data": "file", "file": file, "sha256": strings.Repeat("0", 64), "label": "class"})
		})
		code, out, errOut := runCLI(t, "report", dir)
		all := out + errOut
		if code != 0 || strings.Contains(all, "root:") || strings.Contains(all, "/bin/") || !strings.Contains(all, file+":1: no label column") {
			t.Errorf("report of a sweep.json naming %s: exit %d:\n%s", file, code, all)
		}
		if html, err := os.ReadFile(filepath.Join(dir, "report.html")); err == nil && strings.Contains(string(html), "root:x") {
			t.Errorf("report.html quotes %s", file)
		}
	}
}

// TestLongLogSweepIsAccepted: 20,000 starts at maxiter 100,000 with the
// default log trace keep ~161 rows a run, not 100,001: the sweep is made
// and passes the size check (it is not run here), with -out too.
func TestLongLogSweepIsAccepted(t *testing.T) {
	for _, extra := range [][]string{nil, {"-out", t.TempDir()}, {"-trace", "all"}} {
		f := newCompareFlags()
		args := append([]string{"-starts", "20000", "-maxiter", "100000", "-methods", "GD-fixed"}, extra...)
		if err := f.fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		if err := f.check(); err != nil {
			t.Fatal(err)
		}
		sw, err := f.sweep(t.Context(), nil)
		if refused := extra != nil && extra[0] == "-trace"; (err != nil) != refused || refused && !errors.Is(err, bench.ErrTooLarge) || err == nil && sw.Runs() != 20000 {
			t.Errorf("%v: %v", args, err)
		}
	}
}
