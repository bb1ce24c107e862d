package main

import (
	"fmt"
	"io"

	"github.com/optbench/optbench/bench"
)

// newTraceStore is where a command's runs keep their traces (a file of
// the temporary directory, TMPDIR on Unix, removed as soon as it is made),
// so that its memory does not grow with their length; nil, said on
// stderr, when no file can be made there: the traces are then kept in
// memory, and the size checks count them.
func newTraceStore(stderr io.Writer) *bench.TraceStore {
	store, err := bench.NewTraceStore("")
	if err != nil {
		fmt.Fprintf(stderr, "optbench: %v: the traces are kept in memory\n", err)
		return nil
	}
	return store
}

// sayFull says on stderr when store stopped taking traces (a full disk),
// so that a process that grows past what its size check counted is not a
// mystery.
func sayFull(store *bench.TraceStore, stderr io.Writer) {
	if err := store.Full(); err != nil {
		fmt.Fprintf(stderr, "optbench: %v: the traces after it were kept in memory\n", err)
	}
}
