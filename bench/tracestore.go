package bench

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
)

// TraceStore keeps finished runs' compact traces in a file rather than in
// memory: a sweep, or a set of results read back, then holds about 700
// bytes a run whatever its traces' length, where a compact trace takes
// 21-27 bytes a row (a kilobyte for BFGS on Beale, megabytes for a run of
// -trace all). A run whose trace is in a store reads it as any other
// (Run.TraceRows, Run.TracePoints), one read of the file each time, from
// the operating system's cache when it has room. The traces' vectors
// (Options.TraceX) stay in memory.
//
// The file is removed when it is made (on systems that let an open file
// be removed; elsewhere when the store is closed), so that a process
// killed leaves nothing behind. The runs that keep their traces in a store
// read them until it is closed. Safe for concurrent use.
type TraceStore struct {
	f *os.File

	mu      sync.Mutex
	pending []byte // traces kept, not yet written: they begin at written
	written int64  // bytes of the file written
	full    error  // why a write failed: no more traces are taken
	err     error  // the first error that lost a trace read
	closed  bool
}

// pendingBytes is how much of the kept traces a store holds in memory
// before it writes them, in one write.
const pendingBytes = 1 << 20

// NewTraceStore makes a store in a new file of dir ("" for the system's
// temporary directory, TMPDIR on Unix).
func NewTraceStore(dir string) (*TraceStore, error) {
	f, err := os.CreateTemp(dir, ".traces.*.tmp")
	if err != nil {
		return nil, fmt.Errorf("a file for the traces: %w", err)
	}
	if runtime.GOOS != "windows" {
		// Unnamed from now on: the open file stays readable, and its
		// space is freed when it is closed, however the process ends.
		if err := os.Remove(f.Name()); err != nil {
			f.Close()
			return nil, fmt.Errorf("a file for the traces: %w", err)
		}
	}
	return &TraceStore{f: f}, nil
}

// ErrTraceStore is the error of a trace store's file: a trace that could
// not be read from it has no rows, and Err says why.
var ErrTraceStore = errors.New("the traces' file")

// Keep moves t's rows into the store; its vectors stay in memory. A trace
// already in a store, or without rows, is left as it is; so is every
// trace once the store is closed, or once a write to its file failed (a
// full disk): the store then keeps the traces it holds, pending ones in
// memory, and takes no more.
func (s *TraceStore) Keep(t *Trace) {
	if s == nil || t.store != nil || len(t.b) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.full != nil || s.closed {
		return
	}
	at := s.written + int64(len(s.pending))
	s.pending = append(s.pending, t.b...)
	if len(s.pending) >= pendingBytes {
		if _, err := s.f.WriteAt(s.pending, s.written); err != nil {
			s.full = fmt.Errorf("%w: writing it: %v", ErrTraceStore, err)
			s.pending = s.pending[:len(s.pending)-len(t.b)]
			return
		}
		s.written += int64(len(s.pending))
		s.pending = s.pending[:0]
		if cap(s.pending) > 2*pendingBytes {
			// A long trace made it grow: not kept for the rest.
			s.pending = make([]byte, 0, pendingBytes)
		}
	}
	t.store, t.at, t.size, t.b = s, at, len(t.b), nil
}

// read returns the size bytes kept at at, in buf's storage when it has
// room; nil when the store failed.
func (s *TraceStore) read(buf []byte, at int64, size int) []byte {
	if cap(buf) < size {
		buf = make([]byte, size)
	}
	buf = buf[:size]
	s.mu.Lock()
	switch {
	case s.closed:
		if s.err == nil {
			s.err = fmt.Errorf("%w: a trace read after the store was closed", ErrTraceStore)
		}
		s.mu.Unlock()
		return nil
	case at >= s.written:
		copy(buf, s.pending[at-s.written:])
		s.mu.Unlock()
		return buf
	}
	s.mu.Unlock()
	if _, err := s.f.ReadAt(buf, at); err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = fmt.Errorf("%w: reading it: %v", ErrTraceStore, err)
		}
		s.mu.Unlock()
		return nil
	}
	return buf
}

// Err is the first error that kept a trace from being read, nil if none:
// a caller that read traces from the store checks it before it trusts
// what it made of them.
func (s *TraceStore) Err() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Full is why the store stopped taking traces (a write to its file
// failed: a full disk), nil if it did not: the traces kept since are in
// memory, which the size checks did not count.
func (s *TraceStore) Full() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.full
}

// Size is the bytes of traces kept, in the file and pending.
func (s *TraceStore) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.written + int64(len(s.pending))
}

// Close closes (and removes) the store's file: the traces kept in it
// cannot be read after.
func (s *TraceStore) Close() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed, s.pending = true, nil
	err := s.f.Close()
	if runtime.GOOS == "windows" {
		err = errors.Join(err, os.Remove(s.f.Name()))
	}
	return err
}

// traceBuffers are the buffers traces in a store are read into, one for
// each reader at a time.
var traceBuffers = sync.Pool{New: func() any { return new([]byte) }}
