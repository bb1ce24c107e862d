// Package results is optbench's storage: the files a sweep writes and
// reads back, so that running and reporting are separate steps, on one
// machine or many.
//
// A sweep's directory holds sweep.json, its Description (everything needed
// to rerun, resume or shard it and to tell whether two result sets belong
// together), and results.jsonl, one Record a line, appended whole as each
// run finishes, so that a sweep killed at any moment loses no finished run.
// Open prepares a directory for a sweep: a new one, or the same sweep (and
// shard) again, which resumes it; another sweep there is refused with
// ErrOtherSweep and left untouched. Every other file is written whole or
// not at all (WriteAtomic). A process that writes a directory holds its
// sweep.lock (an flock the kernel releases when the process dies): a
// second writer is refused with a *LockedError naming the holder, and
// Held says whether a sweep is still being written. A resume takes only
// the records that match their runs, moves the other lines to
// results.aside.jsonl, and settles results.jsonl in place.
//
// Load reads the results that paths name (Sources: a file, a sweep's
// directory, the shard-i-of-n directories of a sharded sweep), checks that
// they belong to one sweep, rebuilds its problems through their families
// and returns its runs, each once, in the sweep's order, with notes on what
// is missing and the lines it could not read.
//
// Field names of the JSON forms are stable; Float writes NaN and the
// infinities as null.
package results
