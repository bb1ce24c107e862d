package best2009

import (
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed best2009.txt
var source string

// run is best 2009's virtual run on one function in one dimension, as
// cocopp's data file holds it: at row i it reached Δf level level[i] (Δf
// = 10^(level/5)) after evals[i] f-evaluations, the aRT there of the 2009
// algorithm best at it, succ[i] of whose runs[i] runs reached it. Levels
// decrease and evals increase with i.
type run struct {
	level []int
	evals []float64
	succ  []int
	runs  []int
}

// table is best2009.txt parsed: the Δf of each level as the source prints
// it (deltaF[level-minLevel]) and the runs by function and dimension.
type table struct {
	minLevel int
	deltaF   []float64
	runs     map[key]*run
}

type key struct{ fn, dim int }

// load parses the embedded file once; an error means the file is corrupt,
// which the tests rule out, and is reported by Validate.
var load = sync.OnceValues(func() (*table, error) { return parse(source) })

// parse reads best2009.txt: comment lines (#), "level K DF" lines, and one
// line "F D K:E:S/R ..." per function and dimension.
func parse(text string) (*table, error) {
	levels := map[int]float64{}
	t := &table{runs: map[key]*run{}}
	for n, line := range strings.Split(text, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || strings.HasPrefix(line, "#") {
			continue
		}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("best2009.txt line %d: %s", n+1, fmt.Sprintf(format, args...))
		}
		if fields[0] == "level" {
			if len(fields) != 3 {
				return nil, bad("want \"level K DF\", have %q", line)
			}
			k, err1 := strconv.Atoi(fields[1])
			df, err2 := strconv.ParseFloat(fields[2], 64)
			if err1 != nil || err2 != nil || !(df > 0) || math.Abs(df/math.Pow(10, float64(k)/5)-1) > 1e-12 {
				return nil, bad("level %q is not 10^(K/5)", line)
			}
			levels[k] = df
			continue
		}
		if len(fields) < 3 {
			return nil, bad("want \"F D K:E:S/R ...\", have %q", line)
		}
		fn, err1 := strconv.Atoi(fields[0])
		dim, err2 := strconv.Atoi(fields[1])
		if err1 != nil || err2 != nil || fn < 1 || fn > Functions || !slices.Contains(dimensions[:], dim) {
			return nil, bad("no bbob function and dimension in %q", fields[0]+" "+fields[1])
		}
		if t.runs[key{fn, dim}] != nil {
			return nil, bad("f%d in %d-D given twice", fn, dim)
		}
		r := &run{}
		for _, row := range fields[2:] {
			var k, e, s, rr int
			if c, err := fmt.Sscanf(row, "%d:%d:%d/%d", &k, &e, &s, &rr); c != 4 || err != nil {
				return nil, bad("row %q is not K:E:S/R", row)
			}
			if _, ok := levels[k]; !ok {
				return nil, bad("row %q: level %d is not declared", row, k)
			}
			if m := len(r.level); m > 0 && (k >= r.level[m-1] || float64(e) <= r.evals[m-1]) {
				return nil, bad("row %q: levels must decrease and evaluations increase", row)
			}
			if e < 1 || s < 0 || rr < 1 || s > rr {
				return nil, bad("row %q: evaluations, successes or runs out of range", row)
			}
			r.level = append(r.level, k)
			r.evals = append(r.evals, float64(e))
			r.succ = append(r.succ, s)
			r.runs = append(r.runs, rr)
		}
		t.runs[key{fn, dim}] = r
	}
	if want := Functions * len(dimensions); len(t.runs) != want {
		return nil, fmt.Errorf("best2009.txt: %d function/dimension lines, want %d", len(t.runs), want)
	}
	if len(levels) == 0 {
		return nil, fmt.Errorf("best2009.txt: no levels")
	}
	lo, hi := math.MaxInt, math.MinInt
	for k := range levels {
		lo, hi = min(lo, k), max(hi, k)
	}
	t.minLevel = lo
	t.deltaF = make([]float64, hi-lo+1)
	for k := lo; k <= hi; k++ {
		df, ok := levels[k]
		if !ok {
			return nil, fmt.Errorf("best2009.txt: level %d missing between %d and %d", k, lo, hi)
		}
		t.deltaF[k-lo] = df
	}
	return t, nil
}
