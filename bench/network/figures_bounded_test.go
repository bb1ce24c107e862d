package network

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/figure"
	"github.com/optbench/optbench/objective"
	"github.com/optbench/optbench/solvers"
)

// weightRuns are configs made-up runs of one start on net, each a trace of
// 5 points with every weight.
func weightRuns(net objective.Network, configs int) []bench.Run {
	p := &bench.Problem{Name: "classroom", Dim: net.NumParams()}
	var runs []bench.Run
	for c := range configs {
		r := bench.Run{Spec: bench.Spec{Problem: p, Solver: bench.Solver{Method: "GD-fixed", Label: fmt.Sprintf("GD-fixed[alpha=%04d]", c+1), Gradient: solvers.Analytic}}}
		for i := range 5 {
			x := make([]float64, net.NumParams())
			for j := range x {
				x[j] = float64((i+j+c)%7) / 7
			}
			r.Result.Trace = append(r.Result.Trace, solvers.TracePoint{Iter: i, Fun: float64(c%13 + 5 - i), X: x})
		}
		r.Result.Fun, r.Result.X = r.Result.Trace[4].Fun, r.Result.Trace[4].X
		runs = append(runs, r)
	}
	return runs
}

// TestWeightsFigureBounded: the weights figure of 2,000 configurations
// has the size of that of figure.MaxSeries (it had a panel each: rows
// without end), and a network of 60,000 weights draws maxWeightLines a
// panel; both say what they leave out and render small.
func TestWeightsFigureBounded(t *testing.T) {
	net := objective.ClassroomNetwork
	want, err := weightsFigure(weightRuns(net, figure.MaxSeries), net)
	if err != nil {
		t.Fatal(err)
	}
	big := objective.Network{Inputs: 2, Hidden: 10000, Classes: 3}
	for _, tc := range []struct {
		name    string
		net     objective.Network
		configs int
		says    string
	}{
		{"2,000 configurations", net, 2000, "and 1,988 more configurations"},
		{"10,000 hidden units", big, figure.MaxSeries, fmt.Sprintf("%d of the %d weights", maxWeightLines, big.NumParams())},
	} {
		began := time.Now()
		f, err := weightsFigure(weightRuns(tc.net, tc.configs), tc.net)
		if err != nil {
			t.Fatal(err)
		}
		if f.W != want.W || f.H != want.H {
			t.Errorf("%s: %vx%v, want %vx%v", tc.name, f.W, f.H, want.W, want.H)
		}
		if !strings.Contains(f.Title(), tc.says) {
			t.Errorf("%s: caption %q does not say %q", tc.name, f.Title(), tc.says)
		}
		svg, err := f.Render("svg")
		if err != nil {
			t.Fatal(err)
		}
		if len(svg) > 2<<20 {
			t.Errorf("%s: %d bytes of SVG", tc.name, len(svg))
		}
		t.Logf("%s: %d bytes of SVG, %v", tc.name, len(svg), time.Since(began))
	}
	if got := weightComponents(15, 6); len(got) != 15 {
		t.Errorf("all 15 weights of the classroom network are drawn: %v", got)
	}
	got := weightComponents(big.NumParams(), big.NumW())
	if len(got) > maxWeightLines || got[0] != 0 || got[len(got)-1] < big.NumW() {
		t.Errorf("weightComponents of %d: %d, from %d to %d", big.NumParams(), len(got), got[0], got[len(got)-1])
	}
}

// TestBoundaryPointsBounded: of a test set of 60,000 samples the boundary
// figure draws at most maxBoundaryPoints, and says so.
func TestBoundaryPointsBounded(t *testing.T) {
	const n = 60000
	rows, labels := make([]float64, 0, 2*n), make([]int, n)
	for i := range n {
		rows = append(rows, float64(i%300)/300, float64(i/300)/200)
		labels[i] = i % 3
	}
	test, err := objective.NewDataset(rows, labels, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	c := ClassroomConfig(2, 0, 0.5)
	c.Test = test
	f, err := boundary(weightRuns(c.Net, 1), c)
	if err != nil {
		t.Fatal(err)
	}
	svg, err := f.Render("svg")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(f.Plot().Title.Text, "every 12-th of 60000 test samples") || len(svg) > 2<<20 {
		t.Errorf("title %q, %d bytes of SVG", f.Plot().Title.Text, len(svg))
	}
}
