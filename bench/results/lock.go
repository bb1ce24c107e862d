package results

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// LockFile is the name of the lock file in a sweep's directory. A process
// that writes the directory (Open, CreateOutput) holds an exclusive lock
// on it from before it reads or changes anything there until Output.Close,
// and writes into it one line, "PID HOST", so that a second process can
// say who holds it. The lock is the operating system's on the open file
// (flock on unix, LockFileEx on Windows), not the file's existence: the
// kernel releases it when its process ends in any way, kill -9 included,
// so a lock file left by a dead process blocks nothing (the next process
// takes the lock and writes its own pid). Close removes the file while
// it still holds the lock.
const LockFile = "sweep.lock"

// LockedError is the error of a directory that another process is
// writing: it holds the directory's lock. PID and Host are what the holder
// wrote in LockFile (0 and "" when it could not be read).
type LockedError struct {
	Dir  string
	PID  int
	Host string
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("%s is being written by another optbench (%s): wait for it to end, or choose another directory", e.Dir, e.holder())
}

// holder says who holds the lock, as well as is known.
func (e *LockedError) holder() string {
	switch {
	case e.PID == 0:
		return "pid unknown"
	case e.Host == "":
		return "pid " + strconv.Itoa(e.PID)
	}
	return "pid " + strconv.Itoa(e.PID) + " on " + e.Host
}

// Writing says, as one line, that a sweep's directory is still being
// written: the process that holds e's lock is running.
func (e *LockedError) Writing() string {
	return fmt.Sprintf("%s is still being written (its %s is held by %s): its runs are those finished so far", e.Dir, LockFile, e.holder())
}

// dirLock is a directory's lock, held.
type dirLock struct {
	f    *os.File // nil when the system gave no lock (see note)
	path string
	// note says why no lock is held, when the file system or the system
	// has none to give; the directory is then written unprotected.
	note string
}

// holderLine is what the holder writes into LockFile.
func holderLine() []byte {
	host, _ := os.Hostname()
	if !saneHost(host) {
		host = ""
	}
	return []byte(strings.TrimSpace(strconv.Itoa(os.Getpid())+" "+host) + "\n")
}

// writeHolder replaces f's content by holderLine: written first, then the
// file cut to its length, so that a reader never sees it empty once a
// holder has written it.
func writeHolder(f *os.File) error {
	b := holderLine()
	if _, err := f.WriteAt(b, 0); err != nil {
		return err
	}
	return f.Truncate(int64(len(b)))
}

// readHolder reads the pid and host a holder wrote into f. The file is
// anyone's to write, so what it says is taken only when it is a pid and a
// host name of plain characters (nothing of it reaches a terminal raw).
func readHolder(f *os.File) (pid int, host string) {
	b := make([]byte, 256)
	n, err := f.ReadAt(b, 0)
	if err != nil && err != io.EOF {
		return 0, ""
	}
	first, _, _ := strings.Cut(string(b[:n]), "\n")
	fields := strings.Fields(first)
	if len(fields) == 0 || len(fields) > 2 {
		return 0, ""
	}
	pid, err = strconv.Atoi(fields[0])
	if err != nil || pid <= 0 {
		return 0, ""
	}
	if len(fields) == 2 && saneHost(fields[1]) {
		host = fields[1]
	}
	return pid, host
}

// saneHost reports whether s is a host name of letters, digits, '.', '-'
// and '_', at most 255 of them.
func saneHost(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for _, c := range s {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// lockDir takes dir's lock, or fails at once with a *LockedError when
// another process holds it.
func lockDir(dir string) (*dirLock, error) {
	return lockPath(dir, filepath.Join(dir, LockFile))
}

// unlock removes the lock file and releases the lock. The file goes first,
// while the lock is still held: a process that opened it meanwhile finds
// that its lock is on a file no longer there, and opens it again.
func (l *dirLock) unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := os.Remove(l.path)
	cerr := l.f.Close()
	l.f = nil
	if err != nil && runtime.GOOS == "windows" {
		err = os.Remove(l.path) // Windows removes no file open elsewhere
	}
	if errors.Is(err, fs.ErrNotExist) {
		err = nil // someone removed it: the lock was ours all the same
	}
	if err == nil {
		err = cerr
	}
	return err
}
