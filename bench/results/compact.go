package results

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// journalName is the journal of a compaction of results.jsonl (see Open):
// a header (journalMagic, the file's size, where the chunk goes, its
// length, as big-endian int64s), the chunk, and a CRC-32 of all that.
const journalName = ".results.jsonl.compacting"

const (
	journalMagic  = "optbench"
	journalHeader = 32
)

// chunkSize is how much of results.jsonl a compaction moves at a time
// (one line, if a line is longer): the free space it needs. A variable for
// the tests.
var chunkSize int64 = 8 << 20

// settle moves to AsideFile the lines that spans (every record of f, in
// file order) set aside and the lines between them that are not records,
// drops the others not kept, and leaves f holding only the kept lines in
// their order, changed in place (see Open). size is f's size.
func settle(f *os.File, dir string, size int64, spans []span, t *tally) error {
	as := &asideWriter{path: filepath.Join(dir, AsideFile)}
	defer as.close() // on an error; a no-op after the close below
	var pos int64
	for _, s := range spans {
		if s.at[0] > pos {
			if err := copyUnread(f, pos, s.at[0], as, t); err != nil {
				return err
			}
		}
		if s.do == aside {
			if _, err := io.Copy(as, io.NewSectionReader(f, s.at[0], s.at[1]-s.at[0])); err != nil {
				return err
			}
		}
		pos = s.at[1]
	}
	if pos < size {
		// The last line, if not ended by a newline, is cut short: dropped.
		end, err := lastNewline(f, pos, size)
		if err != nil {
			return err
		}
		if end < size {
			t.add(cutShort, "")
		}
		if err := copyUnread(f, pos, end, as, t); err != nil {
			return err
		}
	}
	// What is set aside is on disk before results.jsonl loses it.
	if err := as.close(); err != nil {
		return err
	}
	var kept [][2]int64
	var total int64
	prefix := true
	for _, s := range spans {
		if s.do == keep {
			prefix = prefix && s.at[0] == total
			kept = append(kept, s.at)
			total += s.at[1] - s.at[0]
		}
	}
	switch {
	case total == size:
		return nil
	case prefix:
		return f.Truncate(total)
	}
	return compact(f, filepath.Join(dir, journalName), size, kept)
}

// lastNewline is the offset just past the last newline of f in [from, to),
// from if there is none.
func lastNewline(f *os.File, from, to int64) (int64, error) {
	buf := make([]byte, 1<<16)
	for end := to; end > from; {
		start := max(from, end-int64(len(buf)))
		b := buf[:end-start]
		if _, err := f.ReadAt(b, start); err != nil {
			return 0, err
		}
		if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			return start + int64(i) + 1, nil
		}
		end = start
	}
	return from, nil
}

// copyUnread copies the lines of f in [from, to), which are not records
// (ReadResults reported them) and end with a newline, to as, but for
// blank lines, which it drops; it counts both in t. Memory is bounded
// however long a line is.
func copyUnread(f *os.File, from, to int64, as io.Writer, t *tally) error {
	const maxPending = 1 << 16
	br := bufio.NewReaderSize(io.NewSectionReader(f, from, to-from), 1<<16)
	var pending []byte // the start of a line, blank so far
	copying := false   // the line is not blank: it is being copied
	for {
		chunk, err := br.ReadSlice('\n')
		if len(chunk) > 0 {
			if !copying && len(bytes.TrimSpace(chunk)) == 0 && len(pending) < maxPending {
				pending = append(pending, chunk...)
			} else {
				if !copying {
					if _, err := as.Write(pending); err != nil {
						return err
					}
					copying = true
				}
				if _, err := as.Write(chunk); err != nil {
					return err
				}
			}
			if chunk[len(chunk)-1] == '\n' {
				if copying {
					t.add(unreadable, "")
				} else {
					t.add(blank, "")
				}
				pending, copying = pending[:0], false
			}
		}
		switch err {
		case nil, bufio.ErrBufferFull:
		case io.EOF:
			return nil
		default:
			return err
		}
	}
}

// asideWriter appends to AsideFile, which it opens at the first write,
// through a buffer: ten million short junk lines are not ten million
// writes.
type asideWriter struct {
	path string
	f    *os.File
	w    *bufio.Writer
}

func (a *asideWriter) Write(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	if a.f == nil {
		if fi, err := os.Lstat(a.path); err == nil && !fi.Mode().IsRegular() {
			return 0, fmt.Errorf("%s is not a regular file: remove it, so that the lines set aside can go there", a.path)
		}
		f, err := os.OpenFile(a.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return 0, err
		}
		a.f, a.w = f, bufio.NewWriterSize(f, 1<<16)
	}
	return a.w.Write(b)
}

// close writes out, syncs and closes the file, if it was opened.
func (a *asideWriter) close() error {
	if a.f == nil {
		return nil
	}
	err := a.w.Flush()
	if err == nil {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	a.f = nil
	return err
}

// compact moves the kept spans of f (in file order, not all in place)
// down to follow each other from the first out of place, through the
// journal at path, and cuts f after them. size is f's size.
func compact(f *os.File, path string, size int64, kept [][2]int64) error {
	var dst int64
	i := 0
	for i < len(kept) && kept[i][0] == dst {
		dst = kept[i][1]
		i++
	}
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		if err := os.Remove(path); err != nil {
			return err
		}
	}
	j, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer j.Close()
	for i < len(kept) {
		k, n := i, int64(0)
		for k < len(kept) && (k == i || n+kept[k][1]-kept[k][0] <= chunkSize) {
			n += kept[k][1] - kept[k][0]
			k++
		}
		if err := writeJournal(j, f, size, dst, n, kept[i:k]); err != nil {
			return err
		}
		if _, err := io.Copy(io.NewOffsetWriter(f, dst), io.NewSectionReader(j, journalHeader, n)); err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
		dst += n
		i = k
	}
	// Cut first: a journal left beside a file of another size is
	// discarded (see redoJournal).
	if err := f.Truncate(dst); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	j.Close()
	return os.Remove(path)
}

// writeJournal writes the journal of moving spans (n bytes in all) of f,
// of size size, to dst, and syncs it.
func writeJournal(j, f *os.File, size, dst, n int64, spans [][2]int64) error {
	if err := j.Truncate(0); err != nil {
		return err
	}
	h := crc32.NewIEEE()
	w := io.MultiWriter(io.NewOffsetWriter(j, 0), h)
	header := make([]byte, journalHeader)
	copy(header, journalMagic)
	binary.BigEndian.PutUint64(header[8:], uint64(size))
	binary.BigEndian.PutUint64(header[16:], uint64(dst))
	binary.BigEndian.PutUint64(header[24:], uint64(n))
	if _, err := w.Write(header); err != nil {
		return err
	}
	ow := io.MultiWriter(io.NewOffsetWriter(j, journalHeader), h)
	for _, s := range spans {
		if _, err := io.Copy(ow, io.NewSectionReader(f, s[0], s[1]-s[0])); err != nil {
			return err
		}
	}
	if _, err := j.WriteAt(binary.BigEndian.AppendUint32(nil, h.Sum32()), journalHeader+n); err != nil {
		return err
	}
	return j.Sync()
}

// redoJournal finishes the chunk of a compaction of results that a killed
// resume left in dir's journal, if it is whole and of that file as it is
// now, and removes the journal; note says so when it did.
func redoJournal(dir, results string) (note string, err error) {
	path := filepath.Join(dir, journalName)
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if fi.Mode().IsRegular() {
		if note, err = redo(path, fi.Size(), results); err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
	}
	return note, os.Remove(path)
}

func redo(path string, jsize int64, results string) (note string, err error) {
	j, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer j.Close()
	header := make([]byte, journalHeader)
	if _, err := io.ReadFull(j, header); err != nil || string(header[:8]) != journalMagic {
		return "", nil // cut short before it was whole: the file was not touched
	}
	size, dst, n := int64(binary.BigEndian.Uint64(header[8:])), int64(binary.BigEndian.Uint64(header[16:])), int64(binary.BigEndian.Uint64(header[24:]))
	if n < 0 || dst < 0 || size < 0 || jsize != journalHeader+n+4 || dst > size-n {
		return "", nil
	}
	h := crc32.NewIEEE()
	h.Write(header)
	if _, err := io.Copy(h, io.NewSectionReader(j, journalHeader, n)); err != nil {
		return "", err
	}
	sum := make([]byte, 4)
	if _, err := j.ReadAt(sum, journalHeader+n); err != nil || binary.BigEndian.Uint32(sum) != h.Sum32() {
		return "", nil
	}
	rfi, err := os.Lstat(results)
	if err != nil || !rfi.Mode().IsRegular() || rfi.Size() != size {
		return "", nil // not the file it was written for
	}
	f, err := os.OpenFile(results, os.O_RDWR, 0)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := io.Copy(io.NewOffsetWriter(f, dst), io.NewSectionReader(j, journalHeader, n)); err != nil {
		return "", err
	}
	if err := f.Sync(); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s: moved the lines that a resume killed while it moved them had left half moved", results), nil
}
