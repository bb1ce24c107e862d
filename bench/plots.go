package bench

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optbench/optbench/objective"
)

// Figure is one drawing of a sweep, rendered on demand as PNG or SVG.
type Figure struct {
	Name  string // file name without extension: loss_vs_iter, ...
	Title string
	W, H  vg.Length
	draw  func(dc draw.Canvas)
}

// Render draws the figure in format "png" or "svg". A drawing error (gonum
// plot panics on some degenerate data) is returned, not raised.
func (f Figure) Render(format string) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s.%s: %v", f.Name, format, r)
		}
	}()
	c, err := draw.NewFormattedCanvas(f.W, f.H, format)
	if err != nil {
		return nil, err
	}
	f.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func single(name, title string, p *plot.Plot) Figure {
	return Figure{Name: name, Title: title, W: 7 * vg.Inch, H: 4.5 * vg.Inch, draw: func(c draw.Canvas) {
		safeLogAxes(p)
		p.Draw(c)
	}}
}

// logTicks are gonum's LogTicks with labels people read: 1000, 0.01,
// 1e-16, not 0.010000000000000005.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.LogTicks{Prec: -1}.Ticks(lo, hi)
	for i, t := range ticks {
		if t.Label != "" {
			v, _ := strconv.ParseFloat(strconv.FormatFloat(t.Value, 'e', 2, 64), 64)
			ticks[i].Label = strconv.FormatFloat(v, 'g', -1, 64)
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

// floorGap keeps log-scale values positive: a run at the best loss has a
// gap of 0.
const floorGap = 1e-16

// Figures draws the plots of a sweep: loss_vs_iter, loss_vs_time, weights,
// final_loss and, for two-feature data, boundary.
func Figures(runs []Run, s Setup) ([]Figure, error) {
	if len(runs) == 0 {
		return nil, fmt.Errorf("no runs to plot")
	}
	best := BestLoss(runs)
	groups := Groups(runs)
	var figs []Figure
	for _, mk := range []func() (Figure, error){
		func() (Figure, error) { return lossVsIter(groups, best) },
		func() (Figure, error) { return lossVsTime(groups, best) },
		func() (Figure, error) { return weightsFigure(groups, s) },
		func() (Figure, error) { return finalLoss(groups) },
	} {
		f, err := mk()
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	if s.Net.Inputs == 2 && s.Test != nil {
		f, err := boundary(runs, s)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	return figs, nil
}

func groupLabel(g Group) string { return g.Label + " (" + string(g.Gradient) + ")" }

// logGrid returns about n values from lo to hi, evenly spaced in log.
func logGrid(lo, hi float64, n int) []float64 {
	if !(hi > lo) {
		return []float64{lo}
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = lo * math.Pow(hi/lo, float64(i)/float64(n-1))
	}
	return out
}

// bandPlot adds, for each group, the median of at(run, x) - best over the
// runs along xs with a 20-80 % band.
func bandPlot(p *plot.Plot, groups []Group, best float64, xs func(Group) []float64, at func(Run, float64) float64) error {
	for i, g := range groups {
		var med, lo, hi plotter.XYs
		for _, x := range xs(g) {
			var v []float64
			for _, r := range g.Runs {
				v = append(v, at(r, x)-best)
			}
			m := median(v)
			if math.IsNaN(m) || math.IsInf(m, 0) {
				continue
			}
			med = append(med, plotter.XY{X: x, Y: max(m, floorGap)})
			lo = append(lo, plotter.XY{X: x, Y: max(quantile(v, 0.2), floorGap)})
			hi = append(hi, plotter.XY{X: x, Y: max(quantile(v, 0.8), floorGap)})
		}
		if len(med) == 0 {
			continue
		}
		c := plotutil.Color(i)
		if len(g.Runs) > 1 {
			ring := append(plotter.XYs(nil), lo...)
			for j := len(hi) - 1; j >= 0; j-- {
				ring = append(ring, hi[j])
			}
			band, err := plotter.NewPolygon(ring)
			if err != nil {
				return err
			}
			r, gg, b, _ := c.RGBA()
			band.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(gg >> 8), B: uint8(b >> 8), A: 50}
			band.LineStyle.Width = 0
			p.Add(band)
		}
		l, err := plotter.NewLine(med)
		if err != nil {
			return err
		}
		l.Color = c
		l.Dashes = plotutil.Dashes(i / len(plotutil.SoftColors))
		l.Width = vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(groupLabel(g), l)
	}
	return nil
}

func newLogPlot(title, xlabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = "loss - best loss"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = logTicks{}, logTicks{}
	p.Add(plotter.NewGrid())
	p.Legend.Top, p.Legend.Left = false, true // the curves start high at the left
	return p
}

func lossVsIter(groups []Group, best float64) (Figure, error) {
	p := newLogPlot("Training loss by iteration (median over starts, 20-80 % band)", "iteration")
	err := bandPlot(p, groups, best, func(g Group) []float64 {
		last := 1
		for _, r := range g.Runs {
			last = max(last, r.Result.Nit)
		}
		var xs []float64
		prev := 0.0
		for _, x := range logGrid(1, float64(last), 80) {
			if x = math.Round(x); x > prev {
				xs = append(xs, x)
				prev = x
			}
		}
		return xs
	}, func(r Run, x float64) float64 { return LossAtIter(r, int(x)) })
	return single("loss_vs_iter", "Loss by iteration", p), err
}

func lossVsTime(groups []Group, best float64) (Figure, error) {
	p := newLogPlot("Training loss by solver time (median over starts, 20-80 % band)", "time (s)")
	err := bandPlot(p, groups, best, func(g Group) []float64 {
		lo, hi := math.Inf(1), 0.0
		for _, r := range g.Runs {
			if tr := r.Result.Trace; len(tr) > 0 {
				lo = min(lo, tr[0].Time.Seconds())
				hi = max(hi, tr[len(tr)-1].Time.Seconds())
			}
		}
		if math.IsInf(lo, 1) || lo <= 0 {
			return nil
		}
		return logGrid(lo, hi, 80)
	}, func(r Run, x float64) float64 { return LossAtTime(r, secondsToDuration(x)) })
	return single("loss_vs_time", "Loss by time", p), err
}

// weightsFigure draws, for start 0 of each method and gradient mode, every
// component of w (blue) and v (orange) against the iteration.
func weightsFigure(groups []Group, s Setup) (Figure, error) {
	const cols = 3
	var panels []*plot.Plot
	wColor := color.RGBA{R: 31, G: 119, B: 180, A: 255}
	vColor := color.RGBA{R: 255, G: 127, B: 14, A: 255}
	nw := s.Net.NumW()
	for _, g := range groups {
		r := g.Runs[0]
		for _, rr := range g.Runs {
			if rr.Start == 0 {
				r = rr
			}
		}
		p := plot.New()
		p.Title.Text = groupLabel(g) + ", start " + fmt.Sprint(r.Start)
		p.X.Label.Text = "iteration"
		p.Y.Label.Text = "weight"
		p.Add(plotter.NewGrid())
		tr := r.Result.Trace
		step := max(1, len(tr)/400) // keep the files small: at most ~400 points a line
		for c := 0; c < s.Net.NumParams(); c++ {
			var xy plotter.XYs
			for i := 0; i < len(tr); i += step {
				if len(tr[i].X) > c && finite(tr[i].X[c]) {
					xy = append(xy, plotter.XY{X: float64(tr[i].Iter), Y: tr[i].X[c]})
				}
			}
			if last := len(tr) - 1; last >= 0 && last%step != 0 && len(tr[last].X) > c && finite(tr[last].X[c]) {
				xy = append(xy, plotter.XY{X: float64(tr[last].Iter), Y: tr[last].X[c]})
			}
			if len(xy) == 0 {
				continue
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return Figure{}, err
			}
			l.Color = vColor
			if c < nw {
				l.Color = wColor
			}
			p.Add(l)
			if len(panels) == 0 && (c == 0 || c == nw) {
				p.Legend.Add(map[bool]string{true: "w (hidden layer)", false: "v (output layer)"}[c < nw], l)
			}
		}
		panels = append(panels, p)
	}
	rows := (len(panels) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
	}
	for i, p := range panels {
		grid[i/cols][i%cols] = p
	}
	f := Figure{Name: "weights", Title: "Weights during learning", W: vg.Length(cols) * 4 * vg.Inch, H: vg.Length(rows) * 3 * vg.Inch}
	f.draw = func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
		canvases := plot.Align(grid, tiles, dc)
		for i := range grid {
			for j, p := range grid[i] {
				if p != nil {
					p.Draw(canvases[i][j])
				}
			}
		}
	}
	return f, nil
}

// finalLoss draws the distribution of final losses per method and
// gradient mode: a box plot with every start as a point. Local minima show
// as clusters.
func finalLoss(groups []Group) (Figure, error) {
	p := plot.New()
	p.Title.Text = "Final training loss of every start"
	p.Y.Label.Text = "final loss"
	p.Add(plotter.NewGrid())
	var names []string
	for i, g := range groups {
		var vals plotter.Values
		var pts plotter.XYs
		for j, r := range g.Runs {
			if f := r.Result.Fun; finite(f) {
				vals = append(vals, f)
				// A fixed, reproducible jitter spreads coincident points.
				pts = append(pts, plotter.XY{X: float64(i) + 0.3*(float64((j*37)%19)/18-0.5), Y: f})
			}
		}
		names = append(names, g.Label+"\n"+string(g.Gradient))
		if len(vals) == 0 {
			continue
		}
		if len(vals) > 1 {
			box, err := plotter.NewBoxPlot(vg.Points(24), float64(i), vals)
			if err != nil {
				return Figure{}, err
			}
			p.Add(box)
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return Figure{}, err
		}
		sc.Color = plotutil.Color(i)
		sc.Radius = vg.Points(2)
		p.Add(sc)
	}
	p.NominalX(names...)
	f := single("final_loss", "Final losses", p)
	f.W = vg.Length(max(7, len(groups))) * vg.Inch
	return f, nil
}

// classGrid is the predicted class on a regular grid of the plane.
type classGrid struct {
	xs, ys []float64
	class  []int // class[j*len(xs)+i] at (xs[i], ys[j])
}

func (g classGrid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g classGrid) X(c int) float64    { return g.xs[c] }
func (g classGrid) Y(r int) float64    { return g.ys[r] }
func (g classGrid) Z(c, r int) float64 { return float64(g.class[r*len(g.xs)+c]) }

type classPalette []color.Color

func (p classPalette) Colors() []color.Color { return p }

// boundary draws the decision regions of the run with the lowest final
// loss, with the test samples on top.
func boundary(runs []Run, s Setup) (Figure, error) {
	var bestRun *Run
	for i := range runs {
		r := &runs[i]
		if finite(r.Result.Fun) && !hasNonFinite(r.Result.X) && (bestRun == nil || r.Result.Fun < bestRun.Result.Fun) {
			bestRun = r
		}
	}
	p := plot.New()
	p.X.Label.Text = "x0"
	p.Y.Label.Text = "x1"
	if bestRun == nil {
		p.Title.Text = "Decision regions: no run ended at finite weights"
		return single("boundary", "Decision regions", p), nil
	}
	p.Title.Text = fmt.Sprintf("Decision regions of the best run over the test set\n%s (%s), start %d, training loss %.4g",
		bestRun.Label, bestRun.Gradient, bestRun.Start, bestRun.Result.Fun)
	test := s.Test
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range test.Len() {
		xmin, xmax = min(xmin, test.At(i, 0)), max(xmax, test.At(i, 0))
		ymin, ymax = min(ymin, test.At(i, 1)), max(ymax, test.At(i, 1))
	}
	padX, padY := 0.1*(xmax-xmin)+1e-9, 0.1*(ymax-ymin)+1e-9
	const n = 160
	g := classGrid{xs: make([]float64, n), ys: make([]float64, n)}
	for i := range n {
		g.xs[i] = xmin - padX + (xmax-xmin+2*padX)*float64(i)/(n-1)
		g.ys[i] = ymin - padY + (ymax-ymin+2*padY)*float64(i)/(n-1)
	}
	rows := make([]float64, 0, 2*n*n)
	for j := range n {
		for i := range n {
			rows = append(rows, g.xs[i], g.ys[j])
		}
	}
	pts, err := objective.NewDataset(rows, make([]int, n*n), 2, s.Net.Classes)
	if err != nil {
		return Figure{}, err
	}
	g.class = objective.Predict(s.Net, bestRun.Result.X, pts, nil)
	K := s.Net.Classes
	light := make(classPalette, K)
	for k := range K {
		r, gg, b, _ := plotutil.Color(k).RGBA()
		light[k] = color.NRGBA{R: uint8(r >> 8), G: uint8(gg >> 8), B: uint8(b >> 8), A: 70}
	}
	hm := plotter.NewHeatMap(g, light)
	hm.Min, hm.Max = 0, float64(max(K-1, 1))
	hm.Rasterized = true
	p.Add(hm)
	for k := range K {
		var xy plotter.XYs
		for i := range test.Len() {
			if test.Labels[i] == k {
				xy = append(xy, plotter.XY{X: test.At(i, 0), Y: test.At(i, 1)})
			}
		}
		if len(xy) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return Figure{}, err
		}
		sc.Color = plotutil.Color(k)
		sc.Shape = plotutil.Shape(k)
		sc.Radius = vg.Points(2.5)
		p.Add(sc)
		p.Legend.Add(fmt.Sprintf("class %d", k), sc)
	}
	p.Legend.Top = true
	f := single("boundary", "Decision regions", p)
	f.W, f.H = 6*vg.Inch, 5.5*vg.Inch
	return f, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func secondsToDuration(s float64) time.Duration { return time.Duration(s * 1e9) }
