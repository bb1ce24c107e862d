package report

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// chromium is the browser the tests drive: $OPTBENCH_CHROMIUM, or the
// first of Debian's and Google's names on PATH; "" when none.
func chromium() string {
	if p := os.Getenv("OPTBENCH_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// noChromium is why the browser tests skip: they cannot run here.
const noChromium = "no chromium on PATH (Debian: apt-get install chromium; .ci/run installs it): report.html's script is not tested in a browser"

// browserPage is report.html open in headless chromium, with what its
// console reported.
type browserPage struct {
	ctx    context.Context
	mu     sync.Mutex
	errors []string
}

func openInBrowser(t *testing.T, path string) (*browserPage, time.Duration) {
	t.Helper()
	exe := chromium()
	if exe == "" {
		t.Skip(noChromium)
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]), chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.WindowSize(1200, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancelTime := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelTime)
	page := &browserPage{ctx: ctx}
	listen := func(ev any) {
		page.mu.Lock()
		defer page.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			what := d.Text
			if d.Exception != nil {
				what += " " + d.Exception.Description
			}
			page.errors = append(page.errors, fmt.Sprintf("exception at line %d, column %d: %s", d.LineNumber+1, d.ColumnNumber+1, what))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				page.errors = append(page.errors, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		}
	}
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("starting %s: %v", exe, err)
	}
	if err := chromedp.Listen(ctx, listen); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err := chromedp.Do(ctx, chromedp.Navigate("file://"+path),
		chromedp.Poll[chromedp.Void](`document.documentElement.dataset.ixReady === "1"`, chromedp.WithPollingInterval(5*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second)))
	ready := time.Since(start)
	if err != nil {
		t.Fatalf("report.html did not become interactive: %v (console: %v)", err, page.console())
	}
	return page, ready
}

func (p *browserPage) console() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.errors)
}

// eval is the value of the JavaScript expression js.
func eval[T any](t *testing.T, p *browserPage, js string) T {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// count is the number of elements matching the CSS selector.
func (p *browserPage) count(t *testing.T, selector string) int {
	t.Helper()
	return eval[int](t, p, `document.querySelectorAll(`+strconv.Quote(selector)+`).length`)
}

// choose selects the option of the <select> with the id whose value or
// text is option, and lets the page react as to a person's choice.
func (p *browserPage) choose(t *testing.T, id, option string) {
	t.Helper()
	ok := eval[bool](t, p, fmt.Sprintf(`(() => { const s = document.getElementById(%q);
		const o = s && [...s.options].find(o => o.value === %[2]q || o.textContent === %[2]q);
		if (!o || o.disabled || s.disabled) return false;
		s.value = o.value; s.dispatchEvent(new Event("change", {bubbles: true})); return true })()`, id, option))
	if !ok {
		t.Fatalf("#%s has no option %q that can be chosen", id, option)
	}
}

func (p *browserPage) click(t *testing.T, selector string) {
	t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Click(selector, chromedp.NodeVisible)); err != nil {
		t.Fatalf("clicking %s: %v", selector, err)
	}
}

// TestReportInBrowser opens the report.html of a small sweep (two
// problems, three methods, four starts, and one run that diverged) in
// headless chromium and uses it
// as a reader would: it loads without a console error and hides the static
// figures on screen; choosing a problem, a measure, an axis and the view
// redraws the curves with one per configuration (median) or per run
// (every start); a click on a legend entry removes that configuration's
// curves from every figure and a second brings them back; a click on a
// column's header sorts the summary by it, a second the other way.
func TestReportInBrowser(t *testing.T) {
	if chromium() == "" {
		t.Skip(noChromium)
	}
	problems := []*bench.Problem{benchtest.Classroom(), benchtest.Rosenbrock()}
	runs := benchtest.Runs(t, problems, 4, solvers.Options{MaxIter: 300}, "BFGS", "Nelder-Mead", "GD")
	// A run that diverged to the largest float: no axis may become
	// infinite (an earlier script looped forever on one).
	runs = append(runs, benchtest.FakeRun(problems[1], "GD-diverged", solvers.MaxIter, 1, 1e10, 1e200, 6e307, math.MaxFloat64))
	a := analysis.Analyze(runs)
	rep, err := New(a, "Browser test", []KV{{"command", "go test"}}, a.Notes())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := WriteFiles(dir, runs, rep); err != nil {
		t.Fatal(err)
	}
	page, ready := openInBrowser(t, filepath.Join(dir, "report.html"))
	t.Logf("interactive %v after navigating (headless chromium, this machine)", ready.Round(time.Millisecond))

	display := eval[string](t, page, `getComputedStyle(document.getElementById("figures")).display`)
	hidden := eval[bool](t, page, `document.getElementById("interactive").hidden`)
	if display != "none" || hidden {
		t.Errorf("on screen the static figures show (display %q) or the interactive ones are hidden (%v)", display, hidden)
	}

	configs := len(bench.SolversOf(runs))
	configsOn := func(name string) int {
		var on []bench.Run
		for _, r := range runs {
			if r.Problem.Name == name {
				on = append(on, r)
			}
		}
		return len(bench.SolversOf(on))
	}
	perProblem := func(name string) int {
		n := 0
		for _, r := range runs {
			if r.Problem.Name == name && r.TraceLen() > 0 {
				n++
			}
		}
		return n
	}
	for _, p := range problems {
		page.choose(t, "ix-problem", p.Name)
		for _, axis := range []string{"iter", "evals", "evals_per_dim", "time"} {
			page.choose(t, "ix-axis", axis)
			page.choose(t, "ix-view", "median")
			if n, want := page.count(t, "#ix-curves path.curve"), configsOn(p.Name); n != want {
				t.Errorf("%s by %s, median: %d curves, want %d (one per configuration)", p.Name, axis, n, want)
			}
			page.choose(t, "ix-view", "all")
			if n, want := page.count(t, "#ix-curves path.curve"), perProblem(p.Name); n != want {
				t.Errorf("%s by %s, every start: %d curves, want %d (one per run)", p.Name, axis, n, want)
			}
		}
	}
	page.choose(t, "ix-problem", "*")
	if n, want := page.count(t, "#ix-curves path.curve"), len(runs); n != want {
		t.Errorf("all problems, every start: %d curves, want %d", n, want)
	}
	page.choose(t, "ix-view", "median")
	page.choose(t, "ix-axis", "evals")
	for _, m := range []string{"gap", "f", "grad_norm"} {
		page.choose(t, "ix-measure", m)
		if n := page.count(t, "#ix-curves path.curve"); n != configs {
			t.Errorf("measure %s: %d curves, want %d", m, n, configs)
		}
	}

	d := readPageData(t, rep.Interactive)
	checkMedians(t, page, d, 1, 0, "gap", "evals", "log")         // Rosenbrock, BFGS: f* = 0, known
	checkMedians(t, page, d, 0, 0, "gap", "evals_per_dim", "log") // the classroom: 15 dimensions, f* the best reached
	checkMedians(t, page, d, 0, 1, "f", "iter", "linear")         // f = f* + the gap
	checkEveryStartTips(t, page, d)
	checkSteps(t, page, d)

	// A metric has a final value only: a point per run that has one.
	metric := problems[0].Metrics[0].Key
	page.choose(t, "ix-problem", problems[0].Name)
	page.choose(t, "ix-measure", metric)
	if n, want := page.count(t, "#ix-curves circle.point"), perProblem(problems[0].Name); n != want {
		t.Errorf("measure %s: %d points, want %d", metric, n, want)
	}
	checkStrip(t, page, d, 0, metric)
	page.choose(t, "ix-measure", "gap")
	page.choose(t, "ix-view", "median")

	// The legend hides a configuration everywhere, and shows it again.
	figures := []string{"#ix-curves", "#ix-ecdf", "#ix-profile"}
	before := map[string]int{}
	for _, f := range figures {
		if before[f] = page.count(t, f+` .curve[data-config="0"]`); before[f] == 0 {
			t.Errorf("%s has no curve of configuration 0", f)
		}
	}
	page.click(t, `#ix-legend .legend-item[data-config="0"]`)
	for _, f := range figures {
		if n := page.count(t, f+` [data-config="0"]`); n != 0 {
			t.Errorf("configuration 0 hidden: %s still draws %d of its elements", f, n)
		}
	}
	if n, want := page.count(t, "#ix-curves path.curve"), configsOn(problems[0].Name)-1; n != want {
		t.Errorf("configuration 0 hidden: %d curves, want %d", n, want)
	}
	page.click(t, `#ix-legend .legend-item[data-config="0"]`)
	for _, f := range figures {
		if n := page.count(t, f+` .curve[data-config="0"]`); n != before[f] {
			t.Errorf("configuration 0 shown again: %s has %d of its curves, want %d", f, n, before[f])
		}
	}

	// Sorting a table by a numeric column that has cells with no value,
	// then the other way: those stay last.
	at := eval[[]int](t, page, `(() => { const tables = [...document.querySelectorAll("#results table, #details table")];
		for (let i = 0; i < tables.length; i++) { const rows = [...tables[i].rows].slice(1);
			for (let c = 0; c < tables[i].rows[0].cells.length; c++) { const v = rows.map(r => r.cells[c] && r.cells[c].dataset.v);
				if (v.includes("NaN") && v.filter(x => x && x !== "NaN").length >= 2) return [i, c] } }
		return [-1, -1] })()`)
	table, column := at[0], at[1]
	if table < 0 {
		t.Fatal("no table has a numeric column with cells of no value and two with one")
	}
	keys := func() []float64 {
		raw := eval[[]string](t, page, fmt.Sprintf(`[...document.querySelectorAll("#results table, #details table")[%d].rows].slice(1).map(r => r.cells[%d].dataset.v)`, table, column))
		out := make([]float64, len(raw))
		for i, s := range raw {
			v, err := strconv.ParseFloat(strings.Replace(s, "Infinity", "Inf", 1), 64)
			if err != nil {
				t.Fatalf("row %d: sort key %q: %v", i, s, err)
			}
			out[i] = v
		}
		return out
	}
	header := eval[string](t, page, fmt.Sprintf(`(() => { const th = [...document.querySelectorAll("#results table, #details table")][%d].rows[0].cells[%d];
		const fold = th.closest("details"); if (fold) fold.open = true;
		th.scrollIntoView(); th.id = th.id || "sort-me"; return "#" + th.id })()`, table, column))
	page.click(t, header)
	if k := keys(); !sortedNaNLast(k, 1) {
		t.Errorf("after one click the column is %v, want ascending (NaN last)", k)
	}
	page.click(t, header)
	if k := keys(); !sortedNaNLast(k, -1) {
		t.Errorf("after two clicks the column is %v, want descending (NaN last)", k)
	}

	// Printed, the page shows the static figures and not the interactive.
	err = chromedp.Do(page.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	printed := eval[[]string](t, page, `["figures", "interactive"].map(id => getComputedStyle(document.getElementById(id)).display)`)
	if printed[0] == "none" || printed[1] != "none" {
		t.Errorf("printed, the static figures display %q and the interactive %q: want them shown and the interactive not", printed[0], printed[1])
	}

	if errs := page.console(); len(errs) > 0 {
		t.Errorf("the console reported:\n%s", strings.Join(errs, "\n"))
	}
}

// sortedNaNLast reports whether k is ascending (order 1) or descending
// (-1) with its NaNs, if any, at the end.
func sortedNaNLast(k []float64, order float64) bool {
	n := len(k)
	for n > 0 && math.IsNaN(k[n-1]) {
		n--
	}
	for i := 1; i < n; i++ {
		if math.IsNaN(k[i]) || order*(k[i]-k[i-1]) < 0 {
			return false
		}
	}
	return true
}

// TestReportFileInBrowser opens the report.html that $OPTBENCH_REPORT
// names (skipped when unset) and logs how long it took to become
// interactive and to redraw for another view: how the page's speed is
// measured on a sweep of one's own (docs/report.md).
func TestReportFileInBrowser(t *testing.T) {
	path := os.Getenv("OPTBENCH_REPORT")
	if path == "" {
		t.Skip("set OPTBENCH_REPORT to a report.html to time it in chromium")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	page, ready := openInBrowser(t, abs)
	t.Logf("interactive %v after navigating", ready.Round(time.Millisecond))
	for _, view := range []string{"all", "median"} {
		start := time.Now()
		page.choose(t, "ix-view", view)
		eval[float64](t, page, `document.body.getBoundingClientRect().height`) // the layout, too
		t.Logf("view %s: redrawn and laid out in %v (%d curves)", view, time.Since(start).Round(time.Millisecond), page.count(t, "#ix-curves .curve"))
	}
	if errs := page.console(); len(errs) > 0 {
		t.Errorf("the console reported:\n%s", strings.Join(errs, "\n"))
	}
}
