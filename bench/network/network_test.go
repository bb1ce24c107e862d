package network_test

import (
	"context"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/figure"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/bench/network"
	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers"
)

func classroomRuns(t *testing.T, starts int) ([]bench.Run, *bench.Problem) {
	t.Helper()
	p, err := network.Classroom(2, 0, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := bench.Configs("BFGS", "L-BFGS", "Nelder-Mead")
	if err != nil {
		t.Fatal(err)
	}
	specs := benchtest.Specs(t, []*bench.Problem{p}, cs, []solvers.GradientMode{solvers.Analytic}, starts, 1, solvers.Options{MaxIter: 100, TraceX: true})
	return bench.Execute(context.Background(), specs, 2, nil), p
}

// TestClassroom: start 0 is the exercise's x0, the metrics are the test
// loss and the accuracies at the result, and f* is unknown.
func TestClassroom(t *testing.T) {
	runs, p := classroomRuns(t, 2)
	if !slices.Equal(p.Start(0, 1), objective.ClassroomInit()) || p.Dim != 15 || !math.IsNaN(p.FStar) {
		t.Fatalf("classroom problem: dim %d, f* %v, start 0 %v", p.Dim, p.FStar, p.Start(0, 1))
	}
	var keys []string
	for _, m := range p.Metrics {
		keys = append(keys, m.Key)
	}
	if strings.Join(keys, ",") != "test_fun,train_acc,test_acc" {
		t.Errorf("metrics %v", keys)
	}
	train, test := objective.Classroom()
	for _, r := range runs {
		ce, _ := objective.NewCrossEntropy(objective.ClassroomNetwork, test, 0)
		if got, want := r.Metric("test_fun"), ce.Func(r.Result.X); got != want {
			t.Errorf("%s: test loss %v, want %v", r.Label, got, want)
		}
		if got, want := r.Metric("train_acc"), objective.Accuracy(objective.ClassroomNetwork, r.Result.X, train); got != want {
			t.Errorf("%s: train accuracy %v, want %v", r.Label, got, want)
		}
	}
	if _, err := network.New(network.Config{Name: "bad", Net: objective.Network{Inputs: 3, Hidden: 2, Classes: 3}, Train: train}); err == nil {
		t.Error("a network that does not fit the data was accepted")
	}
}

// TestBoundaryImageFillsItsAxes: the decision regions' raster in the SVG
// has exactly the box of the axes' data area and is stretched to it
// (browsers letterbox an image otherwise), and says it is a PNG.
func TestBoundaryImageFillsItsAxes(t *testing.T) {
	runs, p := classroomRuns(t, 1)
	figs, err := p.Figures(runs)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range figs {
		names = append(names, f.Name())
	}
	if strings.Join(names, ",") != "weights,boundary" {
		t.Fatalf("figures %v, want weights and boundary", names)
	}
	f := figs[1].(figure.Figure)
	svg, err := f.Render("svg")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`<image preserveAspectRatio="none" x="([-0-9.e]+)" y="([-0-9.e]+)" width="([-0-9.e]+)" height="([-0-9.e]+)" xlink:href="data:image/png;base64,`).FindSubmatch(svg)
	if m == nil {
		t.Fatalf("no stretched PNG image in the SVG: %.300s", svg[strings.Index(string(svg), "<image"):])
	}
	num := func(b []byte) float64 { v, _ := strconv.ParseFloat(string(b), 64); return v }
	da := f.DataCanvas(draw.New(vgsvg.New(f.W, f.H)))
	if w, h := da.Max.X-da.Min.X, da.Max.Y-da.Min.Y; math.Abs(num(m[3])-w.Points()) > 0.5 || math.Abs(num(m[4])-h.Points()) > 0.5 {
		t.Errorf("image box %sx%s, the axes' data area %.1fx%.1f", m[3], m[4], w.Points(), h.Points())
	}
	if math.Abs(num(m[1])-da.Min.X.Points()) > 0.5 {
		t.Errorf("image at x=%s, the data area at %.1f", m[1], da.Min.X.Points())
	}
}
