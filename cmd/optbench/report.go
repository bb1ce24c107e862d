package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/bbob"
	"github.com/optbench/optbench/bench/gobench"
	"github.com/optbench/optbench/bench/report"
	"github.com/optbench/optbench/bench/results"
	"github.com/optbench/optbench/bench/table"
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
  optbench report out/ -format gobench > a.txt   # for benchstat a.txt b.txt

-format gobench prints each run as a line of Go's benchmark format, for
benchstat (golang.org/x/perf/cmd/benchstat), as compare does; the notes go to
stderr.

Flags:
`

func reportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	tout, terr, done := forTerminal(stdout, stderr)
	defer func() { err = done(err) }()
	stdout, stderr = tout, terr
	fs := newFlagSet("report")
	format := fs.String("format", "table", formatHelp)
	outDir := fs.String("out", "", "directory for the merged results.jsonl, sweep.json, tables, plots and report.html")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the command to `FILE`, for go tool pprof (as go test -cpuprofile)")
	memProfile := fs.String("memprofile", "", "write an allocation profile of the command to `FILE` at its end, for go tool pprof (as go test -memprofile)")
	paths, err := parseWithArgs(fs, args, stdout, reportUsage)
	if err != nil {
		return err
	}
	if err := checkChoice("format", *format, sweepFormats); err != nil {
		return err
	}
	if *cpuProfile != "" && *cpuProfile == *memProfile {
		return usagef("-cpuprofile and -memprofile name one file, %s: give each its own", *cpuProfile)
	}
	prof := &profiles{cpu: *cpuProfile, mem: *memProfile}
	if err := prof.clash(inputFiles(paths), *outDir); err != nil {
		return err
	}
	if err := prof.start(); err != nil {
		return err
	}
	defer func() { err = firstError(err, prof.stop(err != nil)) }()
	if len(paths) == 0 {
		return usagef("no PATH: name one or more -out directories or results files")
	}
	if err := checkNotInput(*outDir, paths); err != nil {
		return err
	}
	store := newTraceStore(stderr)
	defer store.Close()
	lim := wholeLoad
	lim.TraceStore = store
	set, err := load(ctx, lim, paths, stderr)
	sayFull(store, stderr)
	if err != nil {
		return err
	}
	if err := checkOutHolds(*outDir, set); err != nil {
		return err
	}
	a := analysis.Analyze(set.Runs)
	if err := store.Err(); err != nil {
		return err // the analysis read traces that were lost
	}
	head := fmt.Sprintf("%s from %s.", report.Plural(len(set.Runs), "run"), strings.Join(paths, ", "))
	if len(set.Description.Command) > 0 {
		command := report.Command(report.WithoutFlags(set.Description.Command, "shard", "out"))
		if len(command) > maxErrorLine {
			command = cutAt(command, maxErrorLine) + "…" // sweep.json has it whole
		}
		head += " The sweep: " + command + "."
	}
	notes := append(append([]string{head}, set.Notes...), analysis.FailureNotes(set.Runs, len(a.Problems()) > 1)...)
	var runNotes []string // how the runs ran
	if set.Sweep != nil {
		runNotes = append(runNotes, set.Sweep.BoundsNotes()...)
		runNotes = append(runNotes, set.Sweep.ProtocolNotes()...)
	}
	runNotes = append(runNotes, bench.WarningNotes(set.Runs, len(a.Problems()) > 1)...)
	gobenchNotes := slices.Concat(notes, runNotes)
	notes = slices.Concat(notes, a.Notes(), runNotes) // a.Notes: what the tables show
	switch *format {
	case "json":
		err = results.WriteJSON(stdout, set.Runs)
	case "gobench":
		// The notes but the tables' go to stderr, as compare's do.
		for _, n := range gobenchNotes {
			fmt.Fprintln(stderr, n)
		}
		err = gobench.Write(stdout, set.Description, set.Runs)
	default:
		err = table.Print(stdout, a, *format, notes)
	}
	if err != nil || *outDir == "" {
		return firstError(err, store.Err())
	}
	if err := writeReport(*outDir, set, a, paths, notes); err != nil {
		return fmt.Errorf("-out %s: %w", *outDir, err)
	}
	if err := writeCOCO(*outDir, set.Runs, false, stderr); err != nil {
		return fmt.Errorf("-out %s: %w", *outDir, err)
	}
	return store.Err()
}

// writeCOCO writes the bbob runs' COCO data as DIR/coco, one folder per
// method configuration, says on stderr how to hand them to cocopp (a
// shard's are part of the sweep's: cocopp reads one algorithm's data from
// every folder under the one it is given), and names the runs it left out
// (a log edited by hand).
func writeCOCO(dir string, runs []bench.Run, shard bool, stderr io.Writer) error {
	folder := filepath.Join(dir, "coco")
	names, left, err := bbob.WriteCOCO(folder, runs, "")
	for i, l := range left {
		if i == maxWarnings {
			fmt.Fprintf(stderr, "optbench: %s: and %d more runs left out\n", folder, len(left)-i)
			break
		}
		fmt.Fprintf(stderr, "optbench: %s: %v (left out)\n", folder, l)
	}
	if err != nil {
		return fmt.Errorf("COCO data: %w", err)
	}
	switch {
	case len(names) > 0 && shard:
		fmt.Fprintf(stderr, "optbench: COCO's data of this shard's runs in %s: optbench report of every shard writes the sweep's, or give cocopp a folder holding each shard's %s (docs/bbob.md)\n",
			folder, filepath.Join("coco", names[0]))
	case len(names) > 0:
		fmt.Fprintf(stderr, "optbench: COCO's data of %s in %s, for cocopp: python3 -m cocopp %s (docs/bbob.md)\n",
			report.Plural(len(names), "method configuration"), folder, filepath.Join(folder, names[0]))
	}
	return nil
}

// load is results.LoadWithin, with the lines it skipped said on stderr.
func load(ctx context.Context, lim results.LoadLimits, paths []string, stderr io.Writer) (*results.Set, error) {
	set, err := results.LoadWithin(ctx, lim, paths...)
	if set == nil {
		return nil, err
	}
	sayWriting(stderr, set)
	for _, bad := range set.Skipped {
		fmt.Fprintf(stderr, "optbench: %v (skipped)\n", bad)
	}
	return set, err
}

// wholeLoad is what one set of results may hold in memory: a report's.
var wholeLoad = results.LoadLimits{Runs: results.MaxLoadRuns, Bytes: results.MaxLoadBytes}

// checkNotInput refuses an -out directory that holds one of the inputs.
func checkNotInput(outDir string, paths []string) error {
	if outDir == "" {
		return nil
	}
	for _, p := range paths {
		sources, err := results.Sources(p)
		if err != nil {
			return err
		}
		for _, s := range sources {
			if same, _ := sameDir(s.Dir, outDir); same {
				return usagef("-out %s holds %s, an input: write the report elsewhere", outDir, s.Path)
			}
		}
	}
	return nil
}

// checkOutHolds refuses an -out directory that holds results of another
// sweep than set's, or results without a sweep.json: the report would
// replace them. A directory that holds an earlier report of the same sweep
// is written again (report sweep -out sweep/merged, after more shards
// finished). It also refuses, before anything is printed, a directory that
// cannot be made.
func checkOutHolds(outDir string, set *results.Set) error {
	if outDir == "" {
		return nil
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	old, described, err := results.ReadDescription(outDir)
	if err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	_, statErr := os.Lstat(filepath.Join(outDir, "results.jsonl"))
	hasResults := statErr == nil
	switch {
	case described && set.Sweep != nil:
		d := set.Description
		d.Shard = bench.Shard{}
		if setting, want, have := d.Diff(old); setting != "" {
			return fmt.Errorf("-out: %s %w: its %s: %s; this report's: %s. The report would replace them: choose another directory", outDir, results.ErrOtherSweep, setting, have, want)
		}
		if old.Shard.Count > 1 {
			return fmt.Errorf("-out: %s %w: shard %s of the sweep, which the merged report would replace: choose another directory", outDir, results.ErrOtherSweep, old.Shard)
		}
		if hasResults {
			return checkOutSubset(outDir, set)
		}
	case described:
		return fmt.Errorf("-out: %s %w: a sweep's results, which a report of results without a sweep.json would replace: choose another directory", outDir, results.ErrOtherSweep)
	case hasResults:
		return fmt.Errorf("-out: %s holds a results.jsonl without a sweep.json, which the report would replace: choose another directory", outDir)
	}
	return nil
}

// checkOutSubset refuses an -out directory whose results.jsonl holds runs
// that set does not: an earlier report of more of the sweep, which this
// one would replace with fewer.
func checkOutSubset(outDir string, set *results.Set) error {
	type key struct{ engine, id string }
	have := make(map[key]bool, len(set.Runs))
	for _, r := range set.Runs {
		engine := r.Engine
		if engine == "" {
			engine = "optbench"
		}
		have[key{engine, r.RunID()}] = true
	}
	missing, first := 0, ""
	err := results.ScanRunIDs(filepath.Join(outDir, "results.jsonl"), func(engine, id string) {
		if !have[key{engine, id}] {
			if missing == 0 {
				first = id
			}
			missing++
		}
	})
	if err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	if missing > 0 {
		return fmt.Errorf("-out: %s holds %d runs of the sweep that the report's inputs do not (first: %q), which the report would lose: report all of them, or choose another directory", outDir, missing, first)
	}
	return nil
}

// writeReport writes the merged results, their files and report.html to
// dir, with the sweep's sweep.json (whole: no shard).
func writeReport(dir string, set *results.Set, a analysis.Analysis, paths, notes []string) error {
	title := report.Title("optbench report:", a.Problems())
	setup := []report.KV{{Key: "report of", Value: strings.Join(paths, ", ")}}
	if set.Sweep != nil {
		mine := set.Count("optbench")
		runs := fmt.Sprintf("%d here of the sweep's %d", mine, set.Sweep.Runs())
		if other := len(set.Runs) - mine; other > 0 {
			runs += fmt.Sprintf(" (and %d of other engines)", other)
		}
		setup = append(setup, report.KV{Key: "runs", Value: runs})
		setup = append(setup, reportSetup(set)...)
	}
	rep, err := report.New(a, title, setup, notes)
	if err != nil {
		return err
	}
	if set.Sweep != nil {
		d := set.Description
		d.Shard = bench.Shard{}
		rep.Sweep = &d
	}
	return report.WriteDir(dir, set.Runs, rep)
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

// reportSetup is what the sweep of set ran (report.Setup, its command
// without -shard), with the version that ran it beside this one's, and the
// machine and date said to be the report's: the sweep's own are not
// recorded (its shards may have run on many).
func reportSetup(set *results.Set) []report.KV {
	kv := report.Setup(set.Sweep, report.WithoutFlags(set.Description.Command, "shard", "out"), set.Description.Optbench)
	for i := range kv {
		switch kv[i].Key {
		case "optbench":
			if v := version(); v != kv[i].Value {
				kv[i].Value = fmt.Sprintf("%s (the sweep's); this report's: %s", cmp.Or(kv[i].Value, "not recorded"), v)
			}
		case "machine":
			kv[i].Key = "report's machine"
		case "date":
			kv[i].Key = "report's date"
		}
	}
	return kv
}
