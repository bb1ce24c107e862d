package results

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/mgh"
	"github.com/optbench/optbench/bench/network"
)

// FuzzSweepJSON feeds any bytes through ParseDescription, as
// ReadDescription reads sweep.json, and what it accepts through
// Description.Sweep: never a panic, and a claim too large (starts, runs,
// a synthetic data set, traces) is refused before anything is made of it.
func FuzzSweepJSON(f *testing.F) {
	honest := describe(f, testSweep(f, nil))
	b, err := json.Marshal(honest)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	for _, s := range []string{
		`{"data":"classroom","test_frac":0.5,"hidden":2,"l2":0,"init_scale":0.5,"seed":1}`,
		`{"data":"classroom","test_frac":0.5,"hidden":2,"l2":0,"init_scale":0.5,"seed":1,"batch":10}`,
		`{"data":"synthetic","synthetic":1000000000000,"features":2,"classes":3,"test_frac":0.5,"hidden":2,"l2":0,"init_scale":0.5,"seed":1}`,
		`{"data":"synthetic","synthetic":40,"features":2,"classes":3,"test_frac":0.5,"hidden":2,"l2":0,"init_scale":0.5,"seed":1}`,
		`{"data":"file","file":"/etc/passwd","sha256":"00","label":"class","test_frac":0.5,"hidden":2,"init_scale":0.5}`,
	} {
		d := honest
		d.Problems = []ProblemRef{{Name: "classroom", Family: "network", Dim: 15, Config: json.RawMessage(s)}}
		b, _ := json.Marshal(d)
		f.Add(b)
	}
	d := honest
	d.Problems = append(d.Problems, ProblemRef{Name: "ExtendedRosenbrock:4", Family: mgh.Family.Name(), Dim: 4, Config: json.RawMessage(`{"function":"ExtendedRosenbrock","n":4}`)})
	b, _ = json.Marshal(d)
	f.Add(b)
	for _, hostile := range []string{
		`"starts": 1000000000`, `"starts": 9223372036854775807`, `"starts": -1`,
		`"limits": {"maxiter": 9223372036854775807, "gtol": -1}`,
		`"shard": {"index": 1, "count": 9223372036854775807}`, `"shard": {"index": -1, "count": 2}`,
		`"trace": "ALL"`, `"trace": "lots"`, `"hessian": "cubic"`,
	} {
		var m map[string]json.RawMessage
		_ = json.Unmarshal(b, &m)
		k, v, _ := strings.Cut(hostile, ": ")
		m[strings.Trim(k, `"`)] = json.RawMessage(v)
		out, _ := json.Marshal(m)
		f.Add(out)
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"version":1,"starts":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ParseDescription(b, "sweep.json")
		if err != nil {
			if !errors.Is(err, ErrBadDescription) {
				t.Fatalf("refused with %v, which does not match ErrBadDescription", err)
			}
			return
		}
		if d.Starts < 1 || d.Starts > bench.MaxRuns || d.Runs() > bench.MaxRuns || d.Runs() < 0 {
			t.Fatalf("accepted %d starts, %d runs", d.Starts, d.Runs())
		}
		for _, p := range d.Problems {
			if p.Family == "network" && tooSlowToBuild(p.Config) {
				return // allowed, but more than a fuzz iteration should make
			}
		}
		sw, warnings := d.Sweep(t.Context())
		if sw == nil || sw.Runs() != d.Runs() {
			t.Fatalf("Sweep of an accepted description: %v", sw)
		}
		if len(warnings) == 0 {
			if err := sw.CheckSize(); err != nil {
				t.Fatalf("no warning, but %v", err)
			}
		}
	})
}

// tooSlowToBuild says whether a network source asks for data a fuzz
// iteration should not make or read: a file, or more than 10,000 values.
func tooSlowToBuild(config json.RawMessage) bool {
	var src network.Source
	if json.Unmarshal(config, &src) != nil {
		return false
	}
	return src.Data == "file" || src.Data == "synthetic" && (src.Features < 1 || src.Synthetic > 10000/src.Features)
}

// TestSweepJSONClaims: sweep.json goes through the flags' checks; a claim
// too large is refused at once, naming sweep.json and the field.
func TestSweepJSONClaims(t *testing.T) {
	honest := describe(t, testSweep(t, nil))
	for _, tc := range []struct {
		change func(d *Description)
		want   string
		large  bool
	}{
		{func(d *Description) { d.Starts = 1000000000 }, "sweep.json: starts 1000000000: want a whole number from 1 to 1000000", true},
		{func(d *Description) { d.Starts = 0 }, "sweep.json: starts 0", false},
		{func(d *Description) { d.Starts = 200000 }, "starts 200000 x 2 problems x 3 methods: more than 1000000 runs", true},
		{func(d *Description) { d.Limits.MaxIter = -1 }, "sweep.json: limits.maxiter -1", false},
		{func(d *Description) { d.Limits.Epochs = -1 }, "sweep.json: limits.epochs -1", false},
		{func(d *Description) { d.Limits.TimeLimit = "soon" }, `sweep.json: limits.time_limit "soon"`, false},
		{func(d *Description) { d.Trace = "lots" }, `sweep.json: trace "lots"`, false},
		{func(d *Description) { d.Hessian = "cubic" }, `sweep.json: hessian "cubic"`, false},
		{func(d *Description) { d.Shard = bench.Shard{Index: 5, Count: 2} }, "sweep.json: shard", false},
		{func(d *Description) { d.Problems[1].Name = d.Problems[0].Name }, "sweep.json: problems[1].name", false},
		{func(d *Description) { d.Problems[0].Dim = 0 }, "sweep.json: problems[0].dim 0", false},
		{func(d *Description) { d.Solvers[0].Gradient = "4-point" }, `sweep.json: solvers[0].gradient "4-point"`, false},
		{func(d *Description) {
			d.Problems[0] = ProblemRef{Name: "classroom", Family: "network", Dim: 15,
				Config: json.RawMessage(`{"data":"synthetic","synthetic":1000000000000,"features":2,"classes":3,"test_frac":0.5,"hidden":2,"init_scale":0.5}`)}
		}, "", false},
	} {
		d := honest
		d.Problems = append([]ProblemRef(nil), honest.Problems...)
		d.Solvers = append([]SolverRef(nil), honest.Solvers...)
		tc.change(&d)
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ParseDescription(b, "sweep.json")
		if tc.want == "" {
			// A family's config is checked by the family, before it makes
			// anything: the problem is not rebuilt, and says why.
			if err != nil {
				t.Fatalf("%v", err)
			}
			_, warnings := d.Sweep(t.Context())
			if len(warnings) == 0 || !strings.Contains(warnings[0].Error(), "sweep.json: synthetic 1000000000000 with 2 features") {
				t.Errorf("synthetic 1e12: %v", warnings)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrBadDescription) || errors.Is(err, bench.ErrTooLarge) != tc.large {
			t.Errorf("%v, want %q (too large: %v)", err, tc.want, tc.large)
		}
		// Sweep refuses it the same, making nothing.
		sw, warnings := d.Sweep(t.Context())
		if len(warnings) != 1 || sw.Runs() != 0 || !strings.Contains(warnings[0].Error(), strings.TrimPrefix(tc.want, "sweep.json: ")) {
			t.Errorf("Sweep: %d runs, %v", sw.Runs(), warnings)
		}
	}
	// A trace too large to run: the sweep is made, with the size check's
	// error as a warning.
	d := honest
	d.Trace, d.Limits.MaxIter = "all", 1<<62
	sw, warnings := d.Sweep(t.Context())
	if sw.Runs() != 18 || len(warnings) != 1 || !errors.Is(warnings[0], bench.ErrTooLarge) {
		t.Errorf("maxiter 2^62, trace all: %d runs, %v", sw.Runs(), warnings)
	}
}
