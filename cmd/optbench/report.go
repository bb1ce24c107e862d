package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/mgh"
)

const reportUsage = `Usage: optbench report PATH... [flags]

Reads the results of sweeps and shows them as compare does: the tables, and
with -out every CSV file, figure, report.html and the merged results.jsonl.
A PATH is an -out directory (its results.jsonl, or the results.jsonl of its
shard-* directories when it has none), or a results file (results.jsonl,
scipy.jsonl: its directory's sweep.json describes it). The results must come
from one sweep (the same sweep.json but for the shard): shards of a sweep,
a sweep resumed, and other engines' runs of it (scipy.jsonl) merge into one
set of tables, each run once.

  optbench report out/                   # a sweep's shards, merged
  optbench report out/ out/scipy.jsonl -out merged

Flags:
`

// source is one results file and the sweep.json beside it, if any.
type source struct {
	path string // as named on the command line, or found under it
	dir  string
	desc bench.Description
	has  bool // desc was read
}

func report(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report")
	format := fs.String("format", "table", "output: table, markdown, csv or json (one object per run per line)")
	outDir := fs.String("out", "", "directory for the merged results.jsonl, sweep.json, tables, plots and report.html")
	paths, err := parseWithArgs(fs, args, stdout, reportUsage)
	if err != nil {
		return err
	}
	if err := checkChoice("format", *format, bench.Formats); err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("no PATH: name one or more -out directories or results files")
	}
	if *outDir != "" {
		for _, p := range paths {
			more, err := findSources(p)
			if err != nil {
				return err
			}
			for _, s := range more {
				if same, _ := sameDir(s.dir, *outDir); same {
					return usagef("-out %s holds %s, an input: write the report elsewhere", *outDir, s.path)
				}
			}
		}
	}
	set, err := loadResults(ctx, paths, stderr)
	if err != nil {
		return err
	}
	runs, ref, notes := set.runs, set.ref, set.notes
	a := bench.Analyze(runs)
	head := fmt.Sprintf("%s from %s.", plural(len(runs), "run"), strings.Join(paths, ", "))
	if ref != nil && len(ref.desc.Command) > 0 {
		head += " The sweep: " + strings.Join(ref.desc.Command, " ") + "."
	}
	allNotes := append(append([]string{head}, notes...), failureNotes(runs, len(a.Problems()) > 1)...)
	allNotes = append(allNotes, a.Notes()...)
	if *format == "json" {
		if err := bench.WriteJSON(stdout, runs); err != nil {
			return err
		}
	} else if err := a.Print(stdout, *format, allNotes); err != nil {
		return err
	}
	if *outDir == "" {
		return nil
	}
	title := "optbench report: " + plural(len(a.Problems()), "problem")
	if ps := a.Problems(); len(ps) == 1 && ps[0].Desc != "" {
		title = "optbench report: the " + ps[0].Desc
	}
	var setup []bench.KV
	setup = append(setup, bench.KV{Key: "report of", Value: strings.Join(paths, ", ")})
	if ref != nil {
		setup = append(setup, bench.KV{Key: "sweep", Value: strings.Join(ref.desc.Command, " ")},
			bench.KV{Key: "runs", Value: fmt.Sprintf("%d here of the sweep's %d (and %d of other engines)", countEngine(runs, "optbench"), ref.desc.Runs(), len(runs)-countEngine(runs, "optbench"))})
	}
	rep, err := a.Report(title, setup, allNotes)
	if err != nil {
		return fmt.Errorf("-out %s: %w", *outDir, err)
	}
	if err := bench.WriteDir(*outDir, runs, rep); err != nil {
		return fmt.Errorf("-out %s: %w", *outDir, err)
	}
	if ref != nil {
		d := ref.desc
		d.Shard = bench.Shard{}
		if err := bench.WriteDescription(*outDir, d); err != nil {
			return fmt.Errorf("-out %s: %w", *outDir, err)
		}
	}
	return nil
}

// findSources is what PATH names: a results file, a directory's
// results.jsonl, or the results of its shard-* directories.
func findSources(path string) ([]source, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	read := func(file string) (source, error) {
		s := source{path: file, dir: filepath.Dir(file)}
		var err error
		s.desc, s.has, err = bench.ReadDescription(s.dir)
		return s, err
	}
	if !fi.IsDir() {
		s, err := read(path)
		return []source{s}, err
	}
	if _, err := os.Lstat(filepath.Join(path, "results.jsonl")); err == nil {
		s, err := read(filepath.Join(path, "results.jsonl"))
		return []source{s}, err
	}
	shards, _ := filepath.Glob(filepath.Join(path, "shard-*", "results.jsonl"))
	if len(shards) == 0 {
		return nil, fmt.Errorf("%s: no results.jsonl, nor shard-*/results.jsonl", path)
	}
	slices.SortFunc(shards, func(a, b string) int { return shardIndex(a) - shardIndex(b) })
	var out []source
	for _, file := range shards {
		s, err := read(file)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// shardIndex is i of a .../shard-i-of-n/results.jsonl path, for sorting.
func shardIndex(path string) int {
	name := filepath.Base(filepath.Dir(path))
	i, _ := strconv.Atoi(strings.TrimPrefix(strings.SplitN(name, "-of-", 2)[0], "shard-"))
	return i
}

func sameDir(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

// rebuild makes a problem of a sweep again from its family's config.
func rebuild(ctx context.Context, pr bench.ProblemRef) (*bench.Problem, error) {
	switch pr.Family {
	case "mgh":
		var ref mgh.Ref
		if err := json.Unmarshal(pr.Config, &ref); err != nil {
			return nil, err
		}
		return ref.Problem()
	case "network":
		var src networkSource
		if err := json.Unmarshal(pr.Config, &src); err != nil {
			return nil, err
		}
		d := src.flags()
		p, _, err := d.network(ctx, src.Hidden, src.L2, src.Seed, src.InitScale, src.Batch)
		if err != nil {
			return nil, err
		}
		if src.Data == "file" && d.sha256 != src.SHA256 {
			return nil, fmt.Errorf("%s has changed since the sweep (SHA-256 %.12s..., then %.12s...)", src.File, d.sha256, src.SHA256)
		}
		p.Family, p.Config = "network", src
		return p, nil
	}
	return nil, fmt.Errorf("unknown family %q", pr.Family)
}

// sortBySweep puts runs in the sweep's order (problem, method, start),
// each engine's runs of one spec together.
func sortBySweep(runs []bench.Run, d bench.Description) {
	index := map[string]int{}
	i := 0
	for _, p := range d.Problems {
		for _, s := range d.Solvers {
			for k := range d.Starts {
				index[p.Name+"/"+s.Label+"/"+s.Gradient+"/"+strconv.Itoa(k)] = i
				i++
			}
		}
	}
	at := func(r bench.Run) int {
		if j, ok := index[r.RunID()]; ok {
			return j
		}
		return i // runs the sweep does not know come last
	}
	slices.SortStableFunc(runs, func(a, b bench.Run) int {
		if c := at(a) - at(b); c != 0 {
			return c
		}
		return strings.Compare(a.Engine, b.Engine)
	})
}

func countEngine(runs []bench.Run, engine string) int {
	n := 0
	for _, r := range runs {
		if e := r.Engine; e == engine || (e == "" && engine == "optbench") {
			n++
		}
	}
	return n
}

// resultSet is what loadResults read: the runs of one sweep, in its order.
type resultSet struct {
	runs  []bench.Run
	ref   *source // the sweep's description, nil when none was found
	notes []string
}

// loadResults reads the results PATHs name, checks that they belong to one
// sweep, rebuilds its problems and returns its runs, each once.
func loadResults(ctx context.Context, paths []string, stderr io.Writer) (resultSet, error) {
	var sources []source
	for _, p := range paths {
		more, err := findSources(p)
		if err != nil {
			return resultSet{}, err
		}
		sources = append(sources, more...)
	}
	// The sweep: the first description; every other must be the same sweep.
	var ref *source
	var notes []string
	for i := range sources {
		s := &sources[i]
		if !s.has {
			notes = append(notes, fmt.Sprintf("%s has no sweep.json beside it: its runs are taken as they are.", s.path))
			continue
		}
		if ref == nil {
			ref = s
			continue
		}
		if setting, a, b := ref.desc.Diff(s.desc); setting != "" {
			return resultSet{}, fmt.Errorf("%s and %s are results of different sweeps: %s %s and %s", ref.path, s.path, setting, a, b)
		}
	}
	problems := map[string]*bench.Problem{}
	var order []string // problem names in the sweep's order
	if ref != nil {
		for _, pr := range ref.desc.Problems {
			order = append(order, pr.Name)
			p, err := rebuild(ctx, pr)
			if err != nil {
				notes = append(notes, fmt.Sprintf("Problem %s is not rebuilt (%v): its own figures are left out.", pr.Name, err))
				continue
			}
			problems[pr.Name] = p
		}
	}

	type key struct{ engine, id string }
	seen := map[key]bool{}
	var runs []bench.Run
	duplicates := 0
	for _, s := range sources {
		f, err := openRegular(s.path)
		if err != nil {
			return resultSet{}, err
		}
		res, err := bench.ReadResults(f, s.path)
		f.Close()
		if err != nil {
			return resultSet{}, err
		}
		for _, bad := range res.Bad {
			fmt.Fprintf(stderr, "optbench report: %v (line skipped)\n", bad)
		}
		for _, rec := range res.Records {
			k := key{rec.Engine, rec.RunID}
			if seen[k] {
				duplicates++
				continue
			}
			seen[k] = true
			p := problems[rec.Problem]
			if p == nil {
				p = bench.RecordProblem(rec)
				problems[rec.Problem] = p
				if !slices.Contains(order, rec.Problem) {
					order = append(order, rec.Problem)
				}
			}
			r, err := rec.Run(p)
			if err != nil {
				fmt.Fprintf(stderr, "optbench report: %s: run %s: %v (skipped)\n", s.path, rec.RunID, err)
				continue
			}
			runs = append(runs, r)
		}
	}
	if len(runs) == 0 {
		return resultSet{}, errors.New("no runs in " + strings.Join(paths, ", "))
	}
	if duplicates > 0 {
		notes = append(notes, fmt.Sprintf("%d runs found twice were taken once.", duplicates))
	}
	if ref != nil {
		sortBySweep(runs, ref.desc)
		if n := countEngine(runs, "optbench"); n < ref.desc.Runs() {
			notes = append(notes, fmt.Sprintf("%d of the sweep's %d runs are here (missing shards, or a sweep not finished: run its command again to complete it).", n, ref.desc.Runs()))
		}
	}
	return resultSet{runs: runs, ref: ref, notes: notes}, nil
}
