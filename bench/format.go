package bench

import (
	"math"
	"strconv"
	"time"
)

// formatSig formats v with n significant digits, "-" for NaN.
func formatSig(v float64, n int) string {
	if math.IsNaN(v) {
		return "-"
	}
	return strconv.FormatFloat(v, 'g', n, 64)
}

// formatPercent formats a fraction in [0, 1] as a percentage with one
// decimal, "-" for NaN.
func formatPercent(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

// formatDuration formats d with 3 significant digits in the largest unit
// that keeps the number at least 1: 812ns, 9.47µs, 28.4ms, 2.51s.
func formatDuration(d time.Duration) string {
	return formatSeconds(d.Seconds())
}

// formatSeconds is formatDuration for a number of seconds, "-" for NaN.
func formatSeconds(s float64) string {
	switch {
	case math.IsNaN(s) || s < 0 || math.IsInf(s, 1):
		return "-"
	case s == 0:
		return "0s"
	case s < 1e-6:
		return sig3(s*1e9) + "ns"
	case s < 1e-3:
		return sig3(s*1e6) + "µs"
	case s < 1:
		return sig3(s*1e3) + "ms"
	}
	return sig3(s) + "s"
}

// sig3 formats v >= 1 with 3 significant digits and no exponent.
func sig3(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// raw formats v for machines: the shortest decimal that parses back to v,
// empty for NaN, "inf" for +Inf.
func raw(v float64) string { return string(appendRaw(nil, v)) }

func appendRaw(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return b
	case math.IsInf(v, 1):
		return append(b, "inf"...)
	case math.IsInf(v, -1):
		return append(b, "-inf"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}
