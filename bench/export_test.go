package bench

// TraceRowBytes is what the size check counts for one trace row.
const TraceRowBytes = traceRowBytes

// TraceSlack is the bytes t's buffer holds past its rows: none.
func TraceSlack(t Trace) int { return cap(t.b) - len(t.b) }
