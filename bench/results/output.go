package results

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/optbench/optbench/bench"
)

// Output is a sweep's output directory. results.jsonl grows by one whole
// line per finished run, so an interrupted sweep loses no finished run;
// every other file is written to a temporary name and renamed into place,
// so it is there whole or not at all.
type Output struct {
	Dir     string
	results *os.File
	mu      sync.Mutex
}

// CreateOutput makes dir (and its parents) if missing, removes the files
// of the names in stale that an earlier sweep left there (so that none is
// mixed with this sweep's: bench/report's Manifest lists them) and starts
// results.jsonl afresh. It never writes through a link or into a
// special file planted in dir: a link or a named pipe at one of the names is
// removed itself, not followed, and results.jsonl is created exclusively.
// Any other file in dir is left alone; a directory at one of the names is an
// error.
func CreateOutput(dir string, stale []string) (*Output, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, name := range stale {
		path := filepath.Join(dir, name)
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if fi.IsDir() {
			return nil, fmt.Errorf("%s is a directory, where the sweep writes a file", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("removing %s of an earlier sweep: %w", name, err)
		}
	}
	f, err := os.OpenFile(filepath.Join(dir, "results.jsonl"), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	return &Output{Dir: dir, results: f}, nil
}

// Record appends r to results.jsonl as one line, in a single write. It may
// be called from several goroutines at once: the encoding happens outside
// the lock.
func (o *Output) Record(r bench.Run) error {
	line := AppendJSON(nil, r)
	o.mu.Lock()
	defer o.mu.Unlock()
	_, err := o.results.Write(line)
	return err
}

// Close closes results.jsonl.
func (o *Output) Close() error { return o.results.Close() }

// WriteAtomic writes dir/name through a temporary file in dir that is
// renamed into place only when fill succeeded.
func WriteAtomic(dir, name string, fill func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if err := fill(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes it 0600
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}
