//go:build !unix && !windows

package results

import "fmt"

// lockPath gives no lock: this system (Plan 9, WebAssembly) has no file
// lock that its kernel releases when a process dies, and a lock file that
// outlived its process would block the directory for good. The directory
// is written unprotected, and the lock's note says so.
func lockPath(dir, path string) (*dirLock, error) {
	return &dirLock{path: path, note: fmt.Sprintf("%s: this system gives no file locks: another process writing this directory at the same time would not be noticed", dir)}, nil
}

// Held is always nil here: no lock is ever taken.
func Held(dir string) *LockedError { return nil }
