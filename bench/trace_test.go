package bench_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// samePoints says whether a and b are the same rows bit for bit (NaN
// payloads and signed zeros included), their X the same vectors.
func samePoints(a, b []solvers.TracePoint) bool {
	return slices.EqualFunc(a, b, func(p, q solvers.TracePoint) bool {
		return p.Iter == q.Iter && p.Time == q.Time && p.Nfev == q.Nfev && p.Njev == q.Njev && p.Nhev == q.Nhev &&
			math.Float64bits(p.Fun) == math.Float64bits(q.Fun) && math.Float64bits(p.GradNorm) == math.Float64bits(q.GradNorm) &&
			slices.Equal(p.X, q.X) && (p.X == nil) == (q.X == nil)
	})
}

// TestCompactTrace: a trace kept compactly gives back every row as it
// was: counts that fall as well as rise, the largest and most negative
// integers, every kind of float, and the iterates of the rows that have
// them.
func TestCompactTrace(t *testing.T) {
	negZero := math.Copysign(0, -1)
	for _, tc := range []struct {
		name string
		tr   []solvers.TracePoint
	}{
		{"none", nil},
		{"one", []solvers.TracePoint{{Iter: 0, Time: 3 * time.Microsecond, Fun: 14.203125, GradNorm: 27.75, Nfev: 1, Njev: 1}}},
		{"a descent", []solvers.TracePoint{
			{Iter: 0, Time: 29414, Fun: 14.2, GradNorm: 27.75, Nfev: 1, Njev: 1},
			{Iter: 1, Time: 31227, Fun: 3.5, GradNorm: 2, Nfev: 3, Njev: 2},
			{Iter: 2, Time: 2 * time.Second, Fun: 1e-300, GradNorm: math.NaN(), Nfev: 40000, Njev: 2, Nhev: 7},
		}},
		{"extremes", []solvers.TracePoint{
			{Iter: math.MaxInt, Time: math.MaxInt64, Fun: math.Inf(1), GradNorm: negZero, Nfev: math.MaxInt, Njev: math.MinInt, Nhev: -1},
			{Iter: math.MinInt, Time: math.MinInt64, Fun: math.Inf(-1), GradNorm: math.Float64frombits(0x7ff8000000000001), Nfev: math.MinInt, Njev: math.MaxInt},
			{Iter: 0, Fun: math.SmallestNonzeroFloat64, GradNorm: math.MaxFloat64},
		}},
		{"iterates", []solvers.TracePoint{
			{Iter: 0, Fun: 1, X: []float64{1, 2}},
			{Iter: 1, Fun: 0.5},
			{Iter: 2, Fun: 0.25, X: []float64{}},
		}},
	} {
		c := bench.CompactTrace(tc.tr)
		if s := bench.TraceSlack(c); s != 0 {
			t.Errorf("%s: %d bytes of slack", tc.name, s)
		}
		var rows []solvers.TracePoint
		for p := range c.All() {
			rows = append(rows, p)
		}
		if !samePoints(rows, tc.tr) {
			t.Errorf("%s: All gives\n%+v\nwant\n%+v", tc.name, rows, tc.tr)
		}
		if c.Len() != len(tc.tr) {
			t.Errorf("%s: %d rows, want %d", tc.name, c.Len(), len(tc.tr))
		}
		if got := c.Points(nil); !samePoints(got, tc.tr) {
			t.Errorf("%s: rows back\n%+v\nwant\n%+v", tc.name, got, tc.tr)
		}
	}
}

// TestRunTracePoints: a run reads its trace the same before and after it
// is compacted, and a buffer passed back in never writes over a run's own
// trace (the runs of a resumed sweep keep Result.Trace as read, the
// others theirs compacted, and one buffer serves both in turn).
func TestRunTracePoints(t *testing.T) {
	row := func(f float64, iters int) []solvers.TracePoint {
		var tr []solvers.TracePoint
		for i := range iters {
			tr = append(tr, solvers.TracePoint{Iter: i, Fun: f / float64(i+1), Nfev: 2*i + 1})
		}
		return tr
	}
	a := bench.Run{Result: solvers.Result{Trace: row(1, 5)}}
	b := bench.Run{Result: solvers.Result{Trace: row(7, 4)}}
	wantA, wantB := slices.Clone(a.Result.Trace), slices.Clone(b.Result.Trace)
	b.CompactTrace()
	if b.Result.Trace != nil || b.TraceLen() != 4 || a.TraceLen() != 5 {
		t.Fatalf("after CompactTrace: Result.Trace %v, lengths %d and %d", b.Result.Trace, b.TraceLen(), a.TraceLen())
	}
	var buf []solvers.TracePoint
	buf = a.TracePoints(buf)
	if !samePoints(buf, wantA) {
		t.Errorf("a's trace %+v, want %+v", buf, wantA)
	}
	buf = b.TracePoints(buf)
	if !samePoints(buf, wantB) {
		t.Errorf("b's trace %+v, want %+v", buf, wantB)
	}
	if !samePoints(a.Result.Trace, wantA) {
		t.Errorf("reading b into the buffer a's trace came in wrote over a's: %+v", a.Result.Trace)
	}
	b.CompactTrace() // a second time changes nothing
	if got := b.TracePoints(nil); !samePoints(got, wantB) {
		t.Errorf("compacted twice: %+v, want %+v", got, wantB)
	}
}

// TestExecuteCompactsTraces: Execute hands done each run with its trace
// compacted, and keeps it so, the same rows, which are the method's: a
// run of the same spec by solvers.Minimize has them.
func TestExecuteCompactsTraces(t *testing.T) {
	p := bench.FuncProblem("bowl", 2, solvers.Problem{
		Func: func(x []float64) float64 { return x[0]*x[0] + 10*x[1]*x[1] },
		Grad: func(g, x []float64) { g[0], g[1] = 2*x[0], 20*x[1] },
	})
	sw, err := bench.NewSweep([]*bench.Problem{p}, 3, 1, solvers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.Add([]solvers.Config{{Method: "BFGS"}, {Method: "Nelder-Mead"}}, solvers.Analytic); err != nil {
		t.Fatal(err)
	}
	specs, err := sw.Specs()
	if err != nil {
		t.Fatal(err)
	}
	seen := make(chan bench.Run, len(specs))
	runs := bench.Execute(t.Context(), specs, 2, func(r bench.Run) { seen <- r })
	close(seen)
	byID := map[string][]solvers.TracePoint{}
	for r := range seen {
		if r.Result.Trace != nil || r.TraceLen() < 2 {
			t.Errorf("%s: done got Result.Trace %d rows, compact %d", r.RunID(), len(r.Result.Trace), r.TraceLen())
		}
		byID[r.RunID()] = r.TracePoints(nil)
	}
	for i, r := range runs {
		if r.Result.Trace != nil {
			t.Errorf("%s: kept with Result.Trace, not compacted", r.RunID())
		}
		prob, _, err := specs[i].NewProblem(1)
		if err != nil {
			t.Fatal(err)
		}
		res, err := solvers.Minimize(prob, specs[i].X0, specs[i].MethodOptions())
		if err != nil {
			t.Fatal(err)
		}
		got, want := r.TracePoints(nil), res.Trace
		for k := range want { // times differ from run to run
			want[k].Time, got[k].Time = 0, 0
		}
		if !samePoints(got, want) || !samePoints(byID[r.RunID()], r.TracePoints(nil)) {
			t.Errorf("%s: kept %+v, the method's %+v", r.RunID(), got, want)
		}
	}
}

// FuzzCompactTrace: any rows come back as they were.
func FuzzCompactTrace(f *testing.F) {
	f.Add(0, int64(0), 1.0, 2.0, 1, 1, 0, 3)
	f.Add(math.MaxInt, int64(math.MinInt64), math.Inf(-1), math.NaN(), -5, math.MaxInt, math.MinInt, 1)
	f.Fuzz(func(t *testing.T, iter int, d int64, fun, g float64, nfev, njev, nhev, rows int) {
		rows = 1 + (rows%50+50)%50
		var tr []solvers.TracePoint
		for i := range rows {
			tr = append(tr, solvers.TracePoint{Iter: iter + i*i, Time: time.Duration(d) * time.Duration(i%3-1), Fun: fun * float64(i), GradNorm: g - float64(i),
				Nfev: nfev + i*njev, Njev: njev - i, Nhev: nhev ^ i})
		}
		c := bench.CompactTrace(tr)
		if got := c.Points(nil); !samePoints(got, tr) {
			t.Errorf("rows back %+v, want %+v", got, tr)
		}
		if s := bench.TraceSlack(c); s != 0 {
			t.Errorf("%d bytes of slack", s)
		}
	})
}

// BenchmarkTracePoints measures decoding a 42-row trace (a Beale run's
// average) into a reused buffer, as the analysis reads one.
func BenchmarkTracePoints(b *testing.B) {
	var tr []solvers.TracePoint
	for i := range 42 {
		tr = append(tr, solvers.TracePoint{Iter: i, Time: time.Duration(30000 + 900*i), Fun: 14 / float64(i+1), GradNorm: 1 / float64(i+1), Nfev: 1 + 2*i, Njev: 1 + i})
	}
	r := bench.Run{Trace: bench.CompactTrace(tr)}
	var buf []solvers.TracePoint
	b.ReportAllocs()
	for b.Loop() {
		buf = r.TracePoints(buf)
	}
	b.ReportMetric(float64(r.Trace.Bytes())/42, "kept-B/row")
}
