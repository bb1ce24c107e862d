package bench_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/internal/benchtest"
	"github.com/optbench/optbench/solvers"
)

// twoProblems are Rosenbrock's function and a copy of it under another
// name: two problems of a sweep with nothing to run.
func twoProblems() []*bench.Problem {
	a, b := benchtest.Rosenbrock(), benchtest.Rosenbrock()
	b.Name = "Rosenbrock2"
	return []*bench.Problem{a, b}
}

// gridSweep is 2 problems x (BFGS, BFGS[more-thuente], Nelder-Mead) x
// (analytic, 2-point) x 3 starts: 2 x 5 x 3 = 30 runs.
func gridSweep(t *testing.T) *bench.Sweep {
	t.Helper()
	mt, err := solvers.Default.Config("BFGS", map[string]string{"linesearch": "more-thuente"})
	if err != nil {
		t.Fatal(err)
	}
	configs := append(benchtest.Configs(t, "BFGS"), mt)
	configs = append(configs, benchtest.Configs(t, "Nelder-Mead")...)
	return benchtest.Sweep(t, twoProblems(), configs, []solvers.GradientMode{solvers.Analytic, solvers.Forward2}, 3, 1, solvers.Options{MaxIter: 10})
}

func ids(specs []bench.Spec) []string {
	out := make([]string, len(specs))
	for i, sp := range specs {
		out[i] = sp.RunID()
	}
	return out
}

// TestSweepOrder: runs come problem by problem, solver by solver (the
// configs slowest, then the gradients), start by start; their ids are
// unique, and Index is their place in that order.
func TestSweepOrder(t *testing.T) {
	sw := gridSweep(t)
	specs, err := sw.Specs()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range []string{"Rosenbrock", "Rosenbrock2"} {
		for _, sv := range []string{"BFGS/analytic", "BFGS/2-point", "BFGS[linesearch=more-thuente]/analytic", "BFGS[linesearch=more-thuente]/2-point", "Nelder-Mead/none"} {
			for k := range 3 {
				want = append(want, fmt.Sprintf("%s/%s/%d", p, sv, k))
			}
		}
	}
	if got := ids(specs); !slices.Equal(got, want) {
		t.Fatalf("sweep order:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if sw.Runs() != 30 {
		t.Errorf("Runs() = %d, want 30", sw.Runs())
	}
	seen := map[string]bool{}
	for i, sp := range specs {
		id := sp.RunID()
		if seen[id] {
			t.Errorf("run id %s twice", id)
		}
		seen[id] = true
		if j, ok := sw.Index(id); !ok || j != i {
			t.Errorf("Index(%s) = %d, %v; want %d", id, j, ok, i)
		}
		if id != bench.RunID(sp.Problem.Name, sp.Solver, sp.Start) {
			t.Errorf("Spec.RunID %s is not bench.RunID", id)
		}
		if sp.Seed != 1 || sp.Options.MaxIter != 10 || len(sp.X0) != 2 {
			t.Errorf("%s: seed %d, options %+v, x0 %v", id, sp.Seed, sp.Options, sp.X0)
		}
	}
	for _, id := range []string{"Rosenbrock/BFGS/analytic/3", "Beale/BFGS/analytic/0", "Rosenbrock/CG/analytic/0", "Rosenbrock/Nelder-Mead/analytic/0", ""} {
		if i, ok := sw.Index(id); ok {
			t.Errorf("Index(%q) = %d, true; want false", id, i)
		}
	}
	// The same start of a problem is the same point for every solver.
	if !slices.Equal(specs[1].X0, specs[4].X0) || slices.Equal(specs[1].X0, specs[2].X0) {
		t.Errorf("start 1 of BFGS %v, of BFGS 2-point %v, start 2 %v", specs[1].X0, specs[4].X0, specs[2].X0)
	}
}

// TestShardsPartitionTheSweep: for every count of shards, the shards'
// runs are the sweep's, each in exactly one shard, each shard's in the
// sweep order, and the shards' sizes differ by one at most.
func TestShardsPartitionTheSweep(t *testing.T) {
	sw := gridSweep(t)
	whole, err := sw.Specs()
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 7; n++ {
		count := map[string]int{}
		sizes := []int{}
		for i := range n {
			sw.Shard = bench.Shard{Index: i, Count: n}
			specs, err := sw.Specs()
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, len(specs))
			last := -1
			for _, sp := range specs {
				count[sp.RunID()]++
				j, ok := sw.Index(sp.RunID())
				if !ok || j <= last {
					t.Errorf("shard %d/%d: %s at %d after %d: not in the sweep order", i, n, sp.RunID(), j, last)
				}
				if j%n != i {
					t.Errorf("shard %d/%d has run %d", i, n, j)
				}
				last = j
			}
		}
		sw.Shard = bench.Shard{}
		for _, id := range ids(whole) {
			if count[id] != 1 {
				t.Errorf("%d shards: run %s is in %d shards", n, id, count[id])
			}
		}
		if len(count) != len(whole) {
			t.Errorf("%d shards: %d runs, the sweep %d", n, len(count), len(whole))
		}
		if slices.Max(sizes)-slices.Min(sizes) > 1 {
			t.Errorf("%d shards of sizes %v", n, sizes)
		}
	}
}

// TestOrder: runs in any order are sorted back into the sweep order; a run
// the sweep does not know comes last, and another engine's run of a spec
// comes after optbench's, by engine.
func TestOrder(t *testing.T) {
	sw := gridSweep(t)
	specs, err := sw.Specs()
	if err != nil {
		t.Fatal(err)
	}
	var want []bench.Run
	for _, sp := range specs {
		want = append(want, bench.Run{Spec: sp})
		if sp.Start == 1 {
			for _, engine := range []string{"scipy 1.10.1", "torch 2.1"} {
				other := sp
				other.Engine = engine
				other.Label = engine + ": " + sp.Label
				want = append(want, bench.Run{Spec: other})
			}
		}
	}
	unknown := specs[0]
	unknown.Problem = benchtest.Fake
	want = append(want, bench.Run{Spec: unknown})
	key := func(r bench.Run) string { return r.Engine + "|" + r.RunID() }
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5 {
		runs := slices.Clone(want)
		rng.Shuffle(len(runs), func(i, j int) { runs[i], runs[j] = runs[j], runs[i] })
		sw.Order(runs)
		for i := range runs {
			if key(runs[i]) != key(want[i]) {
				t.Fatalf("run %d after Order: %s, want %s", i, key(runs[i]), key(want[i]))
			}
		}
	}
}

// TestAdd: a solver the sweep has is not added again, a method that takes
// no gradient is added once with gradient none, and each label keeps the
// parameters its config sets.
func TestAdd(t *testing.T) {
	sw := benchtest.Sweep(t, twoProblems(), nil, nil, 1, 1, solvers.Options{})
	mt, err := solvers.Default.Config("BFGS", map[string]string{"linesearch": "more-thuente"})
	if err != nil {
		t.Fatal(err)
	}
	configs := append(benchtest.Configs(t, "BFGS", "Nelder-Mead"), mt)
	for range 2 {
		if err := sw.Add(configs, solvers.Analytic, solvers.Central3); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Add(benchtest.Configs(t, "bfgs"), solvers.Analytic); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sv := range sw.Solvers {
		got = append(got, sv.Method+" "+sv.String())
	}
	want := []string{"BFGS BFGS (analytic)", "BFGS BFGS (3-point)", "Nelder-Mead Nelder-Mead (none)",
		"BFGS BFGS[linesearch=more-thuente] (analytic)", "BFGS BFGS[linesearch=more-thuente] (3-point)"}
	if !slices.Equal(got, want) {
		t.Errorf("solvers:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p := sw.Params["BFGS[linesearch=more-thuente]"]; len(p) != 1 || p["linesearch"] != "more-thuente" {
		t.Errorf("params of the more-thuente label: %v", p)
	}
	if p := sw.Params["BFGS"]; len(p) != 0 {
		t.Errorf("params of BFGS: %v", p)
	}
	if sw.Runs() != 2*5 {
		t.Errorf("Runs() = %d, want 10", sw.Runs())
	}
	// Index follows the solvers added after it was first used.
	if _, ok := sw.Index("Rosenbrock/BFGS/analytic/0"); !ok {
		t.Fatal("no BFGS run")
	}
	if err := sw.Add(benchtest.Configs(t, "CG"), solvers.Analytic); err != nil {
		t.Fatal(err)
	}
	if i, ok := sw.Index("Rosenbrock2/CG/analytic/0"); !ok || i != 11 {
		t.Errorf("Index of a run of a solver added later: %d, %v; want 11", i, ok)
	}
}

// TestNewSweepRefuses: no starts, a problem named twice, and a problem
// without New, Start or a dimension.
func TestNewSweepRefuses(t *testing.T) {
	without := func(f func(p *bench.Problem)) *bench.Problem {
		p := benchtest.Rosenbrock()
		f(p)
		return p
	}
	for _, tc := range []struct {
		name     string
		problems []*bench.Problem
		starts   int
		want     string
	}{
		{"no starts", []*bench.Problem{benchtest.Rosenbrock()}, 0, "0 starts: want at least 1"},
		{"negative starts", []*bench.Problem{benchtest.Rosenbrock()}, -2, "-2 starts"},
		{"named twice", []*bench.Problem{benchtest.Rosenbrock(), benchtest.Rosenbrock()}, 1, `problem "Rosenbrock" is named twice`},
		{"no New", []*bench.Problem{without(func(p *bench.Problem) { p.New = nil })}, 1, `problem "Rosenbrock" needs New, Start and a dimension`},
		{"no Start", []*bench.Problem{without(func(p *bench.Problem) { p.Start = nil })}, 1, "needs New, Start and a dimension"},
		{"no Dim", []*bench.Problem{without(func(p *bench.Problem) { p.Dim = 0 })}, 1, "needs New, Start and a dimension"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sw, err := bench.NewSweep(tc.problems, tc.starts, 1, solvers.Options{})
			if err == nil || sw != nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewSweep: %v, %v; want an error with %q", sw, err, tc.want)
			}
		})
	}
	if _, err := bench.NewSweep(twoProblems(), 1, 1, solvers.Options{}); err != nil {
		t.Errorf("two problems of different names: %v", err)
	}
}

// TestKeepX: KeepX keeps the iterates of start 0's runs only, in every
// shard.
func TestKeepX(t *testing.T) {
	sw := gridSweep(t)
	for _, keep := range []bool{false, true} {
		sw.KeepX = keep
		for _, shard := range []bench.Shard{{}, {Index: 1, Count: 2}} {
			sw.Shard = shard
			specs, err := sw.Specs()
			if err != nil {
				t.Fatal(err)
			}
			for _, sp := range specs {
				if want := keep && sp.Start == 0; sp.Options.TraceX != want {
					t.Errorf("KeepX %v, shard %v: %s has TraceX %v", keep, shard, sp.RunID(), sp.Options.TraceX)
				}
			}
		}
	}
	sw.Shard, sw.KeepX = bench.Shard{}, false
	if sw.Options.TraceX {
		t.Error("KeepX changed the sweep's options")
	}
}

func TestParseShard(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0/1", "0/1"},
		{"0/3", "0/3"},
		{"2/3", "2/3"},
		{" 1/2 ", "1/2"},
		{"10/12", "10/12"},
		{"3/3", "error: the index i must be from 0 to 2"},
		{"-1/2", "error: the index i must be from 0 to 1"},
		{"1/0", "error: the count n must be at least 1"},
		{"0/-1", "error: the count n must be at least 1"},
		{"a/b", "error: want i/n, two whole numbers"},
		{"1", "error: want i/n, two whole numbers"},
		{"", "error: want i/n"},
		{"1/2/3", "error: want i/n"},
	} {
		s, err := bench.ParseShard(tc.in)
		got := s.String()
		if err != nil {
			got = "error: " + err.Error()
			if s != (bench.Shard{}) {
				t.Errorf("ParseShard(%q): %v with an error", tc.in, s)
			}
			if !strings.Contains(got, fmt.Sprintf("%q", tc.in)) {
				t.Errorf("ParseShard(%q): the error does not quote it: %s", tc.in, got)
			}
		}
		if !strings.HasPrefix(got, "error: ") && got != tc.want || strings.HasPrefix(got, "error: ") && !strings.Contains(got, strings.TrimPrefix(tc.want, "error: ")) {
			t.Errorf("ParseShard(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if s := (bench.Shard{}); s.String() != "0/1" {
		t.Errorf("the zero Shard is %s, want 0/1", s)
	}
}

func TestShardFromEnv(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"}, "2/4"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1"}, "2/3"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "1"}, "0/1"},
		{map[string]string{"JOB_COMPLETION_INDEX": "0", "OPTBENCH_SHARDS": "5"}, "0/5"},
		{map[string]string{"JOB_COMPLETION_INDEX": "4", "OPTBENCH_SHARDS": " 5 "}, "4/5"},
		// SLURM wins over Kubernetes when both are set.
		{map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "2", "JOB_COMPLETION_INDEX": "0", "OPTBENCH_SHARDS": "5"}, "1/2"},
		{map[string]string{"JOB_COMPLETION_INDEX": "0"}, `error: OPTBENCH_SHARDS is not set (set it to the Indexed Job's completions)`},
		{map[string]string{"JOB_COMPLETION_INDEX": "x", "OPTBENCH_SHARDS": "2"}, `error: JOB_COMPLETION_INDEX="x" is not a whole number`},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "1"}, `error: SLURM_ARRAY_TASK_COUNT is not set`},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "2", "SLURM_ARRAY_TASK_MIN": "one"}, `error: SLURM_ARRAY_TASK_MIN="one" is not a whole number`},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4"}, "error: the index i must be from 0 to 3"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1"}, "error: SLURM_ARRAY_TASK_ID=0 is below SLURM_ARRAY_TASK_MIN=1"},
		// A step: --array=1-15:2 is 8 tasks, ids 1, 3, ..., 15.
		{map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2"}, "0/8"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2"}, "3/8"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "15", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2"}, "7/8"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "12", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_STEP": "4"}, "3/4"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2"}, "error: is not SLURM_ARRAY_TASK_MIN=1 plus a multiple of SLURM_ARRAY_TASK_STEP=2"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "17", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2"}, "error: the index i must be from 0 to 7"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_STEP": "0"}, "error: SLURM_ARRAY_TASK_STEP=0: want at least 1"},
		// Huge numbers: refused or taken, never wrapped.
		{map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "9223372036854775807"}, "1/9223372036854775807"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "9223372036854775807", "SLURM_ARRAY_TASK_COUNT": "9223372036854775807", "SLURM_ARRAY_TASK_MIN": "0"}, "error: the index i must be from 0 to 9223372036854775806"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "9223372036854775807", "SLURM_ARRAY_TASK_COUNT": "2", "SLURM_ARRAY_TASK_MIN": "9223372036854775807"}, "0/2"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "9223372036854775808", "SLURM_ARRAY_TASK_COUNT": "2"}, `error: SLURM_ARRAY_TASK_ID="9223372036854775808" is not a whole number`},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "-9223372036854775808", "SLURM_ARRAY_TASK_COUNT": "2", "SLURM_ARRAY_TASK_MIN": "1"}, "error: SLURM_ARRAY_TASK_ID=-9223372036854775808: want at least 0"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "-9223372036854775808"}, "error: SLURM_ARRAY_TASK_COUNT=-9223372036854775808: want at least 1"},
		{map[string]string{"JOB_COMPLETION_INDEX": "1", "OPTBENCH_SHARDS": "9223372036854775807"}, "1/9223372036854775807"},
		{map[string]string{"JOB_COMPLETION_INDEX": "5", "OPTBENCH_SHARDS": "5"}, "error: the index i must be from 0 to 4"},
		{map[string]string{}, "error: neither SLURM_ARRAY_TASK_ID (a SLURM job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set"},
	} {
		s, err := bench.ShardFromEnv(func(k string) string { return tc.env[k] })
		got := s.String()
		if err != nil {
			got = "error: " + err.Error()
			if len(tc.env) > 0 && !errors.Is(err, bench.ErrShard) {
				t.Errorf("%v: %v does not match ErrShard", tc.env, err)
			}
		}
		if strings.HasPrefix(tc.want, "error: ") && !strings.Contains(got, strings.TrimPrefix(tc.want, "error: ")) || !strings.HasPrefix(tc.want, "error: ") && got != tc.want {
			t.Errorf("%v: %s, want %s", tc.env, got, tc.want)
		}
	}
}

// TestShardOf: the command line's shard, i/n or auto from the environment.
func TestShardOf(t *testing.T) {
	env := map[string]string{"JOB_COMPLETION_INDEX": "2", "OPTBENCH_SHARDS": "5"}
	for _, tc := range []struct {
		text, want, err string
	}{
		{"1/4", "1/4", ""},
		{" AUTO ", "2/5", ""},
		{"4/4", "", "the index i must be from 0 to 3"},
	} {
		s, err := bench.ShardOf(tc.text, func(k string) string { return env[k] })
		if tc.err == "" && (err != nil || s.String() != tc.want) || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("ShardOf(%q) = %v, %v; want %s%s", tc.text, s, err, tc.want, tc.err)
		}
	}
	if _, err := bench.ShardOf("auto", func(string) string { return "" }); err == nil || !strings.HasPrefix(err.Error(), "auto: neither SLURM_ARRAY_TASK_ID") {
		t.Errorf("auto outside a job: %v", err)
	}
}

func TestNonFiniteStartIsAnErrorBeforeAnyRun(t *testing.T) {
	p := bench.FuncProblem("p", 2, solvers.Problem{Func: func(x []float64) float64 { return x[0] * x[0] }})
	p.Start = func(k int, _ uint64) []float64 { return []float64{1, math.Pow(10, float64(300+k*10))} }
	s, err := bench.NewSweep([]*bench.Problem{p}, 3, 1, solvers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add([]solvers.Config{{Method: "BFGS", Label: "BFGS"}}, solvers.Analytic); err != nil {
		t.Fatal(err)
	}
	_, err = s.Specs()
	if err == nil || !strings.Contains(err.Error(), `problem "p": start 1 is not finite (x[1] = +Inf)`) {
		t.Errorf("error %v: want one naming the problem, the start and the value", err)
	}
}

// TestSweepIndex: Index finds every run of the sweep by its id, at its
// place in the sweep order, as a map of every run id would; and no run for
// an id it does not hold (a start written otherwise than RunID writes it,
// past the starts, of another problem or solver).
func TestSweepIndex(t *testing.T) {
	bowl := func(name string) *bench.Problem {
		return bench.FuncProblem(name, 2, solvers.Problem{Func: func(x []float64) float64 { return x[0]*x[0] + x[1]*x[1] }})
	}
	sw, err := bench.NewSweep([]*bench.Problem{bowl("a/b"), bowl("c")}, 12, 1, solvers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.Add([]solvers.Config{{Method: "BFGS"}, {Method: "Nelder-Mead"}}, solvers.Analytic, solvers.Forward2); err != nil {
		t.Fatal(err)
	}
	every := map[string]int{}
	for i := range sw.Runs() {
		p, sv, k := sw.At(i)
		every[bench.RunID(sw.Problems[p].Name, sw.Solvers[sv], k)] = i
	}
	if len(every) != sw.Runs() {
		t.Fatalf("%d ids for %d runs", len(every), sw.Runs())
	}
	for id, want := range every {
		if i, ok := sw.Index(id); !ok || i != want {
			t.Errorf("Index(%q) = %d, %v; want %d", id, i, ok, want)
		}
	}
	first := bench.RunID("c", sw.Solvers[0], 0)
	prefix := strings.TrimSuffix(first, "0")
	for _, id := range []string{"", "0", "/", "c", prefix, prefix + "12", prefix + "01", prefix + "-0", prefix + "+1", prefix + " 1",
		prefix + "99999999999999999999", "d/" + strings.TrimPrefix(first, "c/"), strings.Replace(first, "analytic", "3-point", 1), first + "/0"} {
		if i, ok := sw.Index(id); ok {
			t.Errorf("Index(%q) = %d, found", id, i)
		}
	}
}
