package main

import (
	"runtime/debug"
)

// version is optbench's module version and VCS revision, as built.
func version() string {
	v := "devel"
	if bi, ok := debug.ReadBuildInfo(); ok {
		v = bi.Main.Path + " " + bi.Main.Version
		for _, kv := range bi.Settings {
			if kv.Key == "vcs.revision" {
				v += " " + kv.Value
			}
		}
	}
	return v
}
