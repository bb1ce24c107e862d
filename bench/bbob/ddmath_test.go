package bbob

import (
	"math"
	"testing"
)

// TestLogCosCR checks logCR and cosCR against correctly rounded values (mpmath at 300 bits,
// rounded to float64: python3 -c 'from mpmath import mp, mpf; mp.prec = 300; print(float(mp.log(mpf(u))))').
func TestLogCosCR(t *testing.T) {
	tests := []struct{ u, logU, a, cosA float64 }{
		{1e-99, -227.95592420641051, 4.31186203642109, -0.38990363575220394},
		{0.7665092563626442, -0.2659085046014436, 5.683871454064435, 0.8257228482704673},
		{0.2598274474889769, -1.3477375317926528, 3.9943834433023166, -0.6578839128406643},
		{0.9049456946664788, -0.09988034297603018, 5.479756752299842, 0.6942431245540611},
		{0.5729406692492218, -0.5569731116961303, 1.0642339083855645, 0.4851742379543901},
		{0.4115230620409567, -0.887890216593474, 6.244468399599075, 0.9992505941539314},
		{0.10324779991117994, -2.270623355734317, 2.005210410995656, -0.4208789795768793},
		{0.9500391079535002, -0.05125212896801571, 2.8236682262067316, -0.949886278699916},
		{0.20865257233244294, -1.567084743564098, 1.9911664513153957, -0.4080983817280676},
		{0.9086358448961127, -0.095810875745896, 2.108441019483246, -0.5121143999154477},
		{0.4273717931861004, -0.8501009345638962, 3.9438538628192092, -0.6950828373626108},
		{0.8055850702646647, -0.21618647019158688, 3.092040851805273, -0.9987725606534009},
		{1, 0, math.Pi, -1},
		{0.5, -0.6931471805599453, 1.5707963267948966, 6.123233995736766e-17},
	}
	for _, tt := range tests {
		if got := logCR(tt.u); got != tt.logU {
			t.Errorf("logCR(%v) = %v, want %v", tt.u, got, tt.logU)
		}
		if got := cosCR(tt.a); got != tt.cosA {
			t.Errorf("cosCR(%v) = %v, want %v", tt.a, got, tt.cosA)
		}
	}
	// Against package math, which is within an ulp, on COCO's own draws.
	u := make([]float64, 20000)
	unif(u, 12345)
	for i := 0; i < len(u); i += 2 {
		a := 2 * math.Pi * u[i+1]
		if l, m := logCR(u[i]), math.Log(u[i]); math.Abs(l-m) > 1.01*ulp(m) {
			t.Errorf("logCR(%v) = %v, math.Log %v", u[i], l, m)
		}
		if c, m := cosCR(a), math.Cos(a); math.Abs(c-m) > 1.01*ulp(m) {
			t.Errorf("cosCR(%v) = %v, math.Cos %v", a, c, m)
		}
	}
}

func ulp(x float64) float64 { return math.Abs(math.Nextafter(x, math.Inf(1)) - x) }
