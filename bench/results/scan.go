package results

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"unsafe"
)

// scanResults reads the records of a results file, calling keep with each
// record in the order of the file's lines (an error of keep ends the
// reading and is returned) and bad with each line that could not be read,
// in that same order. keep and bad are called on the caller's goroutine,
// one at a time.
//
// The lines are decoded on one goroutine per CPU while the next are read:
// decoding is most of a report's reading. What is read but not yet kept
// is bounded: at most inFlightBytes of lines and their slots (lineCost
// each, so that a file of empty lines costs no more), or one longer line
// alone, besides the line being read. What keep keeps is the caller's.
// When scanResults returns, it has stopped reading r.
func scanResults(r io.Reader, file string, keep func(Record) error, bad func(*LineError)) error {
	s := newScan()
	var wg sync.WaitGroup
	wg.Go(func() { s.read(r) })
	for range max(runtime.GOMAXPROCS(0), 1) {
		wg.Go(s.decode)
	}
	defer wg.Wait()
	defer close(s.stop) // ends the reader, and with it the decoders
	for bt := range s.order {
		<-bt.decoded
		for i := range bt.lines {
			l := &bt.lines[i]
			if l.err != nil {
				bad(&LineError{file, l.number, l.err})
				continue
			}
			if err := keep(l.rec); err != nil {
				return err
			}
			l.rec = Record{} // the batch goes back to be filled again
		}
		if bt.readErr != nil {
			return fmt.Errorf("%s:%d: %w", file, bt.readErrLine, bt.readErr)
		}
		s.release(bt)
	}
	return nil
}

// batchBytes is about how many bytes a batch holds, its lines' and their
// slots' (a line longer than this is a batch alone), and inFlightBytes the
// most bytes in batches read but not yet kept: the decoders of a 2-core
// machine have about 128 batches to go on with, and a long line does not
// add to what MaxResultLine already allows. lineCost is a line's slot
// (its record, decoded).
const (
	batchBytes    = 256 << 10
	inFlightBytes = 32 << 20
	tokens        = inFlightBytes / batchBytes
	lineCost      = int(unsafe.Sizeof(scannedLine{}))
)

// scan is the state shared by scanResults' reader, its decoders and its
// caller.
type scan struct {
	work  chan *batch   // to the decoders
	order chan *batch   // to the caller, in the file's order
	spent chan struct{} // a token for each batchBytes in flight
	free  chan *batch   // batches kept, to be filled again
	stop  chan struct{} // closed when the caller stops reading
}

func newScan() *scan {
	return &scan{
		work:  make(chan *batch, tokens),
		order: make(chan *batch, tokens),
		spent: make(chan struct{}, tokens),
		free:  make(chan *batch, tokens),
		stop:  make(chan struct{}),
	}
}

// batch is a run of consecutive lines of the file.
type batch struct {
	buf         []byte        // the lines' bytes, one after the other
	lines       []scannedLine // in the file's order
	readErr     error         // an error of the reader after the lines, which ends the reading
	decoded     chan struct{} // closed when every line is decoded
	tokens      int           // the tokens of spent it holds
	readErrLine int           // the line at which the reader failed
}

// scannedLine is one line of a batch: a record, or the error that keeps
// it from being one.
type scannedLine struct {
	number     int
	start, end int   // its bytes in the batch's buf; start == end for a line not decoded
	err        error // set by the reader (too long, cut short, empty) or the decoder
	rec        Record
}

// read reads the lines of r into batches, sending each to the decoders and
// to the caller, until the end of r, an error, or stop.
func (s *scan) read(r io.Reader) {
	defer close(s.work)
	defer close(s.order)
	br := bufio.NewReaderSize(r, 1<<16)
	var offset int64
	bt := s.newBatch()
	for number := 1; ; number++ {
		start := len(bt.buf)
		b, n, err := readLine(br, bt.buf[start:])
		bt.buf = appendLine(bt.buf, b)
		if n == 0 && err == io.EOF {
			break
		}
		l := scannedLine{number: number, start: start, end: start}
		switch {
		case errors.Is(err, ErrLineTooLong):
			l.err = err
			bt.buf = bt.buf[:start]
		case err != nil && err != io.EOF:
			bt.readErr, bt.readErrLine = err, number
			bt.buf = bt.buf[:start]
		case err == io.EOF:
			l.err = ErrCutShort
		case len(bytes.TrimSpace(b)) == 0:
			l.err = errEmptyLine
		default:
			l.end = len(bt.buf)
			l.rec.span = [2]int64{offset, offset + n}
			l.rec.line = number
		}
		offset += n
		if bt.readErr == nil {
			bt.lines = append(bt.lines, l)
		}
		if err != nil && err != ErrLineTooLong || bt.weight() >= batchBytes {
			if !s.send(bt) || err != nil && err != ErrLineTooLong {
				return
			}
			bt = s.newBatch()
		}
	}
	s.send(bt)
}

// weight is the bytes the batch holds: its lines' and their slots'.
func (bt *batch) weight() int { return len(bt.buf) + lineCost*len(bt.lines) }

// appendLine is buf with line after it, where readLine read line into
// the room after buf's length (copied when it outgrew it).
func appendLine(buf, line []byte) []byte {
	if len(line) == 0 {
		return buf
	}
	if end := len(buf) + len(line); end <= cap(buf) && &buf[:end][len(buf)] == &line[0] {
		return buf[:end]
	}
	return append(buf, line...)
}

// newBatch is an empty batch, one the caller is done with if any.
func (s *scan) newBatch() *batch {
	select {
	case bt := <-s.free:
		bt.buf, bt.lines = bt.buf[:0], bt.lines[:0]
		bt.decoded = make(chan struct{})
		return bt
	default:
		return &batch{decoded: make(chan struct{})}
	}
}

// send takes bt's tokens, one for each batchBytes of its lines (all of
// them for a longer batch: it is then alone in flight), and hands bt on;
// false when the caller stopped reading first.
func (s *scan) send(bt *batch) bool {
	bt.tokens = min(max(1, (bt.weight()+batchBytes-1)/batchBytes), tokens)
	for range bt.tokens {
		select {
		case s.spent <- struct{}{}:
		case <-s.stop:
			return false
		}
	}
	// work and order have room for every batch that holds a token.
	s.work <- bt
	s.order <- bt
	return true
}

// release gives back bt's tokens, and bt to be filled again unless it is
// large (a line longer than batchBytes is not kept in memory after it is
// done with).
func (s *scan) release(bt *batch) {
	for range bt.tokens {
		<-s.spent
	}
	if cap(bt.buf) > 2*batchBytes || lineCost*cap(bt.lines) > 2*batchBytes {
		return
	}
	select {
	case s.free <- bt:
	default:
	}
}

// decode decodes the lines of each batch it is handed, until the reader
// is done; once the caller has stopped reading, it only passes the
// batches on.
func (s *scan) decode() {
	for bt := range s.work {
		select {
		case <-s.stop:
			close(bt.decoded)
			continue
		default:
		}
		for i := range bt.lines {
			l := &bt.lines[i]
			if l.err != nil || l.start == l.end {
				continue
			}
			rec, err := decodeRecord(bt.buf[l.start:l.end])
			if err != nil {
				l.err = err
				continue
			}
			rec.span, rec.line = l.rec.span, l.rec.line
			rec.canonicalize()
			l.rec = rec
		}
		close(bt.decoded)
	}
}
