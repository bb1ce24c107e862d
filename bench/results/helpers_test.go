package results

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// testFamily makes the small problems these tests sweep, so that
// Description.Sweep and Load rebuild them as they rebuild a real family's.
type testFamily struct{}

const familyName = "results-test"

func init() { bench.RegisterFamily(testFamily{}) }

type problemRef struct {
	Name string `json:"name"`
}

func (testFamily) Name() string                    { return familyName }
func (testFamily) Items() []string                 { return []string{"Rosenbrock", "Sphere"} }
func (testFamily) Flags(*flag.FlagSet) bench.Maker { return nil }
func (testFamily) Rebuild(_ context.Context, config json.RawMessage) (*bench.Problem, error) {
	var ref problemRef
	if err := json.Unmarshal(config, &ref); err != nil {
		return nil, err
	}
	return testProblem(ref.Name)
}

// testProblem is Rosenbrock's function of 2 variables or the sphere
// |x|^2 of 3, of the test family.
func testProblem(name string) (*bench.Problem, error) {
	var p *bench.Problem
	switch name {
	case "Rosenbrock":
		p = benchtest.Rosenbrock()
	case "Sphere":
		p = bench.FuncProblem("Sphere", 3, solvers.Problem{
			Func: func(x []float64) float64 { return x[0]*x[0] + x[1]*x[1] + x[2]*x[2] },
			Grad: func(g, x []float64) { g[0], g[1], g[2] = 2*x[0], 2*x[1], 2*x[2] },
		})
		p.FStar = 0
	default:
		return nil, fmt.Errorf("no test problem %q", name)
	}
	p.Family, p.Config = familyName, problemRef{name}
	return p, nil
}

func testProblems(t testing.TB) []*bench.Problem {
	t.Helper()
	var out []*bench.Problem
	for _, name := range []string{"Rosenbrock", "Sphere"} {
		p, err := testProblem(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// testSweep is Rosenbrock and Sphere x (BFGS analytic, BFGS 2-point,
// Nelder-Mead) x 3 starts, seed 1, 20 iterations: 18 runs, in a few
// milliseconds. change, if not nil, changes it before its solvers are
// added: the configs, gradients and sweep are its to edit.
func testSweep(t testing.TB, change func(sw *bench.Sweep, configs *[]solvers.Config, gradients *[]solvers.GradientMode)) *bench.Sweep {
	t.Helper()
	sw, err := bench.NewSweep(testProblems(t), 3, 1, solvers.Options{MaxIter: 20, Trace: solvers.TraceLog})
	if err != nil {
		t.Fatal(err)
	}
	configs := benchtest.Configs(t, "BFGS", "Nelder-Mead")
	gradients := []solvers.GradientMode{solvers.Analytic, solvers.Forward2}
	if change != nil {
		change(sw, &configs, &gradients)
	}
	if err := sw.Add(configs, gradients...); err != nil {
		t.Fatal(err)
	}
	return sw
}

func describe(t testing.TB, sw *bench.Sweep) Description {
	t.Helper()
	d, err := Describe(sw)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func specsOf(t testing.TB, sw *bench.Sweep) []bench.Spec {
	t.Helper()
	specs, err := sw.Specs()
	if err != nil {
		t.Fatal(err)
	}
	return specs
}

// runAll runs the sweep's shard, in the sweep order.
func runAll(t testing.TB, sw *bench.Sweep) []bench.Run {
	t.Helper()
	return bench.Execute(context.Background(), specsOf(t, sw), 1, nil)
}

// fill runs the sweep (its shard) into dir as the command line does:
// Open, then each run recorded as it finishes, on 2 workers.
func fill(t testing.TB, dir string, sw *bench.Sweep) Resume {
	t.Helper()
	out, res, err := Open(dir, describe(t, sw), sw, nil)
	if err != nil {
		t.Fatal(err)
	}
	bench.Execute(context.Background(), res.Todo, 2, func(r bench.Run) {
		if err := out.Record(r); err != nil {
			t.Error(err)
		}
	})
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return res
}

// line is r's line of results.jsonl.
func line(r bench.Run) string { return string(AppendJSON(nil, r)) }

// summary is what a run must keep through storage, times aside: its id,
// engine, status, final value and counts.
func summary(r bench.Run) string {
	return fmt.Sprintf("%s %s %v %v %d %d %d", r.Engine, r.RunID(), r.Result.Status, r.Result.Fun, r.Result.Nit, r.Result.Nfev, r.Result.Njev)
}

func summaries(runs []bench.Run) []string {
	out := make([]string, len(runs))
	for i, r := range runs {
		out[i] = summary(r)
	}
	return out
}

func runIDs(runs []bench.Run) []string {
	out := make([]string, len(runs))
	for i, r := range runs {
		out[i] = r.RunID()
	}
	return out
}

func specIDs(specs []bench.Spec) []string {
	out := make([]string, len(specs))
	for i, sp := range specs {
		out[i] = sp.RunID()
	}
	return out
}

// dirHash is every file's name, mode and content hash under dir.
func dirHash(t testing.TB, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %v", path, fi.Mode())
		if !d.IsDir() {
			c, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, " %x", sha256.Sum256(c))
		}
		b.WriteByte('\n')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func writeFile(t testing.TB, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sameFloat is a == b, NaN equal to NaN.
func sameFloat(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// recordsWithoutTimes are the runs' records, as JSON, with every time
// zeroed: all a run keeps through storage but its times.
func recordsWithoutTimes(t testing.TB, runs []bench.Run) []string {
	t.Helper()
	out := make([]string, len(runs))
	for i, r := range runs {
		rec := NewRecord(r)
		rec.TimeS = 0
		for j := range rec.Trace {
			rec.Trace[j].TimeS = 0
		}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = string(b)
	}
	return out
}

func (testFamily) FigureNames() []string { return nil }
