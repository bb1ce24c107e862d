package bench_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/solvers"
)

// descent is a trace of n rows, each different, the first k with x.
func descent(n, k int) []solvers.TracePoint {
	tr := make([]solvers.TracePoint, n)
	for i := range tr {
		tr[i] = solvers.TracePoint{Iter: i, Time: time.Duration(1000 + 37*i*i), Fun: 14 / float64(i+1), GradNorm: math.Sqrt(float64(i)), Nfev: 2 * i, Njev: i, Nhev: i / 3}
		if i < k {
			tr[i].X = []float64{float64(i), -float64(i)}
		}
	}
	return tr
}

// TestTraceStore: traces kept in a store read back as they were, by All
// and Points, whether still pending in memory or written to the file
// (more than a megabyte of them), while others are kept from other
// goroutines; they hold no memory for their rows; and the store's file is
// not in its directory.
func TestTraceStore(t *testing.T) {
	dir := t.TempDir()
	s, err := bench.NewTraceStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the store's file is in its directory: %v", entries)
	}
	const traces = 3000 // about 1.6 MB of rows
	want := make([][]solvers.TracePoint, traces)
	kept := make([]bench.Trace, traces)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < traces; i += 4 {
				want[i] = descent(1+i%40, i%3)
				kept[i] = bench.CompactTrace(want[i])
				before := kept[i].Bytes()
				s.Keep(&kept[i])
				if !bench.Stored(kept[i]) || kept[i].Bytes() >= before || kept[i].Len() != len(want[i]) {
					t.Errorf("trace %d: stored %v, %d bytes in memory (%d before), %d rows", i, bench.Stored(kept[i]), kept[i].Bytes(), before, kept[i].Len())
				}
				// Read back at once, while other goroutines keep theirs.
				if got := kept[i].Points(nil); !samePoints(got, want[i]) {
					t.Errorf("trace %d at once: %+v, want %+v", i, got, want[i])
				}
			}
		})
	}
	wg.Wait()
	if s.Size() < 1<<20 {
		t.Fatalf("%d bytes kept: the test writes no trace to the file", s.Size())
	}
	var buf []solvers.TracePoint
	for i, tr := range kept {
		if buf = tr.Points(buf); !samePoints(buf, want[i]) {
			t.Errorf("trace %d: Points %+v, want %+v", i, buf, want[i])
		}
		var rows []solvers.TracePoint
		for p := range tr.All() {
			rows = append(rows, p)
			if len(rows) == 2 {
				break // a loop that stops early
			}
		}
		if !samePoints(rows, want[i][:min(2, len(want[i]))]) {
			t.Errorf("trace %d: All's first rows %+v", i, rows)
		}
	}
	again := kept[7]
	s.Keep(&again) // already stored: left as it is
	if got := again.Points(nil); !samePoints(got, want[7]) {
		t.Errorf("a trace kept twice: %+v", got)
	}
	if err := s.Err(); err != nil {
		t.Error(err)
	}
}

// TestTraceStoreFails: a store whose file fails to write keeps the trace
// that met the failure in memory, as it was, and the traces pending too,
// and takes no more; a trace that can no longer be read (written before
// the file failed, or read after Close) has no rows, and Err says why.
func TestTraceStoreFails(t *testing.T) {
	s, err := bench.NewTraceStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	written := bench.CompactTrace(descent(40, 0))
	s.Keep(&written)
	for s.Size() < 1<<20+1000 { // written is in the file, and the last few pending
		tr := bench.CompactTrace(descent(40, 0))
		s.Keep(&tr)
	}
	pending := bench.CompactTrace(descent(30, 0))
	s.Keep(&pending)
	if err := s.Full(); err != nil {
		t.Fatalf("Full before any write failed: %v", err)
	}
	bench.BreakStore(s)
	var failed *bench.Trace
	for i := 0; i < 100000; i++ {
		tr := bench.CompactTrace(descent(40, 0))
		if s.Keep(&tr); !bench.Stored(tr) {
			failed = &tr
			break
		}
	}
	if failed == nil {
		t.Fatal("no write failed")
	}
	after := bench.CompactTrace(descent(20, 0))
	s.Keep(&after)
	for _, tc := range []struct {
		name   string
		tr     bench.Trace
		want   []solvers.TracePoint
		stored bool
	}{
		{"the trace whose write failed", *failed, descent(40, 0), false},
		{"a trace kept after", after, descent(20, 0), false},
		{"a trace pending", pending, descent(30, 0), true},
	} {
		if got := tc.tr.Points(nil); bench.Stored(tc.tr) != tc.stored || !samePoints(got, tc.want) {
			t.Errorf("%s: stored %v, %d rows, want %v and %d", tc.name, bench.Stored(tc.tr), len(got), tc.stored, len(tc.want))
		}
	}
	if err := s.Err(); err != nil {
		t.Errorf("no trace lost yet: %v", err)
	}
	if err := s.Full(); !errors.Is(err, bench.ErrTraceStore) || !strings.Contains(err.Error(), "writing") {
		t.Errorf("Full %v, want ErrTraceStore, writing", err)
	}
	if n := written.Len(); n != 40 || len(written.Points(nil)) != 0 {
		t.Errorf("a trace lost: %d rows said, %d read, want 40 and none", n, len(written.Points(nil)))
	}
	if err := s.Err(); !errors.Is(err, bench.ErrTraceStore) || !strings.Contains(err.Error(), "reading") {
		t.Errorf("Err %v, want ErrTraceStore, reading", err)
	}
	s2, err := bench.NewTraceStore("")
	if err != nil {
		t.Fatal(err)
	}
	tr := bench.CompactTrace(descent(5, 0))
	s2.Keep(&tr)
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
	rows := 0
	for range tr.All() {
		rows++
	}
	if err := s2.Err(); rows != 0 || !errors.Is(err, bench.ErrTraceStore) || !strings.Contains(err.Error(), "closed") {
		t.Errorf("after Close: %d rows, Err %v", rows, err)
	}
	if _, err := bench.NewTraceStore(t.TempDir() + "/missing"); err == nil {
		t.Error("a store made in a directory that does not exist")
	}
}

// TestSweepTraceStore: a sweep whose runs keep their traces in a store
// gives the runs of one that keeps them in memory, row for row but their
// times; and its size check counts no trace rows in memory.
func TestSweepTraceStore(t *testing.T) {
	sweep := func(s *bench.TraceStore) *bench.Sweep {
		p := bench.FuncProblem("bowl", 2, solvers.Problem{
			Func: func(x []float64) float64 { return x[0]*x[0] + 10*x[1]*x[1] },
			Grad: func(g, x []float64) { g[0], g[1] = 2*x[0], 20*x[1] },
		})
		sw, err := bench.NewSweep([]*bench.Problem{p}, 20, 1, solvers.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := sw.Add([]solvers.Config{{Method: "BFGS"}, {Method: "Nelder-Mead"}}, solvers.Analytic); err != nil {
			t.Fatal(err)
		}
		sw.KeepX, sw.TraceStore = true, s
		return sw
	}
	s, err := bench.NewTraceStore("")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	run := func(sw *bench.Sweep) []bench.Run {
		specs, err := sw.Specs()
		if err != nil {
			t.Fatal(err)
		}
		return bench.Execute(t.Context(), specs, 2, nil)
	}
	inMemory, stored := run(sweep(nil)), run(sweep(s))
	if len(stored) != 40 || len(inMemory) != 40 {
		t.Fatalf("%d and %d runs", len(stored), len(inMemory))
	}
	for i := range stored {
		a, b := inMemory[i].TracePoints(nil), stored[i].TracePoints(nil)
		for k := range min(len(a), len(b)) {
			a[k].Time, b[k].Time = 0, 0
		}
		if !bench.Stored(stored[i].Trace) || bench.Stored(inMemory[i].Trace) || !samePoints(a, b) {
			t.Errorf("%s: stored %v, rows %+v, in memory %+v", stored[i].RunID(), bench.Stored(stored[i].Trace), b, a)
		}
	}
	if err := s.Err(); err != nil {
		t.Error(err)
	}
	// Without the traces, but with the store's buffer.
	if m, d := sweep(nil).KeptBytes(), sweep(s).KeptBytes(); d-bench.TraceStoreBuffer >= m {
		t.Errorf("KeptBytes %d with a store (%d of them its buffer), %d without", d, bench.TraceStoreBuffer, m)
	}
}

// BenchmarkTraceStoreRead measures reading a 42-row trace (a Beale run's
// average) from a store, as the analysis reads one: from the file, through
// the system's cache.
func BenchmarkTraceStoreRead(b *testing.B) {
	s, err := bench.NewTraceStore("")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var runs []bench.Run
	for range 100000 { // 3 MB: written to the file
		runs = append(runs, bench.Run{Trace: bench.CompactTrace(descent(42, 0))})
		s.Keep(&runs[len(runs)-1].Trace)
	}
	var buf []solvers.TracePoint
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		buf = runs[i%len(runs)].TracePoints(buf)
		i++
	}
	if len(buf) != 42 {
		b.Fatal(fmt.Sprint(len(buf), " rows"))
	}
}
