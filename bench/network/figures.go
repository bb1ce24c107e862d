package network

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/figure"
	"github.com/optbench/optbench/objective"
)

// weightsFigure draws, for start 0 of each method and gradient mode, every
// component of w (blue) and v (orange) against the iteration.
func weightsFigure(runs []bench.Run, net objective.Network) (figure.Figure, error) {
	groups := analysis.Groups(runs)
	const cols = 3
	var panels []*plot.Plot
	wColor := color.RGBA{R: 31, G: 119, B: 180, A: 255}
	vColor := color.RGBA{R: 255, G: 127, B: 14, A: 255}
	nw := net.NumW()
	for _, g := range groups {
		r := g.Runs[0]
		for _, rr := range g.Runs {
			if rr.Start == 0 {
				r = rr
			}
		}
		p := plot.New()
		p.Title.Text = g.Label + " (" + string(g.Gradient) + "), start " + fmt.Sprint(r.Start)
		p.X.Label.Text = "iteration"
		p.Y.Label.Text = "weight: w blue, v orange"
		p.Add(plotter.NewGrid())
		tr := r.Result.Trace
		step := max(1, len(tr)/400)                 // keep the files small: at most ~400 points a line
		for c := net.NumParams() - 1; c >= 0; c-- { // v first, so the fewer w lines lie on top
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
	return figure.New("weights", "Every weight during learning, from start 0 of each method and gradient mode (on the classroom network, the exercise's x0): w, the hidden layer's, in blue; v, the output layer's, in orange",
		vg.Length(cols)*4*vg.Inch, vg.Length(rows)*3*vg.Inch, paint), nil
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
