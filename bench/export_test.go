package bench

// TraceRowBytes is what the size check counts for one trace row.
const TraceRowBytes = traceRowBytes

// TraceSlack is the bytes t's buffer holds past its rows: none.
func TraceSlack(t Trace) int { return cap(t.b) - len(t.b) }

// Stored says whether t's rows are in a TraceStore.
func Stored(t Trace) bool { return t.store != nil }

// BreakStore closes s's file under it, as a disk that fails would leave
// it: its next write and read fail.
func BreakStore(s *TraceStore) { s.f.Close() }

// TraceStoreBuffer is what KeptBytes counts for a TraceStore's buffer.
const TraceStoreBuffer = 2 * pendingBytes

// At is the problem, solver and start of run i of the sweep order.
func (s *Sweep) At(i int) (p, sv, k int) { return s.at(i) }
