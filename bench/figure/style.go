package figure

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optbench/optbench/bench/table"
)

// seriesColors are MaxSeries colours that stay apart in colour (CIELAB
// distances of 29 or more) and, paired with seriesDashes, in grey print:
// series i has the dashes i mod 4 and the lightness tier i / 4 (dark,
// L* 0.32-0.38; middle, 0.53-0.57; light, 0.71-0.83), so two series with
// the same dashes differ by 0.18 or more in lightness, and two of the same
// lightness differ in dashes.
var seriesColors = []color.Color{
	rgb(0x1f4e9a), rgb(0xb2182b), rgb(0x0f5c2c), rgb(0x762a83), // dark blue, red, green, purple
	rgb(0xd95f02), rgb(0x35978f), rgb(0xd6609e), rgb(0xa6761d), // orange, teal, pink, ochre
	rgb(0x92c5de), rgb(0xf1c232), rgb(0xa6dba0), rgb(0xc2a5cf), // light blue, yellow, green, lilac
}

// seriesDashes are the four line patterns the series cycle through:
// solid, dashed, dotted and dash-dotted, in points.
var seriesDashes = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(3)},
	{vg.Points(1.5), vg.Points(2.5)},
	{vg.Points(7), vg.Points(2.5), vg.Points(1.5), vg.Points(2.5)},
}

func rgb(v uint32) color.Color {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// seriesStyle is series i's colour and dashes: every figure's series i
// looks the same (12 styles, then again).
func seriesStyle(i int) (color.Color, []vg.Length) {
	return seriesColors[i%len(seriesColors)], seriesDashes[i%len(seriesDashes)]
}

// logTicks are a log axis's ticks at 1, 2, ..., 9 times the powers of ten
// (as gonum's LogTicks), only those in the axis's range labelled, with
// labels people read: 1000, 0.01, 1e-16, not 0.010000000000000005. An
// axis spanning less than a decade or two gets labels at 2 and 5 times
// the powers of ten too, then at every tick, then at its ends, so that it
// has at least two labels (a data profile's narrow panel had one).
type logTicks struct{}

// maxLogLabels is the most decades a log axis labels each of.
const maxLogLabels = 12

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi >= lo) || math.IsInf(hi, 0) {
		return nil // safeLogAxes gives such an axis a range before drawing
	}
	type mark struct {
		v float64
		m int // the mantissa: 1 at the powers of ten
	}
	// Over many decades (a diverged run's 1e+300), a tick and a label at
	// every step-th power of ten only: at most maxLogLabels of them.
	first, last := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	step, minors := 1, 9
	if decades := last - first; decades > maxLogLabels {
		step, minors = (decades+maxLogLabels-1)/maxLogLabels, 1
	}
	var marks []mark
	for e := first; e <= last; e++ {
		for m := 1; m <= minors; m++ {
			v, _ := strconv.ParseFloat(strconv.Itoa(m)+"e"+strconv.Itoa(e), 64) // correctly rounded: 0.3, not 0.30000000000000004
			if m == 1 && e%step != 0 {
				continue // a tick a decade would draw a black bar
			}
			marks = append(marks, mark{v, m})
		}
	}
	in := func(v float64) bool { return v >= lo*(1-1e-9) && v <= hi*(1+1e-9) }
	var ticks []plot.Tick
	for _, label := range []func(m int) bool{
		func(m int) bool { return m == 1 },
		func(m int) bool { return m == 1 || m == 2 || m == 5 },
		func(int) bool { return true },
	} {
		ticks = ticks[:0]
		n := 0
		for _, k := range marks {
			t := plot.Tick{Value: k.v}
			if label(k.m) && in(k.v) {
				t.Label = table.Short(k.v)
				n++
			}
			ticks = append(ticks, t)
		}
		if n >= 2 {
			return ticks
		}
	}
	return append(ticks, plot.Tick{Value: lo, Label: table.Short(lo)}, plot.Tick{Value: hi, Label: table.Short(hi)})
}

// LinearTicks are gonum's default ticks on a linear axis with labels
// people read: 250, 0.5, -1e+5, never 250.00. Families' figures use them
// for iteration and evaluation axes.
type LinearTicks struct{}

// Ticks returns the ticks of the range [lo, hi].
func (LinearTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = table.Short(t.Value)
		}
	}
	return ticks
}

// safeLogAxes gives a log axis with nothing to show (no data, or one value)
// a range it can draw: gonum/plot panics on a log axis that reaches 0. A
// run of one iteration or one stopped by a 1 ns time limit leaves the loss
// plots so.
func safeLogAxes(p *plot.Plot) {
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		if _, ok := a.Scale.(plot.LogScale); !ok {
			continue
		}
		if !(a.Min > 0) || math.IsInf(a.Min, 0) || math.IsInf(a.Max, 0) || !(a.Max >= a.Min) {
			a.Min, a.Max = 1, 10
			if p.Title.Text != "" && !strings.HasSuffix(p.Title.Text, "(nothing to draw)") {
				p.Title.Text += " (nothing to draw)"
			}
		}
		if a.Min == a.Max {
			a.Min, a.Max = a.Min/10, a.Max*10
		}
	}
}

// labelledCanvas is c less the room drawPlot keeps for p's axis labels:
// the canvas p itself is drawn on.
func labelledCanvas(p *plot.Plot, c draw.Canvas) draw.Canvas {
	var left, bottom vg.Length
	if yl := p.Y.Label.Text; yl != "" {
		left = p.Y.Label.TextStyle.Height(yl) + p.Y.Label.Padding
	}
	if xl := p.X.Label.Text; xl != "" {
		bottom = p.X.Label.TextStyle.Height(xl) + p.X.Label.Padding
	}
	return draw.Crop(c, left, 0, bottom, 0)
}

// DataCanvas is the data area of the figure's plot when the figure is
// drawn on c (its axes' labels drawn beside it, as Render does).
func (f Figure) DataCanvas(c draw.Canvas) draw.Canvas {
	p := f.plot
	xl, yl := p.X.Label.Text, p.Y.Label.Text
	inner := labelledCanvas(p, c)
	p.X.Label.Text, p.Y.Label.Text = "", ""
	defer func() { p.X.Label.Text, p.Y.Label.Text = xl, yl }()
	pad := p.Title.Padding
	p.Title.Padding = max(pad, 2*vg.Millimeter)
	defer func() { p.Title.Padding = pad }()
	return p.DataCanvas(inner)
}

// drawPlot draws p on c, its axes' labels drawn here, centred on the data
// area. gonum/plot makes room for an axis label around the point at the
// arithmetic middle of the axis's range, which on a log axis lies near its
// top: half the label's length then opened an empty band above the plot
// (final_loss) or right of it.
func drawPlot(p *plot.Plot, c draw.Canvas) {
	safeLogAxes(p)
	xl, yl := p.X.Label.Text, p.Y.Label.Text
	inner := labelledCanvas(p, c)
	p.X.Label.Text, p.Y.Label.Text = "", ""
	defer func() { p.X.Label.Text, p.Y.Label.Text = xl, yl }()
	// Room between the title and the plot, whose top curve or point may
	// touch the axis's end.
	p.Title.Padding = max(p.Title.Padding, 2*vg.Millimeter)
	p.Draw(inner)
	data := p.DataCanvas(inner)
	if yl != "" {
		sty := p.Y.Label.TextStyle
		sty.Rotation += math.Pi / 2
		descent := p.Y.Label.TextStyle.FontExtents().Descent
		c.FillText(sty, vg.Point{X: c.Min.X + p.Y.Label.TextStyle.Height(yl) - descent, Y: (data.Min.Y + data.Max.Y) / 2}, yl)
	}
	if xl != "" {
		descent := p.X.Label.TextStyle.FontExtents().Descent
		c.FillText(p.X.Label.TextStyle, vg.Point{X: (data.Min.X + data.Max.X) / 2, Y: c.Min.Y + descent}, xl)
	}
}
