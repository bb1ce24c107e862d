package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"

	"github.com/optbench/optbench/bench/report"
	"github.com/optbench/optbench/bench/results"
)

// profiles are compare's -cpuprofile and -memprofile, Go's profiles of the
// whole command for go tool pprof, as go test writes them: the CPU's from
// the sweep's making to its last table, the heap's (allocations since the
// start, and what is in use) at the end. Each is written to a temporary
// file beside its name and renamed when whole, so that an error or an
// interrupt leaves no half-written profile.
type profiles struct {
	cpu, mem string   // the files asked for; "" for none
	cpuFile  *os.File // the CPU profile being written
}

// start refuses a profile's name that is a directory (found now, not
// after the sweep), creates the CPU profile's file and starts the
// profile.
func (p *profiles) start() error {
	for _, f := range []struct{ flag, name string }{{"cpuprofile", p.cpu}, {"memprofile", p.mem}} {
		if fi, err := os.Stat(f.name); f.name != "" && err == nil && fi.IsDir() {
			return usagef("-%s %s: a directory: name a file", f.flag, f.name)
		}
	}
	if p.cpu == "" {
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(p.cpu), filepath.Base(p.cpu)+".tmp-*")
	if err != nil {
		return fmt.Errorf("-cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("-cpuprofile: %w", err)
	}
	p.cpuFile = f
	return nil
}

// stop stops the CPU profile and writes both profiles; failed is true when
// the command failed, and then neither is kept.
func (p *profiles) stop(failed bool) error {
	var err error
	if p.cpuFile != nil {
		pprof.StopCPUProfile()
		err = keep(p.cpuFile, p.cpu, failed, "-cpuprofile")
		p.cpuFile = nil
	}
	if p.mem != "" && !failed {
		f, cerr := os.CreateTemp(filepath.Dir(p.mem), filepath.Base(p.mem)+".tmp-*")
		if cerr != nil {
			return firstError(err, fmt.Errorf("-memprofile: %w", cerr))
		}
		runtime.GC() // the heap as the sweep left it, as go test's -memprofile
		werr := pprof.Lookup("allocs").WriteTo(f, 0)
		if werr != nil {
			f.Close()
			os.Remove(f.Name())
			return firstError(err, fmt.Errorf("-memprofile: %w", werr))
		}
		err = firstError(err, keep(f, p.mem, false, "-memprofile"))
	}
	return err
}

// keep closes f and renames it to name, or removes it when failed.
func keep(f *os.File, name string, failed bool, flag string) error {
	err := f.Close()
	if failed || err != nil {
		os.Remove(f.Name())
		if err != nil {
			return fmt.Errorf("%s: %w", flag, err)
		}
		return nil
	}
	if err := os.Rename(f.Name(), name); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("%s: %w", flag, err)
	}
	return nil
}

func firstError(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// clash refuses a profile that would replace a file the command reads
// (inputs: results files and their sweep.json) or writes (a file of the
// -out directory outDir that report.Manifest names; "" for none): the
// profile is renamed over its name at the end.
func (p *profiles) clash(inputs []string, outDir string) error {
	for _, f := range []struct{ flag, name string }{{"cpuprofile", p.cpu}, {"memprofile", p.mem}} {
		if f.name == "" {
			continue
		}
		fi, err := os.Stat(f.name)
		for _, in := range inputs {
			if gi, gerr := os.Stat(in); err == nil && gerr == nil && os.SameFile(fi, gi) {
				return usagef("-%s %s is %s, an input: name another file", f.flag, f.name, in)
			}
		}
		if outDir == "" || !slices.Contains(report.Manifest(), filepath.Base(f.name)) {
			continue
		}
		same, err := sameDir(filepath.Dir(f.name), outDir)
		if err != nil { // a directory not made yet: by its name
			a, aerr := filepath.Abs(filepath.Dir(f.name))
			b, berr := filepath.Abs(outDir)
			same = aerr == nil && berr == nil && a == b
		}
		if same {
			return usagef("-%s %s is a file -out %s writes: name another file", f.flag, f.name, outDir)
		}
	}
	return nil
}

// inputFiles are the results files paths name and their sweep.json.
func inputFiles(paths []string) []string {
	var files []string
	for _, p := range paths {
		sources, err := results.Sources(p)
		if err != nil {
			continue // said when they are read
		}
		for _, s := range sources {
			files = append(files, s.Path, filepath.Join(s.Dir, "sweep.json"))
		}
	}
	return files
}
