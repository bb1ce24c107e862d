//go:build windows

package results

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/windows"
)

const (
	lockTries = 10
	lockPause = 10 * time.Millisecond
)

// lockOffset is where the locked byte lies: far past the holder's line,
// since Windows locks are mandatory and a locked byte cannot be read.
const lockOffset = 1 << 40

// lockPath takes a LockFileEx lock on a byte of path (created if
// missing), which Windows releases when the process ends. Windows does not
// let a file open elsewhere be replaced as unix does, so the race that
// lock_unix.go guards against by checking the name again is not checked
// here; the file's removal at Close is best effort.
func lockPath(dir, path string) (*dirLock, error) {
	for try := 1; ; try++ {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("locking %s: %w", dir, err)
		}
		if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
			f.Close()
			return nil, fmt.Errorf("%s is not a regular file: remove it (optbench locks the directory through a file of that name)", path)
		}
		err = lockByte(f, windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY)
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
			pid, host := readHolder(f)
			f.Close()
			if try < lockTries {
				time.Sleep(lockPause)
				continue
			}
			return nil, &LockedError{Dir: dir, PID: pid, Host: host}
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", dir, err)
		}
		if err := writeHolder(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", dir, err)
		}
		return &dirLock{f: f, path: path}, nil
	}
}

func lockByte(f *os.File, flags uint32) error {
	ol := new(windows.Overlapped)
	ol.OffsetHigh = lockOffset >> 32
	return windows.LockFileEx(windows.Handle(f.Fd()), flags, 0, 1, 0, ol)
}

// Held is the holder of dir's lock while a process holds it, nil when
// none does: a shared lock tried without waiting and released at once.
func Held(dir string) *LockedError {
	f, err := os.Open(filepath.Join(dir, LockFile))
	if err != nil {
		return nil
	}
	defer f.Close()
	err = lockByte(f, windows.LOCKFILE_FAIL_IMMEDIATELY)
	if err == nil {
		ol := new(windows.Overlapped)
		ol.OffsetHigh = lockOffset >> 32
		windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
		return nil
	}
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		pid, host := readHolder(f)
		return &LockedError{Dir: dir, PID: pid, Host: host}
	}
	return nil
}
