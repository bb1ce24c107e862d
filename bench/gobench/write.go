package gobench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/optbench/optbench/bench"
	"github.com/optbench/optbench/bench/analysis"
	"github.com/optbench/optbench/bench/results"
	"github.com/optbench/optbench/solvers"
)

// units are the units Write gives a run besides its time (ns/op), in the
// order of its lines: the final f, f - f* where f* is known (DeltaF), the
// evaluations (analysis.TotalEvals) and the iterations. Every one is
// better lower, as the unit metadata lines before the results say.
var units = []string{"f", "Δf", "evals", "nit"}

// Write writes runs in Go's benchmark format
// (https://go.dev/design/14313-benchmark-format), in the order given, so
// that benchstat compares two sweeps (benchstat A.txt B.txt), or the
// method configurations of one (benchstat -col /label A.txt), with its own
// statistics.
//
// First come the unit metadata lines (Unit f better=lower, and so for
// Δf, evals and nit), then a line benchfmt ignores that names the
// optbench that ran the sweep (# optbench: VERSION: comparing versions is
// what the format is for, so it is not a configuration), then d's settings as
// configuration lines, named as sweep.json names them: starts, seed,
// maxiter, maxfev, gtol, time_limit, fd_step, hessian, trace, and epochs,
// budget and bounds (as JSON) when set. These are the settings that make
// two sweeps different (results.Description.Differences): benchstat puts
// results of different configurations in different tables. benchfmt
// reads an empty value as no configuration: the hessian sweep.json leaves
// empty is written auto, no time limit 0, and another empty value "". A
// Description of version 0 (the zero value, for results without a
// sweep.json) has no settings to write. The shard is not a setting, and
// the problems and methods are in the names.
//
// Each run is one result line of one iteration, named by key=value parts,
// which benchstat's projections address (-col /label, -row /problem):
//
//	BenchmarkRun/problem=Beale/label=BFGS[linesearch=more-thuente]/gradient=analytic 1 1234567 ns/op 1.2e-17 f 1e-16 Δf 48 evals 17 nit
//
// The label is the one the tables show (another engine's runs have the
// engine in front: "scipy 1.10.1: BFGS"); white space and '/' in a part's
// value are written '_', so that the name is one field and its parts stay
// parts. The starts of a configuration are lines of one name: benchstat's
// samples. ns/op is the run's Result.Runtime; f is written exactly
// (strconv's 'g', -1); Δf, where the problem's f* is known, is DeltaF,
// f - f* floored at 1e-16 max(1, |f*|), a positive number, so that
// benchstat's ratios and geometric means of it mean what they say (they
// do not for a logarithm, negative, nor for f when it may be negative:
// bbob's); evals is analysis.TotalEvals. A value that is not
// finite (a failed run's NaN f) is left out of its line (benchstat runs
// out of memory on a NaN); the time is always there. A line has no
// status: a run that ended in error is a sample like the others (the
// command says why on stderr). A run cut short by an interrupt is left
// out: it measured nothing.
func Write(w io.Writer, d results.Description, runs []bench.Run) error {
	bw := bufio.NewWriter(w)
	for _, u := range units {
		fmt.Fprintf(bw, "Unit %s better=lower\n", u)
	}
	if d.Optbench != "" {
		fmt.Fprintf(bw, "# optbench: %s\n", oneLine(d.Optbench))
	}
	if d.Version != 0 {
		kv, err := settings(d)
		if err != nil {
			return err
		}
		for _, s := range kv {
			if s[1] == "" {
				s[1] = `""` // an empty value would delete the key
			}
			fmt.Fprintf(bw, "%s: %s\n", s[0], oneLine(s[1]))
		}
	}
	for _, r := range runs {
		if r.Result.Status != solvers.Interrupted {
			line(bw, r)
		}
	}
	return bw.Flush()
}

// settings are d's configuration lines, key and value.
func settings(d results.Description) ([][2]string, error) {
	l := d.Limits
	hessian, timeLimit := d.Hessian, l.TimeLimit
	if hessian == "" {
		hessian = "auto"
	}
	if timeLimit == "" {
		timeLimit = "0"
	}
	kv := [][2]string{
		{"starts", strconv.Itoa(d.Starts)},
		{"seed", strconv.FormatUint(d.Seed, 10)},
		{"maxiter", strconv.Itoa(l.MaxIter)},
		{"maxfev", strconv.Itoa(l.MaxFev)},
		{"gtol", num(l.Gtol)},
		{"time_limit", timeLimit},
		{"fd_step", num(l.FDStep)},
		{"hessian", hessian},
		{"trace", d.Trace},
	}
	if l.Epochs != 0 {
		kv = append(kv, [2]string{"epochs", strconv.Itoa(l.Epochs)})
	}
	if l.Budget != 0 {
		kv = append(kv, [2]string{"budget", num(l.Budget)})
	}
	if len(d.Bounds) > 0 {
		b, err := json.Marshal(d.Bounds)
		if err != nil {
			return nil, fmt.Errorf("gobench: the sweep's bounds: %w", err)
		}
		kv = append(kv, [2]string{"bounds", string(b)})
	}
	return kv, nil
}

// line writes r's result line.
func line(w *bufio.Writer, r bench.Run) {
	name, fStar := "", math.NaN()
	if r.Problem != nil {
		name, fStar = r.Problem.Name, r.Problem.FStar
	}
	fmt.Fprintf(w, "BenchmarkRun/problem=%s/label=%s/gradient=%s 1 %d ns/op", part(name), part(r.Label), last(part(string(r.Gradient))), r.Result.Runtime.Nanoseconds())
	f := r.Result.Fun
	value(w, f, "f")
	if !math.IsNaN(fStar) {
		value(w, DeltaF(f, fStar), "Δf")
	}
	value(w, analysis.TotalEvals(r), "evals")
	value(w, float64(r.Result.Nit), "nit")
	w.WriteByte('\n')
}

// value writes " v unit", or nothing when v is not finite.
func value(w *bufio.Writer, v float64, unit string) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return
	}
	w.WriteByte(' ')
	w.WriteString(num(v))
	w.WriteByte(' ')
	w.WriteString(unit)
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// part is s as a name part's value: white space and '/' are '_'.
func part(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || unicode.IsSpace(r) {
			return '_'
		}
		return r
	}, s)
}

// last is s as the last part of a name: benchfmt reads a name's trailing
// -digits as GOMAXPROCS, so such a '-' is written '_' (another engine's
// gradient mode may end so: "fd-2").
func last(s string) string {
	i := strings.LastIndexByte(s, '-')
	if i < 0 || i == len(s)-1 || strings.TrimLeft(s[i+1:], "0123456789") != "" {
		return s
	}
	return s[:i] + "_" + s[i+1:]
}

// oneLine is s with its line breaks as spaces: a configuration value (or
// the version) is one line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}
