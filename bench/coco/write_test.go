package coco

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// validRun is a run of two evaluations in dimension 2.
func validRun(instance int) RunLog {
	r := NewRecorder(2, 1)
	r.Observe([]float64{1, 2}, 3)
	r.Observe([]float64{0, 1}, 2)
	return RunLog{Function: 3, Dim: 2, Instance: instance, FOpt: 1, Log: r.Log()}
}

func TestWriteErrors(t *testing.T) {
	bad := func(change func(*RunLog)) []RunLog {
		r := validRun(1)
		l := *r.Log
		l.Dat.Evaluations = append([]int64(nil), l.Dat.Evaluations...)
		r.Log = &l
		change(&r)
		return []RunLog{validRun(2), r}
	}
	for _, tc := range []struct {
		name, algorithm, comment string
		runs                     []RunLog
		want                     error
	}{
		{"empty name", "", "", nil, ErrName},
		{"dot name", ".hidden", "", nil, ErrName},
		{"dot dot", "..", "", nil, ErrName},
		{"slash", "a/b", "", nil, ErrName},
		{"space", "L BFGS", "", nil, ErrName},
		{"quote", "a'b", "", nil, ErrName},
		{"comma", "a,b", "", nil, ErrName},
		{"newline in comment", "A", "two\nlines", nil, ErrComment},
		{"no log", "A", "", bad(func(r *RunLog) { r.Log = nil }), ErrRun},
		{"function 0", "A", "", bad(func(r *RunLog) { r.Function = 0 }), ErrRun},
		{"dimension 0", "A", "", bad(func(r *RunLog) { r.Dim = 0 }), ErrDimension},
		{"dimension not the log's", "A", "", bad(func(r *RunLog) { r.Dim = 3 }), ErrRun},
		{"instance 0", "A", "", bad(func(r *RunLog) { r.Instance = 0 }), ErrRun},
		{"NaN f_opt", "A", "", bad(func(r *RunLog) { r.FOpt = math.NaN() }), ErrFOpt},
		{"best below f_opt", "A", "", bad(func(r *RunLog) { r.FOpt = 2.5 }), ErrRun},
		{"evaluations out of order", "A", "", bad(func(r *RunLog) { r.Log.Dat.Evaluations[1] = 1 }), ErrRun},
		{"line after the last evaluation", "A", "", bad(func(r *RunLog) { r.Log.Dat.Evaluations[1] = 3 }), ErrRun},
		{"columns of different lengths", "A", "", bad(func(r *RunLog) { r.Log.Dat.F = r.Log.Dat.F[:1] }), ErrRun},
		{"lines without evaluations", "A", "", bad(func(r *RunLog) { r.Log.Evaluations = 0 }), ErrRun},
	} {
		dir := t.TempDir()
		err := Write(dir, tc.algorithm, tc.comment, tc.runs)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
		var re *RunError
		if errors.Is(tc.want, ErrRun) || errors.Is(err, ErrRun) {
			if !errors.As(err, &re) || re.Index != 1 {
				t.Errorf("%s: %v, want a *RunError for run 1", tc.name, err)
			}
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s: %d entries written", tc.name, len(entries))
		}
	}
}

func TestWriteExisting(t *testing.T) {
	dir := t.TempDir()
	runs := []RunLog{validRun(1)}
	if err := Write(dir, "A", "", runs); err != nil {
		t.Fatal(err)
	}
	info := filepath.Join(dir, "A", "bbobexp_f3.info")
	before, err := os.ReadFile(info)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, "A", "other", runs); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second Write: %v, want fs.ErrExist", err)
	}
	after, _ := os.ReadFile(info)
	if string(after) != string(before) {
		t.Error("the first folder was changed")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries, want A only", len(entries))
	}
}

// TestWriteSkipsEmptyRuns: COCO writes nothing for a run without evaluations.
func TestWriteSkipsEmptyRuns(t *testing.T) {
	dir := t.TempDir()
	empty := RunLog{Function: 3, Dim: 2, Instance: 7, FOpt: 1, Log: NewRecorder(2, 1).Log()}
	if err := Write(dir, "A", "c", []RunLog{empty, validRun(2)}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "A", "bbobexp_f3.info"))
	if err != nil {
		t.Fatal(err)
	}
	want := "suite = 'bbob', funcId = 3, DIM = 2, Precision = 1.000e-08, algId = 'A', coco_version = '" + COCOVersion +
		"', logger = 'bbob', data_format = 'bbob-new2', settings = ''\n% c\ndata_f3/bbobexp_f3_DIM2.dat, 2:2|1.0e+00"
	if string(b) != want {
		t.Errorf("info\n%s\nwant\n%s", b, want)
	}
	if err := Write(dir, "B", "", []RunLog{empty}); err != nil {
		t.Fatal(err)
	}
	if entries, err := os.ReadDir(filepath.Join(dir, "B")); err != nil || len(entries) != 0 {
		t.Errorf("only empty runs: %d entries (%v), want an empty folder", len(entries), err)
	}
}

// TestAppendE: C's %+.9e and %+.4e, written out by hand.
func TestAppendE(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		prec int
		want string
	}{
		{0, 9, "+0.000000000e+00"},
		{math.Copysign(0, -1), 4, "-0.0000e+00"},
		{1, 9, "+1.000000000e+00"},
		{-2.5, 4, "-2.5000e+00"},
		{0.000123456789012, 9, "+1.234567890e-04"},
		{1.00005, 4, "+1.0001e+00"},            // 1.00005 is 1.0000500000000000105... in binary
		{0.30000000005, 9, "+3.000000000e-01"}, // 0.3000000000499999930...
		{1.25e-300, 4, "+1.2500e-300"},
		{5e-324, 9, "+4.940656458e-324"},
		{3e21, 9, "+3.000000000e+21"},
		{1e200, 4, "+1.0000e+200"},
	} {
		if got := string(appendE(nil, tc.v, tc.prec)); got != tc.want {
			t.Errorf("appendE(%v, %d) = %s, want %s", tc.v, tc.prec, got, tc.want)
		}
	}
}
