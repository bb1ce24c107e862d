// Package report writes what a sweep shows: a self-contained report.html
// (what was run, the tables, every figure inline, the long tables folded,
// a glossary of every column), and a sweep's directory of files: the
// tables as CSV, trace.csv, every figure as PNG and SVG. New assembles a
// Report from an analysis; WriteFiles writes it, WriteDir writes runs and
// report into a new directory, and Manifest lists every file a sweep's
// directory may hold. Setup, Notes and Title say what a sweep ran for the
// top of the page and under the tables.
package report
