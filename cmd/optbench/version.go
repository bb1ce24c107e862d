package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

const versionUsage = `Usage: optbench version

Prints the module path and version optbench was built from, its VCS
revision (with "modified" when the checkout had uncommitted changes) and the
Go version, as the binary's build information records them. "optbench
-version" and "optbench compare -version" print the same. Every sweep with
-out records this line as "optbench" in sweep.json, and report.html shows it
as "optbench" in its setup, so that a result can be traced to the code that
made it.

A binary built without VCS information (go build -buildvcs=false, or a
directory that is not a git checkout) says so in place of the revision.
`

// versionCommand prints version() for "optbench version".
func versionCommand(args []string, stdout io.Writer) error {
	fs := newFlagSet("version")
	if err := parse(fs, args, stdout, versionUsage); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "optbench", version())
	return nil
}

// version is optbench's module version and VCS revision, as built: what
// "optbench version" prints and sweep.json and report.html record.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	return versionOf(bi, ok)
}

// versionOf is version for the build information bi (ok false: none, a
// binary built without module support). The line is the module path and
// version ("(devel)" for a build from a checkout), the revision, and the
// Go version, which decides the compiled arithmetic too.
func versionOf(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "devel, no build information"
	}
	path, v := bi.Main.Path, bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, when string
	modified := false
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.time":
			when = kv.Value
		case "vcs.modified":
			modified = kv.Value == "true"
		}
	}
	parts := []string{strings.TrimSpace(path + " " + v)} // a test binary's main module may have no path
	switch {
	case rev == "":
		parts = append(parts, "no VCS revision recorded (built with -buildvcs=false or outside a git checkout)")
	default:
		r := "revision " + rev
		if when != "" {
			r += " of " + when
		}
		if modified {
			r += ", modified"
		}
		parts = append(parts, r)
	}
	if bi.GoVersion != "" {
		parts = append(parts, bi.GoVersion)
	}
	return strings.Join(parts, ", ")
}
