package bench

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// stepLines adds one step line per solver of a family of step functions
// (ECDFs or profiles), over [lo, hi] on a log x axis, with its legend entry.
// A solver that never succeeds is drawn at 0.
func stepLines(p *plot.Plot, leg *plot.Legend, solvers []Solver, steps func(Solver) ([]float64, []float64), lo, hi float64) ([]string, error) {
	var labels []string
	for i, s := range solvers {
		x, fr := steps(s)
		pts := plotter.XYs{{X: lo, Y: 0}}
		for j := range x {
			pts = append(pts, plotter.XY{X: max(x[j], lo), Y: fr[j]})
		}
		last := 0.0
		if len(fr) > 0 {
			last = fr[len(fr)-1]
		}
		pts = append(pts, plotter.XY{X: hi, Y: last})
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		l.StepStyle = plotter.PostStep
		c, dashes := seriesStyle(i)
		if d := gradientDashes(s.Gradient); d != nil {
			dashes = d
		}
		l.Color, l.Dashes, l.Width = c, dashes, vg.Points(1.5)
		p.Add(l)
		label := fmt.Sprintf("%s %.0f%%", s, 100*last)
		leg.Add(label, l)
		labels = append(labels, label)
	}
	return labels, nil
}

// xRange is the positive range of the x values of the step functions,
// widened a little, and (1, 10) when there is none.
func xRange(all [][]float64, floor float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, xs := range all {
		for _, x := range xs {
			if x > 0 && finite(x) {
				lo, hi = min(lo, x), max(hi, x)
			}
		}
	}
	if math.IsInf(lo, 1) {
		return 1, 10
	}
	lo = max(lo/1.5, floor)
	return lo, max(hi*1.5, lo*10)
}

func fractionPlot(title, xlabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = "fraction"
	p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, logTicks{}
	p.Y.Min, p.Y.Max = 0, 1
	p.Add(plotter.NewGrid())
	return p
}

// ecdfFigure draws the runtime ECDFs of one cost kind, one line per
// solver, COCO-style.
func ecdfFigure(ecdfs []ECDF, kind string, runs []Run) (Figure, error) {
	var mine []ECDF
	var all [][]float64
	var solvers []Solver
	for _, e := range ecdfs {
		if e.CostKind == kind {
			mine = append(mine, e)
			all = append(all, e.Budgets)
			solvers = append(solvers, e.Solver)
		}
	}
	find := func(s Solver) ECDF {
		for _, e := range mine {
			if e.Solver == s {
				return e
			}
		}
		return ECDF{}
	}
	name, xlabel, what := "ecdf_evals", "evaluations / dimension", "evaluations per dimension"
	if kind == CostSeconds {
		name, xlabel, what = "ecdf_time", "solver time (s)", "solver time"
	}
	lo, hi := xRange(all, 0)
	triples := 0
	if len(mine) > 0 {
		triples = mine[0].Triples
	}
	p := fractionPlot(fmt.Sprintf("Runtime ECDF: share of (problem, start, target) triples reached\n%d problems, %d triples per method, targets f* + 10^(2..-8)", len(problemsOf(runs)), triples), xlabel)
	leg := plot.NewLegend()
	labels, err := stepLines(p, &leg, solvers, func(s Solver) ([]float64, []float64) { e := find(s); return e.Budgets, e.Fraction }, lo, hi)
	if err != nil {
		return Figure{}, err
	}
	return withLegend(name, "Runtime ECDF by "+what+" (COCO-style): for each method, the share of all (problem, start, target f* + Δf) triples reached within a budget; the legend gives the share at the end", p, leg, labels), nil
}

// profileFigure draws the performance or data profiles, one panel per tau.
func profileFigure(profiles []Profile, kind string) (Figure, error) {
	name, xlabel, caption := "performance_profile", "cost ratio to the best method (evaluations)",
		"Dolan-Moré performance profiles: the share of (problem, start) instances a method solves within a factor of the best method's evaluations, one panel per tolerance τ (solved: f(x0) - f >= (1 - τ)(f(x0) - f_L)); the legend gives the share solved at all"
	if kind == "data" {
		name, xlabel, caption = "data_profile", "evaluations / (n + 1)",
			"Moré-Wild data profiles: the share of (problem, start) instances a method solves within a budget of evaluations per n + 1 (simplex gradients), one panel per tolerance τ"
	}
	var panels []*plot.Plot
	var legLabels []string
	var legend plot.Legend
	for ti, tau := range ProfileTaus {
		var mine []Profile
		var all [][]float64
		var solvers []Solver
		for _, pr := range profiles {
			if pr.Kind == kind && pr.Tau == tau {
				mine = append(mine, pr)
				all = append(all, pr.X)
				solvers = append(solvers, pr.Solver)
			}
		}
		find := func(s Solver) Profile {
			for _, pr := range mine {
				if pr.Solver == s {
					return pr
				}
			}
			return Profile{}
		}
		floor := 0.0
		if kind == "performance" {
			floor = 1
		}
		lo, hi := xRange(all, floor)
		p := fractionPlot(fmt.Sprintf("τ = %s", tickLabel(tau)), xlabel)
		leg := plot.NewLegend()
		xy := func(s Solver) ([]float64, []float64) { pr := find(s); return pr.X, pr.Fraction }
		if _, err := stepLines(p, &leg, solvers, xy, lo, hi); err != nil {
			return Figure{}, err
		}
		if ti == 0 {
			// Every panel has the same solvers in the same styles; the legend
			// names them without the share, which differs by panel.
			legend = plot.NewLegend()
			for i, s := range solvers {
				c, dashes := seriesStyle(i)
				if d := gradientDashes(s.Gradient); d != nil {
					dashes = d
				}
				l := &plotter.Line{XYs: plotter.XYs{{}}, LineStyle: draw.LineStyle{Color: c, Dashes: dashes, Width: vg.Points(1.5)}}
				legend.Add(s.String(), l)
				legLabels = append(legLabels, s.String())
			}
		}
		panels = append(panels, p)
	}
	return gridFigure(name, caption, panels, 2, legend, legLabels), nil
}

// gridFigure lays panels out in rows of cols, with one legend column at
// the right.
func gridFigure(name, title string, panels []*plot.Plot, cols int, leg plot.Legend, labels []string) Figure {
	rows := (len(panels) + cols - 1) / cols
	var widest vg.Length
	for _, l := range labels {
		widest = max(widest, leg.TextStyle.Width(l))
	}
	legW := widest + leg.ThumbnailWidth + 6*vg.Millimeter
	f := Figure{Name: name, Title: title, W: vg.Length(cols)*4.5*vg.Inch + legW, H: vg.Length(rows) * 3.5 * vg.Inch, legW: legW}
	if len(panels) > 0 {
		f.plot = panels[0]
	}
	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
	}
	for i, p := range panels {
		grid[i/cols][i%cols] = p
	}
	f.draw = func(dc draw.Canvas) {
		for _, p := range panels {
			safeLogAxes(p)
		}
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: 4 * vg.Millimeter, PadY: 4 * vg.Millimeter,
			PadTop: 2 * vg.Millimeter, PadBottom: 2 * vg.Millimeter, PadLeft: 2 * vg.Millimeter, PadRight: 2 * vg.Millimeter}
		canvases := plot.Align(grid, tiles, draw.Crop(dc, 0, -legW, 0, 0))
		for i := range grid {
			for j, p := range grid[i] {
				if p != nil {
					p.Draw(canvases[i][j])
				}
			}
		}
		leg.Top, leg.Left = true, true
		leg.Draw(draw.Crop(dc, dc.Max.X-dc.Min.X-legW, 0, 0, -8*vg.Millimeter))
	}
	return f
}
