package coco

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// COCOVersion is the version of COCO's code whose bbob logger this package
// reproduces (numbbo/coco-experiment v2.8.2-4-ge6356d2e, as COCO's fabricate
// names it). It is written as coco_version in the .info files.
const COCOVersion = "2.8.3-dev4+ge6356d2e"

// prefix is the bbob observer's default file prefix.
const prefix = "bbobexp"

// RunLog is one recorded run: the bbob problem (function number, dimension,
// instance number) with its optimal value f_opt, and what a Recorder logged.
type RunLog struct {
	Function, Dim, Instance int
	FOpt                    float64
	Log                     *Log
}

// Write writes the COCO data of one algorithm (one optbench method
// configuration) under dir/name: bbobexp_fNN.info and data_fNN/
// bbobexp_fNN_DIMd.{dat,tdat,rdat,mdat}, the files COCO's bbob observer writes
// and cocopp reads (`python3 -m cocopp dir/name`). name is the algId cocopp
// shows; comment goes in the .info files' comment line.
//
// runs may come in any order (shards, resumes): the files list functions,
// then dimensions, then instances in increasing order (runs of one problem
// keep the order given), one .info line and one set of data files per
// function and dimension, as COCO writes when the suite runs in its own
// order. A run without evaluations is left out, as COCO's logger writes
// nothing for it.
//
// Nothing is half-written: the files go to a temporary folder in dir that is
// renamed to dir/name at the end. dir/name must not exist (an error matching
// fs.ErrExist). Bad input is an error matching ErrName, ErrComment or ErrRun
// (a *RunError says which run).
func Write(dir, name, comment string, runs []RunLog) (err error) {
	if err := checkName(name); err != nil {
		return err
	}
	if strings.ContainsAny(comment, "\n\r") {
		return fmt.Errorf("%w: %q has a line break", ErrComment, comment)
	}
	for i := range runs {
		if err := checkRun(&runs[i]); err != nil {
			r := &runs[i]
			return &RunError{Index: i, Function: r.Function, Dim: r.Dim, Instance: r.Instance, Err: err}
		}
	}
	final := filepath.Join(dir, name)
	if _, err := os.Lstat(final); err == nil {
		return fmt.Errorf("coco: writing %s: %w", final, fs.ErrExist)
	}
	tmp, err := os.MkdirTemp(dir, "."+name+".tmp-")
	if err != nil {
		return fmt.Errorf("coco: writing %s: %w", final, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := writeFolder(tmp, name, comment, runs); err != nil {
		return fmt.Errorf("coco: writing %s: %w", final, err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("coco: writing %s: %w", final, err)
	}
	return nil
}

// writeFolder writes the files of Write into folder.
func writeFolder(folder, name, comment string, runs []RunLog) error {
	order := make([]int, 0, len(runs))
	for i := range runs {
		if runs[i].Log.Evaluations > 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ra, rb := &runs[a], &runs[b]
		if c := ra.Function - rb.Function; c != 0 {
			return c
		}
		if c := ra.Dim - rb.Dim; c != 0 {
			return c
		}
		return ra.Instance - rb.Instance
	})
	var info []byte
	for start := 0; start < len(order); {
		fn := runs[order[start]].Function
		end := start
		for end < len(order) && runs[order[end]].Function == fn {
			end++
		}
		info = info[:0]
		data := "data_f" + strconv.Itoa(fn)
		if err := os.Mkdir(filepath.Join(folder, data), 0o777); err != nil {
			return err
		}
		for g := start; g < end; {
			dim := runs[order[g]].Dim
			h := g
			for h < end && runs[order[h]].Dim == dim {
				h++
			}
			base := fmt.Sprintf("%s/%s_f%d_DIM%d", data, prefix, fn, dim)
			if g > start {
				info = append(info, '\n')
			}
			info = fmt.Appendf(info, "suite = 'bbob', funcId = %d, DIM = %d, Precision = %.3e, "+
				"algId = '%s', coco_version = '%s', logger = 'bbob', data_format = 'bbob-new2', settings = ''\n%% %s\n%s.dat",
				fn, dim, logTargetPrecision, name, COCOVersion, comment, base)
			var dat, tdat, rdat, mdat []byte
			for _, i := range order[g:h] {
				r := &runs[i]
				info = fmt.Appendf(info, ", %d:%d|%.1e", r.Instance, r.Log.Evaluations, r.Log.Best-r.FOpt)
				dat = appendDat(dat, r)
				tdat = appendTdat(tdat, r)
				rdat = appendLines(appendHeader(rdat, r.FOpt), &r.Log.Rdat, r.Dim, r.FOpt)
				if k := r.Log.RestartsLeftOut; k > 0 {
					// Not COCO's: its logger writes every restart; cocopp
					// reads no .rdat file, and a comment line is skipped.
					rdat = fmt.Appendf(rdat, "%% %d more restarts: optbench keeps the first %d lines\n", k, MaxRestartLines)
				}
				mdat = appendHeader(mdat, r.FOpt) // COCO's recommendations: none
			}
			for _, f := range []struct {
				ext string
				b   []byte
			}{{".dat", dat}, {".tdat", tdat}, {".rdat", rdat}, {".mdat", mdat}} {
				if err := os.WriteFile(filepath.Join(folder, base+f.ext), f.b, 0o666); err != nil {
					return err
				}
			}
			g = h
		}
		file := fmt.Sprintf("%s_f%d.info", prefix, fn)
		if err := os.WriteFile(filepath.Join(folder, file), info, 0o666); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// appendDat appends a run's .dat part: the header, the target-triggered lines
// and, unless the last evaluation was logged, COCO's closing line with the
// best point.
func appendDat(b []byte, r *RunLog) []byte {
	l := &r.Log.Dat
	b = appendLines(appendHeader(b, r.FOpt), l, r.Dim, r.FOpt)
	if l.Evaluations[l.Len()-1] != r.Log.Evaluations {
		b = appendLine(b, r.Log.Evaluations, r.Log.Best, r.Log.Best, r.Log.BestX, r.FOpt)
	}
	return b
}

// appendTdat is appendDat for the evaluation-triggered lines.
func appendTdat(b []byte, r *RunLog) []byte {
	l := &r.Log.Tdat
	b = appendLines(appendHeader(b, r.FOpt), l, r.Dim, r.FOpt)
	if l.Evaluations[l.Len()-1] != r.Log.Evaluations {
		b = appendLine(b, r.Log.Evaluations, r.Log.Best, r.Log.Best, r.Log.BestX, r.FOpt)
	}
	return b
}

// appendHeader appends logger_bbob_header for a run with optimal value fopt.
func appendHeader(b []byte, fopt float64) []byte {
	return fmt.Appendf(b, "%% f evaluations | g evaluations | best noise-free fitness - Fopt (%13.12e) + sum g_i+ | "+
		"measured fitness | best measured fitness or single-digit g-values | x1 | x2...\n", fopt)
}

func appendLines(b []byte, l *Lines, dim int, fopt float64) []byte {
	for i := range l.Len() {
		var x []float64
		if len(l.X) > 0 {
			x = l.X[i*dim : (i+1)*dim]
		}
		b = appendLine(b, l.Evaluations[i], l.F[i], l.Best[i], x, fopt)
	}
	return b
}

// appendLine appends one data line as logger_bbob_output prints it:
// "%lu %lu %+10.9e %+10.9e %+10.9e" and " %+5.4e" for each coordinate (x is
// empty from 7 variables on). The g evaluations are 0: bbob has no constraints.
func appendLine(b []byte, n int64, f, best float64, x []float64, fopt float64) []byte {
	b = strconv.AppendInt(b, n, 10)
	b = append(b, " 0 "...)
	b = appendE(b, best-fopt, 9)
	b = append(b, ' ')
	b = appendE(b, f, 9)
	b = append(b, ' ')
	b = appendE(b, best, 9)
	for _, xi := range x {
		b = append(b, ' ')
		b = appendE(b, xi, 4)
	}
	return append(b, '\n')
}

// appendE is C's "%+.{prec}e" for a finite v (the width COCO gives is always
// exceeded). Go's 'e' format rounds the exact binary value correctly, as glibc
// does, and writes at least two exponent digits, as C does.
func appendE(b []byte, v float64, prec int) []byte {
	if !math.Signbit(v) {
		b = append(b, '+')
	}
	return strconv.AppendFloat(b, v, 'e', prec, 64)
}

// checkName rejects names that are not one folder name or that would break
// the .info line cocopp parses (algId = '...', fields split at commas).
func checkName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%w: empty", ErrName)
	case name == "." || name == ".." || strings.HasPrefix(name, "."):
		return fmt.Errorf("%w: %q starts with a dot", ErrName, name)
	}
	for _, c := range name {
		if c <= ' ' || c == 0x7f || strings.ContainsRune(`/\',=`, c) {
			return fmt.Errorf("%w: %q has %q (no spaces, control characters, slashes, quotes, commas or =)", ErrName, name, c)
		}
	}
	return nil
}

// checkRun checks that r is a run Write can write.
func checkRun(r *RunLog) error {
	switch {
	case r.Function < 1:
		return fmt.Errorf("function %d, want >= 1", r.Function)
	case r.Dim < 1:
		return fmt.Errorf("%w: dimension %d, want >= 1", ErrDimension, r.Dim)
	case r.Instance < 1:
		return fmt.Errorf("instance %d, want >= 1", r.Instance)
	case !finite(r.FOpt):
		return fmt.Errorf("%w: %g", ErrFOpt, r.FOpt)
	case r.Log == nil:
		return errors.New("no log")
	}
	l := r.Log
	if l.Evaluations < 0 {
		return fmt.Errorf("%d evaluations", l.Evaluations)
	}
	if l.RestartsLeftOut < 0 || l.RestartsLeftOut > 0 && l.Rdat.Len() < MaxRestartLines {
		return fmt.Errorf("%d restarts left out of %d .rdat lines", l.RestartsLeftOut, l.Rdat.Len())
	}
	if l.Evaluations == 0 {
		if l.Dat.Len()+l.Tdat.Len()+l.Rdat.Len() > 0 {
			return errors.New("lines without evaluations")
		}
		return nil
	}
	nx := 0
	if r.Dim < xThreshold {
		nx = r.Dim
	}
	if len(l.BestX) != nx {
		return fmt.Errorf("best_x has %d values, want %d", len(l.BestX), nx)
	}
	if !finite(l.Best) || l.Best < r.FOpt || !allFinite(l.BestX) {
		return fmt.Errorf("best_f %g is not finite or below f_opt %g", l.Best, r.FOpt)
	}
	for _, c := range []struct {
		name string
		l    *Lines
	}{{"dat", &l.Dat}, {"tdat", &l.Tdat}, {"rdat", &l.Rdat}} {
		if err := checkLines(c.l, nx, l.Evaluations); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
	}
	// COCO logs the first evaluation in both files.
	if l.Dat.Len() == 0 || l.Dat.Evaluations[0] != 1 || l.Tdat.Len() == 0 || l.Tdat.Evaluations[0] != 1 {
		return errors.New("dat and tdat must start at evaluation 1")
	}
	return nil
}

func checkLines(l *Lines, nx int, evaluations int64) error {
	n := l.Len()
	if len(l.F) != n || len(l.Best) != n || len(l.X) != n*nx {
		return fmt.Errorf("columns of %d, %d, %d and %d values for %d lines of %d coordinates",
			len(l.Evaluations), len(l.F), len(l.Best), len(l.X), n, nx)
	}
	prev := int64(0)
	for i, e := range l.Evaluations {
		if e <= prev || e > evaluations {
			return fmt.Errorf("line %d at evaluation %d after %d (of %d)", i, e, prev, evaluations)
		}
		prev = e
	}
	if !allFinite(l.F) || !allFinite(l.Best) || !allFinite(l.X) {
		return errors.New("a value is not finite")
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func allFinite(v []float64) bool {
	for _, x := range v {
		if !finite(x) {
			return false
		}
	}
	return true
}
