package network_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/network"
	"github.com/optbench/optbench/objective"
)

// TestSyntheticCap: the cap on -synthetic x -features is checked at its
// boundary, before anything is made (the check allocates nothing).
func TestSyntheticCap(t *testing.T) {
	max := strconv.Itoa(objective.MaxValues)
	for _, tc := range []struct {
		args []string
		want string // "" for accepted
	}{
		{[]string{"-synthetic", max, "-features", "1"}, ""},
		{[]string{"-synthetic", strconv.Itoa(objective.MaxValues + 1), "-features", "1"}, "values, at most " + max},
		{[]string{"-synthetic", strconv.Itoa(objective.MaxValues / 4), "-features", "4"}, ""},
		{[]string{"-synthetic", strconv.Itoa(objective.MaxValues/4 + 1), "-features", "4"}, "with 4 features"},
		{[]string{"-synthetic", "268435456", "-features", "1"}, "-synthetic 268435456 with 1 features: 2.68e+08 values"},
		{[]string{"-synthetic", "9223372036854775807", "-features", "100000"}, "9.22e+23 values"},
		{[]string{"-synthetic", "100", "-features", "100001"}, "-features 100001: want a whole number from 1 to 100000"},
		{[]string{"-synthetic", "1"}, "-synthetic 1: want a whole number >= 2"},
		{[]string{"-synthetic", "100", "-classes", "1"}, "-classes 1"},
		{[]string{"-synthetic", "100", "-classes", "10001"}, "-classes 10001"},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		d := network.AddDataFlags(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		set := func(name string) bool {
			found := false
			fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
			return found
		}
		err := d.Check(set)
		var u *bench.UsageError
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &u)) {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.want)
		}
	}
}

func rebuild(t *testing.T, src map[string]any) (*bench.Problem, error) {
	t.Helper()
	b, err := json.Marshal(src)
	if err != nil {
		t.Fatal(err)
	}
	return network.Family.Rebuild(context.Background(), b)
}

// TestRebuildChecksSweepJSON: sweep.json's network source goes through the
// flags' checks before anything is read or made, naming its fields.
func TestRebuildChecksSweepJSON(t *testing.T) {
	base := func(kv ...any) map[string]any {
		m := map[string]any{"data": "classroom", "test_frac": 0.5, "hidden": 2, "l2": 0, "init_scale": 0.5, "seed": 1}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	for _, tc := range []struct {
		src  map[string]any
		want string
	}{
		{base("data", "synthetic", "synthetic", 1e12, "features", 2, "classes", 3), "sweep.json: synthetic 1000000000000 with 2 features"},
		{base("data", "synthetic", "synthetic", 100, "features", 0, "classes", 3), "sweep.json: features 0"},
		{base("data", "synthetic", "synthetic", 100, "features", 2, "classes", 1e9), "sweep.json: classes 1000000000"},
		{base("hidden", 1e9), "sweep.json: hidden 1000000000"},
		{base("hidden", 0), "sweep.json: hidden 0"},
		{base("test_frac", 1), "sweep.json: test_frac 1"},
		{base("batch", -1), "sweep.json: batch -1"},
		{base("batch", 101), "-batch 101: more than the 100 training samples of classroom"},
		{base("data", "zip"), `sweep.json: data "zip"`},
		{base("data", "file"), `sweep.json: data "file" without a file`},
	} {
		if _, err := rebuild(t, tc.src); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.src, err, tc.want)
		}
	}
	// A classroom source that names a huge synthetic set or a file as well
	// makes the classroom set and reads nothing.
	p, err := rebuild(t, base("synthetic", 1e12, "file", "/etc/passwd"))
	if err != nil || p.Dim != 15 {
		t.Errorf("classroom naming a file and a synthetic set: %v", err)
	}
	// Mini-batches: the epoch's batches, for the size check.
	if p, err := rebuild(t, base("batch", 30)); err != nil || p.BatchesPerEpoch != 4 {
		t.Errorf("batch 30 of 100 samples: %v batches an epoch, %v; want 4", p.BatchesPerEpoch, err)
	}
}

// TestRebuildNeverQuotesTheFile: a data file named by sweep.json (any file
// of the machine) is refused naming its line and what is wrong, never
// quoting it; the same file on the command line is quoted, briefly.
func TestRebuildNeverQuotesTheFile(t *testing.T) {
	secret := "root:x:0:0:root:/root:/bin/bash"
	dir := t.TempDir()
	for name, content := range map[string]string{
		"passwd":    secret + "\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
		"numbers":   "x0,class\n1,a\n" + secret + ",b\n",
		"labels":    "x0,class\n1,0\n2," + secret + "\n",
		"twice":     secret + "," + secret + ",class\n",
		"one class": "x0,class\n1," + secret + "\n2," + secret + "\n",
		"split":     "x0,class,split\n1,0," + secret + "\n",
	} {
		path := filepath.Join(dir, name+".csv")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := rebuild(t, map[string]any{"data": "file", "file": path, "sha256": "x", "label": "class", "test_frac": 0.5, "hidden": 2, "init_scale": 0.5})
		if err == nil || strings.Contains(err.Error(), "root") || !strings.Contains(err.Error(), path+":") {
			t.Errorf("%s: %v; want an error naming the file's line without its content", name, err)
		}
		_, err = objective.ReadCSV(strings.NewReader(content), path, objective.CSVOptions{})
		if err == nil || len(err.Error()) > len(path)+300 {
			t.Errorf("%s on the command line: %v", name, err)
		}
	}
}
