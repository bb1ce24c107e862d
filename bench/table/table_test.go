package table

import (
	"math"
	"testing"
)

func TestFormats(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{formatSeconds(812e-9), "812ns"},
		{formatSeconds(9.471e-6), "9.47µs"},
		{formatSeconds(0.02843), "28.4ms"},
		{formatSeconds(2.514), "2.51s"},
		{formatSeconds(math.Inf(1)), "-"},
		{formatSig(0.123456, 4), "0.1235"},
		{formatSig(1.5e-7, 4), "1.5e-07"},
		{formatSig(math.NaN(), 4), "-"},
		{formatPercent(0.9), "90.0%"},
		{formatCount(12.5), "12.5"},
		{formatCount(132.333333), "132.3"},
		{formatCount(1234.56), "1235"},
		{formatCount(math.Inf(1)), "-"},
		{formatSig2(3.2e-9), "3.2e-9"},
		{formatRatio(0.9134), "0.91"},
		{formatRatio(70.4), "70"},
		{formatRatio(283.6), "284"},
		{formatRatio(1234), "1.2e+3"},
		{formatRatio(math.Inf(1)), "∞"},
		{formatRatio(math.NaN()), ""},
		{Raw(math.Inf(1)), "inf"},
		{Raw(0.1), "0.1"},
		{Raw(math.NaN()), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestTickLabels(t *testing.T) {
	for v, want := range map[float64]string{0.10000000000000006: "0.1", 9.999999999999999e-05: "1e-4", 1e-16: "1e-16", 250: "250",
		0.001: "0.001", 1e5: "1e+5", 12345678: "1.23e+7"} {
		if got := Short(v); got != want {
			t.Errorf("Short(%v) = %q, want %q", v, got, want)
		}
	}
}
