package results

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"
)

// TestScanResultsInOrder checks scanResults against reading one line at a
// time (scanSerial, what it did before it decoded on several goroutines):
// the same records and bad lines, in the same order, with the same line
// numbers and spans, over many batches; and the same when keep or the
// reader fails part of the way.
func TestScanResultsInOrder(t *testing.T) {
	var file bytes.Buffer
	runs := runAll(t, testSweep(t, nil))
	for i := 0; file.Len() < 5*batchBytes; i++ {
		switch i % 7 {
		case 3:
			file.WriteString("not json\n")
		case 5:
			file.WriteString("  \n")
		default:
			file.Write(AppendJSON(nil, runs[i%len(runs)]))
		}
	}
	file.WriteString(`{"run_id":"cut/short"`) // no newline: the last line, cut short
	data := file.Bytes()

	type failing struct {
		name    string
		reader  func() io.Reader
		keepErr int // the record at which keep fails; 0 for none
	}
	for _, tc := range []failing{
		{"whole", func() io.Reader { return bytes.NewReader(data) }, 0},
		{"one byte a read", func() io.Reader { return iotest.OneByteReader(bytes.NewReader(data)) }, 0},
		{"keep fails", func() io.Reader { return bytes.NewReader(data) }, 300},
		{"keep fails at once", func() io.Reader { return bytes.NewReader(data) }, 1},
		{"reader fails", func() io.Reader {
			return io.MultiReader(bytes.NewReader(data[:3*batchBytes+100]), iotest.ErrReader(errors.New("disk gone")))
		}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, wantErr := events(tc.reader(), tc.keepErr, scanSerial)
			have, haveErr := events(tc.reader(), tc.keepErr, scanResults)
			if fmt.Sprint(haveErr) != fmt.Sprint(wantErr) {
				t.Errorf("error %v, want %v", haveErr, wantErr)
			}
			if len(want) < 100 && tc.keepErr != 1 {
				t.Fatalf("only %d events: the test reads too little", len(want))
			}
			if !reflect.DeepEqual(have, want) {
				t.Errorf("%d events, want %d", len(have), len(want))
				for i := range min(len(have), len(want)) {
					if have[i] != want[i] {
						t.Fatalf("event %d: %s, want %s", i, have[i], want[i])
					}
				}
			}
		})
	}
}

// events is what scan calls keep and bad with on r, one string each; keep
// fails at its keepErr-th record (from 1; 0: never).
func events(r io.Reader, keepErr int, scan func(io.Reader, string, func(Record) error, func(*LineError)) error) ([]string, error) {
	var out []string
	kept := 0
	err := scan(r, "f.jsonl", func(rec Record) error {
		kept++
		if kept == keepErr {
			return errors.New("keep fails")
		}
		out = append(out, fmt.Sprintf("record %d %v %s %s %d %g", rec.line, rec.span, rec.RunID, rec.Method, len(rec.Trace), rec.Fun))
		return nil
	}, func(le *LineError) { out = append(out, "bad "+le.Error()) })
	return out, err
}

// scanSerial is scanResults as it was, one line read and decoded at a
// time, for TestScanResultsInOrder.
func scanSerial(r io.Reader, file string, keep func(Record) error, bad func(*LineError)) error {
	br := bufio.NewReaderSize(r, 1<<16)
	var offset int64
	var buf []byte
	for line := 1; ; line++ {
		b, n, err := readLine(br, buf[:0])
		buf = b
		if n == 0 && err == io.EOF {
			return nil
		}
		if errors.Is(err, ErrLineTooLong) {
			bad(&LineError{file, line, err})
			offset += n
			continue
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("%s:%d: %w", file, line, err)
		}
		complete := err == nil
		switch {
		case !complete:
			bad(&LineError{file, line, ErrCutShort})
		case len(bytes.TrimSpace(b)) == 0:
			bad(&LineError{file, line, errEmptyLine})
		default:
			rec, rerr := decodeRecord(b)
			if rerr != nil {
				bad(&LineError{file, line, rerr})
				break
			}
			rec.span = [2]int64{offset, offset + int64(len(b))}
			rec.line = line
			rec.canonicalize()
			if err := keep(rec); err != nil {
				return err
			}
		}
		offset += int64(len(b))
		if !complete {
			return nil
		}
	}
}

// TestScanResultsLongLines: lines longer than a batch, and past
// MaxResultLine, among short ones, are read in order.
func TestScanResultsLongLines(t *testing.T) {
	runs := runAll(t, testSweep(t, nil))
	short := string(AppendJSON(nil, runs[0]))
	long := `{"run_id":"x","method":"m","message":"` + strings.Repeat("a", 3*batchBytes) + "\"}\n"
	r := io.MultiReader(strings.NewReader(short+long+short),
		strings.NewReader(`{"run_id":"`), &repeat{c: 'a', n: MaxResultLine}, strings.NewReader("\"}\n"+short))
	var have []string
	err := scanResults(r, "f", func(rec Record) error {
		have = append(have, fmt.Sprintf("%d %v", rec.line, rec.span))
		return nil
	}, func(le *LineError) { have = append(have, le.Error()) })
	n, l := int64(len(short)), int64(len(long))
	want := []string{
		fmt.Sprintf("1 [0 %d]", n),
		fmt.Sprintf("f:2: a record that does not fit: message is %d bytes long, at most %d", 3*batchBytes, maxMessage),
		fmt.Sprintf("3 [%d %d]", n+l, 2*n+l),
		"f:4: " + ErrLineTooLong.Error(),
		fmt.Sprintf("5 [%d %d]", 2*n+l+int64(len(`{"run_id":"`)+MaxResultLine+3), 3*n+l+int64(len(`{"run_id":"`)+MaxResultLine+3)),
	}
	if err != nil || !reflect.DeepEqual(have, want) {
		t.Errorf("%v:\n%q\nwant\n%q", err, have, want)
	}
}

// TestScanResultsShortLinesMemory: a file of empty lines (a million
// slots, each a decoded record's room) holds no more memory in flight
// than one of long lines: the slots count against the bound too.
func TestScanResultsShortLinesMemory(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	data := bytes.Repeat([]byte{'\n'}, 1<<24)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
		}
	})
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	err := scanResults(bytes.NewReader(data), "f", func(Record) error { return nil }, func(*LineError) { n++ })
	close(stop)
	wg.Wait()
	if err != nil || n != 1<<24 {
		t.Fatalf("%v, %d bad lines", err, n)
	}
	if grew := int64(peak.Load()) - int64(before.HeapAlloc); grew > 3*inFlightBytes {
		t.Errorf("the heap grew by %d MiB reading %d MiB of empty lines, more than 3 times the %d MiB in flight", grew>>20, len(data)>>20, inFlightBytes>>20)
	}
}

// countingReader counts its reads, atomically.
type countingReader struct {
	r     io.Reader
	reads atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	c.reads.Add(1)
	return c.r.Read(p)
}

// TestScanResultsStopsReading: when keep fails, scanResults returns having
// stopped reading: no read of r after it.
func TestScanResultsStopsReading(t *testing.T) {
	runs := runAll(t, testSweep(t, nil))
	var file bytes.Buffer
	for file.Len() < 8*batchBytes {
		file.Write(AppendJSON(nil, runs[file.Len()%len(runs)]))
	}
	r := &countingReader{r: iotest.OneByteReader(bytes.NewReader(file.Bytes()))}
	want := errors.New("keep fails")
	if err := scanResults(r, "f", func(Record) error { return want }, func(*LineError) {}); err != want {
		t.Fatalf("%v, want keep's error", err)
	}
	n := r.reads.Load()
	time.Sleep(50 * time.Millisecond)
	if m := r.reads.Load(); m != n {
		t.Errorf("%d reads after scanResults returned", m-n)
	}
}
