package results

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sync"

	"github.com/optbench/optbench/bench"
)

// Output is a sweep's output directory, locked (see LockFile) until Close.
// results.jsonl grows by one whole line per finished run, so an
// interrupted sweep loses no finished run; every other file is written to
// a temporary name and renamed into place, so it is there whole or not at
// all.
type Output struct {
	Dir     string
	results *os.File
	lock    *dirLock
	mu      sync.Mutex
	// Note says why the directory is not locked, when the system or its
	// file system gives no locks; "" when it is.
	Note string
}

// ErrReadOnly is the error of a sweep's file that its owner made
// read-only: optbench does not replace it.
var ErrReadOnly = errors.New("is read-only")

// CreateOutput makes dir (and its parents) if missing, takes its lock (a
// *LockedError when another process holds it), removes the files of the
// names in stale that an earlier sweep left there (so that none is mixed
// with this sweep's: bench/report's Manifest lists them) and starts
// results.jsonl afresh. It never writes through a link or into a special
// file planted in dir: a link or a named pipe at one of the names is
// removed itself, not followed, and results.jsonl is created exclusively.
// A file of those names that is read-only is refused (ErrReadOnly), not
// removed, and the temporary files a killed WriteAtomic left are removed.
// Any other file in dir is left alone; a directory at one of the names is
// an error.
func CreateOutput(dir string, stale []string) (*Output, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	out, err := createOutput(dir, stale, lock)
	if err != nil {
		lock.unlock()
		return nil, err
	}
	return out, nil
}

// createOutput is CreateOutput once the lock is held.
func createOutput(dir string, stale []string, lock *dirLock) (*Output, error) {
	if err := checkWritable(dir, stale); err != nil {
		return nil, err
	}
	if _, err := removeTemporary(dir, stale); err != nil {
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
	return &Output{Dir: dir, results: f, lock: lock, Note: lock.note}, nil
}

// ownFiles are the names of the files that are the sweep's whatever the
// stale list says.
var ownFiles = []string{"results.jsonl", "sweep.json"}

// checkWritable refuses a directory in which results.jsonl, sweep.json
// or a file of the names in stale is read-only (no write permission for
// anyone, as chmod a-w leaves it; or one that this process may not write):
// its owner protected it, and renaming a new file over it or removing it
// would undo that silently. Links and special files are not looked at:
// they are removed, never written through.
func checkWritable(dir string, stale []string) error {
	for _, name := range slices.Concat(ownFiles, stale) {
		path := filepath.Join(dir, name)
		fi, err := os.Lstat(path)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		readOnly := fi.Mode().Perm()&0o222 == 0
		if !readOnly {
			// Opening for writing changes nothing, and answers for
			// whoever we are (root may write a file of another user).
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if errors.Is(err, fs.ErrPermission) {
				readOnly = true
			} else if err == nil {
				f.Close()
			}
		}
		if readOnly {
			return fmt.Errorf("%s %w (mode %v) for this process: optbench does not replace a protected file; make it writable (chmod u+w) to let this sweep write it, or choose another directory", path, ErrReadOnly, fi.Mode().Perm())
		}
	}
	return nil
}

// temporaryName matches the names of WriteAtomic's temporary files:
// ".NAME.DIGITS.tmp".
var temporaryName = regexp.MustCompile(`^\.(.+)\.[0-9]+\.tmp$`)

// removeTemporary removes the temporary files a WriteAtomic killed before
// its rename left in dir, for the names of the sweep's files (ownFiles and
// stale), and returns how many it removed. Under dir's lock no other
// process is writing them.
func removeTemporary(dir string, stale []string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	names := slices.Concat(ownFiles, stale)
	n := 0
	for _, e := range entries {
		m := temporaryName.FindStringSubmatch(e.Name())
		if m == nil || e.IsDir() || !slices.Contains(names, m[1]) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, fmt.Errorf("removing %s, a temporary file a killed optbench left: %w", filepath.Join(dir, e.Name()), err)
		}
		n++
	}
	return n, nil
}

// Record appends r to results.jsonl as one line, in a single write. It may
// be called from several goroutines at once: the encoding happens outside
// the lock. A run whose trace is in a bench.TraceStore that failed to give
// a trace back (TraceStore.Err) is not written: the error is returned.
func (o *Output) Record(r bench.Run) error {
	// A line is encoded into a buffer the workers reuse, made about the
	// size of the line at once: a fresh buffer grown by appending for
	// every run was a large sweep's most garbage, and for a run of a
	// million trace rows, two copies of its line at once.
	bp := lineBuffers.Get().(*[]byte)
	if need := lineBytes + traceRowLineBytes*r.TraceLen(); cap(*bp) < need {
		*bp = make([]byte, 0, need)
	}
	line := AppendJSON((*bp)[:0], r)
	// A trace that could not be read back from its store was written as
	// none: the line is not written, so that a resume runs it again.
	err := r.TraceStore.Err()
	if err == nil {
		o.mu.Lock()
		_, err = o.results.Write(line)
		o.mu.Unlock()
	}
	if cap(line) <= maxPooledLine {
		*bp = line
		lineBuffers.Put(bp)
	}
	return err
}

// lineBuffers are the buffers Record encodes lines into.
var lineBuffers = sync.Pool{New: func() any { return new([]byte) }}

// About a results.jsonl line's bytes besides its trace (lineBytes), and a
// trace row's (traceRowLineBytes: keys, seven numbers); maxPooledLine is
// the longest buffer kept for reuse, so that one long run does not hold
// its line's memory for the rest of the sweep.
const (
	lineBytes         = 1024
	traceRowLineBytes = 128
	maxPooledLine     = 1 << 20
)

// Close closes results.jsonl and releases the directory's lock.
func (o *Output) Close() error {
	err := o.results.Close()
	if uerr := o.lock.unlock(); err == nil {
		err = uerr
	}
	return err
}

// WriteAtomic writes dir/name through a temporary file in dir that is
// renamed into place only when fill succeeded.
func WriteAtomic(dir, name string, fill func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	// Buffered: a template or a table writes in small pieces, and a write
	// call each was a fifth of a large sweep's time with -out.
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := fill(bw); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := bw.Flush(); err != nil {
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
