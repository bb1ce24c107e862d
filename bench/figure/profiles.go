package figure

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/table"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// stepSeries is one solver's step function: an ECDF or a profile.
type stepSeries struct {
	bench.Solver
	X, Fraction []float64
}

// stepLines adds one step line per series over [lo, hi] on a log x axis,
// with its legend entry giving the share at the end. A solver that never
// succeeds is drawn at 0. A line of more than stepLevels points is thinned
// (thinSteps).
func stepLines(p *plot.Plot, leg *plot.Legend, series []stepSeries, lo, hi float64) ([]string, error) {
	var labels []string
	for i, s := range series {
		pts := plotter.XYs{{X: lo, Y: 0}}
		xs, fs := thinSteps(s.X, s.Fraction)
		for j := range xs {
			pts = append(pts, plotter.XY{X: max(xs[j], lo), Y: fs[j]})
		}
		last := 0.0
		if len(s.Fraction) > 0 {
			last = s.Fraction[len(s.Fraction)-1]
		}
		pts = append(pts, plotter.XY{X: hi, Y: last})
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		l.StepStyle = plotter.PostStep
		l.LineStyle = solverStyle(i)
		p.Add(l)
		label := fmt.Sprintf("%s %.0f%%", Cut(s.Solver.String()), 100*last)
		leg.Add(label, l)
		labels = append(labels, label)
	}
	return labels, nil
}

// solverStyle is series i's line: its colour and dashes (seriesStyle).
func solverStyle(i int) draw.LineStyle {
	c, dashes := seriesStyle(i)
	return draw.LineStyle{Color: c, Dashes: dashes, Width: vg.Points(1.5)}
}

// finalShare is a step function's last fraction, 0 for none.
func finalShare(s stepSeries) float64 {
	if len(s.Fraction) == 0 {
		return 0
	}
	return s.Fraction[len(s.Fraction)-1]
}

// bestSeries are the at most MaxSeries series of the highest final share
// (Shown), in their order.
func bestSeries(series []stepSeries) []stepSeries {
	var out []stepSeries
	for _, i := range Shown(len(series), func(i int) float64 { return -finalShare(series[i]) }) {
		out = append(out, series[i])
	}
	return out
}

// xRange is the positive range of the series' x values, widened a little,
// and (1, 10) when there is none.
func xRange(series []stepSeries, floor float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, x := range s.X {
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
func ecdfFigure(a analysis.Analysis, kind, name string) (Figure, error) {
	var series []stepSeries
	triples := 0
	for _, e := range a.ECDFs {
		if e.CostKind == kind {
			series = append(series, stepSeries{e.Solver, e.Budgets, e.Fraction})
			triples = e.Triples
		}
	}
	xlabel, what := "evaluations / dimension", "evaluations per dimension"
	if kind == analysis.CostSeconds {
		xlabel, what = "solver time (s)", "solver time"
	}
	shown := bestSeries(series)
	ref, refName, hasRef := analysis.ReferenceECDF(a.Runs, a.Settings.DeltaFs)
	hasRef = hasRef && kind == analysis.CostEvals
	ranged := shown
	if hasRef {
		ranged = append(slices.Clone(shown), stepSeries{X: ref.Budgets, Fraction: ref.Fraction})
	}
	lo, hi := xRange(ranged, 0)
	counted, _ := targetProblems(a)
	title := fmt.Sprintf("Runtime ECDF: share of (problem, start, target) triples reached\n%s, %s per method, targets f* + %s", plural(len(counted), "problem"), plural(triples, "triple"), powers(a.Settings.DeltaFs))
	caption := "Runtime ECDF by " + what + " (COCO-style): for each method, the share of all (problem, start, target f* + Δf) triples reached within a budget; the legend gives the share at the end" + fstarCaption(a)
	if len(shown) < len(series) {
		title += fmt.Sprintf("; the %d of %s configurations reaching most", len(shown), Thousands(len(series)))
		caption += fmt.Sprintf("; the %d configurations that reach most, %s in the tables", len(shown), More(len(series), len(shown)))
	}
	p := fractionPlot(title, xlabel)
	leg := plot.NewLegend()
	labels, err := stepLines(p, &leg, shown, lo, hi)
	if err != nil {
		return Figure{}, err
	}
	if hasRef {
		// COCO's reference algorithm (best 2009 on bbob), from its aRT:
		// the line cocopp draws beside every ECDF.
		l, err := referenceLine(ref, lo, hi)
		if err != nil {
			return Figure{}, err
		}
		p.Add(l)
		label := fmt.Sprintf("%s %.0f%%", refName, 100*ref.Final())
		leg.Add(label, l)
		labels = append(labels, label)
		caption += fmt.Sprintf("; %s (thick grey) is the reference algorithm's share of (class, target) pairs at its aRT per dimension", refName)
	}
	labels = append(labels, addMore(&leg, len(series), len(shown))...)
	return withLegend(name, caption, p, leg, labels), nil
}

// referenceLine is a reference algorithm's ECDF as a thick grey step line
// over [lo, hi].
func referenceLine(e analysis.ECDF, lo, hi float64) (*plotter.Line, error) {
	pts := plotter.XYs{{X: lo, Y: 0}}
	xs, fs := thinSteps(e.Budgets, e.Fraction)
	for j := range xs {
		pts = append(pts, plotter.XY{X: max(xs[j], lo), Y: fs[j]})
	}
	pts = append(pts, plotter.XY{X: hi, Y: e.Final()})
	l, err := plotter.NewLine(pts)
	if err != nil {
		return nil, err
	}
	l.StepStyle = plotter.PostStep
	l.LineStyle = draw.LineStyle{Color: color.Gray{Y: 0x90}, Width: vg.Points(4)}
	return l, nil
}

// profileFigure draws the performance or data profiles, one panel per tau.
func profileFigure(a analysis.Analysis, kind, name string) (Figure, error) {
	xlabel, caption, floor := "cost ratio to the best method (evaluations)",
		"Dolan-Moré performance profiles: the share of (problem, start) instances a method solves within a factor of the best method's evaluations, one panel per tolerance τ (solved: f(x0) - f >= (1 - τ)(f(x0) - f_L), f_L the lowest value any method reached from that start); the legend gives the share solved at all", 1.0
	if kind == "data" {
		xlabel, caption, floor = "evaluations / (n + 1)",
			"Moré-Wild data profiles: the share of (problem, start) instances a method solves within a budget of evaluations per n + 1 (simplex gradients), one panel per tolerance τ (solved: f(x0) - f >= (1 - τ)(f(x0) - f_L), f_L the lowest value any method reached from that start)", 0
	}
	if _, left := targetProblems(a); len(left) > 0 {
		caption += fmt.Sprintf("; %s left out: f* only the best value reached, with fewer than %d starts per method", strings.Join(left, ", "), analysis.MinBestSeenStarts)
	}
	// Of more than MaxSeries solvers, every panel draws the same ones: those
	// that solve most summed over the tolerances.
	taus := a.Settings.ProfileTaus
	if len(taus) > maxPanels {
		caption += fmt.Sprintf("; the first %d of %d tolerances", maxPanels, len(taus))
		taus = taus[:maxPanels]
	}
	var solvers []bench.Solver
	share := map[bench.Solver]float64{}
	for _, pr := range a.Profiles {
		if pr.Kind == kind && slices.Contains(taus, pr.Tau) {
			if _, ok := share[pr.Solver]; !ok {
				solvers = append(solvers, pr.Solver)
			}
			share[pr.Solver] += finalShare(stepSeries{pr.Solver, pr.X, pr.Fraction})
		}
	}
	shown := map[bench.Solver]bool{}
	for _, i := range Shown(len(solvers), func(i int) float64 { return -share[solvers[i]] }) {
		shown[solvers[i]] = true
	}
	if len(shown) < len(solvers) {
		caption += fmt.Sprintf("; the %d configurations that solve most, %s in the tables", len(shown), More(len(solvers), len(shown)))
	}
	var panels []*plot.Plot
	var names []string
	legend := plot.NewLegend()
	for _, tau := range taus {
		var series []stepSeries
		for _, pr := range a.Profiles {
			if pr.Kind == kind && pr.Tau == tau && shown[pr.Solver] {
				series = append(series, stepSeries{pr.Solver, pr.X, pr.Fraction})
			}
		}
		lo, hi := xRange(series, floor)
		p := fractionPlot(fmt.Sprintf("τ = %s", table.Short(tau)), xlabel)
		panelLegend := plot.NewLegend()
		if _, err := stepLines(p, &panelLegend, series, lo, hi); err != nil {
			return Figure{}, err
		}
		if names == nil {
			// Every panel has the same solvers in the same styles; the
			// legend names them without the share, which differs by panel.
			for i, s := range series {
				legend.Add(Cut(s.Solver.String()), &plotter.Line{XYs: plotter.XYs{{}}, LineStyle: solverStyle(i)})
				names = append(names, Cut(s.Solver.String()))
			}
			names = append(names, addMore(&legend, len(solvers), len(shown))...)
		}
		panels = append(panels, p)
	}
	return gridFigure(name, caption, panels, 2, legend, names), nil
}

// gridFigure lays panels out in rows of cols, with one legend column at
// the right: the first maxPanels panels (callers say in the title when
// there are more).
func gridFigure(name, title string, panels []*plot.Plot, cols int, leg plot.Legend, labels []string) Figure {
	panels = panels[:min(len(panels), maxPanels)]
	rows := (len(panels) + cols - 1) / cols
	var widest vg.Length
	for _, l := range labels {
		widest = max(widest, leg.TextStyle.Width(l))
	}
	legW := widest + leg.ThumbnailWidth + 6*vg.Millimeter
	f := Figure{name: name, title: title, W: vg.Length(cols)*4.5*vg.Inch + legW, H: vg.Length(rows) * 3.5 * vg.Inch, legW: legW}
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
					drawPlot(p, canvases[i][j])
				}
			}
		}
		leg.Top, leg.Left = true, true
		leg.Draw(draw.Crop(dc, dc.Max.X-dc.Min.X-legW, 0, 0, -8*vg.Millimeter))
	}
	return f
}

// powers names a range of targets' Δf as powers of ten: 10^(2..-8).
func powers(deltaFs []float64) string {
	if len(deltaFs) == 0 {
		return "nothing"
	}
	exp := func(v float64) string { return strconv.FormatFloat(math.Log10(v), 'g', 3, 64) }
	return "10^(" + exp(deltaFs[0]) + ".." + exp(deltaFs[len(deltaFs)-1]) + ")"
}
