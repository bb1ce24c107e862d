package results

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/optbench/optbench/bench"
)

// TestDifferences: every setting that differs is named once, with both
// values, in the documented order; the shard, the version of optbench and
// the command do not count; the methods' settings are marked.
func TestDifferences(t *testing.T) {
	base := func() Description {
		return Description{Version: SweepVersion, Starts: 5, Seed: 1, Trace: "log",
			Limits: Limits{MaxIter: 0, Gtol: 1e-5},
			Problems: []ProblemRef{
				{Name: "classroom", Family: "network", Dim: 17, Config: json.RawMessage(`{"data":"a.csv","test_frac":0}`)},
				{Name: "Wood", Family: "mgh", Dim: 4, Config: json.RawMessage(`{"name":"Wood"}`)},
			},
			Solvers: []SolverRef{{Method: "BFGS", Label: "BFGS", Gradient: "analytic"}},
		}
	}
	type diff = Difference
	for _, tc := range []struct {
		name   string
		change func(*Description)
		want   []Difference
	}{
		{"the same sweep", func(*Description) {}, nil},
		{"another shard, version, command", func(d *Description) {
			d.Shard, d.Optbench, d.Command = bench.Shard{Index: 1, Count: 2}, "other", []string{"optbench", "-j", "1"}
		}, nil},
		{"limits and seed", func(d *Description) { d.Limits.MaxIter, d.Limits.Gtol, d.Seed, d.Limits.Budget = 100, 0, 2, 1000 },
			[]diff{{Setting: "seed", A: "1", B: "2"}, {Setting: "maxiter", A: "0", B: "100"}, {Setting: "gtol", A: "0.00001", B: "0"}, {Setting: "budget", A: "0", B: "1000"}}},
		{"starts and bounds", func(d *Description) { d.Starts, d.Bounds = 10, bench.Uniform(-5, 5) },
			[]diff{{Setting: "starts", A: "5", B: "10"}, {Setting: "bounds", A: "null", B: "[[-5,5]]"}}},
		{"a problem's data, a key added", func(d *Description) {
			d.Problems[0].Config = json.RawMessage(`{"data": "b.csv", "test_frac":0, "synthetic":3}`)
		}, []diff{{Setting: "classroom's data", A: `"a.csv"`, B: `"b.csv"`}, {Setting: "classroom's synthetic", A: "null", B: "3"}}},
		{"a problem's dimension and f*", func(d *Description) { d.Problems[1].Dim, d.Problems[1].FStar = 8, 1 },
			[]diff{{Setting: "Wood's dim", A: "4", B: "8"}, {Setting: "Wood's f_star", A: "0", B: "1"}}},
		{"problems", func(d *Description) { d.Problems = d.Problems[1:] },
			[]diff{{Setting: "problems", A: `["classroom","Wood"]`, B: `["Wood"]`}}},
		{"a config that is not an object", func(d *Description) { d.Problems[1].Config = json.RawMessage(`"Wood"`) },
			[]diff{{Setting: "Wood's config", A: `{"name":"Wood"}`, B: `"Wood"`}}},
		{"methods", func(d *Description) { d.Solvers[0].Gradient = "2-point" },
			[]diff{{Setting: "methods", A: `["BFGS (analytic)"]`, B: `["BFGS (2-point)"]`, Solvers: true}}},
		{"a method's parameters", func(d *Description) { d.Solvers[0].Set = map[string]string{"c1": "1e-4"} },
			[]diff{{Setting: "method 0", A: `{"method":"BFGS","label":"BFGS","params":{},"gradient":"analytic"}`,
				B: `{"method":"BFGS","label":"BFGS","params":{},"set":{"c1":"1e-4"},"gradient":"analytic"}`, Solvers: true}}},
	} {
		a, b := base(), base()
		tc.change(&b)
		got := a.Differences(b)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
		setting, inA, inB := a.Diff(b)
		if len(tc.want) == 0 && setting != "" || len(tc.want) > 0 && (setting != tc.want[0].Setting || inA != tc.want[0].A || inB != tc.want[0].B) {
			t.Errorf("%s: Diff %q %q %q, want the first difference", tc.name, setting, inA, inB)
		}
	}
}

// TestDifferencesCut: a long value is cut to 200 bytes and "...", not
// inside a character.
func TestDifferencesCut(t *testing.T) {
	a, b := Description{Version: SweepVersion}, Description{Version: SweepVersion}
	b.Problems = []ProblemRef{{Name: strings.Repeat("é", 150)}}
	ds := a.Differences(b)
	if len(ds) != 1 || ds[0].Setting != "problems" {
		t.Fatalf("differences %+v", ds)
	}
	if v := ds[0].B; len(v) > 203 || len(v) < 190 || !strings.HasSuffix(v, "...") || !utf8.ValidString(v) {
		t.Errorf("cut to %d bytes: %q", len(v), v)
	}
}
