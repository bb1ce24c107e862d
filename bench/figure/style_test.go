package figure

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
	"gonum.org/v1/plot"
)

// labels are the labels of the ticks of [lo, hi] that fall in it.
func labels(m plot.Ticker, lo, hi float64) []string {
	var out []string
	for _, t := range m.Ticks(lo, hi) {
		if t.Label != "" && t.Value >= lo*(1-1e-9) && t.Value <= hi*(1+1e-9) {
			out = append(out, t.Label)
		}
	}
	return out
}

// TestLogTicks: every log axis has at least two labels in its range, and
// an axis of iterations or evaluations (from 1 up) only whole numbers.
func TestLogTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi  float64
		want    []string // nil: only checked for two labels
		integer bool
	}{
		{1, 3000, []string{"1", "10", "100", "1000"}, true},
		{1, 250, []string{"1", "10", "100"}, true},
		{50, 600, []string{"50", "100", "200", "500"}, true}, // a data profile's panel of one decade
		{120, 180, nil, false},                               // inside a minor step: its ends
		{1.2, 8, []string{"2", "5"}, true},
		{1.2, 1.9, []string{"1.2", "1.9"}, false},
		{1e-6, 0.9, []string{"1e-6", "1e-5", "1e-4", "0.001", "0.01", "0.1"}, false},
		{0.04, 0.3, []string{"0.05", "0.1", "0.2"}, false},
		{1e-8, 1e+300, []string{"1", "1e+26", "1e+52", "1e+78", "1e+104", "1e+130", "1e+156", "1e+182", "1e+208", "1e+234", "1e+260", "1e+286"}, false}, // a diverged run's: every 26th decade
	} {
		got := labels(logTicks{}, tc.lo, tc.hi)
		if len(got) < 2 {
			t.Errorf("[%g, %g]: labels %q, want two or more", tc.lo, tc.hi, got)
		}
		if tc.want != nil && !slices.Equal(got, tc.want) {
			t.Errorf("[%g, %g]: labels %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
		for _, l := range got {
			if _, err := strconv.Atoi(l); tc.integer && err != nil {
				t.Errorf("[%g, %g]: label %q of a count is not a whole number", tc.lo, tc.hi, l)
			}
		}
	}
}

// TestLinearTicks: iterations on a linear axis read 250, not 250.00.
func TestLinearTicks(t *testing.T) {
	for _, tc := range []struct{ lo, hi float64 }{{0, 560}, {0, 3000}, {-250, 250}, {0, 46}} {
		got := labels(LinearTicks{}, tc.lo, tc.hi)
		if len(got) < 2 {
			t.Errorf("[%g, %g]: labels %q", tc.lo, tc.hi, got)
		}
		for _, l := range got {
			if _, err := strconv.Atoi(l); err != nil {
				t.Errorf("[%g, %g]: label %q is not a whole number", tc.lo, tc.hi, l)
			}
		}
	}
	if got := labels(LinearTicks{}, 0, 1); !slices.Contains(got, "0.5") {
		t.Errorf("[0, 1]: labels %q, want 0.5 among them", got)
	}
}

func TestPluralAndCapitalize(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{plural(1, "problem"), "1 problem"},
		{plural(0, "problem"), "0 problems"},
		{plural(51, "triple"), "51 triples"},
		{plural(1800, "problem"), "1,800 problems"},
		{capitalize("train loss"), "Train loss"},
		{capitalize("f"), "f"},
		{capitalize("f(x)"), "f(x)"},
		{capitalize("E(w)"), "E(w)"},
		{capitalize("x0 norm"), "x0 norm"},
		{capitalize(""), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// lab is c's CIELAB coordinates (D65 white), L* in [0, 100].
func lab(c color.Color) [3]float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	R, G, B := lin(r), lin(g), lin(b)
	x := (0.4124*R + 0.3576*G + 0.1805*B) / 0.95047
	y := 0.2126*R + 0.7152*G + 0.0722*B
	z := (0.0193*R + 0.1192*G + 0.9505*B) / 1.08883
	f := func(t float64) float64 {
		if t > 0.008856 {
			return math.Cbrt(t)
		}
		return 7.787*t + 16.0/116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

// TestSeriesStylesStayApart: the MaxSeries styles differ in colour (CIELAB
// distance 25 or more), and printed in grey, any two with the same dashes
// differ by 15 or more in lightness L*.
func TestSeriesStylesStayApart(t *testing.T) {
	for i := range MaxSeries {
		for j := i + 1; j < MaxSeries; j++ {
			ci, di := seriesStyle(i)
			cj, dj := seriesStyle(j)
			a, b := lab(ci), lab(cj)
			if d := math.Hypot(math.Hypot(a[0]-b[0], a[1]-b[1]), a[2]-b[2]); d < 25 {
				t.Errorf("series %d and %d: colours %v and %v only %.1f apart", i, j, ci, cj, d)
			}
			if slices.Equal(di, dj) && math.Abs(a[0]-b[0]) < 15 {
				t.Errorf("series %d and %d: same dashes %v and lightness %.0f and %.0f: one grey", i, j, di, a[0], b[0])
			}
		}
	}
	if c, d := seriesStyle(MaxSeries); c != seriesColors[0] || d != nil {
		t.Errorf("series %d: %v %v, want series 0's style again", MaxSeries, c, d)
	}
}

// capitalF matches f called F in a title: "F by iteration".
var capitalF = regexp.MustCompile(`(^|[^A-Za-z])F (by|minus|of)\b`)

// oneWord matches "1 problems", "1 triples" and the like: a count of one
// with a plural noun.
var oneWord = regexp.MustCompile(`(^|[^0-9.,])1 (problem|triple|start|configuration|run|instance|method)s\b`)

// TestFigureText: no figure says "1 problems" or names f "F", in its
// caption or anywhere in its drawing.
func TestFigureText(t *testing.T) {
	p := benchtest.Rosenbrock() // f is "f"
	runs := benchtest.Runs(t, []*bench.Problem{p}, 1, solvers.Options{MaxIter: 40}, "BFGS", "Nelder-Mead")
	figs, err := Figures(analysis.Analyze(runs))
	if err != nil {
		t.Fatal(err)
	}
	for _, fig := range figs {
		svg, err := fig.Render("svg")
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range []string{fig.Title(), string(svg)} {
			if m := oneWord.FindString(text); m != "" {
				t.Errorf("%s: %q", fig.Name(), m)
			}
			if capitalF.MatchString(text) {
				t.Errorf("%s: f is called F: %s", fig.Name(), fig.Title())
			}
		}
		if pl := fig.(Figure).plot; pl != nil && strings.HasPrefix(fig.Name(), "loss_vs") && !strings.HasPrefix(pl.Title.Text, "f by ") {
			t.Errorf("%s: title %q, want it to begin with f by", fig.Name(), pl.Title.Text)
		}
	}
}

// TestNoEmptyBandAboveThePlot: in final_loss (a log axis with a long
// label, which gonum/plot made room for near the axis's top), the plot
// begins right under its title.
func TestNoEmptyBandAboveThePlot(t *testing.T) {
	for _, fig := range sweepFigures(t, 3) {
		if fig.Name() != "final_loss" && fig.Name() != "loss_vs_iter" {
			continue
		}
		b, err := fig.Render("png")
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		blank := func(y int) bool {
			bounds := img.Bounds()
			right := bounds.Max.X - int(fig.(Figure).legW.Dots(96)) // the plot, not the legend column
			for x := bounds.Min.X; x < right; x++ {
				if r, g, b, _ := img.At(x, y).RGBA(); r < 0xe000 || g < 0xe000 || b < 0xe000 {
					return false
				}
			}
			return true
		}
		y := firstRow(img, func(y int) bool { return !blank(y) }, 0) // the title
		y = firstRow(img, blank, y)                                  // under it
		end := firstRow(img, func(y int) bool { return !blank(y) }, y)
		if band := end - y; band > 20 {
			t.Errorf("%s: %d blank rows between the title and the plot", fig.Name(), band)
		}
	}
}

// firstRow is the first row from y on for which ok, the image's height if
// none.
func firstRow(img image.Image, ok func(y int) bool, y int) int {
	for ; y < img.Bounds().Max.Y; y++ {
		if ok(y) {
			return y
		}
	}
	return y
}
