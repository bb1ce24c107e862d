//go:build unix

package regular

import (
	"fmt"
	"os"
	"syscall"
)

// Open opens a file for reading, refusing anything but a
// regular file. O_NONBLOCK makes opening a FIFO return at once instead of
// waiting for a writer, so the refusal comes before any wait; the check is
// on the open file, so a file swapped in between cannot slip through.
func Open(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: not a regular file (%s)", name, kind(fi.Mode()))
	}
	// Reads from a regular file do not block; clear the flag anyway.
	if err := syscall.SetNonblock(int(f.Fd()), false); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
