//go:build unix

package results

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockTries and lockPause bound how long lockPath waits for a lock that is
// held: a report's probe (Held) holds it for microseconds, and a holder
// that has just taken it has not yet written its pid. A sweep holds it for
// its whole run, so after about 100 ms the answer is that it is held.
const (
	lockTries = 10
	lockPause = 10 * time.Millisecond
)

// lockPath takes an exclusive flock on path (created if missing) for dir.
// flock locks are released by the kernel when the process ends, and work
// across the machines of a cluster on NFS (Linux emulates them with NFS
// byte-range locks). A file system that gives no locks (some Lustre mounts,
// old NFS servers) is written without one, and the lock says so in its
// note.
func lockPath(dir, path string) (*dirLock, error) {
	for try := 1; ; try++ {
		// O_NOFOLLOW: a link planted at the name is not followed;
		// O_NONBLOCK: a named pipe there does not block the open.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o644)
		if errors.Is(err, syscall.ELOOP) {
			return nil, fmt.Errorf("%s is a link: remove it (optbench locks the directory through a file of that name)", path)
		}
		if err != nil {
			return nil, fmt.Errorf("locking %s: %w", dir, err)
		}
		fi, err := f.Stat()
		if err == nil && !fi.Mode().IsRegular() {
			err = fmt.Errorf("%s is not a regular file: remove it (optbench locks the directory through a file of that name)", path)
		}
		if err != nil {
			f.Close()
			return nil, err
		}
		err = flock(f, syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case errors.Is(err, syscall.EWOULDBLOCK):
			pid, host := readHolder(f)
			f.Close()
			if try < lockTries {
				time.Sleep(lockPause)
				continue
			}
			return nil, &LockedError{Dir: dir, PID: pid, Host: host}
		case errors.Is(err, syscall.ENOLCK), errors.Is(err, syscall.EOPNOTSUPP), errors.Is(err, syscall.ENOSYS), errors.Is(err, syscall.EINVAL):
			f.Close()
			return &dirLock{path: path, note: fmt.Sprintf("%s: the file system gives no file locks (%v): another process writing this directory at the same time would not be noticed", dir, err)}, nil
		case err != nil:
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", dir, err)
		}
		// The holder before us removes the file before it lets go: if it
		// did so after we opened it, our lock is on a file no one else
		// will open. Take the one at the name now.
		if now, err := os.Lstat(path); err != nil || !os.SameFile(fi, now) {
			f.Close()
			if try < 2*lockTries {
				continue
			}
			return nil, fmt.Errorf("locking %s: %s keeps changing", dir, filepath.Base(path))
		}
		if err := syscall.SetNonblock(int(f.Fd()), false); err != nil {
			f.Close()
			return nil, err
		}
		if err := writeHolder(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", dir, err)
		}
		return &dirLock{f: f, path: path}, nil
	}
}

// flock is flock(2) on f, retried when a signal interrupts it.
func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}

// Held is the holder of dir's lock while a process holds it, nil when
// none does (or dir has no lock file). It takes no lock that a writer
// could notice for longer than an instant: a shared lock tried without
// waiting and released at once, which a writer that tries at that instant
// waits out (see lockTries).
func Held(dir string) *LockedError {
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	switch err := flock(f, syscall.LOCK_SH|syscall.LOCK_NB); {
	case err == nil:
		flock(f, syscall.LOCK_UN)
		return nil
	case errors.Is(err, syscall.EWOULDBLOCK):
		pid, host := readHolder(f)
		return &LockedError{Dir: dir, PID: pid, Host: host}
	}
	return nil
}
