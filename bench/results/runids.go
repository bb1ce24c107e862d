package results

import "github.com/optbench/optbench/internal/regular"

// ScanRunIDs calls fn with the engine ("optbench" for optbench's own) and
// the run id of every record of the results file at path, reading one line
// at a time and keeping nothing; lines that are no record are passed over.
func ScanRunIDs(path string, fn func(engine, runID string)) error {
	f, err := regular.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return scanResults(f, path, func(rec Record) error {
		engine := rec.Engine
		if engine == "" {
			engine = "optbench"
		}
		fn(engine, rec.RunID)
		return nil
	}, func(*LineError) {})
}
