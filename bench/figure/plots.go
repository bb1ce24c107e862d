package figure

import (
	"bytes"
	"cmp"
	"fmt"
	"image/color"
	"math"
	"strings"
	"time"
	"unicode"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/stats"
	"github.com/optbench/optbench/bench/table"
)

// Figure is one drawing of a sweep, rendered on demand as PNG or SVG.
type Figure struct {
	name  string // file name without extension: loss_vs_iter, ...
	title string // a caption: what is drawn
	W, H  vg.Length
	draw  func(dc draw.Canvas)
	plot  *plot.Plot // the main plot, for tests
	legW  vg.Length  // width of the legend column right of the plot
}

var _ bench.Figure = Figure{}

// Name is the figure's file name without extension.
func (f Figure) Name() string { return f.name }

// Title is the figure's caption: what is drawn.
func (f Figure) Title() string { return f.title }

// Render draws the figure in format "png" or "svg". A drawing error (gonum
// plot panics on some degenerate data) is returned, not raised.
func (f Figure) Render(format string) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s.%s: %v", f.name, format, r)
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
	if format == "svg" {
		return fixSVGImages(buf.Bytes()), nil
	}
	return buf.Bytes(), nil
}

// fixSVGImages corrects gonum/plot's SVG images (the decision regions'
// raster): they are PNG, not "image/jpg", and must fill their box exactly,
// or browsers letterbox them and the regions no longer line up with the
// axes and the points.
func fixSVGImages(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("data:image/jpg;base64,"), []byte("data:image/png;base64,"))
	return bytes.ReplaceAll(b, []byte("<image x="), []byte(`<image preserveAspectRatio="none" x=`))
}

// New is a figure of size w x h drawn by draw: for problem families'
// own figures.
func New(name, title string, w, h vg.Length, draw func(draw.Canvas)) Figure {
	return Figure{name: name, title: title, W: w, H: h, draw: draw}
}

// Plot is a 7 x 4.5 inch figure of one plot.
func Plot(name, title string, p *plot.Plot) Figure { return single(name, title, p) }

// SeriesColor is the colour of series i in every figure (12 colours, then
// again).
func SeriesColor(i int) color.Color { c, _ := seriesStyle(i); return c }

// Plot is the figure's main plot, nil for a figure drawn otherwise.
func (f Figure) Plot() *plot.Plot { return f.plot }

func single(name, title string, p *plot.Plot) Figure {
	return Figure{name: name, title: title, W: 7 * vg.Inch, H: 4.5 * vg.Inch, plot: p, draw: func(c draw.Canvas) { drawPlot(p, c) }}
}

// withLegend is single with the legend in a column of its own right of the
// plot, where it covers no data.
func withLegend(name, title string, p *plot.Plot, leg plot.Legend, labels []string) Figure {
	f := single(name, title, p)
	if len(labels) == 0 {
		return f
	}
	var widest vg.Length
	for _, l := range labels {
		widest = max(widest, leg.TextStyle.Width(l))
	}
	f.legW = widest + leg.ThumbnailWidth + 6*vg.Millimeter
	f.W += f.legW
	f.draw = func(c draw.Canvas) {
		drawPlot(p, draw.Crop(c, 0, -f.legW, 0, 0))
		leg.Top, leg.Left = true, true
		leg.Draw(draw.Crop(c, c.Max.X-c.Min.X-f.legW, 0, 0, -8*vg.Millimeter))
	}
	return f
}

// gapRef is what the figures of f draw it against: f*, known or the best
// any run reached, and what f is called.
type gapRef struct {
	analysis.Reference
	fname      string
	lastTarget float64 // the smallest Δf of the targets
}

// floor is the precision to which "f - f*" is drawn: the last target's Δf
// times max(1, |f*|) for a known f* (1e-8 by default), and 1e-6 max(1,
// |f*|) for the best any run reached. Smaller gaps are drawn at it, so that the run that defines the
// best (its gap is 0) or one converged to 1e-16 does not stretch the axis
// over decades no other curve visits, and log scales stay positive.
func (g gapRef) floor() float64 {
	rel := 1e-6
	if g.Known {
		rel = g.lastTarget
	}
	if !finite(g.FStar) {
		return rel
	}
	return rel * max(1, math.Abs(g.FStar))
}

// what says what f* is, for captions.
func (g gapRef) what() string {
	if g.Known {
		return "the known minimum f*"
	}
	return "f*, the best value any run reached"
}

// title is fname as a title begins with it: a word capitalized ("Train
// loss"), a symbol as it is ("f", "E(w)"), for f is not F.
func (g gapRef) title() string { return capitalize(cmpOr(g.fname, "f")) }

// capitalize is s with its first letter upper case when s begins with a
// word of two letters or more ("train loss": "Train loss"), and s as it is
// when it begins with a symbol of one letter ("f", "f(x)", "E(w)"), whose
// case is part of its name.
func capitalize(s string) string {
	r := []rune(s)
	if len(r) == 0 || !unicode.IsLower(r[0]) || len(r) == 1 || !unicode.IsLetter(r[1]) {
		return s
	}
	return string(unicode.ToUpper(r[0])) + string(r[1:])
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// plural is n nouns, with thousands separated: "1 problem", "2
// problems", "1,800 problems"; noun is singular, made plural with "s".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return Thousands(n) + " " + noun + "s"
}

// wrapLabel breaks a long method label after '[' and its commas, so that
// axis labels of grids stay narrow.
func wrapLabel(label string) string {
	if len(label) <= 16 {
		return label
	}
	return strings.NewReplacer("[", "[\n", ",", ",\n").Replace(label)
}

// drawing is one of the figures of every sweep: its file name, whether it
// is drawn only for a sweep of one problem, and what draws it. drawings is
// the list Figures draws from and Names reports: with the families'
// figures (bench.Family.FigureNames), the manifest of the figures a sweep
// may write.
type drawing struct {
	name       string
	oneProblem bool
	// targets: drawn from targets (ECDFs, profiles), so not when every
	// problem's are left out (analysis.Circular).
	targets bool
	draw    func(a analysis.Analysis, name string) (Figure, error)
}

var drawings = []drawing{
	{"loss_vs_iter", true, false, fByIteration},
	{"loss_vs_time", true, false, fByTime},
	{"final_loss", true, false, finalF},
	{"ecdf_evals", false, true, func(a analysis.Analysis, name string) (Figure, error) { return ecdfFigure(a, analysis.CostEvals, name) }},
	{"ecdf_time", false, true, func(a analysis.Analysis, name string) (Figure, error) {
		return ecdfFigure(a, analysis.CostSeconds, name)
	}},
	{"performance_profile", false, true, func(a analysis.Analysis, name string) (Figure, error) { return profileFigure(a, "performance", name) }},
	{"data_profile", false, true, func(a analysis.Analysis, name string) (Figure, error) { return profileFigure(a, "data", name) }},
}

// Names are the file names, without extension, of the figures Figures
// may draw itself, in the order it draws them.
func Names() []string {
	var out []string
	for _, d := range drawings {
		out = append(out, d.name)
	}
	return out
}

// Figures draws the figures of an analysis: for a sweep of one problem,
// its values by iteration and by time and its final values; for every
// sweep, the runtime ECDFs and the performance and data profiles, but when
// every problem's targets are left out (analysis.Circular, the notes say
// why); then each problem's own figures (Problem.Figures).
func Figures(a analysis.Analysis) ([]bench.Figure, error) {
	if len(a.Runs) == 0 {
		return nil, fmt.Errorf("no runs to plot")
	}
	problems := a.Problems()
	noTargets := len(analysis.Circular(a.Runs)) == len(problems)
	var figs []bench.Figure
	for _, d := range drawings {
		if d.oneProblem && len(problems) != 1 || d.targets && noTargets {
			continue
		}
		f, err := d.draw(a, d.name)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	for _, p := range problems {
		if p.Figures == nil {
			continue
		}
		var own []bench.Run
		for _, r := range a.Runs {
			if r.Problem.Name == p.Name {
				own = append(own, r)
			}
		}
		fs, err := p.Figures(own)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Name, err)
		}
		figs = append(figs, fs...)
	}
	return figs, nil
}

// gapOf is what the figures of a one-problem analysis draw f against.
func gapOf(a analysis.Analysis) gapRef { return gapOfProblem(a, a.Problems()[0]) }

// gapOfProblem is what the figures of problem p of the analysis draw f
// against.
func gapOfProblem(a analysis.Analysis, p *bench.Problem) gapRef {
	last := 1e-8
	if n := len(a.Settings.DeltaFs); n > 0 {
		last = a.Settings.DeltaFs[n-1]
	}
	return gapRef{a.Refs[p.Name], p.ValueName(), last}
}

// GapFloor is the precision to which the figures draw f - f* of problem p
// of the analysis: a smaller gap is drawn at it (see gapRef.floor).
// report.html's interactive figures draw it so too.
func GapFloor(a analysis.Analysis, p *bench.Problem) float64 { return gapOfProblem(a, p).floor() }

func groupLabel(g analysis.Group) string { return Cut(g.Solver.String()) }

// medianGap is the median of the final f - f* of g's runs, +Inf when none
// is finite: how Shown ranks configurations in the figures of one problem.
func medianGap(g analysis.Group, ref gapRef) float64 {
	var v []float64
	for _, r := range g.Runs {
		if finite(r.Result.Fun) {
			v = append(v, r.Result.Fun-ref.FStar)
		}
	}
	if len(v) == 0 {
		return math.Inf(1)
	}
	return stats.Median(v)
}

// shownGroups are the at most MaxSeries groups of the lowest median final
// f (Shown), in their order.
func shownGroups(groups []analysis.Group, ref gapRef) []analysis.Group {
	var out []analysis.Group
	for _, i := range Shown(len(groups), func(i int) float64 { return medianGap(groups[i], ref) }) {
		out = append(out, groups[i])
	}
	return out
}

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
// runs along xs with a 20-80 % band (a single run: its own curve), and its
// legend entry to leg: for the MaxSeries groups of the lowest median final
// f when there are more, and legend lines saying how many are left out.
func bandPlot(p *plot.Plot, leg *plot.Legend, groups []analysis.Group, ref gapRef, xs func(analysis.Group) []float64, at func(r *bench.Run, xs, f []float64)) ([]string, error) {
	var labels []string
	shown := shownGroups(groups, ref)
	for i, g := range shown {
		var med, lo, hi plotter.XYs
		// v[k][j]: run j's gap at the k-th x, each run's trace read once
		// for all of them (at: f at every x, increasing, into f).
		grid := xs(g)
		v := make([][]float64, len(grid))
		for k := range v {
			v[k] = make([]float64, len(g.Runs))
		}
		f := make([]float64, len(grid))
		for j := range g.Runs {
			at(&g.Runs[j], grid, f)
			for k := range grid {
				v[k][j] = f[k] - ref.FStar
			}
		}
		for k, x := range grid {
			q := stats.Quantiles(v[k], 0.5, 0.2, 0.8)
			m := q[0]
			if math.IsNaN(m) || math.IsInf(m, 0) {
				continue
			}
			floor := ref.floor()
			med = append(med, plotter.XY{X: x, Y: max(m, floor)})
			lo = append(lo, plotter.XY{X: x, Y: max(q[1], floor)})
			hi = append(hi, plotter.XY{X: x, Y: max(q[2], floor)})
		}
		if len(med) == 0 {
			continue
		}
		c, dashes := seriesStyle(i)
		if len(g.Runs) > 1 {
			ring := append(plotter.XYs(nil), lo...)
			for j := len(hi) - 1; j >= 0; j-- {
				ring = append(ring, hi[j])
			}
			band, err := plotter.NewPolygon(ring)
			if err != nil {
				return nil, err
			}
			r, gg, b, _ := c.RGBA()
			band.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(gg >> 8), B: uint8(b >> 8), A: 40}
			band.LineStyle.Width = 0
			p.Add(band)
		}
		l, err := plotter.NewLine(med)
		if err != nil {
			return nil, err
		}
		l.Color, l.Dashes = c, dashes
		l.Width = vg.Points(1.5)
		p.Add(l)
		leg.Add(groupLabel(g), l)
		labels = append(labels, groupLabel(g))
	}
	return append(labels, addMore(leg, len(groups), len(shown))...), nil
}

// startsNote says what the curves are: a run's own, or a median; and, of
// more configurations than a figure draws, which it draws.
func startsNote(groups []analysis.Group) string {
	most := 0
	for _, g := range groups {
		most = max(most, len(g.Runs))
	}
	note := "one start per method"
	if most > 1 {
		note = fmt.Sprintf("median over up to %d starts, 20-80 %% band", most)
	}
	if len(groups) > MaxSeries {
		note += fmt.Sprintf(";\nthe %d of %s configurations with the lowest median final value", MaxSeries, Thousands(len(groups)))
	}
	return note
}

func newLogPlot(title, xlabel string, ref gapRef) (*plot.Plot, plot.Legend) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = fmt.Sprintf("%s - f* (floor %s)", ref.fname, table.Short(ref.floor()))
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = logTicks{}, logTicks{}
	p.Add(plotter.NewGrid())
	return p, plot.NewLegend()
}

func fByIteration(a analysis.Analysis, name string) (Figure, error) {
	groups, ref := a.Groups, gapOf(a)
	p, leg := newLogPlot(ref.title()+" by iteration ("+startsNote(groups)+")", "iteration", ref)
	labels, err := bandPlot(p, &leg, groups, ref, func(g analysis.Group) []float64 {
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
	}, func(r *bench.Run, xs, f []float64) {
		ks := make([]int, len(xs))
		for k, x := range xs {
			ks[k] = int(x)
		}
		analysis.FAtIters(r, ks, f)
	})
	return withLegend(name, ref.title()+" minus "+ref.what()+", by iteration (log-log)", p, leg, labels), err
}

func fByTime(a analysis.Analysis, name string) (Figure, error) {
	groups, ref := a.Groups, gapOf(a)
	p, leg := newLogPlot(ref.title()+" by solver time ("+startsNote(groups)+")", "time (s)", ref)
	labels, err := bandPlot(p, &leg, groups, ref, func(g analysis.Group) []float64 {
		lo, hi := math.Inf(1), 0.0
		for j := range g.Runs {
			first, last, seen := time.Duration(0), time.Duration(0), false
			for p := range g.Runs[j].TraceRows() {
				if !seen {
					first, seen = p.Time, true
				}
				last = p.Time
			}
			if seen {
				lo = min(lo, first.Seconds())
				hi = max(hi, last.Seconds())
			}
		}
		if math.IsInf(lo, 1) || lo <= 0 {
			return nil
		}
		return logGrid(lo, hi, 80)
	}, func(r *bench.Run, xs, f []float64) {
		ds := make([]time.Duration, len(xs))
		for k, x := range xs {
			ds[k] = secondsToDuration(x)
		}
		analysis.FAtTimes(r, ds, f)
	})
	return withLegend(name, ref.title()+" minus "+ref.what()+", by the solver's wall time (log-log)", p, leg, labels), err
}

// finalF draws every start's final f per method and gradient mode, as its
// gap to f* on a log scale, which separates the local minima (0.001 above
// the best and 0.03 above it are a decade apart), with a box plot when
// there are several starts. Each start is drawn once.
func finalF(a analysis.Analysis, name string) (Figure, error) {
	all, ref := a.Groups, gapOf(a)
	groups := shownGroups(all, ref)
	p := plot.New()
	p.Title.Text = "Final " + ref.fname + " of every start"
	if len(groups) < len(all) {
		p.Title.Text += fmt.Sprintf(": the %d of %s configurations with the lowest median", len(groups), Thousands(len(all)))
	}
	thinned := false
	p.Y.Label.Text = fmt.Sprintf("final %s - f* (floor %s)", ref.fname, table.Short(ref.floor()))
	p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, logTicks{}
	p.Add(plotter.NewGrid())
	var names []string
	for i, g := range groups {
		var vals plotter.Values
		var pts plotter.XYs
		var at []int // the start (index in g.Runs) of each value
		for j, r := range g.Runs {
			if f := r.Result.Fun; finite(f) {
				vals = append(vals, max(f-ref.FStar, ref.floor()))
				at = append(at, j)
			}
		}
		// Every start is a point up to maxPointsPerSeries; past it, that
		// many evenly spaced in rank, and the box summarises them all.
		drawn := byRank(len(vals), maxPointsPerSeries, func(a, b int) int { return cmp.Compare(vals[a], vals[b]) })
		thinned = thinned || len(drawn) < len(vals)
		for _, k := range drawn {
			// A fixed, reproducible jitter spreads coincident points.
			x := float64(i)
			if len(g.Runs) > 1 {
				x += 0.3 * (float64((at[k]*37)%19)/18 - 0.5)
			}
			pts = append(pts, plotter.XY{X: x, Y: vals[k]})
		}
		names = append(names, wrapLabel(Cut(g.Label))+"\n"+string(g.Gradient))
		if len(vals) == 0 {
			continue
		}
		c, _ := seriesStyle(i)
		if len(vals) > 1 {
			box, err := plotter.NewBoxPlot(vg.Points(24), float64(i), vals)
			if err != nil {
				return Figure{}, err
			}
			box.GlyphStyle.Radius = 0 // the points below show every start, outliers included
			if len(drawn) < len(vals) {
				box.Outside = nil // nor draw, even invisibly, those the points leave out
			}
			p.Add(box)
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return Figure{}, err
		}
		sc.Color = c
		sc.Radius = vg.Points(2.5)
		p.Add(sc)
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.6, float64(len(groups))-0.4
	title := "Final " + ref.fname + " minus " + ref.what() + ", every start (log scale): clusters are local minima"
	if thinned {
		title += fmt.Sprintf("; of more than %d starts, %d evenly spaced in rank are points, the box covers all", maxPointsPerSeries, maxPointsPerSeries)
	}
	if more := More(len(all), len(groups)); more != "" {
		title += fmt.Sprintf("; the %d configurations with the lowest median, %s in the tables", len(groups), more)
	}
	f := single(name, title, p)
	f.W = vg.Length(max(7, 1.2*float64(len(groups)))) * vg.Inch // at most MaxSeries columns: 14.4 in
	return f, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func secondsToDuration(s float64) time.Duration { return time.Duration(s * 1e9) }

// StepErrorFigure draws the relative error of forward and central
// differences against the step h, log-log: the truncation/rounding V.
func StepErrorFigure(h, forward, central []float64) (Figure, error) {
	p := plot.New()
	p.Title.Text = "Finite-difference gradient error against the step h, at x0\n(max |fd - analytic| / max |analytic|)"
	p.X.Label.Text = "step h"
	p.Y.Label.Text = "relative error"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = logTicks{}, logTicks{}
	p.Add(plotter.NewGrid())
	leg := plot.NewLegend()
	var labels []string
	for i, s := range []struct {
		name string
		errs []float64
	}{{"forward (error O(h) + eps/h)", forward}, {"central (error O(h^2) + eps/h)", central}} {
		var xy plotter.XYs
		for j, e := range s.errs {
			if finite(e) && e > 0 {
				xy = append(xy, plotter.XY{X: h[j], Y: e})
			}
		}
		l, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return Figure{}, err
		}
		c, _ := seriesStyle(i)
		l.Color, pts.Color = c, c
		p.Add(l, pts)
		leg.Add(s.name, l, pts)
		labels = append(labels, s.name)
	}
	return withLegend("gradcheck_steps", "Relative error of finite-difference gradients against the step: truncation falls with h, rounding grows as 1/h", p, leg, labels), nil
}
