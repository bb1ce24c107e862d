//go:build !race

package main

// raceEnabled: the race detector slows the runs tenfold, so TestDocs
// leaves out the samples marked slow.
const raceEnabled = false
