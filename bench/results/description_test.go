package results

import (
	"encoding/json"
	"errors"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// TestDescribeRoundTrip: a sweep described, written as sweep.json, read
// back and made again is the same sweep: its problems (rebuilt by their
// family, with their names, dimensions and f*), solvers with the
// parameters set, starts, seed, limits, modes and shard, and so the same
// runs from the same points; and it describes itself as before.
func TestDescribeRoundTrip(t *testing.T) {
	mt, err := solvers.Default.Config("BFGS", map[string]string{"linesearch": "more-thuente", "c2": "0.5"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change func(sw *bench.Sweep, configs *[]solvers.Config, gradients *[]solvers.GradientMode)
	}{
		{"default", nil},
		{"every setting", func(sw *bench.Sweep, configs *[]solvers.Config, gradients *[]solvers.GradientMode) {
			*configs = append(*configs, mt)
			*configs = append(*configs, benchtest.Configs(t, "scipy:Powell")...)
			*gradients = []solvers.GradientMode{solvers.Central3, solvers.Analytic}
			sw.Starts, sw.Seed = 5, 1<<63+7
			sw.Options = solvers.Options{MaxIter: 33, MaxFev: 1000, Gtol: 1e-7, TimeLimit: 1500 * time.Millisecond, FDStep: 1e-6,
				Hessian: solvers.HessForward2, Trace: solvers.TraceNone}
			sw.Shard = bench.Shard{Index: 2, Count: 3}
		}},
		{"epochs", func(sw *bench.Sweep, _ *[]solvers.Config, _ *[]solvers.GradientMode) {
			sw.Options.Epochs = 4
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sw := testSweep(t, tc.change)
			d := describe(t, sw)
			dir := t.TempDir()
			if err := WriteDescription(dir, d); err != nil {
				t.Fatal(err)
			}
			read, ok, err := ReadDescription(dir)
			if err != nil || !ok {
				t.Fatalf("ReadDescription: %v, %v", ok, err)
			}
			again, warnings := read.Sweep(t.Context())
			if len(warnings) != 0 {
				t.Fatalf("warnings %v", warnings)
			}
			if len(again.Problems) != len(sw.Problems) {
				t.Fatalf("%d problems, want %d", len(again.Problems), len(sw.Problems))
			}
			for i, p := range again.Problems {
				q := sw.Problems[i]
				if p.Name != q.Name || p.Dim != q.Dim || !sameFloat(p.FStar, q.FStar) || p.Family != q.Family || p.New == nil || p.Start == nil {
					t.Errorf("problem %d: %s dim %d f* %v (%s), want %s dim %d f* %v (%s)", i, p.Name, p.Dim, p.FStar, p.Family, q.Name, q.Dim, q.FStar, q.Family)
				}
			}
			if !slices.Equal(again.Solvers, sw.Solvers) {
				t.Errorf("solvers %v, want %v", again.Solvers, sw.Solvers)
			}
			for label, set := range sw.Params {
				if !maps.Equal(again.Params[label], set) {
					t.Errorf("params of %s: %v, want %v", label, again.Params[label], set)
				}
			}
			if len(again.Params) != len(sw.Params) {
				t.Errorf("params %v, want %v", again.Params, sw.Params)
			}
			if again.Starts != sw.Starts || again.Seed != sw.Seed || again.Shard != sw.Shard {
				t.Errorf("starts %d, seed %d, shard %v; want %d, %d, %v", again.Starts, again.Seed, again.Shard, sw.Starts, sw.Seed, sw.Shard)
			}
			wantOptions := sw.Options
			if wantOptions.Trace == "" {
				wantOptions.Trace = solvers.TraceAll
			}
			if a, b := options(again.Options), options(wantOptions); a != b {
				t.Errorf("options\n%s\nwant\n%s", a, b)
			}
			// The same runs, from the same points.
			specs, want := specsOf(t, again), specsOf(t, sw)
			if len(specs) != len(want) {
				t.Fatalf("%d specs, want %d", len(specs), len(want))
			}
			for i := range specs {
				if specs[i].RunID() != want[i].RunID() || !slices.Equal(specs[i].X0, want[i].X0) || !maps.Equal(specs[i].Params, want[i].Params) {
					t.Errorf("spec %d: %s from %v, want %s from %v", i, specs[i].RunID(), specs[i].X0, want[i].RunID(), want[i].X0)
				}
			}
			d2 := describe(t, again)
			if setting, a, b := d2.Diff(d); setting != "" || d2.Shard != d.Shard {
				t.Errorf("described again: %s %s, was %s", setting, a, b)
			}
		})
	}
}

// options is o's settings that sweep.json keeps, for comparing.
func options(o solvers.Options) string {
	b, _ := json.Marshal(struct {
		MaxIter, MaxFev, Epochs int
		Gtol, FDStep            float64
		TimeLimit               time.Duration
		Hessian                 solvers.HessianMode
		Trace                   solvers.TraceMode
		TraceX                  bool
	}{o.MaxIter, o.MaxFev, o.Epochs, o.Gtol, o.FDStep, o.TimeLimit, o.Hessian, o.Trace, o.TraceX})
	return string(b)
}

// TestSweepOfUnknownFamily: a problem whose family is not registered, or
// whose family cannot make it again, stands in as its name, dimension and
// f*, with a RebuildError; the other problems are rebuilt.
func TestSweepOfUnknownFamily(t *testing.T) {
	d := describe(t, testSweep(t, nil))
	d.Problems = append(d.Problems,
		ProblemRef{Name: "Wood", Family: "no-such-family", Dim: 4, FStar: 0, Config: json.RawMessage(`{"function":"Wood"}`)},
		ProblemRef{Name: "Gone", Family: familyName, Dim: 5, FStar: Float(math.NaN()), Config: json.RawMessage(`{"name":"Gone"}`)})
	sw, warnings := d.Sweep(t.Context())
	if len(warnings) != 2 {
		t.Fatalf("warnings %v, want 2", warnings)
	}
	var re *RebuildError
	if !errors.As(warnings[0], &re) || re.Problem != "Wood" || !errors.Is(warnings[0], bench.ErrUnknownFamily) ||
		!strings.Contains(warnings[0].Error(), `problem Wood is not rebuilt (unknown family "no-such-family"`) {
		t.Errorf("warning %v", warnings[0])
	}
	if !errors.As(warnings[1], &re) || re.Problem != "Gone" || errors.Is(warnings[1], bench.ErrUnknownFamily) || !strings.Contains(warnings[1].Error(), `no test problem "Gone"`) {
		t.Errorf("warning %v", warnings[1])
	}
	if len(sw.Problems) != 4 || sw.Problems[0].New == nil || sw.Problems[1].New == nil {
		t.Fatalf("problems %v", sw.Problems)
	}
	for i, want := range []ProblemRef{d.Problems[2], d.Problems[3]} {
		p := sw.Problems[2+i]
		if p.Name != want.Name || p.Dim != want.Dim || !sameFloat(p.FStar, float64(want.FStar)) || p.Family != want.Family || p.New != nil {
			t.Errorf("stand-in %+v for %+v", p, want)
		}
	}
	// It orders and indexes runs, and describes itself as before.
	if i, ok := sw.Index("Wood/BFGS/analytic/2"); !ok || i != 2*9+2 {
		t.Errorf("Index of a stand-in's run: %d, %v", i, ok)
	}
	if d2, err := Describe(sw); err != nil {
		t.Error(err)
	} else if setting, a, b := d2.Diff(d); setting != "" {
		t.Errorf("described again: %s %s, was %s", setting, a, b)
	}
	// Load says so, and reads the runs of the others.
	dir := t.TempDir()
	fill(t, dir, testSweep(t, nil))
	if err := WriteDescription(dir, d); err != nil {
		t.Fatal(err)
	}
	set := load(t, dir)
	if len(set.Runs) != 18 || len(set.Notes) != 3 || !strings.HasPrefix(set.Notes[0], "Problem Wood is not rebuilt (unknown family") ||
		!strings.HasSuffix(set.Notes[0], ": its own figures are left out.") || !strings.HasPrefix(set.Notes[2], "18 of the sweep's 36 runs are here") {
		t.Errorf("Load: %d runs, notes %q", len(set.Runs), set.Notes)
	}
}

// TestSweepJSONOfUnknownMethods: a method or parameter this optbench does
// not know, in a sweep.json edited by hand or written by another program,
// is said in a warning; the sweep is still made, for its runs to be
// reported as recorded.
func TestSweepJSONOfUnknownMethods(t *testing.T) {
	for _, tc := range []struct {
		change func(*SolverRef)
		want   string
	}{
		{func(s *SolverRef) { s.Method = "rm -rf" }, `unknown method "rm -rf"`},
		{func(s *SolverRef) { s.Set = map[string]string{"linesearch": "evil"} }, `"evil"`},
		{func(s *SolverRef) { s.Params = append(slices.Clone(s.Params), solvers.Setting{Key: "zzz", Value: 3}) }, `"zzz"`},
		{func(s *SolverRef) { s.Label = "Adam" }, `label "Adam"`},
	} {
		d := describe(t, testSweep(t, nil))
		tc.change(&d.Solvers[0])
		sw, warnings := d.Sweep(t.Context())
		if len(sw.Solvers) != len(d.Solvers) || len(warnings) != 1 || !strings.Contains(warnings[0].Error(), tc.want) {
			t.Errorf("%d solvers, warnings %v; want %d and one naming %s", len(sw.Solvers), warnings, len(d.Solvers), tc.want)
		}
	}
}

// TestSweepJSONNamesAreBounded: names and command arguments far longer than
// any optbench writes are refused, naming the field, before they are
// printed.
func TestSweepJSONNamesAreBounded(t *testing.T) {
	long := strings.Repeat("x", 100000)
	for _, tc := range []struct {
		change func(*Description)
		field  string
	}{
		{func(d *Description) { d.Problems[0].Family = long }, "problems[0]"},
		{func(d *Description) { d.Solvers[0].Method = long }, "solvers[0]"},
		{func(d *Description) { d.Command = append(d.Command, long) }, "command["},
	} {
		d := describe(t, testSweep(t, nil))
		tc.change(&d)
		if err := d.Check(); !errors.Is(err, ErrBadDescription) || !strings.Contains(err.Error(), tc.field) || len(err.Error()) > 200 {
			t.Errorf("%s of 100 kB: %.300v", tc.field, err)
		}
	}
}

// TestDescriptionSweepCountsOneRunUnderWay: a sweep read back from its
// sweep.json, to be reported, has its size checked with one run under
// way, not the machine's CPUs, so that a report says the same everywhere.
func TestDescriptionSweepCountsOneRunUnderWay(t *testing.T) {
	sw, warnings := describe(t, testSweep(t, nil)).Sweep(t.Context())
	if len(warnings) != 0 || sw.Workers != 1 {
		t.Errorf("Workers %d, warnings %v: want 1 and none", sw.Workers, warnings)
	}
}
