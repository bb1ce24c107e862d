package bbob

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/coco"
)

// WriteCOCO writes the bbob runs among runs in COCO's data format as the
// folder dir, one folder in it per method configuration (its label and
// gradient mode, BFGS_2-point), for cocopp: `python3 -m cocopp
// dir/BFGS_2-point`. Runs of other families, and runs without a log (one
// that failed before it evaluated anything, or not under a budget), are
// left out; so is a run whose log cannot be COCO's (a results.jsonl edited
// by hand: not COCO's lines, or evaluations other than the run's nfev),
// each named in left, and the others are written. It returns the folders'
// names, and writes nothing when no run has a log. dir is replaced whole:
// the folders are written beside it and renamed into place at the end, so
// that a reader never sees half of them.
func WriteCOCO(dir string, runs []bench.Run, comment string) (names []string, left []error, err error) {
	parent, base := filepath.Split(filepath.Clean(dir))
	if parent == "" {
		parent = "."
	}
	var tmp string
	defer func() {
		if err != nil && tmp != "" {
			os.RemoveAll(tmp)
		}
	}()
	for _, g := range bench.GroupBy(runs, func(r bench.Run) bench.Solver { return r.Solver }) {
		var logs []coco.RunLog
		var ids []string
		for _, r := range g.Members {
			ref, ok := r.Problem.Config.(Ref)
			if !ok || r.Problem.Family != Family.Name() {
				continue
			}
			if len(r.Log) == 0 {
				if r.Budget > 0 && r.Result.Nfev > 0 {
					left = append(left, fmt.Errorf("run %s: it ran under COCO's protocol but has no log", r.RunID()))
				}
				continue
			}
			var l coco.Log
			if err := json.Unmarshal(r.Log, &l); err != nil {
				left = append(left, fmt.Errorf("run %s: its log is not COCO's: %w", r.RunID(), err))
				continue
			}
			if l.Evaluations != int64(r.Result.Nfev) {
				left = append(left, fmt.Errorf("run %s: its log has %d evaluations, the run %d", r.RunID(), l.Evaluations, r.Result.Nfev))
				continue
			}
			logs = append(logs, coco.RunLog{Function: ref.Function, Dim: ref.Dim, Instance: ref.Instance, FOpt: r.Problem.FStar, Log: &l})
			ids = append(ids, r.RunID())
		}
		if len(logs) == 0 {
			continue
		}
		name := FolderName(g.Key)
		for k := 2; slices.Contains(names, name); k++ {
			name = FolderName(g.Key) + "_" + strconv.Itoa(k) // two labels that map to one name
		}
		c := fmt.Sprintf("optbench %s, gradient %s", g.Key.Label, g.Key.Gradient)
		if comment != "" {
			c += "; " + comment
		}
		if tmp == "" {
			if tmp, err = os.MkdirTemp(parent, "."+base+".tmp-"); err != nil {
				return nil, left, err
			}
		}
		for {
			err := coco.Write(tmp, name, c, logs)
			var re *coco.RunError
			if err == nil {
				break
			}
			if !errors.As(err, &re) || re.Index < 0 || re.Index >= len(logs) {
				return nil, left, fmt.Errorf("%s: %w", name, err)
			}
			// One bad log does not take the others down: leave it out.
			left = append(left, fmt.Errorf("run %s: %w", ids[re.Index], re.Err))
			logs, ids = slices.Delete(logs, re.Index, re.Index+1), slices.Delete(ids, re.Index, re.Index+1)
			if len(logs) == 0 {
				break
			}
		}
		if len(logs) > 0 {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		if tmp != "" {
			os.RemoveAll(tmp)
		}
		return nil, left, nil
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, left, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return nil, left, err
	}
	return names, left, os.RemoveAll(old)
}

// FolderName is the COCO folder (and cocopp algorithm) name of a method
// configuration: its label and gradient mode, with every character
// outside [A-Za-z0-9.+-] made '_' (cocopp takes the name from the
// folder, and COCO's names have no '=', ',' or brackets):
// BFGS[linesearch=more-thuente] with 2-point differences is
// BFGS_linesearch_more-thuente__2-point.
func FolderName(s bench.Solver) string {
	name := s.Label
	if s.Gradient != "" && s.Gradient != "none" {
		name += "_" + string(s.Gradient)
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '+', r == '-':
			return r
		}
		return '_'
	}, name)
}
