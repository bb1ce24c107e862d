package table

import (
	"math"
	"strconv"
	"strings"
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

// Duration formats d with 3 significant digits in the largest unit
// that keeps the number at least 1: 812ns, 9.47µs, 28.4ms, 2.51s.
func Duration(d time.Duration) string {
	return formatSeconds(d.Seconds())
}

// formatSeconds is Duration for a number of seconds, "-" for NaN.
// The unit is chosen after rounding to 3 significant digits, so that a
// value just under a unit's boundary prints in the next unit: 999.96ms is
// 1.00s, 9.996µs is 10.0µs (never 1000ms or 10.00µs).
func formatSeconds(s float64) string {
	switch r := round3(s); {
	case math.IsNaN(s) || s < 0 || math.IsInf(s, 1):
		return "-"
	case s == 0:
		return "0s"
	case r < 1e-6:
		return sig3(s*1e9) + "ns"
	case r < 1e-3:
		return sig3(s*1e6) + "µs"
	case r < 1:
		return sig3(s*1e3) + "ms"
	}
	return sig3(s) + "s"
}

// round3 is v rounded to 3 significant digits.
func round3(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'e', 2, 64), 64)
	return r
}

// sig3 formats v > 0 with 3 significant digits and no exponent (more
// digits from 1000 up: 1234s), deciding the decimals by v rounded, so that
// 9.996 is 10.0 and 99.96 is 100.
func sig3(v float64) string {
	switch r := round3(v); {
	case r >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case r >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// Raw formats v for machines: the shortest decimal that parses back to v,
// empty for NaN, "inf" for +Inf.
func Raw(v float64) string { return string(AppendRaw(nil, v)) }

// AppendRaw appends v as Raw formats it.
func AppendRaw(b []byte, v float64) []byte {
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

// Short prints v with 3 significant digits: plainly from 0.001 to
// 100000 (0.01, 250, 10000), as 1e-5 or 2.5e+6 outside.
func Short(v float64) string {
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'e', 2, 64), 64)
	if a := math.Abs(v); a != 0 && (a < 1e-3 || a >= 1e5) {
		t := strconv.FormatFloat(v, 'e', -1, 64)
		return strings.Replace(strings.Replace(t, "e-0", "e-", 1), "e+0", "e+", 1)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// formatCount formats a count: whole numbers and halves (medians) as
// such, others (averages) with 4 significant digits and no exponent; "-"
// for NaN or +Inf.
func formatCount(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "-"
	case 2*v == math.Trunc(2*v):
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	decimals := max(0, 3-int(math.Floor(math.Log10(math.Abs(v)))))
	return strconv.FormatFloat(v, 'f', decimals, 64)
}
