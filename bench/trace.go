package bench

import (
	"encoding/binary"
	"iter"
	"math"
	"time"

	"github.com/optbench/optbench/solvers"
)

// Trace is a run's trace kept compactly, without loss: each row's
// iteration, time and counts as varint differences from the row before
// (a byte or two each), its f and gradient norm as their 8 bytes of
// IEEE bits. A row takes 21-27 bytes (at most 66), where a
// solvers.TracePoint takes 80 (and a sweep keeps every run's trace until
// its analysis: most of what a large sweep holds). The rows' vectors (Options.TraceX), when
// there are any, are kept as they are. The zero Trace has no rows.
type Trace struct {
	rows int
	b    []byte      // the rows; nil when they are in store
	x    [][]float64 // each row's X; nil when no row has one
	// store, when not nil, holds the rows instead of b: size bytes at at
	// (TraceStore.Keep).
	store *TraceStore
	at    int64
	size  int
}

// CompactTrace is tr kept as a Trace.
func CompactTrace(tr []solvers.TracePoint) Trace {
	if len(tr) == 0 {
		return Trace{}
	}
	t := Trace{rows: len(tr)}
	// Two passes, the first for the size: the buffer is made once, of
	// exactly what is kept, while the trace it comes from is still held.
	size := 0
	var prev solvers.TracePoint
	for _, p := range tr {
		size += varintLen(int64(p.Iter-prev.Iter)) + varintLen(int64(p.Time-prev.Time)) +
			varintLen(int64(p.Nfev-prev.Nfev)) + varintLen(int64(p.Njev-prev.Njev)) + varintLen(int64(p.Nhev-prev.Nhev)) + 16
		prev = p
	}
	b := make([]byte, 0, size)
	prev = solvers.TracePoint{}
	for i, p := range tr {
		b = binary.AppendVarint(b, int64(p.Iter-prev.Iter))
		b = binary.AppendVarint(b, int64(p.Time-prev.Time))
		b = binary.AppendVarint(b, int64(p.Nfev-prev.Nfev))
		b = binary.AppendVarint(b, int64(p.Njev-prev.Njev))
		b = binary.AppendVarint(b, int64(p.Nhev-prev.Nhev))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.Fun))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.GradNorm))
		if p.X != nil {
			if t.x == nil {
				t.x = make([][]float64, len(tr))
			}
			t.x[i] = p.X
		}
		prev = p
	}
	t.b = b
	return t
}

// varintLen is the length of v as binary.AppendVarint writes it.
func varintLen(v int64) int {
	u := uint64(v) << 1 // zigzag, as binary.PutVarint
	if v < 0 {
		u = ^u
	}
	n := 1
	for ; u >= 0x80; u >>= 7 {
		n++
	}
	return n
}

// Len is the number of rows.
func (t Trace) Len() int { return t.rows }

// Bytes is about the memory the trace holds, its rows' vectors included
// (and not its rows when they are in a TraceStore).
func (t Trace) Bytes() int {
	n := cap(t.b) + 24*len(t.x)
	for _, x := range t.x {
		n += 8 * len(x)
	}
	return n
}

// All is the rows in order, each decoded as it is reached: a loop that
// stops early decodes no more, and none allocates. The rows' X are the
// trace's own: read-only.
func (t Trace) All() iter.Seq[solvers.TracePoint] {
	return func(yield func(solvers.TracePoint) bool) {
		c := cursor{t: t}
		if t.store != nil {
			buf := traceBuffers.Get().(*[]byte)
			defer traceBuffers.Put(buf)
			if c.t.b, *buf = t.load(*buf); c.t.b == nil {
				return
			}
		}
		for c.i < t.rows {
			c.next()
			if !yield(c.p) {
				return
			}
		}
	}
}

// load reads the rows of a trace in a store into buf's storage, and
// returns them (nil when the store failed: see TraceStore.Err) and the
// storage, for the next load to reuse.
func (t Trace) load(buf []byte) (rows, storage []byte) {
	rows = t.store.read(buf, t.at, t.size)
	if rows == nil {
		return nil, buf
	}
	return rows, rows
}

// cursor reads a trace's rows in order: p is the row last read, i the
// number read, at where the next begins.
type cursor struct {
	t     Trace
	p     solvers.TracePoint
	at, i int
}

// next reads the next row into c.p.
func (c *cursor) next() {
	b := c.t.b[c.at:]
	d, n := binary.Varint(b)
	c.p.Iter += int(d)
	b = b[n:]
	d, n = binary.Varint(b)
	c.p.Time += time.Duration(d)
	b = b[n:]
	d, n = binary.Varint(b)
	c.p.Nfev += int(d)
	b = b[n:]
	d, n = binary.Varint(b)
	c.p.Njev += int(d)
	b = b[n:]
	d, n = binary.Varint(b)
	c.p.Nhev += int(d)
	b = b[n:]
	c.p.Fun = math.Float64frombits(binary.LittleEndian.Uint64(b))
	c.p.GradNorm = math.Float64frombits(binary.LittleEndian.Uint64(b[8:]))
	c.p.X = nil
	if c.t.x != nil {
		c.p.X = c.t.x[c.i]
	}
	c.at, c.i = len(c.t.b)-len(b)+16, c.i+1
}

// Points appends the rows to dst[:0] and returns it: pass the last call's
// result to reuse its storage. The rows' X are the trace's own: read-only.
func (t Trace) Points(dst []solvers.TracePoint) []solvers.TracePoint {
	dst = dst[:0]
	if t.rows == 0 {
		return dst
	}
	c := cursor{t: t}
	if t.store != nil {
		buf := traceBuffers.Get().(*[]byte)
		defer traceBuffers.Put(buf)
		if c.t.b, *buf = t.load(*buf); c.t.b == nil {
			return dst
		}
	}
	if cap(dst) < t.rows {
		dst = make([]solvers.TracePoint, 0, t.rows)
	}
	for c.i < t.rows {
		c.next()
		dst = append(dst, c.p)
	}
	return dst
}

// TracePoints is the run's trace, Result.Trace or, once the trace is kept
// compactly (CompactTrace, as Execute and results.Load keep every run's),
// Trace's rows, in buf's storage: pass the last call's result to reuse it.
// It is always a copy, never Result.Trace itself, so that the next call
// cannot write over a run's trace. The rows' X are the run's: read-only.
func (r *Run) TracePoints(buf []solvers.TracePoint) []solvers.TracePoint {
	if r.Result.Trace != nil {
		return append(buf[:0], r.Result.Trace...)
	}
	return r.Trace.Points(buf)
}

// TraceRows is the run's trace row by row, without a copy: Result.Trace's
// rows, or its compact Trace's decoded one at a time (Trace.All). Read-only.
func (r *Run) TraceRows() iter.Seq[solvers.TracePoint] {
	if r.Result.Trace == nil {
		return r.Trace.All()
	}
	tr := r.Result.Trace
	return func(yield func(solvers.TracePoint) bool) {
		for _, p := range tr {
			if !yield(p) {
				return
			}
		}
	}
}

// TraceLen is the number of rows of the run's trace.
func (r *Run) TraceLen() int {
	if r.Result.Trace != nil {
		return len(r.Result.Trace)
	}
	return r.Trace.Len()
}

// CompactTrace keeps the run's trace compactly: Trace holds
// Result.Trace's rows, and Result.Trace is nil. Read the trace with
// TracePoints.
func (r *Run) CompactTrace() {
	if r.Result.Trace == nil {
		return
	}
	r.Trace = CompactTrace(r.Result.Trace)
	r.Result.Trace = nil
}
