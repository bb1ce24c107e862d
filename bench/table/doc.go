// Package table turns an analysis into typed tables and renders them, as
// benchstat does: for people, aligned columns (or Markdown) with 3-4
// significant digits and units in the headers; for machines, CSV with
// stable snake_case keys, full precision and the bounds of every interval.
//
// A Column has a Name for people, a Key for machines (either may be empty)
// and a Kind that says how its values print. The builders (RunsTable,
// SummaryTable, ConvergenceTable, SolversTable, ARTSummaryTable,
// DiffTable, ...) declare each column beside the function that gives its
// value, so a new column is one edit. Tables chooses the tables a sweep
// shows and Print writes them with their notes; WriteTable renders one.
package table
