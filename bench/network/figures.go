package network

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/figure"
	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers"
)

// maxWeightLines is the most weights the weights figure draws in a panel:
// of a larger network, that many evenly spaced through w and through v in
// proportion, so that a panel's drawing does not grow with -hidden.
const maxWeightLines = 200

// weightComponents are the components of x the weights figure draws: all
// of them up to maxWeightLines, else that many evenly spaced, w and v in
// proportion to their sizes (at least one of each).
func weightComponents(params, nw int) []int {
	if params <= maxWeightLines {
		out := make([]int, params)
		for i := range out {
			out[i] = i
		}
		return out
	}
	kw := max(1, min(nw, maxWeightLines*nw/params))
	kv := max(1, min(params-nw, maxWeightLines-kw))
	var out []int
	for j := range kw {
		out = append(out, j*nw/kw)
	}
	for j := range kv {
		out = append(out, nw+j*(params-nw)/kv)
	}
	return out
}

// medianFun is the median final value of g's runs that have one, +Inf
// for none: how the weights figure ranks configurations past MaxSeries.
func medianFun(g analysis.Group) float64 {
	var v []float64
	for _, r := range g.Runs {
		if finite(r.Result.Fun) {
			v = append(v, r.Result.Fun)
		}
	}
	if len(v) == 0 {
		return math.Inf(1)
	}
	slices.Sort(v)
	if n := len(v); n%2 == 0 {
		return (v[n/2-1] + v[n/2]) / 2
	}
	return v[len(v)/2]
}

// weightsFigure draws, for start 0 of each method and gradient mode, every
// component of w (blue) and v (orange) against the iteration: a panel
// each for at most figure.MaxSeries of them (those of the lowest median
// final loss), at most maxWeightLines weights a panel.
func weightsFigure(runs []bench.Run, net objective.Network) (figure.Figure, error) {
	all := analysis.Groups(runs)
	var groups []analysis.Group
	for _, i := range figure.Shown(len(all), func(i int) float64 { return medianFun(all[i]) }) {
		groups = append(groups, all[i])
	}
	const cols = 3
	var panels []*plot.Plot
	wColor := color.RGBA{R: 31, G: 119, B: 180, A: 255}
	vColor := color.RGBA{R: 255, G: 127, B: 14, A: 255}
	nw := net.NumW()
	components := weightComponents(net.NumParams(), nw)
	for _, g := range groups {
		r := g.Runs[0]
		for _, rr := range g.Runs {
			if rr.Start == 0 {
				r = rr
			}
		}
		p := plot.New()
		p.Title.Text = figure.Cut(g.Label+" ("+string(g.Gradient)+")") + ", start " + fmt.Sprint(r.Start)
		p.X.Label.Text = "iteration"
		p.Y.Label.Text = "weight: w blue, v orange"
		p.X.Tick.Marker, p.Y.Tick.Marker = figure.LinearTicks{}, figure.LinearTicks{} // iterations are whole numbers
		p.Add(plotter.NewGrid())
		// The rows drawn, kept: every step-th and the last (a long trace
		// is never decoded whole).
		n := r.TraceLen()
		step := max(1, n/400) // keep the files small: at most ~400 points a line
		var tr []solvers.TracePoint
		i := 0
		for p := range r.TraceRows() {
			if i%step == 0 || i == n-1 {
				tr = append(tr, p)
			}
			i++
		}
		for k := len(components) - 1; k >= 0; k-- { // v first, so the fewer w lines lie on top
			c := components[k]
			var xy plotter.XYs
			for _, p := range tr {
				if len(p.X) > c && finite(p.X[c]) {
					xy = append(xy, plotter.XY{X: float64(p.Iter), Y: p.X[c]})
				}
			}
			if len(xy) == 0 {
				continue
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return figure.Figure{}, err
			}
			l.Color = vColor
			if c < nw {
				l.Color = wColor
			}
			p.Add(l)
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
	paint := func(dc draw.Canvas) {
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
	title := "Every weight during learning, from start 0 of each method and gradient mode (on the classroom network, the exercise's x0): w, the hidden layer's, in blue; v, the output layer's, in orange"
	if n := net.NumParams(); len(components) < n {
		title += fmt.Sprintf("; %d of the %d weights, evenly spaced through w and v", len(components), n)
	}
	if more := figure.More(len(all), len(groups)); more != "" {
		title += fmt.Sprintf("; the %d configurations of the lowest median final loss, %s in the tables", len(groups), more)
	}
	return figure.New("weights", title, vg.Length(cols)*4*vg.Inch, vg.Length(rows)*3*vg.Inch, paint), nil
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

// maxBoundaryPoints is the most test samples the boundary figure draws.
const maxBoundaryPoints = 5000

// boundary draws the decision regions of the run with the lowest final
// loss, with the test samples on top.
func boundary(runs []bench.Run, s Config) (figure.Figure, error) {
	var bestRun *bench.Run
	for i := range runs {
		r := &runs[i]
		if finite(r.Result.Fun) && !hasNonFinite(r.Result.X) && (bestRun == nil || r.Result.Fun < bestRun.Result.Fun) {
			bestRun = r
		}
	}
	p := plot.New()
	p.X.Label.Text = "x0"
	p.Y.Label.Text = "x1"
	p.X.Tick.Marker, p.Y.Tick.Marker = figure.LinearTicks{}, figure.LinearTicks{} // 2.5, not 2.50
	if bestRun == nil {
		p.Title.Text = "Decision regions: no run ended at finite weights"
		return figure.Plot("boundary", "Decision regions", p), nil
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
		return figure.Figure{}, err
	}
	g.class = objective.Predict(s.Net, bestRun.Result.X, pts, nil)
	K := s.Net.Classes
	light := make(classPalette, K)
	for k := range K {
		ck := figure.SeriesColor(k)
		r, gg, b, _ := ck.RGBA()
		light[k] = color.NRGBA{R: uint8(r >> 8), G: uint8(gg >> 8), B: uint8(b >> 8), A: 70}
	}
	hm := plotter.NewHeatMap(g, light)
	hm.Min, hm.Max = 0, float64(max(K-1, 1))
	hm.Rasterized = true
	p.Add(hm)
	// Every test sample is a point, up to maxBoundaryPoints of all classes:
	// past it every step-th, so that the figure does not grow with the data.
	step := max(1, (test.Len()+maxBoundaryPoints-1)/maxBoundaryPoints)
	if step > 1 {
		p.Title.Text += fmt.Sprintf("\n(every %d-th of %d test samples)", step, test.Len())
	}
	for k := range K {
		var xy plotter.XYs
		for i := 0; i < test.Len(); i += step {
			if test.Labels[i] == k {
				xy = append(xy, plotter.XY{X: test.At(i, 0), Y: test.At(i, 1)})
			}
		}
		if len(xy) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return figure.Figure{}, err
		}
		sc.Color = figure.SeriesColor(k)
		sc.Shape = plotutil.Shape(k)
		sc.Radius = vg.Points(2.5)
		p.Add(sc)
		p.Legend.Add(fmt.Sprintf("class %d", k), sc)
	}
	p.Legend.Top = true
	f := figure.Plot("boundary", "Decision regions of the run with the lowest training loss, with the test samples (shape and colour: true class)", p)
	f.W, f.H = 6*vg.Inch, 5.5*vg.Inch
	return f, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func hasNonFinite(x []float64) bool {
	for _, v := range x {
		if !finite(v) {
			return true
		}
	}
	return len(x) == 0
}
