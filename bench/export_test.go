package bench

// TraceRowBytes is what the size check counts for one trace row.
const TraceRowBytes = traceRowBytes
