package report

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench/stats"
)

// The checks here read what the page drew back through its axes (each
// figure's data-x and data-y: "log|linear LO HI P0 P1") and compare it with
// what the page's data says it should be, computed here: the medians and
// bands, the strip chart's medians, the ECDF and profile steps, and what
// the tip says of a run.

// pageData is what the checks read of the page's data.
type pageData struct {
	Problems []struct {
		Name         string
		Dim          int
		FStar, Floor float64
	}
	Configs []struct{ Name string }
	Runs    []struct {
		P, C, Start int
		Final       map[string]*float64
		Trace       map[string][]*float64
	}
	ECDFs    []pageCurve `json:"ecdfs"`
	Profiles []pageCurve `json:"profiles"`
}

type pageCurve struct {
	C          int
	Cost, Kind string
	Tau        float64
	X, Y       []float64
}

func readPageData(t *testing.T, b []byte) pageData {
	t.Helper()
	var d pageData
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// axis maps values to a figure's coordinates as the page drew them.
type axis struct {
	log            bool
	lo, hi, p0, p1 float64
}

func (a axis) t(v float64) float64 {
	if a.log {
		return math.Log10(v)
	}
	return v
}

func (a axis) px(v float64) float64 {
	return a.p0 + (a.t(v)-a.t(a.lo))*(a.p1-a.p0)/(a.t(a.hi)-a.t(a.lo))
}

func (a axis) value(px float64) float64 {
	u := a.t(a.lo) + (px-a.p0)*(a.t(a.hi)-a.t(a.lo))/(a.p1-a.p0)
	if a.log {
		return math.Pow(10, u)
	}
	return u
}

// axes reads the x and y axes of the figure with the id (a strip chart
// has a y axis only: x is then the zero axis).
func axes(t *testing.T, page *browserPage, id string) (x, y axis) {
	t.Helper()
	attrs := eval[[]string](t, page, fmt.Sprintf(`(() => { const s = document.getElementById(%q); return [s.dataset.x || "", s.dataset.y || ""] })()`, id))
	parse := func(s string) axis {
		f := strings.Fields(s)
		if len(f) != 5 || (f[0] != "log" && f[0] != "linear") {
			t.Fatalf("#%s: axis %q: want \"log|linear LO HI P0 P1\"", id, s)
		}
		var v [4]float64
		for i := range v {
			var err error
			if v[i], err = strconv.ParseFloat(f[i+1], 64); err != nil {
				t.Fatalf("#%s: axis %q: %v", id, s, err)
			}
		}
		return axis{f[0] == "log", v[0], v[1], v[2], v[3]}
	}
	if attrs[0] != "" {
		x = parse(attrs[0])
	}
	return x, parse(attrs[1])
}

var pathCommand = regexp.MustCompile(`([MLHVZmlhvz])([^MLHVZmlhvz]*)`)

// vertices are the points of an SVG path of M, L, H and V commands,
// absolute or relative (what the page draws), in its coordinates.
func vertices(path string) [][2]float64 {
	var out [][2]float64
	var x, y float64
	for _, m := range pathCommand.FindAllStringSubmatch(path, -1) {
		args := strings.FieldsFunc(m[2], func(r rune) bool { return r == ',' || r == ' ' })
		v := make([]float64, len(args))
		for i, a := range args {
			v[i], _ = strconv.ParseFloat(a, 64)
		}
		switch {
		case (m[1] == "M" || m[1] == "L") && len(v) == 2:
			x, y = v[0], v[1]
		case m[1] == "H" && len(v) == 1:
			x = v[0]
		case m[1] == "V" && len(v) == 1:
			y = v[0]
		case (m[1] == "m" || m[1] == "l") && len(v) == 2:
			x, y = x+v[0], y+v[1]
		case m[1] == "h" && len(v) == 1:
			x += v[0]
		case m[1] == "v" && len(v) == 1:
			y += v[0]
		default:
			continue // Z
		}
		out = append(out, [2]float64{x, y})
	}
	return out
}

func attr(t *testing.T, page *browserPage, selector, name string) string {
	t.Helper()
	return eval[string](t, page, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.getAttribute(%q) || "" : "" })()`, selector, name))
}

// hover moves the pointer to (x, y) of the figure and returns what the tip
// says then ("" when hidden).
func hover(t *testing.T, page *browserPage, id string, x, y float64) string {
	t.Helper()
	return eval[string](t, page, fmt.Sprintf(`(() => { const svg = document.getElementById(%q);
		const q = new DOMPoint(%g, %g).matrixTransform(svg.getScreenCTM());
		svg.dispatchEvent(new PointerEvent("pointermove", {clientX: q.x, clientY: q.y, bubbles: true}));
		const tip = document.getElementById("ix-tip"); return tip.hidden ? "" : tip.textContent })()`, id, x, y))
}

var number = regexp.MustCompile(`-?\d+(\.\d+)?(e[-+]?\d+)?`)

// says reports whether the text has a number within 4 significant digits
// of v.
func says(text string, v float64) bool {
	for _, m := range number.FindAllString(text, -1) {
		if s, err := strconv.ParseFloat(m, 64); err == nil && math.Abs(s-v) <= 5e-4*math.Abs(v) {
			return true
		}
	}
	return false
}

// only shows configuration c alone in every figure, and returns what
// shows them all again.
func only(t *testing.T, page *browserPage, d pageData, c int) func() {
	t.Helper()
	toggle := func() {
		for other := range d.Configs {
			if other != c {
				page.click(t, fmt.Sprintf(`#ix-legend .legend-item[data-config="%d"]`, other))
			}
		}
	}
	toggle()
	return toggle
}

// checkMedians checks the median curve of configuration c on problem p
// (indexes into the page's data) for the measure by the x axis, and its
// band: at its first, middle and last grid points, the tip that a pointer
// there shows holds the x and the median (4 significant digits); and every
// point of the band lies at the 20 % and 80 % quantiles (within half a
// pixel where it is inside the plot). They are computed here from the
// page's data as the printed figures compute them: a run's value at x is
// its value at its last point at or before x (its first before it),
// floored for f - f* on a log axis; numpy's quantiles.
func checkMedians(t *testing.T, page *browserPage, d pageData, p, c int, measure, xAxis, yScale string) {
	t.Helper()
	page.choose(t, "ix-problem", d.Problems[p].Name)
	page.choose(t, "ix-measure", measure)
	page.choose(t, "ix-axis", xAxis)
	page.choose(t, "ix-view", "median")
	page.choose(t, "ix-xscale", "log")
	page.choose(t, "ix-yscale", yScale)
	defer only(t, page, d, c)()

	what := fmt.Sprintf("%s by %s of %s on %s", measure, xAxis, d.Configs[c].Name, d.Problems[p].Name)
	prob := d.Problems[p]
	div := 1.0
	if xAxis == "evals_per_dim" {
		div = float64(prob.Dim)
	}
	src := map[string]string{"evals_per_dim": "evals"}[xAxis]
	if src == "" {
		src = xAxis
	}
	type run struct{ xs, ys []float64 }
	var runs []run
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range d.Runs {
		if r.P != p || r.C != c || r.Trace == nil {
			continue
		}
		var rr run
		for i, xv := range r.Trace[src] {
			x, y := *xv/div, *r.Trace["gap"][i]
			if measure == "f" {
				y += prob.FStar
			} else if yScale == "log" {
				y = max(y, prob.Floor)
			}
			rr.xs, rr.ys = append(rr.xs, x), append(rr.ys, y)
			if x > 0 {
				lo = min(lo, x)
			}
			hi = max(hi, x)
		}
		runs = append(runs, rr)
	}
	if len(runs) < 3 {
		t.Fatalf("%s: %d traces, want 3 or more for a median and a band", what, len(runs))
	}
	const grid = 80
	at := func(g int) (x float64, q [3]float64) {
		x = lo * math.Pow(hi/lo, float64(g)/(grid-1))
		if g == grid-1 {
			x = hi
		}
		vals := make([]float64, len(runs))
		for i, r := range runs {
			vals[i] = r.ys[0]
			for j, e := range r.xs {
				if e <= x {
					vals[i] = r.ys[j]
				}
			}
		}
		qs := stats.Quantiles(vals, 0.5, 0.2, 0.8)
		return x, [3]float64{qs[0], qs[1], qs[2]}
	}

	median := vertices(attr(t, page, fmt.Sprintf(`#ix-curves path.curve[data-config="%d"]`, c), "d"))
	if len(median) != grid {
		t.Fatalf("%s: the median curve has %d points, want %d", what, len(median), grid)
	}
	for _, g := range []int{0, grid / 2, grid - 1} {
		x, q := at(g)
		tip := hover(t, page, "ix-curves", median[g][0], median[g][1])
		if !strings.Contains(tip, "median") || !strings.Contains(tip, d.Configs[c].Name) || !says(tip, x) || !says(tip, q[0]) {
			t.Errorf("%s, grid point %d: the tip says %q; want the median, %.4g at %.4g", what, g, tip, q[0], x)
		}
	}

	_, ya := axes(t, page, "ix-curves")
	band := vertices(attr(t, page, fmt.Sprintf(`#ix-curves path.band[data-config="%d"]`, c), "d"))
	if len(band) != 2*grid {
		t.Fatalf("%s: the band has %d points, want %d", what, len(band), 2*grid)
	}
	inside := func(px float64) bool { return px >= min(ya.p0, ya.p1) && px <= max(ya.p0, ya.p1) }
	for g := range grid {
		_, q := at(g)
		for side, px := range []float64{band[g][1], band[2*grid-1-g][1]} {
			want := ya.px(q[1+side])
			if inside(want) && math.Abs(px-want) > 0.5 {
				t.Errorf("%s, grid point %d: the band's %d %% side is at %.4g, want %.4g (%.1f px off)", what, g, []int{20, 80}[side], ya.value(px), q[1+side], px-want)
			}
		}
	}
}

// checkEveryStartTips checks, in the every-start view of all problems,
// that the tip over a run's curve names its problem, configuration and
// start.
func checkEveryStartTips(t *testing.T, page *browserPage, d pageData) {
	t.Helper()
	page.choose(t, "ix-problem", "*")
	page.choose(t, "ix-measure", "gap")
	page.choose(t, "ix-axis", "iter")
	page.choose(t, "ix-view", "all")
	for k, r := range d.Runs {
		if r.Trace == nil || r.Start == k {
			continue // a start equal to its index would not tell them apart
		}
		defer only(t, page, d, r.C)()
		pts := vertices(attr(t, page, fmt.Sprintf(`#ix-curves path.curve[data-run="%d"]`, k), "d"))
		if len(pts) == 0 {
			t.Fatalf("run %d has no curve", k)
		}
		last := pts[len(pts)-1]
		tip := hover(t, page, "ix-curves", last[0], last[1])
		for _, want := range []string{d.Problems[r.P].Name, d.Configs[r.C].Name, fmt.Sprintf("start %d", r.Start)} {
			if !strings.Contains(tip, want) {
				t.Errorf("every start: the tip at the end of run %d's curve says %q, without %q", k, tip, want)
			}
		}
		// Its value there is the run's last, floored as the medians are.
		gaps, iters := r.Trace["gap"], r.Trace["iter"]
		want := max(*gaps[len(gaps)-1], d.Problems[r.P].Floor)
		_, ya := axes(t, page, "ix-curves")
		if !says(tip, float64(*iters[len(iters)-1])) || math.Abs(last[1]-ya.px(want)) > 0.5 {
			t.Errorf("every start: run %d's curve ends at %q (y = %.1f); want iteration %v and %.4g (y = %.1f)", k, tip, last[1], *iters[len(iters)-1], want, ya.px(want))
		}
		return
	}
	t.Fatal("no run to hover")
}

// checkStrip checks the strip chart of a metric on problem p: each
// configuration's median line lies at the median of its runs' final
// values (within half a pixel).
func checkStrip(t *testing.T, page *browserPage, d pageData, p int, metric string) {
	t.Helper()
	_, ya := axes(t, page, "ix-curves")
	for c := range d.Configs {
		var finals []float64
		for _, r := range d.Runs {
			if v := r.Final[metric]; r.P == p && r.C == c && v != nil {
				finals = append(finals, *v)
			}
		}
		line := vertices(attr(t, page, fmt.Sprintf(`#ix-curves path.curve[data-config="%d"]`, c), "d"))
		if len(finals) == 0 {
			if len(line) > 0 {
				t.Errorf("%s: configuration %d has no value but a median line", metric, c)
			}
			continue
		}
		want := ya.px(stats.Median(finals))
		if len(line) == 0 || math.Abs(line[0][1]-want) > 0.5 {
			t.Errorf("%s of %s: the median line is at %v, want y = %.1f (%.4g)", metric, d.Configs[c].Name, line, want, stats.Median(finals))
		}
	}
}

// checkSteps checks every curve of the ECDF and of the profiles, for each
// choice of their selects: each point of the path lies on the step
// function of the data at its x (or at the x just before it, a step's
// riser), within half a pixel.
func checkSteps(t *testing.T, page *browserPage, d pageData) {
	t.Helper()
	step := func(c pageCurve, x float64) float64 { // the value at x: 0 before the first step
		i := slices.IndexFunc(c.X, func(v float64) bool { return v > x })
		switch i {
		case 0:
			return 0
		case -1:
			return c.Y[len(c.Y)-1]
		}
		return c.Y[i-1]
	}
	check := func(id, what string, curves []pageCurve) {
		xa, ya := axes(t, page, id)
		for _, cv := range curves {
			pts := vertices(attr(t, page, fmt.Sprintf(`#%s path.curve[data-config="%d"]`, id, cv.C), "d"))
			if len(cv.X) == 0 { // never reached: nothing to draw
				if len(pts) > 1 {
					t.Errorf("%s of %s: no step in the data, but %d points drawn", what, d.Configs[cv.C].Name, len(pts))
				}
				continue
			}
			if len(pts) < 2 {
				t.Errorf("%s of %s: %d points drawn", what, d.Configs[cv.C].Name, len(pts))
				continue
			}
			for _, pt := range pts {
				// Steps less than a pixel apart share a pixel: the
				// point lies between the values at its two sides.
				x0, x1 := xa.value(pt[0]-0.5), xa.value(pt[0]+0.5)
				if a, b := ya.px(step(cv, x0)), ya.px(step(cv, x1)); pt[1] < min(a, b)-0.5 || pt[1] > max(a, b)+0.5 {
					t.Errorf("%s of %s: a point at %.4g, %.3g lies off the steps (%.3g to %.3g there)", what, d.Configs[cv.C].Name, xa.value(pt[0]), ya.value(pt[1]), step(cv, x0), step(cv, x1))
					break
				}
			}
		}
	}
	for _, cost := range []string{"evals_per_dim", "seconds"} {
		page.choose(t, "ix-ecdf-cost", cost)
		var curves []pageCurve
		for _, e := range d.ECDFs {
			if e.Cost == cost {
				curves = append(curves, e)
			}
		}
		check("ix-ecdf", "the ECDF by "+cost, curves)
	}
	for _, kind := range []string{"performance", "data"} {
		page.choose(t, "ix-profile-kind", kind)
		var taus []float64
		for _, pr := range d.Profiles {
			if pr.Kind == kind && !slices.Contains(taus, pr.Tau) {
				taus = append(taus, pr.Tau)
			}
		}
		for _, tau := range taus {
			value := eval[string](t, page, fmt.Sprintf(`(() => { const o = [...document.getElementById("ix-profile-tau").options].find(o => Number(o.value) === %v); return o ? o.value : "" })()`, tau))
			if value == "" {
				t.Fatalf("#ix-profile-tau has no option for τ = %g", tau)
			}
			page.choose(t, "ix-profile-tau", value)
			var curves []pageCurve
			for _, pr := range d.Profiles {
				if pr.Kind == kind && pr.Tau == tau {
					curves = append(curves, pr)
				}
			}
			check("ix-profile", fmt.Sprintf("the %s profile at τ = %g", kind, tau), curves)
		}
	}
}
